"""Background work of the core: outbox delivery."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from core.outbox import LEASE_SECONDS, OutboxMessage, outbox_attempt, outbox_claim


@task()
def outbox_deliver(message_id: str) -> str:
    """Try one outbox message if it is due; idempotent, so a duplicate run is harmless.

    On a backend that can defer (django-tasks-db, as `db_worker` runs it) the task books its own
    follow-ups: one for when the lease lapses, in case this worker dies mid-delivery, and one for
    the next attempt after a failure. Elsewhere `manage.py deliver_outbox` sweeps them.
    """
    message = outbox_claim(message_id=message_id)
    if message is None:
        return "not due"
    can_defer = outbox_deliver.get_backend().supports_defer
    if can_defer:
        guard_at = timezone.now() + timedelta(seconds=LEASE_SECONDS + 1)
        outbox_deliver.using(run_after=guard_at).enqueue(message_id)
    message = outbox_attempt(message=message)
    if can_defer and message.state == OutboxMessage.State.PENDING:
        outbox_deliver.using(run_after=message.next_attempt_at).enqueue(message_id)
    return message.state
