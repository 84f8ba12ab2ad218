"""Deadlines from the rules in data and the holiday calendar."""

import logging
from datetime import date, datetime

from django.utils import timezone

from cases.models import DeadlineRule, HolidayOverride
from core import clock
from core.calendar import Deadline, add_days

logger = logging.getLogger(__name__)


def local_date(moment: datetime) -> date:
    """The Beijing-time date of an aware datetime: days are counted in Asia/Shanghai."""
    return timezone.localtime(moment).date()


def today() -> date:
    return local_date(clock.now())


def holiday_overrides() -> dict[date, bool]:
    return dict(HolidayOverride.objects.values_list("day", "is_workday"))


def deadline_rule(*, track: str, step: str) -> DeadlineRule | None:
    return DeadlineRule.objects.filter(track=track, step=step).first()


def deadline_for(*, track: str, step: str, start: date) -> Deadline | None:
    """When `step` of a case on `track` that starts on `start` is due; None without a rule."""
    rule = deadline_rule(track=track, step=step)
    if rule is None:
        logger.error("no deadline rule for track=%s step=%s; add one in the admin", track, step)
        return None
    deadline = add_days(start, rule.days, rule.day_kind, holiday_overrides())
    if deadline.provisional:
        # Administrators are warned once by the cases.W001 system check; this is the detail.
        logger.info(
            "deadline %s for %s/%s counted on weekends only: no holiday data for %s; "
            "add the official notice as holiday overrides",
            deadline.due,
            track,
            step,
            deadline.due.year,
        )
    return deadline
