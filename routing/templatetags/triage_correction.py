"""The form that corrects what triage found on a case, for the case page (an app below routing)."""

from typing import Any

from django import template

from cases.models import Case, Field, Subcategory
from cases.workflow import OPEN_STATUSES
from regions.selectors import county_list
from routing.assessment import CORRECTING_ROLES

register = template.Library()


@register.inclusion_tag("routing/_triage_correction.html", takes_context=True)
def triage_correction(context: template.Context, case: Case) -> dict[str, Any]:
    """Fields, subcategory, county and same-matter links, for a clerk or dispatcher while the
    case is open; nothing for other roles."""
    user = context["request"].user
    if user.role not in CORRECTING_ROLES or case.status not in OPEN_STATUSES:
        return {"shown": False}
    chosen = set(case.fields.values_list("code", flat=True))
    return {
        "shown": True,
        "case": case,
        "fields": Field.objects.order_by("order"),
        "chosen": chosen,
        "subcategories": Subcategory.objects.select_related("field"),
        "counties": county_list().order_by("code"),
        "repeats": [r["receipt_number"] for r in (case.triage or {}).get("repeats", [])],
        "csrf_token": context.get("csrf_token"),
    }
