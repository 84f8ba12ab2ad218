"""Writes and proposals of routing: loading rules, proposing who handles a case, surge alerts."""

from typing import Any

from django.db import transaction

from accounts.models import Unit, User
from cases.models import Field, Subcategory
from core import clock
from core.errors import Forbidden, NotFound
from core.services import audit
from routing.models import ResponsibilityRule, SurgeAlertRecord
from routing.rules import Matter, Proposal, propose
from routing.selectors import SURGE_ALERT_ROLES, surge_alerts_visible_to


@transaction.atomic
def responsibility_rules_load(*, data: dict[str, Any]) -> int:
    """Create the rules in `data` that do not exist yet (by name); returns how many were new."""
    created = 0
    for item in data["rules"]:
        if ResponsibilityRule.objects.filter(name=item["name"]).exists():
            continue
        field, subcategory = None, None
        if "subcategory" in item:
            field_code, name = item["subcategory"]
            field = Field.objects.get(code=field_code)
            subcategory = Subcategory.objects.get(field=field, name=name)
        ResponsibilityRule.objects.create(
            name=item["name"],
            field=field,
            subcategory=subcategory,
            keywords=item.get("keywords", ""),
            region_prefix=item.get("region_prefix", ""),
            target=item["target"],
            unit=Unit.objects.filter(code=item.get("unit", "")).first(),
            body=item.get("body", ""),
            reason=item["reason"],
            priority=item.get("priority", 100),
        )
        created += 1
    return created


def routing_propose(*, matter: Matter) -> Proposal | None:
    """The handler the active rules propose for `matter`."""
    rules = [
        r.as_rule()
        for r in ResponsibilityRule.objects.select_related("field", "subcategory", "unit").filter(
            active=True
        )
    ]
    return propose(matter, rules)


def surge_alert_acknowledge(*, alert_id: int, actor: User) -> SurgeAlertRecord:
    """Record that a supervisor or leader has seen a surge alert; a second time changes nothing."""
    if actor.role not in SURGE_ALERT_ROLES:
        raise Forbidden("只有督办员和领导可以确认激增预警")
    with transaction.atomic():
        alert = surge_alerts_visible_to(actor).select_for_update().filter(pk=alert_id).first()
        if alert is None:
            raise NotFound("找不到该激增预警，或它不属于本单位辖区")
        if alert.acknowledged_at is None:
            _acknowledge(alert, actor)
    return alert


def surge_alerts_acknowledge_all(*, actor: User) -> int:
    """Record that a supervisor or leader has seen every open surge alert of their units (after
    a deploy fills in alerts for past surges); each is audited; returns how many."""
    if actor.role not in SURGE_ALERT_ROLES:
        raise Forbidden("只有督办员和领导可以确认激增预警")
    with transaction.atomic():
        alerts = list(
            surge_alerts_visible_to(actor).select_for_update().filter(acknowledged_at__isnull=True)
        )
        for alert in alerts:
            _acknowledge(alert, actor)
    return len(alerts)


def _acknowledge(alert: SurgeAlertRecord, actor: User) -> None:
    alert.acknowledged_by, alert.acknowledged_at = actor, clock.now()
    alert.save(update_fields=["acknowledged_by", "acknowledged_at"])
    audit(
        actor=actor,
        action="surge_alert.acknowledge",
        target=f"surge_alert:{alert.pk}",
        subject=alert.subject,
        reason=alert.reason,
    )
