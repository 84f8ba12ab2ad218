"""Reads of routing: the surge alerts a supervisor or leader is to see."""

from datetime import datetime

from django.db.models import QuerySet

from accounts.models import Role, User
from cases.selectors import case_list_visible_to
from routing.models import SurgeAlertRecord

# Who is told of surges: 督办员 and 领导.
SURGE_ALERT_ROLES = frozenset({Role.SUPERVISOR, Role.LEADER})


def surge_alerts_visible_to(user: User) -> QuerySet[SurgeAlertRecord]:
    """Alerts about counties whose unit is the user's unit or below it; supervisors and leaders."""
    if not user.is_authenticated or user.unit is None or user.role not in SURGE_ALERT_ROLES:
        return SurgeAlertRecord.objects.none()
    return SurgeAlertRecord.objects.filter(region__in=user.unit.subtree().values("region"))


def surge_alerts_open_for(
    user: User, *, limit: int, seen_since: datetime | None = None
) -> tuple[list[SurgeAlertRecord], int]:
    """The newest unacknowledged alerts the user is to see (only those whose last case came
    after `seen_since`, when given), and how many are open in all.

    Each alert says whether the user may open its triggering case (`case_visible`): a county's
    supervisor is told of a surge before the case is forwarded to the county.
    """
    open_alerts = surge_alerts_visible_to(user).filter(acknowledged_at__isnull=True)
    shown = open_alerts.filter(last_seen_at__gte=seen_since) if seen_since else open_alerts
    alerts = list(shown.select_related("case")[:limit])
    total = open_alerts.count()
    if alerts:
        visible = set(
            case_list_visible_to(user)
            .filter(pk__in=[a.case_id for a in alerts])
            .values_list("pk", flat=True)
        )
        for alert in alerts:
            alert.case_visible = alert.case_id in visible  # type: ignore[attr-defined]
    return alerts, total
