"""Staff JSON API: visible cases, one case, and each workflow step."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict

from accounts.api_auth import StaffToken
from accounts.models import User
from cases.models import Case
from cases.selectors import (
    CaseFilters,
    case_deadline_state,
    case_filter,
    case_get_visible,
    case_list_visible_to,
    petitioner_masked,
)
from cases.services import ActionInput, case_act, petitioner_reveal
from cases.workflow import TRANSITIONS, actions_available
from core.errors import NotFound

router = Router(tags=["工作人员"], auth=StaffToken())


class CaseOut(Schema):
    receipt_number: str
    status: str
    status_label: str
    channel: str
    track: str
    content: str
    address: str
    county_code: str | None
    county_name: str | None
    fields: list[str]
    handling_unit: str
    handling_unit_name: str
    registered_at: datetime
    due_date: date | None
    deadline_state: str
    deadline_provisional: bool
    anonymous: bool


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    unit: str | None
    at: datetime
    note: str
    data: dict[str, Any]


class CaseDetailOut(CaseOut):
    finding: str
    measures: str
    reply: str
    satisfaction: str
    petitioner: dict[str, str] | None
    actions: list[str]
    events: list[EventOut]


class CasePage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CaseOut]


class FiltersIn(Schema):
    status: str = ""
    field: str = ""
    county: str = ""
    channel: str = ""
    deadline: str = ""
    q: str = ""
    page: int = Field(1, ge=1)
    page_size: int = Field(50, ge=1, le=500)


class ActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=2000)
    unit_code: str = Field("", max_length=32)
    decline_reason: str = Field("", max_length=32)
    body: str = Field("", max_length=200)
    finding: str = Field("", max_length=16)
    measures: str = Field("", max_length=5000)
    reply: str = Field("", max_length=10000)
    days: int | None = None
    satisfaction: str = Field("", max_length=16)
    target_receipt: str = Field("", max_length=20)
    decision: str = Field("", max_length=5000)


class ErrorOut(Schema):
    detail: str


def case_summary(case: Case) -> dict[str, Any]:
    return {
        "receipt_number": case.receipt_number,
        "status": case.status,
        "status_label": case.status_label,
        "channel": case.channel,
        "track": case.track,
        "content": case.content,
        "address": case.address,
        "county_code": case.region_id,
        "county_name": case.region.name if case.region else None,
        "fields": [f.code for f in case.fields.all()],
        "handling_unit": case.handling_unit.code,
        "handling_unit_name": case.handling_unit.name,
        "registered_at": case.registered_at,
        "due_date": case.due_date,
        "deadline_state": case_deadline_state(case),
        "deadline_provisional": case.deadline_provisional,
        "anonymous": case.anonymous,
    }


def case_detail(case: Case, user: User) -> dict[str, Any]:
    events = [
        {
            "action": e.action,
            "from_status": e.from_status,
            "to_status": e.to_status,
            "unit": e.unit.code if e.unit else None,
            "at": e.at,
            "note": e.note,
            "data": e.data,
        }
        for e in case.events.select_related("unit")
    ]
    return {
        **case_summary(case),
        "finding": case.finding,
        "measures": case.measures,
        "reply": case.reply_text,
        "satisfaction": case.satisfaction,
        "petitioner": petitioner_masked(case),
        "actions": actions_available(case.status, user.role),
        "events": events,
    }


def _visible(request: HttpRequest, receipt_number: str) -> Case:
    case = case_get_visible(request.user, receipt_number)  # type: ignore[arg-type]
    if case is None:
        raise NotFound(f"找不到事项 {receipt_number}")
    return case


@router.get("", response=CasePage)
def list_cases(request: HttpRequest, filters: Query[FiltersIn]) -> dict[str, Any]:
    """Cases the caller's unit and the units below it hold, newest first."""
    cases = (
        case_filter(
            case_list_visible_to(request.user),  # type: ignore[arg-type]
            CaseFilters(
                status=filters.status,
                field=filters.field,
                county=filters.county,
                channel=filters.channel,
                deadline=filters.deadline,
                q=filters.q,
            ),
        )
        .select_related("handling_unit", "region")
        .prefetch_related("fields")
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "count": cases.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [case_summary(c) for c in cases[start : start + filters.page_size]],
    }


@router.get("/{receipt_number}", response={200: CaseDetailOut, 404: ErrorOut})
def get_case(request: HttpRequest, receipt_number: str) -> dict[str, Any]:
    return case_detail(_visible(request, receipt_number), request.user)  # type: ignore[arg-type]


@router.get(
    "/{receipt_number}/petitioner", response={200: dict[str, str], 403: ErrorOut, 404: ErrorOut}
)
def reveal_petitioner(request: HttpRequest, receipt_number: str) -> dict[str, str]:
    """The petitioner in clear, for roles that must contact them; written to the audit log."""
    case = _visible(request, receipt_number)
    return petitioner_reveal(case=case, actor=request.user)  # type: ignore[arg-type]


@router.post(
    "/{receipt_number}/actions/{action}",
    response={200: CaseDetailOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    description="Actions: " + ", ".join(f"{k} ({t.label})" for k, t in TRANSITIONS.items()),
)
def act(
    request: HttpRequest, receipt_number: str, action: str, payload: ActionIn
) -> dict[str, Any]:
    """Take one workflow step; anything the transition table does not allow is a 409."""
    case = _visible(request, receipt_number)
    case = case_act(
        case_id=case.pk,
        action=action,
        actor=request.user,  # type: ignore[arg-type]
        data=ActionInput(**payload.dict()),
    )
    return case_detail(case, request.user)  # type: ignore[arg-type]
