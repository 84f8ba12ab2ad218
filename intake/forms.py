"""The public submit form: parse what a citizen typed; the service validates the rest."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


class SubmitForm(forms.Form):
    content = forms.CharField(
        label=_("发生了什么问题"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("例如：哪家单位、什么污染、从什么时候开始、什么时间最严重"),
    )
    address = forms.CharField(
        label=_("在什么地方"),
        required=False,
        help_text=_("尽量写到街道、门牌或村社，例如：西宁市城西区五四大街12号"),
    )
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("您的姓名（可不填）"), required=False)
    phone = forms.CharField(
        label=_("联系电话（可不填）"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )
    anonymous = forms.BooleanField(label=_("匿名反映（不留姓名和电话）"), required=False)
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"idempotency_key": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]


class LookupForm(forms.Form):
    receipt_number = forms.CharField(
        label=_("受理编号"),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    query_code = forms.CharField(
        label=_("查询码"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
