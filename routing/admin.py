from django.contrib import admin

from core.admin import AuditedAdmin, ReadOnlyAdmin
from routing.models import ResponsibilityRule, SurgeAlertRecord


@admin.register(ResponsibilityRule)
class ResponsibilityRuleAdmin(AuditedAdmin):
    list_display = [
        "name",
        "field",
        "subcategory",
        "keywords",
        "target",
        "unit",
        "body",
        "priority",
        "active",
    ]
    list_filter = ["target", "active", "field"]
    search_fields = ["name", "keywords", "reason"]


@admin.register(SurgeAlertRecord)
class SurgeAlertRecordAdmin(ReadOnlyAdmin):
    """Surge alerts, read-only: they are raised by triage and acknowledged on the workbench."""

    list_display = [
        "raised_at",
        "kind",
        "label",
        "count",
        "expected",
        "since",
        "case",
        "acknowledged_by",
        "acknowledged_at",
    ]
    list_filter = ["kind", ("acknowledged_at", admin.EmptyFieldListFilter), "raised_at"]
    list_select_related = ["case", "acknowledged_by"]
    search_fields = ["subject", "label", "reason", "case__receipt_number"]
    readonly_fields = [f.name for f in SurgeAlertRecord._meta.fields]
