"""The outbox: queued with the change, delivered after commit, retried, never acknowledged twice."""

import json
import os
import random
import signal
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.outbox import (
    LEASE_SECONDS,
    MAX_ATTEMPTS,
    OutboxMessage,
    outbox_attempt,
    outbox_claim,
    outbox_deliver_one,
    outbox_due,
    outbox_enqueue,
)
from core.tasks import outbox_deliver
from intake.models import InboundSource
from integrations.clients import clients_in_use
from integrations.fakes import FakeCallbackRecipient, SimulatedCrash
from integrations.signing import signature_matches

pytestmark = pytest.mark.django_db

SECRET = "demo-hotline-12345-secret"


@pytest.fixture
def recipient() -> Iterator[FakeCallbackRecipient]:
    """The 12345 hotline's callback endpoint, as a fake that checks our signatures."""
    source = InboundSource.objects.get(key="hotline-12345")
    source.callback_url = "https://12345.example.cn/callback"
    source.save()
    fake = FakeCallbackRecipient(secret=SECRET)
    with clients_in_use(callback=fake):
        yield fake


def queue(n: int = 0) -> OutboxMessage:
    message = outbox_enqueue(
        recipient_kind="http_callback",
        recipient="hotline-12345",
        payload={"receipt_number": f"20261129{n:05d}", "status": "accepted"},
        dedupe_key=f"test:{n}",
    )
    assert message is not None
    return message


def stored(message: OutboxMessage) -> OutboxMessage:
    return OutboxMessage.objects.get(pk=message.pk)


def test_a_queued_message_is_delivered_after_commit_with_its_message_id(
    recipient: FakeCallbackRecipient, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
        assert recipient.received == []  # nothing leaves before the transaction commits
    assert recipient.received_ids == [str(message.message_id)]
    assert recipient.accepted[str(message.message_id)]["status"] == "accepted"
    assert stored(message).state == OutboxMessage.State.DELIVERED
    assert stored(message).delivered_at is not None


def test_a_message_whose_transaction_rolls_back_is_never_sent(
    recipient: FakeCallbackRecipient, django_capture_on_commit_callbacks: Any
) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue()
        raise RuntimeError("the change failed")
    assert OutboxMessage.objects.count() == 0
    assert callbacks == []
    assert recipient.received == []


def test_the_same_dedupe_key_queues_only_once(recipient: FakeCallbackRecipient) -> None:
    queue(1)
    again = outbox_enqueue(
        recipient_kind="http_callback", recipient="x", payload={}, dedupe_key="test:1"
    )
    assert again is None
    assert OutboxMessage.objects.count() == 1


def test_a_refused_delivery_is_retried_later_with_backoff(
    recipient: FakeCallbackRecipient,
) -> None:
    message = queue()
    recipient.fail_times = 1
    tried = outbox_deliver_one(message_id=str(message.message_id))
    assert tried is not None and tried.state == OutboxMessage.State.PENDING
    assert tried.attempts == 1 and "503" in tried.last_error
    assert tried.next_attempt_at > timezone.now() + timedelta(seconds=10)
    assert outbox_deliver_one(message_id=str(message.message_id)) is None  # not due yet
    later = outbox_deliver_one(message_id=str(message.message_id), now=tried.next_attempt_at)
    assert later is not None and later.state == OutboxMessage.State.DELIVERED
    assert recipient.received_ids == [str(message.message_id)] * 2


def test_backoff_grows_between_attempts(recipient: FakeCallbackRecipient) -> None:
    message = queue()
    recipient.fail_times = 4
    waits = []
    now = timezone.now()
    for _ in range(4):
        tried = outbox_deliver_one(message_id=str(message.message_id), now=now)
        assert tried is not None
        waits.append((tried.next_attempt_at - now).total_seconds())
        now = tried.next_attempt_at
    assert waits == sorted(waits)
    assert waits[-1] > 4 * waits[0]


def test_a_message_refused_every_time_ends_failed(recipient: FakeCallbackRecipient) -> None:
    message = queue()
    recipient.fail_times = MAX_ATTEMPTS + 5
    now = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        tried = outbox_deliver_one(message_id=str(message.message_id), now=now)
        assert tried is not None
        now = tried.next_attempt_at
    assert stored(message).state == OutboxMessage.State.FAILED
    assert stored(message).attempts == MAX_ATTEMPTS
    assert outbox_deliver_one(message_id=str(message.message_id), now=now) is None
    assert len(recipient.received) == MAX_ATTEMPTS


def test_an_acknowledged_message_is_never_sent_again(recipient: FakeCallbackRecipient) -> None:
    message = queue()
    outbox_deliver_one(message_id=str(message.message_id))
    far_future = timezone.now() + timedelta(days=30)
    assert outbox_deliver_one(message_id=str(message.message_id), now=far_future) is None
    assert outbox_due(now=far_future) == []
    assert outbox_deliver.call(str(message.message_id)) == "not due"
    assert len(recipient.received) == 1


def test_two_workers_cannot_hold_the_same_message(recipient: FakeCallbackRecipient) -> None:
    message = queue()
    assert outbox_claim(message_id=str(message.message_id)) is not None
    assert outbox_claim(message_id=str(message.message_id)) is None


def test_a_worker_dying_mid_delivery_leads_to_redelivery_with_the_same_message_id(
    recipient: FakeCallbackRecipient,
) -> None:
    message = queue()
    message_id = str(message.message_id)
    recipient.crash_times = 1
    claimed = outbox_claim(message_id=message_id)
    assert claimed is not None
    with pytest.raises(SimulatedCrash):
        outbox_attempt(message=claimed)
    assert stored(message).state == OutboxMessage.State.SENDING  # nobody marked it
    assert outbox_deliver_one(message_id=message_id) is None  # the lease still holds
    after_lease = timezone.now() + timedelta(seconds=LEASE_SECONDS + 1)
    assert outbox_due(now=after_lease) == [message_id]
    redelivered = outbox_deliver_one(message_id=message_id, now=after_lease)
    assert redelivered is not None and redelivered.state == OutboxMessage.State.DELIVERED
    assert recipient.received_ids == [message_id, message_id]
    assert list(recipient.accepted) == [message_id]  # the recipient acted once


def test_a_worker_whose_lease_lapsed_cannot_undo_another_workers_delivery(
    recipient: FakeCallbackRecipient,
) -> None:
    message = queue()
    message_id = str(message.message_id)
    start = timezone.now()
    slow = outbox_claim(message_id=message_id, now=start)
    fast = outbox_claim(message_id=message_id, now=start + timedelta(seconds=LEASE_SECONDS + 1))
    assert slow is not None and fast is not None
    outbox_attempt(message=fast)
    recipient.fail_times = 1
    outbox_attempt(message=slow)  # its failure comes too late to count
    assert stored(message).state == OutboxMessage.State.DELIVERED


def test_every_message_is_acted_on_exactly_once_through_failures_and_crashes(
    recipient: FakeCallbackRecipient,
) -> None:
    rng = random.Random(12369)
    messages = [queue(n) for n in range(50)]
    now = timezone.now()
    crashes = 0
    for _ in range(200):
        due = outbox_due(now=now)
        if not due and not OutboxMessage.objects.exclude(state="delivered").exists():
            break
        for message_id in due:
            claimed = outbox_claim(message_id=message_id, now=now)
            if claimed is None:
                continue
            roll = rng.random()
            recipient.fail_times = 1 if roll < 0.3 else 0
            recipient.crash_times = 1 if 0.3 <= roll < 0.5 else 0
            try:
                outbox_attempt(message=claimed)
            except SimulatedCrash:
                crashes += 1
        now += timedelta(seconds=LEASE_SECONDS + 1)
    ids = {str(m.message_id) for m in messages}
    assert OutboxMessage.objects.filter(state="delivered").count() == 50
    assert set(recipient.accepted) == ids
    assert len(recipient.received) > 50 and crashes > 0  # redeliveries happened, and were dropped


def test_the_sweep_command_delivers_what_is_due(recipient: FakeCallbackRecipient) -> None:
    messages = [queue(n) for n in range(3)]
    call_command("deliver_outbox", "--once")
    assert {str(m.message_id) for m in messages} == set(recipient.accepted)


def test_the_sweep_command_stops_cleanly_on_sigterm(recipient: FakeCallbackRecipient) -> None:
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
    try:
        timer.start()
        call_command("deliver_outbox", "--interval", "0.1")  # returns only when stopped
    finally:
        timer.cancel()
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def _time_passes_until(result: DBTaskResult, message: OutboxMessage) -> None:
    """The deferred task's moment comes: it and the message's next attempt are due now."""
    now = timezone.now()
    DBTaskResult.objects.filter(pk=result.pk).update(run_after=now)
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=now)


# db_worker closes the database connection after its batch: on PostgreSQL that would end the
# test's own transaction, so this test runs outside one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_under_the_database_worker_a_failed_delivery_books_its_own_retry(
    recipient: FakeCallbackRecipient, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    recipient.fail_times = 1
    with django_capture_on_commit_callbacks(execute=True):
        message = queue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    pending = stored(message)
    assert pending.state == OutboxMessage.State.PENDING
    deferred = DBTaskResult.objects.filter(status="READY").order_by("run_after")
    run_afters: list[datetime] = [r.run_after for r in deferred]
    assert pending.next_attempt_at in run_afters  # the retry, at the backoff
    assert any(r > timezone.now() + timedelta(seconds=LEASE_SECONDS - 5) for r in run_afters)
    retry = deferred.get(run_after=pending.next_attempt_at)
    _time_passes_until(retry, message)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert stored(message).state == OutboxMessage.State.DELIVERED
    assert recipient.received_ids == [str(message.message_id)] * 2


class _Endpoint(BaseHTTPRequestHandler):
    """A counterpart's real HTTP endpoint on localhost: 503 first, then 204."""

    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Endpoint.requests.append({"headers": dict(self.headers), "body": body})
        self.send_response(503 if len(_Endpoint.requests) == 1 else 204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_the_http_sender_posts_signed_json_and_counts_only_a_2xx_as_delivered() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Endpoint)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    source = InboundSource.objects.get(key="hotline-12345")
    source.callback_url = f"http://127.0.0.1:{server.server_port}/callback"
    source.save()
    try:
        message = queue()
        first = outbox_deliver_one(message_id=str(message.message_id))
        assert first is not None and first.state == OutboxMessage.State.PENDING
        assert "503" in first.last_error
        second = outbox_deliver_one(message_id=str(message.message_id), now=first.next_attempt_at)
        assert second is not None and second.state == OutboxMessage.State.DELIVERED
    finally:
        server.shutdown()
    sent = _Endpoint.requests[-1]
    assert sent["headers"]["X-Message-Id"] == str(message.message_id)
    assert signature_matches(
        secret=SECRET,
        timestamp=sent["headers"]["X-Timestamp"],
        body=sent["body"],
        given=sent["headers"]["X-Signature"],
    )
    assert json.loads(sent["body"])["status"] == "accepted"
