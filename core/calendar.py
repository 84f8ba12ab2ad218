"""Working-day arithmetic on the official Chinese holiday calendar (pure, no ORM)."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar

CALENDAR_DAYS = "calendar"
WORKING_DAYS = "working"


@dataclass(frozen=True)
class Deadline:
    due: date
    provisional: bool  # True when some day was counted without official holiday data


def _is_workday(day: date, overrides: Mapping[date, bool]) -> tuple[bool, bool]:
    """(is a working day, known from data) for one day.

    Overrides hold an administrator's entry of a year's official notice: a year with any
    override counts as known, its other days following the ordinary week.
    """
    if day in overrides:
        return overrides[day], True
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        # No official data for that year yet: weekends only, and say so.
        return day.weekday() < 5, any(d.year == day.year for d in overrides)


def add_days(
    start: date, days: int, kind: str, overrides: Mapping[date, bool] | None = None
) -> Deadline:
    """The date `days` calendar or working days after `start` (start itself not counted).

    A calendar-day period whose last day is a holiday ends on the next working day, as
    Chinese administrative law counts periods.
    """
    overrides = overrides or {}
    if kind == CALENDAR_DAYS:
        day = start + timedelta(days=days)
        workday, known = _is_workday(day, overrides)
        provisional = not known
        while not workday:
            day += timedelta(days=1)
            workday, known = _is_workday(day, overrides)
            provisional |= not known
        return Deadline(day, provisional)
    if kind != WORKING_DAYS:
        raise ValueError(f"unknown day kind {kind!r}")
    day, counted, provisional = start, 0, False
    while counted < days:
        day += timedelta(days=1)
        workday, known = _is_workday(day, overrides)
        provisional |= not known
        counted += workday
    return Deadline(day, provisional)


def has_official_data(year: int, overrides: Mapping[date, bool] | None = None) -> bool:
    """Whether the holiday calendar (or an administrator's overrides) covers `year`."""
    if any(day.year == year for day in overrides or {}):
        return True
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


DUE_SOON_DAYS = 3


def deadline_state(due: date | None, today: date) -> str:
    """on_time, due_soon (within 3 days) or overdue; '' when there is no running deadline."""
    if due is None:
        return ""
    if today > due:
        return "overdue"
    if (due - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "on_time"
