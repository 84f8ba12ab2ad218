"""Reads of cases: what a user may see, and how a case's deadline stands."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

import triage
from accounts.models import Role, User
from cases.deadlines import today
from cases.models import Case
from cases.timeline import public_step
from core import clock, crypto
from core.calendar import DUE_SOON_DAYS, deadline_state

# Roles that work on or oversee cases; admin and security auditor see none (three-way separation).
CASE_ROLES = frozenset(
    {
        Role.CLERK,
        Role.DISPATCHER,
        Role.HANDLER,
        Role.SUPERVISOR,
        Role.LEADER,
        Role.CALLER,
        Role.ANALYST,
    }
)


def case_list_visible_to(user: User) -> QuerySet[Case]:
    """Cases held by the user's unit or a unit below it."""
    if not user.is_authenticated or user.unit is None or user.role not in CASE_ROLES:
        return Case.objects.none()
    return Case.objects.filter(handling_unit__in=user.unit.subtree())


@dataclass(frozen=True)
class SameMatterCase:
    """An earlier case of the same matter, with triage's reasons for saying so; not `certain`
    where triage only asks the clerk (疑似同一事项)."""

    case: Case
    why: tuple[str, ...]
    certain: bool = True


def case_same_matter(case: Case, user: User) -> tuple[list[SameMatterCase], int]:
    """The earlier cases triage linked to `case` as the same matter, then those it asks the
    clerk about, that the user may open, in triage's order, with their status today and why,
    and how many others units hold."""
    stored = (case.triage or {}).get("repeats", []), (case.triage or {}).get("possible", [])
    numbers = [r["receipt_number"] for rows in stored for r in rows]
    found = {
        c.receipt_number: c
        for c in case_list_visible_to(user)
        .filter(receipt_number__in=numbers)
        .only("receipt_number", "status")
    }
    shown = [
        SameMatterCase(found[r["receipt_number"]], tuple(r.get("why") or ()), certain)
        for certain, rows in zip((True, False), stored, strict=True)
        for r in rows
        if r["receipt_number"] in found
    ]
    return shown, len(numbers) - len(shown)


# How far back, and how many earlier cases of the county, a call is compared with.
CALL_REPEAT_WINDOW = timedelta(days=180)
CALL_CANDIDATES = 300


def cases_of_matter(
    key: triage.MatterKey, earlier: QuerySet[Case], candidates: int
) -> list[tuple[float, Case]]:
    """The newest `candidates` of `earlier` that triage links to the matter of `key` or asks
    the clerk about (triage.link_kind), best first with their scores, compared by the keys
    stored at their triage."""
    found = []
    for other in earlier.exclude(status="merged").order_by("-registered_at")[:candidates]:
        score = triage.key_score(key, other.matter_key())
        if triage.link_kind(score):
            found.append((score, other))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return found


def cases_same_matter_as(
    user: User, text: str, region_code: str | None, limit: int = 3
) -> list[SameMatterCase]:
    """Earlier cases the user may open that raise the matter a caller is describing, or may,
    best first: the last months' cases of the county, or of its prefecture when the call is
    placed no closer (海西州, 格尔木那边); none when it is not placed at all."""
    if not region_code:
        return []
    recent = case_list_visible_to(user).filter(
        Q(region_id=region_code) | Q(region__parent_id=region_code),
        registered_at__gte=clock.now() - CALL_REPEAT_WINDOW,
    )
    key = triage.matter_key(text)
    found = cases_of_matter(key, recent, CALL_CANDIDATES)
    return [
        SameMatterCase(
            other,
            triage.link_reasons(key, other.matter_key()),
            triage.link_kind(score) == triage.SAME,
        )
        for score, other in found[:limit]
    ]


def case_get_visible(user: User, receipt_number: str) -> Case | None:
    return (
        case_list_visible_to(user)
        .select_related("handling_unit", "region", "primary_field", "subcategory", "petitioner")
        .filter(receipt_number=receipt_number)
        .first()
    )


@dataclass(frozen=True)
class CaseFilters:
    status: str = ""
    field: str = ""
    county: str = ""
    channel: str = ""
    deadline: str = ""  # on_time, due_soon, overdue
    q: str = ""


def case_filter(cases: QuerySet[Case], filters: CaseFilters) -> QuerySet[Case]:
    """Apply the workbench and API filters; each empty filter is left out."""
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.field:
        cases = cases.filter(fields__code=filters.field)
    if filters.county:
        cases = cases.filter(region_id=filters.county)
    if filters.channel:
        cases = cases.filter(channel=filters.channel)
    if filters.deadline:
        day, soon = today(), today() + timedelta(days=DUE_SOON_DAYS)
        cases = cases.filter(due_date__isnull=False)
        cases = {
            "overdue": cases.filter(due_date__lt=day),
            "due_soon": cases.filter(due_date__gte=day, due_date__lte=soon),
            "on_time": cases.filter(due_date__gt=soon),
        }.get(filters.deadline, cases)
    if filters.q:
        q = filters.q.strip()
        cases = cases.filter(
            Q(receipt_number__startswith=q) | Q(content__contains=q) | Q(address__contains=q)
        )
    return cases.distinct() if filters.field else cases


# The workbench tabs (待受理 · 待转办 · 办理中 · 即将超期 · 已超期) beside "all".
QUEUE_TAB_STATUSES = {
    "registered": ["registered"],
    "accepted": ["accepted"],
    "handling": ["forwarded", "handling"],
}
DEADLINE_TABS = ("due_soon", "overdue")


def queue_tab(cases: QuerySet[Case], tab: str) -> QuerySet[Case]:
    """The cases on one workbench tab; an unknown or empty tab is all of them."""
    if tab in QUEUE_TAB_STATUSES:
        return cases.filter(status__in=QUEUE_TAB_STATUSES[tab])
    if tab in DEADLINE_TABS:
        return case_filter(cases, CaseFilters(deadline=tab))
    return cases


def queue_tab_counts(visible: QuerySet[Case]) -> dict[str, int]:
    """How many cases each tab holds, for the counts on the tabs."""
    counts = visible.aggregate(
        **{
            tab: Count("pk", filter=Q(status__in=statuses))
            for tab, statuses in QUEUE_TAB_STATUSES.items()
        }
    )
    for tab in DEADLINE_TABS:
        counts[tab] = queue_tab(visible, tab).count()
    return counts


def case_deadline_state(case: Case) -> str:
    return deadline_state(case.due_date, today())


def case_public_timeline(case: Case) -> list[dict[str, str]]:
    """The steps a citizen sees, oldest first, in their words."""
    steps = []
    for event in case.events.order_by("at", "id"):
        words = public_step(event.action, event.data)
        if words:
            steps.append(
                {"at": timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M"), "text": words}
            )
    return steps


def case_public_progress(case: Case) -> dict[str, Any]:
    """What the petitioner may see with receipt number and query code: never personal data."""
    replied = case.replied_at is not None
    return {
        "receipt_number": case.receipt_number,
        "status": case.status,
        "status_label": case.status_label,
        "fields": [f.name for f in case.fields.all()],
        "handling_unit": case.handling_unit.name,
        "registered_at": case.registered_at,
        "due_date": case.due_date,
        "deadline_provisional": case.deadline_provisional,
        "reply": case.reply_text if replied else None,
        "replied_at": case.replied_at,
        "satisfaction": case.satisfaction or None,
        "satisfaction_label": case.get_satisfaction_display() if case.satisfaction else None,
        "can_rate": replied and not case.satisfaction and case.status in ("replied", "concluded"),
        "timeline": case_public_timeline(case),
    }


def petitioner_masked(case: Case) -> dict[str, str] | None:
    """The petitioner as every staff role may see them: masked."""
    p = case.petitioner
    if p is None:
        return None
    return {
        "name": crypto.mask_name(crypto.decrypt(p.name_encrypted)),
        "phone": crypto.mask_phone(crypto.decrypt(p.phone_encrypted)),
        "id_number": crypto.mask_id_number(crypto.decrypt(p.id_number_encrypted)),
        "address": crypto.mask_address(crypto.decrypt(p.address_encrypted)),
    }


def cases_by_phone(user: User, phone: str) -> QuerySet[Case]:
    """The caller's earlier cases the user may see, found by keyed hash of the number."""
    digest = crypto.phone_hash(phone)
    if not digest:
        return Case.objects.none()
    return case_list_visible_to(user).filter(petitioner__phone_hash=digest)
