"""激增预警 at registration: count a subject's recent cases, decide by triage's rule, raise once.

Two kinds of subject: a county and field ("630102:noise"), and one matter — the same enterprise
or spot, found by triage's same-matter links ("630102:matter:<oldest linked receipt>").

Raised once: a case in a surge joins the live alert it belongs to — its county and field's, or
its matter's — and only raises that alert's count; an alert is live while its last case lies
within one window before this one. So one surge in a county and field makes one alert, named
after the matter when one matter's complaints tipped it, and a new alert needs a surge that
starts after a quiet window. Acknowledging an alert does not end its episode: a surge that goes
on after a supervisor has seen it does not nag them again.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Min, Q

from cases.models import Case
from regions.models import Region
from routing.models import SurgeAlertRecord
from triage.risk import SURGE_RULE, SurgeCheck, surge_check, surge_reason

# How far before the window the usual rate is counted.
SURGE_HISTORY = timedelta(days=90)
SHORT_TEXT = 20


@dataclass(frozen=True)
class Surge:
    """A case's part in a surge: the alert it raised or fed, and the surge as of this case."""

    alert: SurgeAlertRecord
    reason: str


def _days(span: timedelta) -> float:
    return span.total_seconds() / 86400


def _county_field_check(case: Case) -> tuple[SurgeCheck, datetime]:
    """The county+field subject's surge check as of `case`, and when its window's first case came.

    Two counts in one query, whatever the length of the history. The case itself is counted
    apart: what triage just filled in on it may not be saved yet.
    """
    at, window_start = case.registered_at, case.registered_at - SURGE_RULE.window
    before = Q(registered_at__lt=at) | Q(registered_at=at, pk__lt=case.pk)
    stats = Case.objects.filter(
        before,
        region_id=case.region_id,
        primary_field_id=case.primary_field_id,
        registered_at__gte=window_start - SURGE_HISTORY,
    ).aggregate(
        recent=Count("pk", filter=Q(registered_at__gt=window_start)),
        total=Count("pk"),
        first=Min("registered_at"),
        since=Min("registered_at", filter=Q(registered_at__gt=window_start)),
    )
    check = surge_check(
        recent=stats["recent"] + 1,
        earlier=stats["total"] - stats["recent"],
        history_days=_days(window_start - min(stats["first"] or at, at)),
    )
    return check, min(stats["since"] or at, at)


def _matter_check(case: Case, linked: Sequence[Case]) -> tuple[SurgeCheck, datetime]:
    """The matter's surge check as of `case`, counted over its same-matter links."""
    at, window_start = case.registered_at, case.registered_at - SURGE_RULE.window
    history = [
        other.registered_at
        for other in linked
        if other.registered_at >= window_start - SURGE_HISTORY
        and (other.registered_at, other.pk) < (at, case.pk)
    ]
    recent = [moment for moment in history if moment > window_start] + [at]
    check = surge_check(
        recent=len(recent),
        earlier=len(history) + 1 - len(recent),
        history_days=_days(window_start - min([*history, at])),
    )
    return check, min(recent)


def _lock_subjects_of(region_code: str) -> None:
    """Serialise alert decisions within one county, so two concurrent cases raise one alert.

    FOR NO KEY UPDATE does not block new cases that point at the region; SQLite ignores it
    and serialises writers anyway.
    """
    list(Region.objects.select_for_update(no_key=True).filter(pk=region_code).values("pk"))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[:SHORT_TEXT] + "…"


def _of_matter(alert: SurgeAlertRecord, members: Sequence[Case]) -> bool:
    """Whether `alert` is the alert of the matter `members` belong to."""
    prefix = f"{alert.region_id}:matter:"
    return alert.kind == SurgeAlertRecord.Kind.MATTER and any(
        alert.case_id == c.pk or alert.subject == prefix + c.receipt_number for c in members
    )


def _live_alert(case: Case, members: Sequence[Case]) -> SurgeAlertRecord | None:
    """The alert of the episode `case` is part of: its matter's first, else its county+field's."""
    at, prefix = case.registered_at, f"{case.region_id}:matter:"
    ours = Q(kind=SurgeAlertRecord.Kind.MATTER) & (
        # The linked cases' own oldest link may differ from ours: any shared case will do.
        Q(subject__in=[prefix + c.receipt_number for c in members])
        | Q(case_id__in=[c.pk for c in members])
    )
    if case.primary_field_id is not None:
        ours |= Q(field_id=case.primary_field_id)
    live = SurgeAlertRecord.objects.filter(
        ours, region_id=case.region_id, since__lte=at, last_seen_at__gt=at - SURGE_RULE.window
    )
    return min(live, key=lambda a: (not _of_matter(a, members), a.since), default=None)


def _feed(alert: SurgeAlertRecord, case: Case, check: SurgeCheck | None) -> None:
    """Keep the episode going to `case`; the alert shows the episode's peak."""
    changed = []
    if check is not None and check.count > alert.count:
        alert.count, alert.expected = check.count, round(check.expected, 2)
        alert.reason = surge_reason(alert.label, check)[:300]
        changed += ["count", "expected", "reason"]
    if alert.last_seen_at is None or case.registered_at > alert.last_seen_at:
        alert.last_seen_at = case.registered_at
        changed.append("last_seen_at")
    if changed:
        alert.save(update_fields=changed)


def _matter_label(case: Case, members: Sequence[Case]) -> tuple[str, str]:
    """The matter's key and name: by its oldest linked receipt, with that case's short text."""
    anchor = min(members, key=lambda c: (c.registered_at, c.pk))
    region = case.region.name if case.region else ""
    return (
        f"{case.region_id}:matter:{anchor.receipt_number}",
        f"{region}{anchor.receipt_number}号事项「{_short(anchor.content)}」",
    )


def _county_field_label(case: Case) -> tuple[str, str]:
    field, region = case.primary_field, case.region
    return (
        f"{case.region_id}:{field.code if field else ''}",
        f"{region.name if region else case.region_id}{field.name if field else ''}领域",
    )


def surge_detect(*, case: Case, linked: Sequence[Case]) -> Surge | None:
    """The surge `case` is part of, raising its alert once; None when it is part of none.

    `linked` are the earlier cases triage found to be the same matter. Precondition: the caller
    holds a transaction. Running it again for the same case changes nothing.
    """
    if case.region_id is None:  # no county: no supervisor to tell
        return None
    members = [*linked, case]
    check, since = _matter_check(case, linked)
    county_field = None
    if case.primary_field_id is not None:
        county_field = _county_field_check(case)
    if check.surging:  # the more telling subject when both surge
        kind, (subject, label) = SurgeAlertRecord.Kind.MATTER, _matter_label(case, members)
    elif county_field and county_field[0].surging:
        kind, (subject, label) = SurgeAlertRecord.Kind.COUNTY_FIELD, _county_field_label(case)
        check, since = county_field
    else:
        return None
    _lock_subjects_of(case.region_id)
    alert = _live_alert(case, members)
    if alert is None:
        alert, _ = SurgeAlertRecord.objects.get_or_create(
            subject=subject,
            since=since,
            defaults={
                "kind": kind,
                "label": label,
                "region_id": case.region_id,
                "field_id": case.primary_field_id,
                "last_seen_at": case.registered_at,
                "count": check.count,
                "expected": round(check.expected, 2),
                "reason": surge_reason(label, check)[:300],
                "case": case,
            },
        )
    elif _of_matter(alert, members):
        _feed(alert, case, check if kind == SurgeAlertRecord.Kind.MATTER else None)
    else:  # the county+field's alert, or another matter's that tipped the same county+field
        by_field = alert.kind == SurgeAlertRecord.Kind.COUNTY_FIELD
        _feed(alert, case, county_field[0] if by_field and county_field else None)
    return Surge(alert, surge_reason(label, check))
