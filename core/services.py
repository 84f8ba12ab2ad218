"""Writes shared by every app: the audit log."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from core.models import AuditRecord


def audit(*, actor: Any, action: str, target: str, **extra_data: Any) -> AuditRecord:
    """Append one audit record, chained to the last one."""
    with transaction.atomic():
        last: QuerySet[AuditRecord] = AuditRecord.objects.select_for_update().order_by("-id")[:1]
        previous = last[0].record_hash if last else ""
        record = AuditRecord(
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            target=target,
            extra_data=extra_data,
            previous_hash=previous,
        )
        record.record_hash = record.compute_hash()
        record.save()
    return record


def audit_chain_is_intact() -> bool:
    """Whether every record still hashes to what it stored and points at its predecessor."""
    previous = ""
    for record in AuditRecord.objects.order_by("id").iterator():
        if record.previous_hash != previous or record.compute_hash() != record.record_hash:
            return False
        previous = record.record_hash
    return True
