"""Administrative regions (GB/T 2260): province, prefecture-level units, county-level units."""

from django.db import models


class Region(models.Model):
    """行政区划: one province, prefecture-level or county-level unit."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省级"
        PREFECTURE = "prefecture", "市州级"
        COUNTY = "county", "县级"

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64)
    short_name = models.CharField("简称", max_length=32, blank=True)
    level = models.CharField("级别", max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"

    def __str__(self) -> str:
        return self.name
