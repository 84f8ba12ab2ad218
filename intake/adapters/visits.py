"""来访: the reception desk registers petitioners who come in person, and links earlier cases."""

import functools
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

import triage
from accounts.models import Role, User
from cases.models import Channel
from cases.selectors import case_get_visible, case_list_visible_to, cases_of_matter
from core import clock, crypto
from core.errors import DomainError, Forbidden, InvalidInput, NotFound
from intake.models import Visit, VisitLink, VisitRepresentative
from intake.services import Receipt, Submission, register_submission
from intake.validation import PetitionerInput, clean_petitioner

DESK_ROLES = frozenset({Role.CLERK, Role.DISPATCHER})
REPRESENTATIVES_MAX = 5  # 信访工作条例: a group visit sends no more than five representatives
ROWS_READ = 20  # representative rows parsed from a form, so a sixth is refused, not dropped
CANDIDATE_WINDOW = timedelta(days=180)
CANDIDATES_SCANNED = 300
CANDIDATES_SHOWN = 10
QUERY_CODE_KEY = "visit_query_code"


class StaffRequest(HttpRequest):
    user: User  # type: ignore[assignment]


def desk_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only the reception desk of a unit (clerks, dispatchers) may use these pages."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: StaffRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.unit is None or request.user.role not in DESK_ROLES:
            raise PermissionDenied(_("只有登记员和分办员可以登记来信来访"))
        return view(request, *args, **kwargs)

    return wrapped


@dataclass(frozen=True)
class VisitInput:
    content: str
    address: str = ""
    visitors_count: int = 1
    representatives: tuple[PetitionerInput, ...] = ()
    idempotency_key: str = ""


def _representatives(visit: VisitInput) -> list[PetitionerInput]:
    """The representatives actually given, checked; empty rows are left out."""
    if visit.visitors_count < 1:
        raise InvalidInput("来访人数至少为 1 人")
    given = [p for p in visit.representatives if p.name or p.phone or p.id_number]
    if len(given) > REPRESENTATIVES_MAX:
        raise InvalidInput(
            f"来访代表最多 {REPRESENTATIVES_MAX} 名（集体访应推选不超过 5 名代表），"
            f"现在填了 {len(given)} 名"
        )
    if len(given) > visit.visitors_count:
        raise InvalidInput(
            f"代表人数（{len(given)}）不能多于来访人数（{visit.visitors_count}），请核对人数"
        )
    cleaned = []
    for position, representative in enumerate(given, start=1):
        try:
            checked = clean_petitioner(representative, anonymous=False)
        except InvalidInput as error:
            raise InvalidInput(f"第 {position} 名代表：{error.message}") from error
        if checked is None or not checked.name:
            raise InvalidInput(f"第 {position} 名代表：请填写姓名")
        cleaned.append(checked)
    if not cleaned:
        raise InvalidInput("请至少登记一名来访人（代表）的姓名")
    return cleaned


def visit_register(*, visit: VisitInput, actor: User) -> tuple[Visit, Receipt]:
    """Register a visit as a case (channel 来访), its representatives and who received it."""
    if actor.unit is None or actor.role not in DESK_ROLES:
        raise Forbidden("只有登记员和分办员可以登记来访")
    representatives = _representatives(visit)
    submission = Submission(
        channel=Channel.VISIT,
        content=visit.content,
        address=visit.address,
        petitioner=representatives[0],
        idempotency_key=visit.idempotency_key,
    )
    with transaction.atomic():
        receipt = register_submission(submission=submission, actor=actor)
        existing = Visit.objects.filter(case=receipt.case).first()
        if existing is not None:  # the same form posted twice
            return existing, receipt
        made = Visit.objects.create(
            case=receipt.case,
            visitors_count=visit.visitors_count,
            received_by=actor,
            unit=actor.unit,
            at=receipt.case.registered_at,
        )
        VisitRepresentative.objects.bulk_create(
            VisitRepresentative(
                visit=made,
                position=position,
                name_encrypted=crypto.encrypt(p.name),
                phone_encrypted=crypto.encrypt(p.phone),
                id_number_encrypted=crypto.encrypt(p.id_number),
                phone_hash=crypto.phone_hash(p.phone),
                id_number_hash=crypto.keyed_hash(p.id_number),
            )
            for position, p in enumerate(representatives, start=1)
        )
    return made, receipt


def visit_candidates(*, visit: Visit, user: User) -> list[dict[str, Any]]:
    """Earlier cases the user may see that look like the same matter, best first."""
    case = visit.case
    visible = case_list_visible_to(user).exclude(pk=case.pk).exclude(status="merged")
    linked = set(visit.links.values_list("case_id", flat=True))
    scores: dict[str, tuple[float, str]] = {
        r["receipt_number"]: (float(r.get("score") or 0), _("研判发现"))
        for r in case.triage.get("repeats") or []
    }
    recent = visible.filter(
        registered_at__gte=case.registered_at - CANDIDATE_WINDOW,
        registered_at__lte=case.registered_at,
    )
    if case.region_id:
        recent = recent.filter(region_id=case.region_id)
    for score, other in cases_of_matter(case.matter_key(), recent, CANDIDATES_SCANNED):
        if score > scores.get(other.receipt_number, (-1.0, ""))[0]:
            certain = triage.link_kind(score) == triage.SAME
            scores[other.receipt_number] = (score, _("同县同类") if certain else _("疑似同类"))
    found = visible.filter(receipt_number__in=scores).exclude(pk__in=linked)
    rows: list[dict[str, Any]] = [
        {
            "case": other,
            "score": scores[other.receipt_number][0],
            "why": scores[other.receipt_number][1],
        }
        for other in found.select_related("handling_unit", "region")
    ]
    rows.sort(key=lambda row: row["score"], reverse=True)
    return rows[:CANDIDATES_SHOWN]


def visit_link(*, visit: Visit, receipt_numbers: list[str], actor: User) -> int:
    """Link the visit to earlier cases of the same matter; linking twice is harmless."""
    if not receipt_numbers:
        raise InvalidInput("请勾选要关联的事项")
    visible = case_list_visible_to(actor).exclude(pk=visit.case_id)
    cases = list(visible.filter(receipt_number__in=receipt_numbers))
    missing = set(receipt_numbers) - {c.receipt_number for c in cases}
    if missing:
        raise NotFound(f"找不到事项 {'、'.join(sorted(missing))}")
    now = clock.now()
    with transaction.atomic():
        made = [
            VisitLink.objects.get_or_create(
                visit=visit, case=other, defaults={"linked_by": actor, "at": now}
            )[1]
            for other in cases
        ]
    return sum(made)


class VisitForm(forms.Form):
    content = forms.CharField(
        label=_lazy("反映内容"), required=False, widget=forms.Textarea(attrs={"rows": 7})
    )
    address = forms.CharField(label=_lazy("问题地点"), required=False)
    visitors_count = forms.IntegerField(
        label=_lazy("来访人数"),
        initial=1,
        error_messages={"required": _lazy("请填写来访人数"), "invalid": _lazy("来访人数须为整数")},
        widget=forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"idempotency_key": uuid.uuid4().hex, "visitors_count": 1})
        super().__init__(*args, **kwargs)


def _posted_rows(data: Any) -> list[dict[str, str]]:
    """Representative rows as posted (rep-0-name, rep-0-phone, rep-0-id_number …)."""
    rows: dict[int, dict[str, str]] = {}
    for key, value in data.items():
        match = re.fullmatch(r"rep-(\d{1,2})-(name|phone|id_number)", key)
        if match and int(match[1]) < ROWS_READ:
            rows.setdefault(int(match[1]), {})[match[2]] = str(value).strip()
    return [rows[i] for i in sorted(rows)]


def _form_rows(posted: list[dict[str, str]]) -> list[dict[str, Any]]:
    """Five rows to show, filled with what was typed so nothing is lost on an error."""
    rows = posted + [{}] * max(REPRESENTATIVES_MAX - len(posted), 0)
    return [{"index": i, **row} for i, row in enumerate(rows)]


@desk_required
def visit_new(request: StaffRequest) -> HttpResponse:
    form = VisitForm(request.POST or None)
    posted = _posted_rows(request.POST) if request.method == "POST" else []
    error = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        visit_input = VisitInput(
            content=data["content"],
            address=data["address"],
            visitors_count=data["visitors_count"],
            representatives=tuple(
                PetitionerInput(
                    name=r.get("name", ""),
                    phone=r.get("phone", ""),
                    id_number=r.get("id_number", ""),
                )
                for r in posted
            ),
            idempotency_key=data["idempotency_key"],
        )
        try:
            _, receipt = visit_register(visit=visit_input, actor=request.user)
        except DomainError as failure:
            error = failure.message
        else:
            request.session[QUERY_CODE_KEY] = [receipt.receipt_number, receipt.query_code]
            return redirect("intake_staff:visit", receipt_number=receipt.receipt_number)
    context = {"form": form, "rows": _form_rows(posted), "error": error}
    failed = bool(error or form.errors)
    return render(request, "intake/staff_visit_new.html", context, status=422 if failed else 200)


def _visit_or_404(user: User, receipt_number: str) -> Visit:
    case = case_get_visible(user, receipt_number)
    visit = Visit.objects.filter(case=case).select_related("received_by").first() if case else None
    if visit is None:
        raise Http404
    visit.case = case  # type: ignore[assignment]
    return visit


def _masked(representative: VisitRepresentative) -> dict[str, str]:
    return {
        "name": crypto.mask_name(crypto.decrypt(representative.name_encrypted)),
        "phone": crypto.mask_phone(crypto.decrypt(representative.phone_encrypted)),
        "id_number": crypto.mask_id_number(crypto.decrypt(representative.id_number_encrypted)),
    }


def _visit_page(
    request: StaffRequest, visit: Visit, status: int = 200, **extra: Any
) -> HttpResponse:
    shown = request.session.get(QUERY_CODE_KEY) or []
    query_code = shown[1] if shown and shown[0] == visit.case.receipt_number else ""
    context = {
        "visit": visit,
        "case": visit.case,
        "query_code": query_code,
        "representatives": [_masked(r) for r in visit.representatives.all()],
        "candidates": visit_candidates(visit=visit, user=request.user),
        "links": visit.links.select_related("case", "linked_by"),
        **extra,
    }
    return render(request, "intake/staff_visit.html", context, status=status)


@desk_required
def visit_detail(request: StaffRequest, receipt_number: str) -> HttpResponse:
    return _visit_page(request, _visit_or_404(request.user, receipt_number))


@desk_required
@require_POST
def visit_links(request: StaffRequest, receipt_number: str) -> HttpResponse:
    visit = _visit_or_404(request.user, receipt_number)
    try:
        count = visit_link(
            visit=visit, receipt_numbers=request.POST.getlist("case"), actor=request.user
        )
    except DomainError as failure:
        return _visit_page(request, visit, status=failure.status_code, error=failure.message)
    messages.success(request, _("已关联 %(count)d 件事项") % {"count": count})
    return redirect("intake_staff:visit", receipt_number=visit.case.receipt_number)
