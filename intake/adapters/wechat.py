"""WeChat official account (微信公众号): followers complain and follow their case by message.

WeChat POSTs each message to `/channels/wechat/callback` (plain, or AES-encrypted when the account
runs in safe mode) and takes our passive reply. A text with both a problem and a place registers a
case at once; otherwise we ask for what is missing and remember the conversation per follower.
"""

import logging
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from xml.parsers.expat import ExpatError

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.messages import BaseMessage, ImageMessage, LocationMessage, TextMessage
from wechatpy.replies import TextReply
from wechatpy.utils import check_signature

from cases.models import Case, CaseEvent, Channel
from cases.selectors import case_public_progress
from cases.timeline import public_step
from core import crypto
from core.errors import DomainError
from core.outbox import Delivery, OutboundMessage
from intake.models import WechatConversation, WechatMessage
from intake.services import Submission, receipt_lookup, register_submission
from intake.validation import ATTACHMENTS_MAX, AttachmentInput
from integrations.clients import wechat_client

logger = logging.getLogger(__name__)

SOURCE = "wechat"
CUSTOMER_KIND = "wechat_customer"
CONVERSATION_TTL = timedelta(minutes=30)
PROBLEM_MIN_CHARS = 8

# A place is one or more place-name units, each a few characters ending in an administrative or
# place suffix: 西宁市 城西区 五四大街. Crude on purpose until triage's gazetteer is ready.
_PLACE_UNIT = r"[\u4e00-\u9fffA-Za-z0-9]{1,12}?(?:省|州|县|市|区|镇|乡|村|路|街|巷|小区|厂)"
_PLACE = re.compile(f"(?:{_PLACE_UNIT})+")
_MEANINGFUL = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_RECEIPT = re.compile(r"(?<!\d)\d{13}(?!\d)")
_QUERY_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z2-9]{6}(?![A-Za-z0-9])")

ASK_PLACE = (
    "已收到。请告诉我们问题发生的具体地点（如某县某镇某村、某路某小区、某厂），或直接发送位置。"
)
ASK_PROBLEM = "已收到地点。请描述具体问题：发生了什么、什么时候、影响如何（至少8个字）。"
WELCOME = (
    "感谢关注青海生态环境信访投诉平台。请直接发送问题和地点（可附照片、位置）；"
    "查询进度请发送“受理编号 查询码”。"
)


# Deciding what a message says: plain functions, no database.


def find_place(text: str) -> str:
    """The first run of place-name units in the text, or ''."""
    match = _PLACE.search(text)
    return match.group(0) if match else ""


def problem_chars(text: str, place: str) -> int:
    """How much the text says beyond the place: letters, digits and Chinese characters."""
    rest = text.replace(place, "", 1) if place else text
    return len(_MEANINGFUL.findall(rest))


def find_receipt_query(text: str) -> tuple[str, str] | None:
    """A receipt number and a query code, when the text carries both."""
    receipt = _RECEIPT.search(text)
    if receipt is None:
        return None
    code = _QUERY_CODE.search(text[: receipt.start()] + " " + text[receipt.end() :])
    return (receipt.group(0), code.group(0).upper()) if code else None


# The door.


def _crypto() -> WeChatCrypto:
    return WeChatCrypto(
        settings.WECHAT_TOKEN, settings.WECHAT_ENCODING_AES_KEY, settings.WECHAT_APP_ID
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def wechat_callback(request: HttpRequest) -> HttpResponse:
    """WeChat's server: GET verifies the URL, POST delivers one message and takes our reply."""
    params = request.GET
    timestamp, nonce = params.get("timestamp", ""), params.get("nonce", "")
    try:
        check_signature(settings.WECHAT_TOKEN, params.get("signature", ""), timestamp, nonce)
    except InvalidSignatureException:
        return HttpResponse("invalid signature", status=403, content_type="text/plain")
    if request.method == "GET":
        return HttpResponse(params.get("echostr", ""), content_type="text/plain")
    # The plain-mode signature does not cover the body: keep a captured one from living long.
    if (
        not timestamp.isdigit()
        or abs(time.time() - int(timestamp)) > settings.INBOUND_MAX_SKEW_SECONDS
    ):
        return HttpResponse("stale timestamp", status=403, content_type="text/plain")
    encrypted = params.get("encrypt_type") == "aes"
    try:
        xml = request.body
        if encrypted:
            xml = _crypto().decrypt_message(xml, params.get("msg_signature", ""), timestamp, nonce)
        message = parse_message(xml)
    except (InvalidSignatureException, InvalidAppIdException):
        return HttpResponse("invalid signature", status=403, content_type="text/plain")
    except (ExpatError, KeyError, TypeError, ValueError):
        return HttpResponse("malformed message", status=400, content_type="text/plain")
    if message is None:
        return HttpResponse("empty message", status=400, content_type="text/plain")
    text = answer(message)
    if not text:
        return HttpResponse("success", content_type="text/plain")
    reply = TextReply(message=message, content=text).render()
    if encrypted:
        reply = _crypto().encrypt_message(reply, nonce, timestamp)
    return HttpResponse(reply, content_type="application/xml")


def answer(message: BaseMessage) -> str:
    """Our reply to one message; the same message again (WeChat retries) gets the same reply."""
    if message.type == "event":
        return WELCOME if getattr(message, "event", "") == "subscribe" else ""
    if not message.id:
        return ""
    msg_id, openid = str(message.id), message.source
    # One transaction: if handling fails, nothing is kept and WeChat's retry starts afresh.
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WechatMessage.objects.create(msg_id=msg_id, openid=openid)
        except IntegrityError:
            earlier = WechatMessage.objects.get(msg_id=msg_id)
            return crypto.decrypt(earlier.reply_encrypted)
        text = _handle(message)
        record.reply_encrypted = crypto.encrypt(text)  # it may carry a query code
        record.save(update_fields=["reply_encrypted"])
    return text


def _handle(message: BaseMessage) -> str:
    if isinstance(message, TextMessage):
        if query := find_receipt_query(message.content or ""):
            return _progress_text(*query)
        return _converse(message, text=(message.content or "").strip())
    if isinstance(message, LocationMessage):
        return _converse(message, location=message)
    if isinstance(message, ImageMessage):
        return _converse(message, image=message)
    return "暂不支持这类消息。请发送文字、照片或位置。"


def _conversation(openid: str) -> WechatConversation:
    now = timezone.now()
    conversation = WechatConversation.objects.select_for_update().filter(openid=openid).first()
    if conversation is None:
        return WechatConversation(openid=openid, updated_at=now)
    if conversation.updated_at < now - CONVERSATION_TTL:
        # An idle conversation is forgotten: a new message starts a new complaint.
        conversation.pending_text, conversation.pending_place = "", ""
        conversation.latitude = conversation.longitude = None
        conversation.pending_media = []
    return conversation


@dataclass(frozen=True)
class _Progress:
    has_place: bool
    has_problem: bool


def _progress(conversation: WechatConversation) -> _Progress:
    has_place = bool(conversation.pending_place) or conversation.latitude is not None
    chars = problem_chars(conversation.pending_text, conversation.pending_place)
    return _Progress(has_place, chars >= PROBLEM_MIN_CHARS)


def _converse(
    message: BaseMessage,
    *,
    text: str = "",
    location: LocationMessage | None = None,
    image: ImageMessage | None = None,
) -> str:
    with transaction.atomic():
        conversation = _conversation(message.source)
        if text:
            conversation.pending_text = "\n".join(t for t in (conversation.pending_text, text) if t)
            conversation.pending_place = conversation.pending_place or find_place(text)
        if location is not None:
            conversation.latitude = float(location.location_x)
            conversation.longitude = float(location.location_y)
            conversation.pending_place = conversation.pending_place or (location.label or "")
        if image is not None and len(conversation.pending_media) < ATTACHMENTS_MAX:
            conversation.pending_media.append(
                {"media_id": image.media_id or "", "pic_url": image.image or ""}
            )
        progress = _progress(conversation)
        if progress.has_place and progress.has_problem:
            try:
                text = _register(conversation, msg_id=str(message.id))
            except DomainError as error:
                return f"没能登记：{error.message}"
            if conversation.pk:
                conversation.delete()
            return text
        conversation.updated_at = timezone.now()
        conversation.save()
    photos = f"照片已收到（{len(conversation.pending_media)}张）。" if image is not None else ""
    return photos + (ASK_PROBLEM if progress.has_place else ASK_PLACE)


def _attachments(media: list[dict[str, str]]) -> list[AttachmentInput]:
    attachments = []
    for item in media:
        try:
            content = wechat_client().fetch_media(
                media_id=item["media_id"], pic_url=item["pic_url"]
            )
        except Exception:  # a picture we cannot fetch must not lose the complaint
            logger.warning("wechat media %s could not be fetched", item["media_id"], exc_info=True)
            continue
        attachments.append(AttachmentInput(f"wechat-{item['media_id'] or 'photo'}.jpg", content))
    return attachments


def _register(conversation: WechatConversation, *, msg_id: str) -> str:
    """Register the conversation as a case; the reply carries receipt number and query code."""
    receipt = register_submission(
        submission=Submission(
            channel=Channel.WECHAT,
            content=conversation.pending_text or conversation.pending_place,
            address=conversation.pending_place,
            latitude=conversation.latitude,
            longitude=conversation.longitude,
            anonymous=True,
            attachments=_attachments(conversation.pending_media),
            source=SOURCE,
            external_id=msg_id,
        )
    )
    return (
        f"已登记。受理编号：{receipt.receipt_number}，查询码：{receipt.query_code}。"
        "请妥善保存；发送“受理编号 查询码”可随时查询办理进度。"
    )


def _progress_text(receipt_number: str, query_code: str) -> str:
    case = receipt_lookup(receipt_number=receipt_number, query_code=query_code)
    if case is None:
        return "受理编号或查询码不正确，请核对后重新发送。"
    progress = case_public_progress(case)
    lines = [
        f"事项 {progress['receipt_number']}：{progress['status_label']}",
        f"办理单位：{progress['handling_unit']}",
    ]
    if progress["due_date"]:
        lines.append(f"办理期限：{progress['due_date']:%Y年%-m月%-d日}")
    if progress["timeline"]:
        last = progress["timeline"][-1]
        lines.append(f"最新进展（{last['at']}）：{last['text']}")
    if progress["reply"]:
        lines.append(f"答复意见：{progress['reply']}")
    return "\n".join(lines)


# Pushing progress back to the follower, through the outbox.


def case_event_messages(case: Case, event: CaseEvent) -> Iterable[OutboundMessage]:
    """Outbox route: a follower hears when their case's status changes (registration excepted:
    the passive reply already carried the receipt)."""
    if case.source != SOURCE or event.action == "register":
        return []
    if event.from_status == event.to_status and event.action != "reply":
        return []
    origin = WechatMessage.objects.filter(msg_id=case.external_id).first()
    if origin is None:
        return []
    step = public_step(event.action, event.data) or case.status_label
    text = f"您反映的事项 {case.receipt_number} 有新进展：{step}（当前状态：{case.status_label}）。"
    if case.replied_at is not None and event.action == "reply":
        text += f"\n答复意见：{case.reply_text}"
    text += "\n发送“受理编号 查询码”可查看详情。"
    payload: dict[str, Any] = {"text": text, "receipt_number": case.receipt_number}
    return [OutboundMessage(CUSTOMER_KIND, origin.openid, payload)]


def deliver_customer_message(delivery: Delivery) -> None:
    """Outbox sender: a customer-service text message (WeChat allows it within 48 h of the
    follower's last message; later ones fail and are kept as failed for a clerk to see)."""
    wechat_client().send_text(openid=delivery.recipient, text=delivery.payload["text"])
