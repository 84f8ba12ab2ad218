"""Writes and proposals of routing: loading rules, proposing who handles a case."""

from typing import Any

from django.db import transaction

from accounts.models import Unit
from cases.models import Field, Subcategory
from routing.models import ResponsibilityRule
from routing.rules import Matter, Proposal, propose


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
