"""Reads of regions."""

from django.db.models import QuerySet

from regions.models import Region


def county_list() -> QuerySet[Region]:
    return Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")
