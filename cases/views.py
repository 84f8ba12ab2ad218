"""Staff pages: the queue, the case page with its action forms, the 12369 hotline console."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

import triage
from accounts.models import Unit, User
from cases.deadlines import today
from cases.exports import EXPORT_MAX, cases_workbook
from cases.forms import (
    ACTION_FIELDS,
    NOTE_LABELS,
    QUEUE_TABS,
    HotlineForm,
    action_input,
    queue_filters,
)
from cases.models import (
    Case,
    Channel,
    DeclineReason,
    Field,
    Finding,
    Satisfaction,
    matter_text,
)
from cases.selectors import (
    case_filter,
    case_get_visible,
    case_list_visible_to,
    case_same_matter,
    cases_by_phone,
    cases_same_matter_as,
    petitioner_masked,
    queue_tab,
    queue_tab_counts,
)
from cases.services import case_act, petitioner_reveal
from cases.workflow import STATUS_LABELS, TRANSITIONS, Status, actions_available
from core.calendar import deadline_state
from core.errors import DomainError
from intake.services import Submission, register_submission
from intake.validation import PetitionerInput
from regions.selectors import county_list

PAGE_SIZE = 50
# The step that usually comes next in each status; shown first and open on the case page.
PRIMARY_ACTIONS = frozenset(
    {"accept", "forward", "handle", "reply", "conclude", "decide_review", "archive"}
)
HOTLINE_KEY = "hotline_receipt"


class StaffRequest(HttpRequest):
    """A request behind login_required: its user is a staff User."""

    user: User  # type: ignore[assignment]


def _with_deadline_state(cases: list[Case]) -> list[Case]:
    day = today()
    for case in cases:
        case.deadline_state = deadline_state(case.due_date, day)  # type: ignore[attr-defined]
    return cases


def _with(params: QueryDict, **changes: str) -> str:
    query = params.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@login_required
@require_GET
def queue(request: StaffRequest) -> HttpResponse:
    visible = case_list_visible_to(request.user)
    filters, tab = queue_filters(request.GET), request.GET.get("tab", "")
    cases = queue_tab(case_filter(visible, filters), tab)
    cases = cases.select_related("handling_unit", "region", "primary_field").order_by(
        "-registered_at"
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    counts, base = queue_tab_counts(visible), request.GET.copy()
    base.pop("page", None)
    context = {
        "page": page,
        "rows": _with_deadline_state(list(page.object_list)),
        "tab": tab,
        "tabs": [(key, label, counts[key], _with(base, tab=key)) for key, label in QUEUE_TABS],
        "all_tab": _with(base, tab=""),
        "page_query": base.urlencode(),
        "filters": filters,
        "statuses": STATUS_LABELS.items(),
        "fields": Field.objects.all(),
        "counties": county_list(),
        "channels": Channel.choices,
    }
    template = "cases/_queue_table.html" if request.headers.get("HX-Request") else None
    return render(request, template or "cases/queue.html", context)


@login_required
@require_GET
def export(request: StaffRequest) -> HttpResponse:
    """The queue as filtered, as an Excel file; the petitioner's identity is never in it."""
    visible = case_list_visible_to(request.user)
    cases = queue_tab(case_filter(visible, queue_filters(request.GET)), request.GET.get("tab", ""))
    cases = cases.select_related("handling_unit", "region", "subcategory").prefetch_related(
        "fields"
    )
    rows = cases.order_by("-registered_at")[:EXPORT_MAX]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        cases_workbook(rows, title=f"信访投诉事项 {stamp}"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.xlsx"'
    return response


def _visible_or_404(user: User, receipt_number: str) -> Case:
    case = case_get_visible(user, receipt_number)
    if case is None:
        raise Http404
    return case


def _actions(case: Case, user: User, units: QuerySet[Unit]) -> list[dict]:
    names = actions_available(case.status, user.role)
    if not units.exists():
        names = [name for name in names if name not in ("forward", "assign")]
    if case.handling_unit_id != user.unit_id:  # only the receiving unit itself may object
        names = [name for name in names if name != "object"]
    names.sort(key=lambda name: name not in PRIMARY_ACTIONS)  # the usual next step first
    return [
        {
            "name": name,
            "label": TRANSITIONS[name].label,
            "fields": ACTION_FIELDS.get(name, ()),
            "note_label": NOTE_LABELS.get(name, _("办理意见（可不填）")),
        }
        for name in names
    ]


# Event data shown on the case page, in the clerk's words; codes and internal keys are left out.
EVENT_DATA_LABELS = {
    "channel": _lazy("渠道"),
    "unit_name": _lazy("接收单位"),
    "reason": _lazy("理由"),
    "legal_basis": _lazy("依据"),
    "merged_into": _lazy("合并到"),
    "body": _lazy("致函机关"),
    "finding": _lazy("调查结论"),
    "days": _lazy("延长天数"),
    "new_due": _lazy("新期限"),
    "satisfaction": _lazy("评价"),
    "decision": _lazy("意见"),
    "followed_proposal": _lazy("采纳研判建议"),
}
EVENT_VALUE_LABELS: dict[str, dict[Any, Any]] = {
    "channel": dict(Channel.choices),
    "finding": dict(Finding.choices),
    "satisfaction": dict(Satisfaction.choices),
    "followed_proposal": {True: _lazy("是"), False: _lazy("否")},
}


def _event_data(data: dict[str, Any]) -> list[tuple[Any, Any]]:
    return [
        (label, EVENT_VALUE_LABELS.get(key, {}).get(data[key], data[key]))
        for key, label in EVENT_DATA_LABELS.items()
        if data.get(key) not in (None, "")
    ]


def _events(case: Case) -> list[dict]:
    return [
        {
            "event": event,
            "label": TRANSITIONS[event.action].label if event.action in TRANSITIONS else _("登记"),
            "from_label": STATUS_LABELS.get(Status(event.from_status), "")
            if event.from_status
            else "",
            "to_label": STATUS_LABELS.get(Status(event.to_status), ""),
            "data": _event_data(event.data),
        }
        for event in case.events.select_related("unit", "actor").order_by("at", "id")
    ]


def _masked(case: Case) -> dict[str, str] | None:
    """The masked petitioner, without the values that were never given."""
    masked = petitioner_masked(case)
    return {k: v for k, v in masked.items() if v} if masked else None


def _proposal(case: Case) -> dict[str, str]:
    """Triage's routing proposal: the unit's code and a name to show."""
    routing = case.triage.get("routing") or {}
    code = routing.get("unit_code") or ""
    name = Unit.objects.filter(code=code).values_list("name", flat=True).first() if code else None
    return {"proposed_unit": code, "proposed_name": name or routing.get("body") or ""}


def _detail(request: StaffRequest, case: Case, status: int = 200, **extra: object) -> HttpResponse:
    user = request.user
    units = Unit.objects.none()
    if user.unit is not None:
        units = user.unit.subtree().filter(active=True)
        units = units.exclude(pk=case.handling_unit_id)
    case.deadline_state = deadline_state(case.due_date, today())  # type: ignore[attr-defined]
    actions = _actions(case, user, units)
    for action in actions:
        action["values"] = extra.get("posted") if extra.get("failed") == action["name"] else {}
    same_matter, elsewhere = case_same_matter(case, user)
    context: dict[str, object] = {
        "case": case,
        "events": _events(case),
        "attachments": case.attachments.all(),
        "petitioner": _masked(case),
        "actions": actions,
        "units": units,
        **_proposal(case),
        "same_matter": [r for r in same_matter if r.certain],
        "possible_matter": [r for r in same_matter if not r.certain],
        "same_matter_elsewhere": elsewhere,
        "decline_reasons": DeclineReason.objects.filter(active=True),
        "findings": Finding.choices,
        "satisfactions": Satisfaction.choices,
        **extra,
    }
    return render(request, "cases/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: StaffRequest, receipt_number: str) -> HttpResponse:
    return _detail(request, _visible_or_404(request.user, receipt_number))


@login_required
@require_POST
def reveal(request: StaffRequest, receipt_number: str) -> HttpResponse:
    case = _visible_or_404(request.user, receipt_number)
    try:
        identity = petitioner_reveal(case=case, actor=request.user)
    except DomainError as error:
        return _detail(request, case, status=error.status_code, error=error.message)
    return _detail(request, case, identity=identity)


@login_required
@require_POST
def act(request: StaffRequest, receipt_number: str, action: str) -> HttpResponse:
    case = _visible_or_404(request.user, receipt_number)
    if action not in TRANSITIONS:
        raise Http404
    try:
        case_act(
            case_id=case.pk,
            action=action,
            actor=request.user,
            data=action_input(action, request.POST),
        )
    except DomainError as error:
        return _detail(
            request,
            case,
            status=error.status_code,
            error=error.message,
            failed=action,
            posted=request.POST,
        )
    messages.success(request, _("已%(label)s") % {"label": TRANSITIONS[action].label})
    return redirect("cases:detail", receipt_number=case.receipt_number)


def _hotline_submission(form: HotlineForm) -> Submission:
    data = form.cleaned_data
    return Submission(
        channel=Channel.HOTLINE_12369,
        content=data["content"],
        address=data["address"],
        petitioner=PetitionerInput(name=data["name"], phone=data["phone"]),
        anonymous=data["anonymous"],
        track=data["track"],
        field_codes=tuple(data["field_codes"]),
        idempotency_key=data["idempotency_key"],
    )


@login_required
def hotline(request: StaffRequest) -> HttpResponse:
    choices = list(Field.objects.values_list("code", "name"))
    form = HotlineForm(request.POST or None, field_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            made = register_submission(submission=_hotline_submission(form), actor=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request.session[HOTLINE_KEY] = [made.receipt_number, made.query_code]
            return redirect("cases:hotline")
    done = request.session.pop(HOTLINE_KEY, None) if request.method == "GET" else None
    phone = form["phone"].value() or "" if form.is_bound else ""
    context = {"form": form, "done": done, "history": _history(request.user, phone)}
    return render(request, "cases/hotline.html", context, status=422 if form.errors else 200)


def _suggestion(user: User, content: str, address: str) -> dict[str, Any] | None:
    """What triage makes of a call so far, and earlier cases of the same matter; nothing is
    stored."""
    if len(content.strip()) < 6:
        return None
    found = triage.classify(content)
    names = dict(Field.objects.values_list("code", "name"))
    place = triage.locate(address, content)
    return {
        "fields": found.fields,
        "field_names": [names.get(code, code) for code in found.fields],
        "subcategory": found.subcategory,
        "reasons": found.reasons,
        "place": place,
        "risk": triage.assess_risk(content),
        "earlier": cases_same_matter_as(user, matter_text(address, content), place.region_code),
    }


@login_required
@require_GET
def hotline_triage(request: StaffRequest) -> HttpResponse:
    content, address = request.GET.get("content", ""), request.GET.get("address", "")
    context = {"suggestion": _suggestion(request.user, content[:5000], address[:300])}
    return render(request, "cases/_hotline_triage.html", context)


def _history(user: User, phone: str) -> list[Case]:
    """The caller's earlier cases, newest first; nothing until the number is long enough."""
    if len(phone.strip()) < 7:
        return []
    cases = cases_by_phone(user, phone).select_related("handling_unit")
    return list(cases.order_by("-registered_at")[:20])


@login_required
@require_GET
def hotline_history(request: StaffRequest) -> HttpResponse:
    phone = request.GET.get("phone", "").strip()
    context = {"history": _history(request.user, phone), "phone": phone}
    return render(request, "cases/_hotline_history.html", context)
