from django.contrib import admin

from core.admin import AuditedAdmin
from routing.models import ResponsibilityRule


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
