"""Admin for the doors: inbound sources (secrets write-only) and WeChat conversations."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from core.admin import AuditedAdmin
from core.services import audit
from intake.models import InboundSource, WechatConversation


class InboundSourceForm(forms.ModelForm):
    secret = forms.CharField(
        label="签名密钥",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text="对方系统用它签名推送，我们用它签名回传。留空则保持原密钥。",
    )

    class Meta:
        model = InboundSource
        fields = ["key", "name", "channel", "callback_url", "active"]

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if not secret and not self.instance.secret_encrypted:
            raise forms.ValidationError("新来源须设置签名密钥")
        if secret and len(secret) < 16:
            raise forms.ValidationError("密钥至少 16 个字符")
        return secret


@admin.register(InboundSource)
class InboundSourceAdmin(AuditedAdmin):
    form = InboundSourceForm
    list_display = ["key", "name", "channel", "callback_url", "active", "updated_at"]
    list_filter = ["active", "channel"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        secret = form.cleaned_data.get("secret")
        if secret:
            obj.set_secret(secret)
            form.changed_data.remove("secret")  # the audit log records that, never what
        super().save_model(request, obj, form, change)
        if secret:
            audit(actor=request.user, action="inbound_source.secret_change", target=obj.key)


@admin.register(WechatConversation)
class WechatConversationAdmin(admin.ModelAdmin):
    list_display = ["openid", "pending_place", "updated_at"]
    readonly_fields = [
        "openid",
        "pending_text",
        "pending_place",
        "latitude",
        "longitude",
        "pending_media",
        "updated_at",
    ]
