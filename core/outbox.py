"""The outbox (发送队列): messages to other systems, written with the change that causes them.

A message is queued in the same transaction as its cause, delivered after commit by a task, and
retried with backoff until the recipient acknowledges it. Delivery is at least once: every attempt
carries the same `message_id`, so a recipient drops a redelivery. A delivered message is never
sent again.
"""

import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from cases.models import Case, CaseEvent

MAX_ATTEMPTS: int = getattr(settings, "OUTBOX_MAX_ATTEMPTS", 8)
BACKOFF_BASE_SECONDS: float = getattr(settings, "OUTBOX_BACKOFF_BASE_SECONDS", 30)
BACKOFF_MAX_SECONDS: float = getattr(settings, "OUTBOX_BACKOFF_MAX_SECONDS", 6 * 3600)
# Longer than any sender's timeout: a "sending" row older than this belongs to a dead worker.
LEASE_SECONDS: float = getattr(settings, "OUTBOX_LEASE_SECONDS", 300)
ERROR_MAX = 2000


class OutboxMessage(models.Model):
    """发送队列消息: one message to one recipient, with its delivery state."""

    class State(models.TextChoices):
        PENDING = "pending", "待发送"
        SENDING = "sending", "发送中"
        DELIVERED = "delivered", "已送达"
        FAILED = "failed", "发送失败"

    message_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dedupe_key = models.CharField(max_length=255, unique=True)
    recipient_kind = models.CharField("接收方类型", max_length=32)
    recipient = models.CharField("接收方", max_length=500)
    payload = models.JSONField(default=dict)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=16, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "发送队列消息"
        verbose_name_plural = "发送队列"
        indexes = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.recipient_kind}:{self.message_id} ({self.state})"


@dataclass(frozen=True)
class Delivery:
    """What a sender gets: the message id to pass on, where to, and what."""

    message_id: str
    recipient: str
    payload: dict[str, Any]


class DeliveryFailed(Exception):
    """The recipient did not acknowledge; the message will be tried again."""


def outbox_enqueue(
    *,
    recipient_kind: str,
    recipient: str,
    payload: dict[str, Any],
    dedupe_key: str,
    case: "Case | None" = None,
) -> OutboxMessage | None:
    """Queue one message; None when a message with this dedupe key was queued before.

    Call inside the transaction that makes the change; delivery starts after it commits.
    """
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.create(
                recipient_kind=recipient_kind,
                recipient=recipient,
                payload=payload,
                dedupe_key=dedupe_key,
                case=case,
            )
    except IntegrityError:
        if OutboxMessage.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    message_id = str(message.message_id)
    # robust: if the queue cannot take the task, the committed change stands and a sweep
    # (`manage.py deliver_outbox`) delivers the message later.
    transaction.on_commit(lambda: _deliver_later(message_id), robust=True)
    return message


def _deliver_later(message_id: str) -> None:
    from core.tasks import outbox_deliver

    outbox_deliver.enqueue(message_id)


# Who hears about a case event: functions (case, event) -> list of messages to queue. Each door
# that pushes back to its counterpart names one here; settings may replace the list.
DEFAULT_CASE_EVENT_ROUTES = [
    "intake.adapters.inbound.case_event_messages",
    "intake.adapters.wechat.case_event_messages",
]


@dataclass(frozen=True)
class OutboundMessage:
    recipient_kind: str
    recipient: str
    payload: dict[str, Any]


CaseEventRoute = Callable[["Case", "CaseEvent"], Iterable[OutboundMessage]]


def _case_event_routes() -> list[CaseEventRoute]:
    paths = getattr(settings, "OUTBOX_CASE_EVENT_ROUTES", DEFAULT_CASE_EVENT_ROUTES)
    return [import_string(path) for path in paths]


def outbox_for_case_event(*, case: "Case", event: "CaseEvent") -> list[OutboxMessage]:
    """Queue what the case's counterparts should hear about this event.

    Caller holds the transaction that wrote the event.
    """
    queued = []
    for route in _case_event_routes():
        for outbound in route(case, event):
            message = outbox_enqueue(
                recipient_kind=outbound.recipient_kind,
                recipient=outbound.recipient,
                payload=outbound.payload,
                dedupe_key=f"case-event:{event.pk}:{outbound.recipient_kind}:{outbound.recipient}",
                case=case,
            )
            if message is not None:
                queued.append(message)
    return queued


def _claimable(now: datetime) -> Q:
    lease_expired = now - timedelta(seconds=LEASE_SECONDS)
    return Q(state=OutboxMessage.State.PENDING, next_attempt_at__lte=now) | Q(
        state=OutboxMessage.State.SENDING, claimed_at__lte=lease_expired
    )


def outbox_claim(*, message_id: str, now: datetime | None = None) -> OutboxMessage | None:
    """Take the message for one delivery attempt, or None if it is not due or someone has it.

    A conditional UPDATE, so two workers never hold the same message at once; a claim by a
    worker that died lapses after LEASE_SECONDS.
    """
    now = now or timezone.now()
    claimed = OutboxMessage.objects.filter(_claimable(now), message_id=message_id).update(
        state=OutboxMessage.State.SENDING, claimed_at=now
    )
    if not claimed:
        return None
    return OutboxMessage.objects.get(message_id=message_id)


def outbox_due(*, now: datetime | None = None, limit: int = 100) -> list[str]:
    """Ids of messages a sweep should try now, oldest first."""
    now = now or timezone.now()
    ids = OutboxMessage.objects.filter(_claimable(now)).values_list("message_id", flat=True)
    return [str(i) for i in ids.order_by("next_attempt_at", "id")[:limit]]


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff with full jitter on the upper half, capped."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0))
    return ceiling / 2 + random.uniform(0, ceiling / 2)


def _sender_for(kind: str) -> Callable[[Delivery], None]:
    from integrations.senders import sender_for

    return sender_for(kind)


def outbox_attempt(*, message: OutboxMessage) -> OutboxMessage:
    """Send a claimed message once; mark it delivered on acknowledgement, else reschedule.

    Precondition: the caller claimed it with `outbox_claim` (its `claimed_at` is the lease token).
    """
    attempts = message.attempts + 1
    try:
        sender = _sender_for(message.recipient_kind)
        sender(Delivery(str(message.message_id), message.recipient, message.payload))
    except Exception as error:  # any failure of the far side is a retry, never a crash
        now = max(timezone.now(), message.claimed_at or timezone.now())
        gave_up = attempts >= MAX_ATTEMPTS
        changes: dict[str, Any] = {
            "attempts": attempts,
            "claimed_at": None,
            "last_error": f"{type(error).__name__}: {error}"[:ERROR_MAX],
            "state": OutboxMessage.State.FAILED if gave_up else OutboxMessage.State.PENDING,
            "next_attempt_at": now + timedelta(seconds=backoff_seconds(attempts)),
        }
    else:
        changes = {
            "attempts": attempts,
            "claimed_at": None,
            "last_error": "",
            "state": OutboxMessage.State.DELIVERED,
            "delivered_at": timezone.now(),
        }
    # Conditional on our lease: if it lapsed and another worker took over, its result stands.
    OutboxMessage.objects.filter(
        pk=message.pk, state=OutboxMessage.State.SENDING, claimed_at=message.claimed_at
    ).update(**changes)
    message.refresh_from_db()
    return message


def outbox_deliver_one(*, message_id: str, now: datetime | None = None) -> OutboxMessage | None:
    """Claim and try one message; None when it was not due or is held by another worker."""
    message = outbox_claim(message_id=message_id, now=now)
    if message is None:
        return None
    return outbox_attempt(message=message)


def outbox_retry(*, message_id: str) -> OutboxMessage:
    """Give a failed message a fresh set of attempts (an operator's decision)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(message_id=message_id)
        if message.state == OutboxMessage.State.FAILED:
            message.state = OutboxMessage.State.PENDING
            message.attempts = 0
            message.next_attempt_at = timezone.now()
            message.save(update_fields=["state", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: _deliver_later(message_id), robust=True)
    return message
