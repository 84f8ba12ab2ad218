"""Staff pages of routing: the open surge alerts and acknowledging one (已知悉); correcting what
triage found on a case (fields, subcategory, county, same-matter links)."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from cases.selectors import case_get_visible
from core import clock
from core.errors import DomainError
from routing.assessment import (
    case_same_matter_confirm,
    case_same_matter_dismiss,
    case_triage_correct,
)
from routing.selectors import SURGE_ALERT_ROLES, surge_alerts_open_for
from routing.services import surge_alert_acknowledge, surge_alerts_acknowledge_all


class StaffRequest(HttpRequest):
    """A request behind login_required: its user is a staff User."""

    user: User  # type: ignore[assignment]


# Open alerts shown above the queue, and on the alerts page.
PANEL_SHOWN, PAGE_SHOWN = 5, 200
# Above the queue only surges still going on lately; older open ones wait on the alerts page.
PANEL_RECENT = timedelta(days=14)


def surge_panel_context(user: User, next_url: str, *, panel: bool = True) -> dict[str, Any]:
    """What the surge alerts show, above the queue (`panel`: the few recent ones) or on their
    own page (all open ones); empty for roles that are not told of surges."""
    if user.role not in SURGE_ALERT_ROLES:
        return {"shown": False}
    if panel:
        alerts, total = surge_alerts_open_for(
            user, limit=PANEL_SHOWN, seen_since=clock.now() - PANEL_RECENT
        )
    else:
        alerts, total = surge_alerts_open_for(user, limit=PAGE_SHOWN)
    return {"shown": True, "alerts": alerts, "total": total, "next": next_url}


@login_required
@require_GET
def surge_alerts(request: StaffRequest) -> HttpResponse:
    context = surge_panel_context(request.user, request.get_full_path(), panel=False)
    return render(request, "routing/surge_alerts.html", context)


@login_required
@require_POST
def surge_acknowledge(request: StaffRequest, alert_id: int) -> HttpResponse:
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    try:
        alert = surge_alert_acknowledge(alert_id=alert_id, actor=request.user)
    except DomainError as error:
        context = surge_panel_context(request.user, next_url, panel=False)
        context["error"] = error.message
        return render(request, "routing/surge_alerts.html", context, status=error.status_code)
    if request.headers.get("HX-Request"):
        context = surge_panel_context(request.user, next_url)
        return render(request, "routing/_surge_alerts.html", context)
    messages.success(request, _("已知悉：%(reason)s") % {"reason": alert.reason})
    return redirect(next_url or "cases:queue")


@login_required
@require_POST
def surge_acknowledge_all(request: StaffRequest) -> HttpResponse:
    """已知悉 for every open alert of the user's units at once."""
    try:
        count = surge_alerts_acknowledge_all(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已知悉 %(count)d 条激增预警") % {"count": count})
    return redirect("routing:surge_alerts")


@login_required
@require_POST
def triage_correct(request: StaffRequest, receipt_number: str) -> HttpResponse:
    """The clerk's fields (primary first), subcategory and county replace triage's."""
    case = case_get_visible(request.user, receipt_number)
    if case is None:
        raise Http404
    primary = request.POST.get("primary_field", "")
    others = [f for f in request.POST.getlist("fields") if f != primary]
    try:
        case_triage_correct(
            case_id=case.pk,
            actor=request.user,
            field_codes=tuple(f for f in (primary, *others) if f),
            subcategory=request.POST.get("subcategory", "").strip(),
            region_code=request.POST.get("region", "").strip(),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已修改研判结果，承办建议已重新生成"))
    return redirect("cases:detail", receipt_number=case.receipt_number)


def _same_matter_judged(
    request: StaffRequest, receipt_number: str, other: str, same: bool
) -> HttpResponse:
    case = case_get_visible(request.user, receipt_number)
    if case is None:
        raise Http404
    judge = case_same_matter_confirm if same else case_same_matter_dismiss
    try:
        judge(case_id=case.pk, actor=request.user, receipt_number=other)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = _("已确认 %(other)s 是同一事项") if same else _("已标记 %(other)s 不是同一事项")
        messages.success(request, done % {"other": other})
    return redirect("cases:detail", receipt_number=case.receipt_number)


@login_required
@require_POST
def same_matter_dismiss(request: StaffRequest, receipt_number: str, other: str) -> HttpResponse:
    """The clerk says an earlier case triage linked or asked about is another matter."""
    return _same_matter_judged(request, receipt_number, other, same=False)


@login_required
@require_POST
def same_matter_confirm(request: StaffRequest, receipt_number: str, other: str) -> HttpResponse:
    """The clerk says an earlier case triage asked about is the same matter."""
    return _same_matter_judged(request, receipt_number, other, same=True)
