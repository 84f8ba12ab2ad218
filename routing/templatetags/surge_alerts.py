"""The surge alert panel, for pages of other apps (the workbench queue)."""

from typing import Any

from django import template

from routing.views import surge_panel_context

register = template.Library()


@register.inclusion_tag("routing/_surge_alerts.html", takes_context=True)
def surge_alert_panel(context: template.Context) -> dict[str, Any]:
    """Open surge alerts for a supervisor or leader; nothing for other roles."""
    request = context["request"]
    return {
        **surge_panel_context(request.user, request.get_full_path()),
        "csrf_token": context.get("csrf_token"),
    }
