"""Which sender delivers each kind of outbox message (FixMyStreet's pluggable senders).

A sender takes a `core.outbox.Delivery` and returns only when the recipient acknowledged; any
exception means "try again later". Settings may override with OUTBOX_SENDERS.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

SENDERS = {
    # Signs with the inbound source's own secret, so it lives with the sources.
    "http_callback": "intake.adapters.inbound.deliver_callback",
    "wechat_customer": "intake.adapters.wechat.deliver_customer_message",
}


def sender_for(kind: str) -> Callable[[Any], None]:
    paths = {**SENDERS, **getattr(settings, "OUTBOX_SENDERS", {})}
    if kind not in paths:
        raise LookupError(f"no sender for outbox messages of kind {kind!r}")
    return import_string(paths[kind])
