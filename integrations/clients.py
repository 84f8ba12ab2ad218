"""The real clients, and the one place that says which client is in use (tests swap in fakes)."""

import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any, Protocol

import requests
from django.conf import settings

from integrations.signing import signature

HTTP_TIMEOUT_SECONDS = 10


class CallbackRefused(Exception):
    """The callback endpoint answered, but not with a 2xx."""


class CallbackClient(Protocol):
    def post(self, *, url: str, message_id: str, secret: str, payload: dict[str, Any]) -> None:
        """Deliver; return only when the endpoint acknowledged with a 2xx."""


class WechatClient(Protocol):
    def send_text(self, *, openid: str, text: str) -> None:
        """A customer-service text message to one follower."""

    def fetch_media(self, *, media_id: str, pic_url: str) -> bytes:
        """The bytes of a picture a follower sent."""


def callback_body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def callback_headers(*, message_id: str, secret: str, body: bytes) -> dict[str, str]:
    timestamp = str(int(time.time()))
    return {
        "Content-Type": "application/json; charset=utf-8",
        "X-Message-Id": message_id,
        "X-Timestamp": timestamp,
        "X-Signature": signature(secret=secret, timestamp=timestamp, body=body),
    }


class HttpCallbackClient:
    """POSTs signed JSON to a counterpart's callback URL."""

    def post(self, *, url: str, message_id: str, secret: str, payload: dict[str, Any]) -> None:
        body = callback_body(payload)
        headers = callback_headers(message_id=message_id, secret=secret, body=body)
        response = requests.post(url, data=body, headers=headers, timeout=HTTP_TIMEOUT_SECONDS)
        if not 200 <= response.status_code < 300:
            raise CallbackRefused(f"HTTP {response.status_code}: {response.text[:200]}")


class WechatpyClient:
    """WeChat official-account API through wechatpy (access token kept in memory)."""

    def __init__(self) -> None:
        from wechatpy import WeChatClient

        secret = getattr(settings, "WECHAT_APP_SECRET", "")
        self._client = WeChatClient(settings.WECHAT_APP_ID, secret, timeout=HTTP_TIMEOUT_SECONDS)

    def send_text(self, *, openid: str, text: str) -> None:
        self._client.message.send_text(openid, text)

    def fetch_media(self, *, media_id: str, pic_url: str) -> bytes:
        if media_id:
            response = self._client.media.download(media_id)
        else:
            response = requests.get(pic_url, timeout=HTTP_TIMEOUT_SECONDS)
        response.raise_for_status()
        return bytes(response.content)


_in_use: dict[str, Any] = {}


def callback_client() -> CallbackClient:
    if "callback" not in _in_use:
        _in_use["callback"] = HttpCallbackClient()
    return _in_use["callback"]


def wechat_client() -> WechatClient:
    if "wechat" not in _in_use:
        _in_use["wechat"] = WechatpyClient()
    return _in_use["wechat"]


@contextlib.contextmanager
def clients_in_use(
    *, callback: CallbackClient | None = None, wechat: WechatClient | None = None
) -> Iterator[None]:
    """Use these clients inside the block (tests hand in fakes from `integrations.fakes`)."""
    before = dict(_in_use)
    if callback is not None:
        _in_use["callback"] = callback
    if wechat is not None:
        _in_use["wechat"] = wechat
    try:
        yield
    finally:
        _in_use.clear()
        _in_use.update(before)
