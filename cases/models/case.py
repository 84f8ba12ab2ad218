"""The case (信访投诉事项), its petitioner, events and attachments."""

from django.db import models

from accounts.models import Unit, User
from cases.models.reference import DeclineReason, Field, Subcategory, Track
from cases.workflow import STATUS_LABELS, Status
from regions.models import Region
from triage import MatterKey, key_from_record
from triage import matter_key as read_matter_key


class Channel(models.TextChoices):
    """渠道."""

    WEB = "web", "网站/手机"
    HOTLINE_12369 = "hotline_12369", "12369热线"
    HOTLINE_12345 = "hotline_12345", "12345热线"
    WECHAT = "wechat", "微信公众号"
    PETITION_BUREAU = "petition_bureau", "省信访局"
    NATIONAL_SYSTEM = "national_system", "国家信访信息系统"
    LETTER = "letter", "来信"
    VISIT = "visit", "来访"
    OPEN311 = "open311", "第三方应用（Open311）"


class Finding(models.TextChoices):
    TRUE = "true", "属实"
    PARTLY_TRUE = "partly_true", "部分属实"
    NOT_TRUE = "not_true", "不属实"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Petitioner(models.Model):
    """信访人 / 举报人: every identifying value encrypted; phone and ID looked up by keyed hash."""

    name_encrypted = models.TextField(blank=True)
    phone_encrypted = models.TextField(blank=True)
    id_number_encrypted = models.TextField(blank=True)
    address_encrypted = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        verbose_name = "信访人"
        verbose_name_plural = "信访人"

    def __str__(self) -> str:
        return f"信访人#{self.pk}"


class ReceiptCounter(models.Model):
    """The last receipt sequence number handed out on one day."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)


def matter_text(address: str, content: str) -> str:
    """What a complaint says about its matter: the address names the place the text may leave
    out."""
    return f"{address}。{content}" if address else content


class Case(models.Model):
    """信访投诉事项: one matter raised by one or more petitioners."""

    receipt_number = models.CharField("受理编号", max_length=20, unique=True)
    query_code_encrypted = models.TextField()
    channel = models.CharField("渠道", max_length=32, choices=Channel.choices)
    track = models.CharField("类型", max_length=16, choices=Track.choices, default=Track.REPORT)
    content = models.TextField("内容")
    address = models.CharField("问题地点", max_length=300, blank=True)
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name="所在县区",
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    fields = models.ManyToManyField(Field, blank=True, related_name="cases", verbose_name="领域")
    primary_field = models.ForeignKey(
        Field,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="主要领域",
    )
    subcategory = models.ForeignKey(
        Subcategory, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    petitioner = models.ForeignKey(
        Petitioner, null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    anonymous = models.BooleanField("匿名", default=False)

    status = models.CharField(
        "状态",
        max_length=16,
        choices=list(STATUS_LABELS.items()),
        default=Status.REGISTERED,
        db_index=True,
    )
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="cases", verbose_name="办理单位"
    )
    forwarded_from = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report_back = models.BooleanField("需报送结果", default=False)
    referred_to = models.CharField("致函机关", max_length=200, blank=True)
    decline_reason = models.ForeignKey(
        DeclineReason, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    registered_at = models.DateTimeField("登记时间", db_index=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    concluded_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField("办理期限", null=True, blank=True, db_index=True)
    deadline_provisional = models.BooleanField("期限暂定", default=False)
    objection_due_date = models.DateField(null=True, blank=True)
    review_window_until = models.DateField(null=True, blank=True)
    extended_days = models.PositiveSmallIntegerField(default=0)

    finding = models.CharField("调查结论", max_length=16, choices=Finding.choices, blank=True)
    measures = models.TextField("处理措施", blank=True)
    reply_text = models.TextField("答复意见", blank=True)
    satisfaction = models.CharField(
        "满意度", max_length=16, choices=Satisfaction.choices, blank=True
    )
    review_level = models.PositiveSmallIntegerField("复查级次", default=0)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="repeats"
    )
    idempotency_key = models.CharField(max_length=128, null=True, blank=True, unique=True)
    # The outside system a case came from (e.g. "hotline-12345") and its id there.
    source = models.CharField("来源系统", max_length=64, blank=True)
    external_id = models.CharField("来源编号", max_length=128, blank=True)
    triage = models.JSONField("研判结果", default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = "信访投诉事项"
        verbose_name_plural = "信访投诉事项"
        indexes = [
            models.Index(fields=["handling_unit", "status", "due_date"]),
            # Surge counts and same-matter look-ups read one county and field over weeks.
            models.Index(fields=["region", "primary_field", "registered_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="case_unique_external_id_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]

    @property
    def matter_text(self) -> str:
        """What the case says about its matter (triage compares cases by it)."""
        return matter_text(self.address, self.content)

    def matter_key(self) -> MatterKey:
        """The matter key stored at the case's triage, or read again from its matter text when
        there is none or it was read by older code."""
        stored = key_from_record((self.triage or {}).get("matter"))
        return stored or read_matter_key(self.matter_text)


class CaseEvent(models.Model):
    """One step in a case's history; append-only."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=32)
    from_status = models.CharField(max_length=16, blank=True)
    to_status = models.CharField(max_length=16)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"


class Attachment(models.Model):
    """A photo or document attached to a case, stored outside the database."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to="attachments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
