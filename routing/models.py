"""Responsibility rules an administrator edits per province and city."""

from django.db import models

from accounts.models import Unit
from cases.models import Field, Subcategory
from core import clock
from routing import rules


class ResponsibilityRule(models.Model):
    """职责分工规则: which unit or body handles matters of a kind, and why."""

    class Target(models.TextChoices):
        COUNTY_BRANCH = rules.COUNTY_BRANCH, "属地县区分局"
        PREFECTURE_BUREAU = rules.PREFECTURE_BUREAU, "市州生态环境局"
        UNIT = rules.UNIT, "指定单位（厅内处室等）"
        LETTER = rules.LETTER, "致函其他部门"

    name = models.CharField("规则名称", max_length=100)
    field = models.ForeignKey(Field, null=True, blank=True, on_delete=models.PROTECT)
    subcategory = models.ForeignKey(Subcategory, null=True, blank=True, on_delete=models.PROTECT)
    keywords = models.CharField("关键词（任一，逗号分隔）", max_length=300, blank=True)
    region_prefix = models.CharField("适用地区代码前缀", max_length=12, blank=True)
    target = models.CharField("承办", max_length=32, choices=Target.choices)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT)
    body = models.CharField("致函机关", max_length=100, blank=True)
    reason = models.CharField("理由（含依据）", max_length=300)
    priority = models.PositiveSmallIntegerField("优先级（小者优先）", default=100)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = "职责分工规则"
        verbose_name_plural = "职责分工规则"

    def __str__(self) -> str:
        return self.name

    def as_rule(self) -> rules.Rule:
        return rules.Rule(
            target=self.target,
            reason=self.reason,
            field=self.field.code if self.field else "",
            subcategory=self.subcategory.name if self.subcategory else "",
            keywords=tuple(
                k.strip() for k in self.keywords.replace("，", ",").split(",") if k.strip()
            ),
            region_prefix=self.region_prefix,
            unit_code=self.unit.code if self.unit else "",
            body=self.body,
            priority=self.priority,
        )


class SurgeAlertRecord(models.Model):
    """激增预警: complaints about one subject jumped above their usual rate; raised once.

    One record per surge episode of a county and field, or of one matter: the complaints that
    keep it going, each within one window of the last, raise its count, never a second record.
    `subject` is the key (county+field, or a matter by its oldest linked receipt); `label`
    names it for people.
    """

    class Kind(models.TextChoices):
        COUNTY_FIELD = "county_field", "县区+领域"
        MATTER = "matter", "同一事项"

    kind = models.CharField("类型", max_length=16, choices=Kind.choices, default=Kind.COUNTY_FIELD)
    subject = models.CharField("对象", max_length=200)
    label = models.CharField("对象名称", max_length=200, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="县区",
    )
    field = models.ForeignKey(
        "cases.Field",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="领域",
    )
    since = models.DateTimeField("起始")
    last_seen_at = models.DateTimeField("最近一件", null=True, blank=True)
    count = models.PositiveIntegerField("件数")
    expected = models.FloatField("通常件数")
    reason = models.CharField("说明", max_length=300)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="+", verbose_name="触发事项"
    )
    raised_at = models.DateTimeField("预警时间", default=clock.now)
    acknowledged_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="知悉人",
    )
    acknowledged_at = models.DateTimeField("知悉时间", null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        unique_together = [("subject", "since")]
        indexes = [models.Index(fields=["region", "acknowledged_at"])]
        verbose_name = "激增预警"
        verbose_name_plural = "激增预警"

    def __str__(self) -> str:
        return self.reason


class TriageCorrection(models.Model):
    """A clerk's correction of what triage found; kept as training data for the next model."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    before = models.JSONField()
    after = models.JSONField()

    class Meta:
        ordering = ["-at"]
        verbose_name = "研判纠正"
        verbose_name_plural = "研判纠正"
