"""研判: run triage on a registered case, store what it found and why, propose who handles it."""

from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

import triage
from accounts.models import Role, User
from cases.models import Case, Field, Finding, Subcategory
from cases.selectors import cases_of_matter
from cases.workflow import OPEN_STATUSES
from core import clock
from core.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from regions.models import Region
from routing.models import TriageCorrection
from routing.rules import Matter
from routing.services import routing_propose
from routing.surges import surge_detect

REPEAT_WINDOW = timedelta(days=180)
CANDIDATES_MAX = 500
# How many of the cases triage is unsure of (疑似同一事项) the clerk is asked about.
POSSIBLE_SHOWN = 3
# Channels by which a matter arrives from above the competent level (越级).
LEVEL_SKIPPING_CHANNELS = frozenset({"national_system", "petition_bureau"})
CORRECTING_ROLES = frozenset({Role.CLERK, Role.DISPATCHER})
# Earlier findings that the reported party did what it was accused of.
SUBSTANTIATED = frozenset({Finding.TRUE, Finding.PARTLY_TRUE})


def _same_matter(
    case: Case, key: triage.MatterKey, region_code: str | None
) -> list[tuple[float, Case]]:
    """Earlier cases of the same matter, best first: same county, within months, any wording."""
    earlier = Case.objects.filter(
        registered_at__gte=case.registered_at - REPEAT_WINDOW,
        registered_at__lte=case.registered_at,
    ).exclude(pk=case.pk)
    if region_code:
        earlier = earlier.filter(region_id=region_code)
    return cases_of_matter(key, earlier, CANDIDATES_MAX)


def _linked(
    case: Case,
    key: triage.MatterKey,
    region_code: str | None,
    confirmed: set[str],
    dismissed: set[str],
) -> tuple[list[tuple[float, Case]], list[tuple[float, Case]], set[int]]:
    """The earlier cases of the matter, best first: those triage links, a clerk confirmed or
    the same petitioner raised, and those triage asks the clerk about; none a clerk dismissed;
    and which of them the same petitioner raised."""
    found = [
        (score, other)
        for score, other in _same_matter(case, key, region_code)
        if other.receipt_number not in dismissed
    ]
    numbers = {other.receipt_number for _, other in found}
    found += [
        (triage.key_score(key, other.matter_key()), other)
        for other in Case.objects.filter(receipt_number__in=confirmed - numbers)
    ]
    mine = _same_petitioner(case, [other for _, other in found])
    linked = [
        (score, other)
        for score, other in found
        if triage.link_kind(score) == triage.SAME
        or other.receipt_number in confirmed
        or other.pk in mine
    ]
    asked = [pair for pair in found if pair not in linked]
    return sorted(linked, key=lambda pair: pair[0], reverse=True), asked, mine


def _same_person(case: Case) -> Q | None:
    """Cases raised by the petitioner of `case`: the same phone or the same ID number (a letter
    and a visit name the person by ID card, a call by phone); None for an anonymous case."""
    petitioner = case.petitioner
    if petitioner is None:
        return None
    same = Q()
    if petitioner.phone_hash:
        same |= Q(petitioner__phone_hash=petitioner.phone_hash)
    if petitioner.id_number_hash:
        same |= Q(petitioner__id_number_hash=petitioner.id_number_hash)
    return same or None


def _same_petitioner(case: Case, others: list[Case]) -> set[int]:
    """Those of `others` raised by the petitioner of `case`: a matter triage is unsure of is
    one when the same person raises it again (重访)."""
    same = _same_person(case)
    if same is None or not others:
        return set()
    return set(
        Case.objects.filter(same, pk__in=[other.pk for other in others]).values_list(
            "pk", flat=True
        )
    )


def _repeats(
    key: triage.MatterKey, found: list[tuple[float, Case]], mine: set[int]
) -> list[dict[str, Any]]:
    """The best of the same-matter cases, as stored on the case for the clerk, with why."""
    return [
        {
            "receipt_number": other.receipt_number,
            "score": score,
            "status": other.status,
            "open": other.status in OPEN_STATUSES,
            "why": [*triage.link_reasons(key, other.matter_key()), *_by_petitioner(other, mine)],
        }
        for score, other in found[:10]
    ]


def _by_petitioner(other: Case, mine: set[int]) -> tuple[str, ...]:
    return ("同一信访人再次反映",) if other.pk in mine else ()


def _fill_case(case: Case, classification: triage.Classification, place: triage.Place) -> None:
    """Set what the clerk left empty from triage; what a person set is never overwritten."""
    if case.region_id is None and place.region_code and place.level == "county":
        case.region = Region.objects.filter(code=place.region_code).first()
    if case.primary_field_id is None and classification.fields:
        by_code = Field.objects.in_bulk(classification.fields, field_name="code")
        fields = [by_code[c] for c in classification.fields if c in by_code]
        if fields:
            case.primary_field = fields[0]
            case.fields.set(fields)
            if classification.subcategory:
                case.subcategory = Subcategory.objects.filter(
                    field=fields[0], name=classification.subcategory
                ).first()


def case_assess(*, case_id: int) -> dict[str, Any]:
    """Triage one case and store the result with its reasons on the case; idempotent."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("petitioner")
            .get(pk=case_id)
        )
        classification = triage.classify(case.content)
        place = triage.locate(case.address, case.content, case.latitude, case.longitude)
        _fill_case(case, classification, place)
        region_code = case.region_id
        key = triage.matter_key(case.matter_text)
        dismissed = set((case.triage or {}).get("dismissed", []))
        confirmed = set((case.triage or {}).get("confirmed", [])) - dismissed
        same_matter, possible, mine = _linked(case, key, region_code, confirmed, dismissed)
        repeats = _repeats(key, same_matter, mine)
        same_person = _same_person(case)
        petitioner_cases = (
            Case.objects.filter(same_person, registered_at__lt=case.registered_at).count()
            if same_person is not None
            else 0
        )
        surge = surge_detect(case=case, linked=[other for _, other in same_matter])
        risk = triage.assess_risk(
            case.content,
            repeat_count=max(len(repeats), petitioner_cases),
            level_skipping=case.channel in LEVEL_SKIPPING_CHANNELS,
            prior_violations=sum(other.finding in SUBSTANTIATED for _, other in same_matter),
            in_surge=surge is not None,
        )
        proposal = routing_propose(
            matter=Matter(
                text=case.content,
                fields=tuple(f.code for f in case.fields.all()) or classification.fields,
                subcategory=case.subcategory.name
                if case.subcategory
                else (classification.subcategory or ""),
                county_code=region_code,
            )
        )
        case.triage = {
            "assessed_at": clock.now().isoformat(),
            "classification": asdict(classification),
            "place": asdict(place),
            "repeats": repeats,
            "possible": _repeats(key, possible, mine)[:POSSIBLE_SHOWN],
            "matter": triage.key_record(key),
            "dismissed": sorted(dismissed),
            "confirmed": sorted(confirmed),
            "petitioner_earlier_cases": petitioner_cases,
            "risk": asdict(risk),
            "surge": surge.reason if surge else None,
            "routing": asdict(proposal) if proposal else None,
        }
        case.save()
    return case.triage


def _triage_view(case: Case) -> dict[str, Any]:
    """What a correction changes, as kept for training: fields with the primary one first."""
    codes = [f.code for f in case.fields.all()]
    primary = case.primary_field.code if case.primary_field else None
    return {
        "fields": sorted(codes, key=lambda code: code != primary),
        "subcategory": case.subcategory.name if case.subcategory else "",
        "region": case.region_id or "",
    }


def _locked_for_correction(case_id: int, actor: User) -> Case:
    """The case, locked for the transaction, when the actor may correct its triage."""
    if actor.role not in CORRECTING_ROLES:
        raise Forbidden("只有登记员和分办员可以修改研判结果")
    case = Case.objects.select_for_update().select_related("handling_unit").get(pk=case_id)
    if actor.unit is None or not case.handling_unit.is_within(actor.unit):
        raise NotFound(f"找不到事项 {case.receipt_number}")
    return case


def case_triage_correct(
    *,
    case_id: int,
    actor: User,
    field_codes: tuple[str, ...],
    subcategory: str = "",
    region_code: str = "",
) -> Case:
    """Set fields, subcategory and county as the clerk says; keep the change; propose again."""
    with transaction.atomic():
        case = _locked_for_correction(case_id, actor)
        if case.status not in OPEN_STATUSES:
            raise NotAllowed(f"事项已{case.status_label}，不能再修改研判结果")
        by_code = Field.objects.in_bulk(field_codes, field_name="code")
        fields = [by_code[c] for c in dict.fromkeys(field_codes) if c in by_code]
        if not fields or len(fields) != len(set(field_codes)):
            raise InvalidInput("请至少选择一个有效的领域（第一个为主要领域）")
        region = Region.objects.filter(code=region_code, level="county").first()
        if region_code and region is None:
            raise InvalidInput(f"没有代码为 {region_code} 的县区")
        sub = Subcategory.objects.filter(field=fields[0], name=subcategory).first()
        if subcategory and sub is None:
            raise InvalidInput(f"{fields[0].name}领域下没有“{subcategory}”这一类别")
        before = _triage_view(case)
        case.primary_field, case.subcategory = fields[0], sub
        case.fields.set(fields)
        case.region = region or case.region
        case.save()
        TriageCorrection.objects.create(
            case=case, actor=actor, at=clock.now(), before=before, after=_triage_view(case)
        )
    case_assess(case_id=case.pk)
    case.refresh_from_db()
    return case


def _links_view(case: Case) -> dict[str, list[str]]:
    """The earlier cases triage linked and those it asked about, and those a clerk confirmed or
    dismissed, as kept for training."""
    triage_result = case.triage or {}
    view = {
        name: [r["receipt_number"] for r in triage_result.get(name) or []]
        for name in ("repeats", "possible")
    }
    return view | {name: list(triage_result.get(name, [])) for name in ("confirmed", "dismissed")}


def _judge_same_matter(case_id: int, actor: User, receipt_number: str, same: bool) -> Case:
    """Keep the clerk's word on one earlier case triage linked or asked about: it stays so when
    the case is triaged again (risk and surges are weighed again at once), and the pair is kept
    as a correction."""
    with transaction.atomic():
        case = _locked_for_correction(case_id, actor)
        before = _links_view(case)
        if receipt_number not in before["repeats"] + before["possible"]:
            raise InvalidInput(f"{receipt_number} 不在研判发现的同一事项或疑似事项中")
        confirmed = set(case.triage.get("confirmed", [])) - {receipt_number}
        dismissed = set(case.triage.get("dismissed", [])) - {receipt_number}
        (confirmed if same else dismissed).add(receipt_number)
        case.triage["confirmed"], case.triage["dismissed"] = sorted(confirmed), sorted(dismissed)
        case.save(update_fields=["triage"])
        case_assess(case_id=case.pk)
        case.refresh_from_db()
        TriageCorrection.objects.create(
            case=case, actor=actor, at=clock.now(), before=before, after=_links_view(case)
        )
    return case


def case_same_matter_dismiss(*, case_id: int, actor: User, receipt_number: str) -> Case:
    """The clerk says an earlier case triage linked or asked about is another matter."""
    return _judge_same_matter(case_id, actor, receipt_number, same=False)


def case_same_matter_confirm(*, case_id: int, actor: User, receipt_number: str) -> Case:
    """The clerk says an earlier case triage asked about (疑似同一事项) is the same matter."""
    return _judge_same_matter(case_id, actor, receipt_number, same=True)


def matter_keys_refresh(*, batch: int = 500) -> int:
    """Store a fresh matter key on every case of the repeat window whose stored key is missing
    or was read by other code; idempotent, and a second run finds nothing to do."""
    refreshed = 0
    recent = Case.objects.filter(registered_at__gte=clock.now() - REPEAT_WINDOW).order_by("pk")
    last = 0
    while page := list(
        recent.filter(pk__gt=last).only("pk", "address", "content", "triage")[:batch]
    ):
        last = page[-1].pk
        stale = [c for c in page if triage.key_from_record((c.triage or {}).get("matter")) is None]
        for case in stale:
            case.triage = {**(case.triage or {}), "matter": triage.key_record(case.matter_key())}
        Case.objects.bulk_update(stale, ["triage"])
        refreshed += len(stale)
    return refreshed
