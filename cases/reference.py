"""Loading the initial reference data file (used by a data migration and by admins)."""

import json
from pathlib import Path
from typing import Any

REFERENCE_FILE = Path(__file__).parent / "data" / "reference.json"


def reference_load(models: Any, data: dict[str, Any] | None = None) -> None:
    """Create reference rows that do not exist yet; never overwrite an administrator's edits.

    `models` is anything with get_model(app, name): the app registry or a migration's apps.
    """
    data = data or json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    field_model = models.get_model("cases", "Field")
    subcategory_model = models.get_model("cases", "Subcategory")
    for item in data["fields"]:
        field, _ = field_model.objects.get_or_create(
            code=item["code"], defaults={"name": item["name"], "order": item["order"]}
        )
        for name in item["subcategories"]:
            subcategory_model.objects.get_or_create(field=field, name=name)
    reason_model = models.get_model("cases", "DeclineReason")
    for item in data["decline_reasons"]:
        reason_model.objects.get_or_create(code=item["code"], defaults=item)
    rule_model = models.get_model("cases", "DeadlineRule")
    for item in data["deadline_rules"]:
        rule_model.objects.get_or_create(
            track=item["track"],
            step=item["step"],
            defaults={k: item[k] for k in ("days", "day_kind", "legal_basis")},
        )
