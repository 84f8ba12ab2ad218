"""Reference data the system administrator edits in the admin: nothing of it is in code."""

from django.db import models


class Field(models.Model):
    """六大领域: air, water, noise, solid_waste, ecology, radiation, and other."""

    code = models.CharField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = "领域"
        verbose_name_plural = "领域"

    def __str__(self) -> str:
        return self.name


class Subcategory(models.Model):
    """问题类别 within a field, e.g. 餐饮油烟 under air."""

    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="subcategories")
    name = models.CharField("名称", max_length=32)

    class Meta:
        ordering = ["field__order", "name"]
        unique_together = [("field", "name")]
        verbose_name = "问题类别"
        verbose_name_plural = "问题类别"

    def __str__(self) -> str:
        return f"{self.field.name}·{self.name}"


class DeclineReason(models.Model):
    """不予受理理由 with its legal basis."""

    code = models.CharField("代码", max_length=32, unique=True)
    text = models.CharField("理由", max_length=200)
    legal_basis = models.CharField("依据", max_length=200)
    active = models.BooleanField("启用", default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "不予受理理由"
        verbose_name_plural = "不予受理理由"

    def __str__(self) -> str:
        return self.text


class Track(models.TextChoices):
    """Two tracks (信访工作条例 §31): a violation report, or another petition matter."""

    REPORT = "report", "举报违法行为"
    PETITION = "petition", "其他信访事项"


class DeadlineRule(models.Model):
    """办理时限: how many calendar or working days a step may take, per track."""

    class Step(models.TextChoices):
        ACCEPT = "accept", "登记后受理/转送"
        OBJECTION = "objection", "接收单位提出异议"
        CONCLUDE = "conclude", "受理后办结"
        EXTENSION = "extension", "延期上限"
        REVIEW_REQUEST = "review_request", "申请复查/复核"
        REVIEW_DECISION = "review_decision", "复查/复核答复"

    class DayKind(models.TextChoices):
        CALENDAR = "calendar", "自然日"
        WORKING = "working", "工作日"

    track = models.CharField("类型", max_length=16, choices=Track.choices)
    step = models.CharField("环节", max_length=32, choices=Step.choices)
    days = models.PositiveSmallIntegerField("天数")
    day_kind = models.CharField("计日方式", max_length=16, choices=DayKind.choices)
    legal_basis = models.CharField("依据", max_length=200, blank=True)

    class Meta:
        ordering = ["track", "step"]
        unique_together = [("track", "step")]
        verbose_name = "办理时限"
        verbose_name_plural = "办理时限"

    def __str__(self) -> str:
        days = f"{self.days}{self.get_day_kind_display()}"
        return f"{self.get_track_display()}·{self.get_step_display()}：{days}"


class HolidayOverride(models.Model):
    """节假日调整: a day the official calendar lacks or gets wrong (e.g. next year's notice)."""

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班")
    note = models.CharField("说明", max_length=100, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_workday else '放假'}"
