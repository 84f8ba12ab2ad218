"""Writes of regions: loading a province's GB/T 2260 data file."""

from typing import Any

from django.db import transaction

from regions.models import Region


@transaction.atomic
def regions_load(*, data: dict[str, Any]) -> int:
    """Create or update the province, its prefecture-level and county-level units; returns count."""
    province = data["province"]
    Region.objects.update_or_create(
        code=province["code"],
        defaults={
            "name": province["name"],
            "short_name": province.get("short_name", ""),
            "level": Region.Level.PROVINCE,
            "parent": None,
        },
    )
    count = 1
    for prefecture in data["prefectures"]:
        Region.objects.update_or_create(
            code=prefecture["code"],
            defaults={
                "name": prefecture["name"],
                "short_name": prefecture.get("short_name", ""),
                "level": Region.Level.PREFECTURE,
                "parent_id": province["code"],
            },
        )
        count += 1
        for county in prefecture["counties"]:
            Region.objects.update_or_create(
                code=county["code"],
                defaults={
                    "name": county["name"],
                    "short_name": county.get("short_name", ""),
                    "level": Region.Level.COUNTY,
                    "parent_id": prefecture["code"],
                },
            )
            count += 1
    return count
