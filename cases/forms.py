"""Staff forms: the queue filters, the one small form per workflow action, the hotline console."""

import uuid

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from cases.models import Channel, Track
from cases.selectors import CaseFilters
from cases.services import ActionInput

# What each action's form asks for, in order; nothing else is shown or read.
ACTION_FIELDS: dict[str, tuple[str, ...]] = {
    "accept": ("note",),
    "decline": ("decline_reason", "note"),
    "merge": ("target_receipt", "note"),
    "forward": ("unit_code", "note"),
    "assign": ("unit_code", "note"),
    "refer_by_letter": ("body", "note"),
    "object": ("note",),
    "handle": ("finding", "measures"),
    "extend": ("days", "note"),
    "reply": ("reply",),
    "conclude": ("note",),
    "rate": ("satisfaction",),
    "review": ("note",),
    "re_review": ("note",),
    "decide_review": ("decision",),
    "archive": ("note",),
}

# The note field's label where it means something particular for the action.
NOTE_LABELS = {
    "object": _("异议理由"),
    "extend": _("延期理由（经批准）"),
    "review": _("申请理由"),
    "re_review": _("申请理由"),
}

# The tabs of the queue: each a filter over the visible cases.
QUEUE_TABS = (
    ("registered", _("待受理")),
    ("accepted", _("待转办")),
    ("handling", _("办理中")),
    ("due_soon", _("即将超期")),
    ("overdue", _("已超期")),
)


def action_input(action: str, post: QueryDict) -> ActionInput:
    """The ActionInput for `action` from the posted form, reading only its own fields."""
    wanted = ACTION_FIELDS.get(action, ())
    values = {name: post.get(name, "").strip() for name in wanted if name != "days"}
    days = None
    if "days" in wanted:
        raw = post.get("days", "").strip()
        days = int(raw) if raw.isdigit() else None
    return ActionInput(days=days, **values)


def queue_filters(params: QueryDict) -> CaseFilters:
    return CaseFilters(
        status=params.get("status", ""),
        field=params.get("field", ""),
        county=params.get("county", ""),
        channel=params.get("channel", ""),
        deadline=params.get("deadline", ""),
        q=params.get("q", "").strip(),
    )


class HotlineForm(forms.Form):
    phone = forms.CharField(
        label=_("来电号码"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "autofocus": True}),
    )
    content = forms.CharField(
        label=_("反映内容"), required=False, widget=forms.Textarea(attrs={"rows": 7})
    )
    address = forms.CharField(label=_("问题地点"), required=False)
    name = forms.CharField(label=_("来电人姓名"), required=False)
    anonymous = forms.BooleanField(label=_("来电人要求匿名"), required=False)
    track = forms.ChoiceField(
        label=_("类型"), choices=Track.choices, initial=Track.REPORT, widget=forms.RadioSelect
    )
    field_codes = forms.MultipleChoiceField(
        label=_("领域（可不选）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, field_choices: list, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"idempotency_key": uuid.uuid4().hex})
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["field_codes"].choices = field_choices  # type: ignore[attr-defined]


CHANNEL_CHOICES = Channel.choices
