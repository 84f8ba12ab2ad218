"""Inbound pushes: outside systems (12345 hotline, petition bureau…) send cases, signed.

`POST /api/v1/inbound/{source}` with the public submission JSON plus `external_id`, headers
`X-Timestamp` (unix seconds) and `X-Signature` (hex HMAC-SHA256 of timestamp + "\\n" + raw body,
keyed with the source's secret). Status changes go back to the source's callback URL through the
outbox, signed the same way.
"""

import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pydantic
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Status
from ninja.errors import ValidationError

from cases.models import Case, CaseEvent
from core.errors import DomainError, Forbidden, NotFound
from core.outbox import Delivery, OutboundMessage
from intake.api import ErrorOut, ReceiptOut, SubmissionIn, receipt_answer
from intake.models import InboundSource, SeenSignature
from intake.services import register_submission
from integrations.clients import callback_client
from integrations.signing import signature_matches

router = Router(tags=["对接"])

CALLBACK_KIND = "http_callback"


class Unauthenticated(DomainError):
    status_code = 401


class InboundSubmissionIn(SubmissionIn):
    channel: str = ""  # empty: the source's own channel
    external_id: str = Field(..., min_length=1, max_length=128)


def _source(key: str) -> InboundSource:
    source = InboundSource.objects.filter(key=key).first()
    if source is None:
        raise NotFound(f"没有名为 {key} 的对接来源")
    if not source.active:
        raise Forbidden(f"对接来源 {key} 已停用，请联系平台管理员")
    return source


def _verify(source: InboundSource, request: HttpRequest) -> None:
    """Reject a push that is unsigned, wrongly signed, stale, or a replay of one we took."""
    timestamp = request.headers.get("X-Timestamp", "").strip()
    given = request.headers.get("X-Signature", "").strip().lower()
    if not timestamp or not given:
        raise Unauthenticated("缺少 X-Timestamp 或 X-Signature 请求头")
    if not timestamp.isdigit():
        raise Unauthenticated("X-Timestamp 须为 Unix 时间戳（秒）")
    skew = settings.INBOUND_MAX_SKEW_SECONDS
    if abs(time.time() - int(timestamp)) > skew:
        raise Unauthenticated(f"X-Timestamp 与服务器时间相差超过 {skew} 秒，请校准时钟后重新签名")
    if not signature_matches(
        secret=source.secret, timestamp=timestamp, body=request.body, given=given
    ):
        raise Unauthenticated("签名不正确：X-Signature 应为 HMAC-SHA256(密钥, 时间戳+换行+请求体)")
    now = timezone.now()
    SeenSignature.objects.filter(expires_at__lt=now).delete()
    # Past this moment the timestamp check refuses the request anyway.
    expires_at = datetime.fromtimestamp(int(timestamp), tz=UTC) + timedelta(seconds=skew)
    try:
        with transaction.atomic():
            SeenSignature.objects.create(source=source, signature=given, expires_at=expires_at)
    except IntegrityError:
        raise Unauthenticated("该签名已使用过（重放）：每次请求须用新的时间戳重新签名") from None


def _parsed(body: bytes) -> InboundSubmissionIn:
    try:
        return InboundSubmissionIn.model_validate_json(body or b"{}")
    except pydantic.ValidationError as error:
        errors = error.errors(include_url=False, include_context=False, include_input=False)
        raise ValidationError([dict(e) for e in errors]) from None


def _body_schema() -> dict[str, object]:
    schema = InboundSubmissionIn.model_json_schema(ref_template="#/components/schemas/{model}")
    schema.pop("$defs", None)  # PetitionerIn is in the document already, from the public API
    return schema


# The body is read raw (the signature covers its bytes), so the document is told its shape.
@router.post(
    "/{source}",
    response={201: ReceiptOut, 200: ReceiptOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    openapi_extra={"requestBody": {"content": {"application/json": {"schema": _body_schema()}}}},
)
def push(request: HttpRequest, source: str) -> Status:
    """An outside system pushes one case; the same external_id again returns the same receipt."""
    inbound = _source(source)
    _verify(inbound, request)
    payload = _parsed(request.body)
    submission = payload.submission(
        channel=payload.channel or inbound.channel,
        source=inbound.key,
        external_id=payload.external_id,
    )
    return receipt_answer(register_submission(submission=submission))


def callback_payload(case: Case, event: CaseEvent) -> dict[str, object]:
    """What a source hears about its case: progress only, never personal data."""
    replied = case.replied_at is not None
    return {
        "receipt_number": case.receipt_number,
        "external_id": case.external_id,
        "event": event.action,
        "at": event.at.isoformat(),
        "status": case.status,
        "status_label": case.status_label,
        "handling_unit": case.handling_unit.name,
        "reply": case.reply_text if replied else None,
    }


def case_event_messages(case: Case, event: CaseEvent) -> Iterable[OutboundMessage]:
    """Outbox route: a case pushed in by a source reports each status change back to it."""
    if not case.source or (event.from_status == event.to_status and event.action != "reply"):
        return []
    source = InboundSource.objects.filter(key=case.source, active=True).first()
    if source is None or not source.callback_url:
        return []
    return [OutboundMessage(CALLBACK_KIND, source.key, callback_payload(case, event))]


def deliver_callback(delivery: Delivery) -> None:
    """Outbox sender: POST to the source's current callback URL, signed with its secret."""
    source = InboundSource.objects.get(key=delivery.recipient)
    if not source.callback_url:
        raise LookupError(f"对接来源 {source.key} 没有回传地址")
    callback_client().post(
        url=source.callback_url,
        message_id=delivery.message_id,
        secret=source.secret,
        payload=delivery.payload,
    )
