"""The form that corrects what triage found on a case, for the case page (an app below routing)."""

from typing import Any

from django import template

from cases.models import Case, Field, Subcategory
from cases.selectors import SameMatterCase
from cases.workflow import OPEN_STATUSES
from regions.selectors import county_list
from routing.assessment import CORRECTING_ROLES

register = template.Library()


@register.inclusion_tag("routing/_triage_correction.html", takes_context=True)
def triage_correction(context: template.Context, case: Case) -> dict[str, Any]:
    """Fields, subcategory and county, for a clerk or dispatcher while the case is open; nothing
    for other roles."""
    if not _may_correct(context, case):
        return {"shown": False}
    chosen = set(case.fields.values_list("code", flat=True))
    return {
        "shown": True,
        "case": case,
        "fields": Field.objects.order_by("order"),
        "chosen": chosen,
        "subcategories": Subcategory.objects.select_related("field"),
        "counties": county_list().order_by("code"),
        "csrf_token": context.get("csrf_token"),
    }


def _may_correct(context: template.Context, case: Case) -> bool:
    return context["request"].user.role in CORRECTING_ROLES and case.status in OPEN_STATUSES


@register.inclusion_tag("routing/_same_matter_buttons.html", takes_context=True)
def same_matter_buttons(
    context: template.Context, case: Case, other: SameMatterCase
) -> dict[str, Any]:
    """是同一事项 (for a case triage only asks about) and 不是同一事项, for a clerk or dispatcher
    while the case is open; nothing for other roles."""
    return {
        "shown": _may_correct(context, case),
        "case": case,
        "other": other,
        "csrf_token": context.get("csrf_token"),
    }
