"""What the doors remember: outside systems that push cases in, and WeChat conversations."""

from django.db import models

from cases.models import Channel
from core import crypto


class InboundSource(models.Model):
    """对接来源: an outside system (12345 hotline, petition bureau…) that pushes cases to us."""

    key = models.SlugField("来源标识", max_length=64, unique=True)
    name = models.CharField("名称", max_length=100)
    channel = models.CharField("渠道", max_length=32, choices=Channel.choices)
    secret_encrypted = models.TextField("签名密钥（加密存储）")
    callback_url = models.URLField("回传地址", blank=True)
    active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = "对接来源"
        verbose_name_plural = "对接来源"

    def __str__(self) -> str:
        return f"{self.name}（{self.key}）"

    @property
    def secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted)

    def set_secret(self, secret: str) -> None:
        self.secret_encrypted = crypto.encrypt(secret)


class SeenSignature(models.Model):
    """A signature already accepted, kept until its timestamp is too old to be replayed anyway."""

    source = models.ForeignKey(InboundSource, on_delete=models.CASCADE, related_name="+")
    signature = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "signature"], name="seen_signature_once")
        ]


class WechatMessage(models.Model):
    """A WeChat message we took in: whose it was, so replies about its case reach that follower."""

    msg_id = models.CharField(max_length=64, unique=True)
    openid = models.CharField(max_length=64, db_index=True)
    # What we answered, so WeChat's retries of the same message get the same answer.
    reply_encrypted = models.TextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)


class WechatConversation(models.Model):
    """微信会话: what a follower has told us so far toward one complaint; expires when idle."""

    openid = models.CharField(max_length=64, unique=True)
    pending_text = models.TextField(blank=True)
    pending_place = models.CharField(max_length=300, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    pending_media = models.JSONField(default=list, blank=True)  # [{"media_id", "pic_url"}]
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = "微信会话"
        verbose_name_plural = "微信会话"

    def __str__(self) -> str:
        return self.openid


class Visit(models.Model):
    """来访: petitioners received in person at the reception desk; 集体访 when five or more come."""

    GROUP_SIZE = 5  # 信访工作条例: a group visit, which sends at most five representatives

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="visit")
    visitors_count = models.PositiveSmallIntegerField("来访人数")
    received_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="接待人"
    )
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField("接待时间", db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = "来访"
        verbose_name_plural = "来访"

    def __str__(self) -> str:
        return f"来访 {self.case_id}"

    @property
    def is_group(self) -> bool:
        return self.visitors_count >= self.GROUP_SIZE


class VisitRepresentative(models.Model):
    """来访代表: one of at most five who speak for a visit; identity encrypted like a Petitioner."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="representatives")
    position = models.PositiveSmallIntegerField()
    name_encrypted = models.TextField(blank=True)
    phone_encrypted = models.TextField(blank=True)
    id_number_encrypted = models.TextField(blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    id_number_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["visit", "position"]
        constraints = [
            models.UniqueConstraint(fields=["visit", "position"], name="visit_representative_once")
        ]


class VisitLink(models.Model):
    """An earlier case the receiving clerk judged to be the same matter as this visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="visit_links")
    linked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.UniqueConstraint(fields=["visit", "case"], name="visit_link_once")]


class LetterScan(models.Model):
    """来信扫描件: a scanned letter waiting to be read (OCR) and registered by a clerk."""

    class OcrState(models.TextChoices):
        PENDING = "pending", "识别中"
        DONE = "done", "已识别"
        UNAVAILABLE = "unavailable", "本机无文字识别"
        FAILED = "failed", "识别失败"

    file = models.FileField(upload_to="letters/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    ocr_state = models.CharField(max_length=16, choices=OcrState.choices, default=OcrState.PENDING)
    ocr_text = models.TextField(blank=True)
    ocr_note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(db_index=True)
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="letter_scan"
    )

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = "来信扫描件"
        verbose_name_plural = "来信扫描件"

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
