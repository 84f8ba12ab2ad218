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
