from django.contrib import admin

from cases.models import DeadlineRule, DeclineReason, Field, HolidayOverride, Subcategory
from cases.tasks import deadlines_recount
from core.admin import AuditedAdmin


class SubcategoryInline(admin.TabularInline):
    model = Subcategory
    extra = 1


@admin.register(Field)
class FieldAdmin(AuditedAdmin):
    list_display = ["code", "name", "order"]
    inlines = [SubcategoryInline]


@admin.register(Subcategory)
class SubcategoryAdmin(AuditedAdmin):
    list_display = ["name", "field"]
    list_filter = ["field"]


@admin.register(DeclineReason)
class DeclineReasonAdmin(AuditedAdmin):
    list_display = ["code", "text", "legal_basis", "active"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(AuditedAdmin):
    list_display = ["track", "step", "days", "day_kind", "legal_basis"]
    list_filter = ["track"]


@admin.register(HolidayOverride)
class HolidayOverrideAdmin(AuditedAdmin):
    list_display = ["day", "is_workday", "note"]
    date_hierarchy = "day"

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        super().save_model(request, obj, form, change)
        # Provisional deadlines in that year can now be counted on the real calendar.
        deadlines_recount.enqueue(year=obj.day.year)
