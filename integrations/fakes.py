"""Fakes of the outside systems, for tests: they keep what they receive and can misbehave."""

import json
from dataclasses import dataclass, field
from typing import Any

from integrations.clients import CallbackRefused, callback_body, callback_headers
from integrations.signing import signature_matches


class SimulatedCrash(BaseException):
    """The worker process dies here; BaseException so nothing on our side catches it."""


@dataclass
class FakeCallbackRecipient:
    """A counterpart's callback endpoint that checks signatures and drops redeliveries by id.

    `fail_times`: answer 503 that many times before acknowledging. `crash_times`: receive the
    message, then have our worker die before it hears the 2xx, that many times.
    """

    secret: str = ""
    fail_times: int = 0
    crash_times: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)  # every request that arrived
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)  # message id -> payload

    def post(self, *, url: str, message_id: str, secret: str, payload: dict[str, Any]) -> None:
        body = callback_body(payload)
        headers = callback_headers(message_id=message_id, secret=secret, body=body)
        self.received.append({"url": url, "headers": headers, "body": body})
        if self.fail_times > 0:
            self.fail_times -= 1
            raise CallbackRefused("HTTP 503: try later")
        if self.secret and not signature_matches(
            secret=self.secret,
            timestamp=headers["X-Timestamp"],
            body=body,
            given=headers["X-Signature"],
        ):
            raise CallbackRefused("HTTP 401: bad signature")
        # What a careful recipient does: act on a message id once, acknowledge every time.
        self.accepted.setdefault(headers["X-Message-Id"], json.loads(body))
        if self.crash_times > 0:
            self.crash_times -= 1
            raise SimulatedCrash("worker died before marking the message delivered")

    @property
    def received_ids(self) -> list[str]:
        return [r["headers"]["X-Message-Id"] for r in self.received]


@dataclass
class FakeWechat:
    """The WeChat API: records customer-service messages, serves pictures by media id."""

    media: dict[str, bytes] = field(default_factory=dict)
    fail_times: int = 0
    sent: list[tuple[str, str]] = field(default_factory=list)

    def send_text(self, *, openid: str, text: str) -> None:
        if self.fail_times > 0:
            self.fail_times -= 1
            raise ConnectionError("api.weixin.qq.com unreachable")
        self.sent.append((openid, text))

    def fetch_media(self, *, media_id: str, pic_url: str) -> bytes:
        if media_id not in self.media:
            raise LookupError(f"no media {media_id}")
        return self.media[media_id]
