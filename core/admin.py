"""Admin base: every change an administrator makes to reference data is audited."""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from core.models import AuditRecord
from core.outbox import OutboxMessage, outbox_retry
from core.services import audit


def _target(obj: Model) -> str:
    return f"{obj._meta.label}:{obj.pk}"


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes each write an audit record."""

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = {
            name: str(form.cleaned_data.get(name))
            for name in form.changed_data
            if "password" not in name  # never put a password, even hashed, in the log
        }
        audit(
            actor=request.user,
            action="reference.change" if change else "reference.add",
            target=_target(obj),
            changed=changed,
            shown_as=str(obj),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        target, shown = _target(obj), str(obj)
        super().delete_model(request, obj)
        audit(actor=request.user, action="reference.delete", target=target, shown_as=shown)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record kept as evidence: listed and read, never added, changed or deleted here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    """The audit log, read-only to everyone: append-only by design."""

    list_display = ["at", "actor", "action", "target"]
    list_filter = ["action"]
    search_fields = ["target", "actor__username"]


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """What the system sends out, with its delivery state; a failed message can be re-sent."""

    list_display = ["created_at", "recipient_kind", "recipient", "state", "attempts", "case"]
    list_filter = ["state", "recipient_kind"]
    search_fields = ["message_id", "recipient"]
    actions = ["retry"]
    readonly_fields = [f.name for f in OutboxMessage._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description="重新发送所选消息")
    def retry(self, request: HttpRequest, queryset: Any) -> None:
        for message in queryset.filter(state="failed"):
            outbox_retry(message_id=str(message.message_id))
            audit(actor=request.user, action="outbox.retry", target=str(message.message_id))
