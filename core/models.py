"""Cross-cutting records: the hash-chained audit log."""

import hashlib
import json

from django.conf import settings
from django.db import models

from core.outbox import OutboxMessage  # noqa: F401 - the outbox model lives with its services


class AuditRecord(models.Model):
    """审计日志: append-only; each record's hash covers the previous one, so edits show."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=64, db_index=True)
    target = models.CharField(max_length=128, db_index=True)
    extra_data = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64, blank=True)
    record_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["id"]
        verbose_name = "审计记录"
        verbose_name_plural = "审计日志"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"

    def compute_hash(self) -> str:
        body = json.dumps(
            [self.previous_hash, self.actor_id, self.action, self.target, self.extra_data],
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(body.encode()).hexdigest()
