from datetime import date

from core.calendar import CALENDAR_DAYS, WORKING_DAYS, add_days, deadline_state, has_official_data


def test_working_days_skip_national_day_2026_and_count_the_make_up_saturday() -> None:
    # Given a case forwarded on the eve of National Day (Wed 30 Sep 2026)
    # When 5 working days are counted: Oct 1-7 off, Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13
    deadline = add_days(date(2026, 9, 30), 5, WORKING_DAYS)
    # Then the period ends on Tuesday 13 October and is not provisional
    assert deadline.due == date(2026, 10, 13)
    assert not deadline.provisional


def test_the_make_up_sunday_before_national_day_counts_as_a_working_day() -> None:
    # Sun 20 Sep 2026 is a make-up workday: Fri 18 + 5 working days = 20, 21, 22, 23, 24
    assert add_days(date(2026, 9, 18), 5, WORKING_DAYS).due == date(2026, 9, 24)


def test_an_ordinary_week_skips_the_weekend() -> None:
    assert add_days(date(2026, 11, 27), 1, WORKING_DAYS).due == date(2026, 11, 30)


def test_a_calendar_period_ending_in_the_holiday_runs_to_the_next_working_day() -> None:
    # 1 Sep + 30 days = 1 Oct, a holiday; the period ends on the first working day after it
    assert add_days(date(2026, 9, 1), 30, CALENDAR_DAYS).due == date(2026, 10, 8)


def test_a_calendar_period_ending_on_a_working_day_is_exact() -> None:
    assert add_days(date(2026, 10, 8), 60, CALENDAR_DAYS).due == date(2026, 12, 7)


def test_a_year_without_holiday_data_counts_weekends_only_and_is_provisional() -> None:
    deadline = add_days(date(2026, 12, 28), 10, WORKING_DAYS)
    # Dec 29-31 (3), then 2027 counted Monday to Friday only: Jan 1 (Fri) counts, as no data says
    assert deadline.due == date(2027, 1, 11)
    assert deadline.provisional


def test_an_administrators_holiday_notice_makes_that_year_known() -> None:
    overrides = {date(2027, 1, 1): False}
    deadline = add_days(date(2026, 12, 28), 10, WORKING_DAYS, overrides)
    assert deadline.due == date(2027, 1, 12)
    assert not deadline.provisional
    assert has_official_data(2027, overrides)
    assert not has_official_data(2027)


def test_deadline_state_is_green_amber_red() -> None:
    today = date(2026, 11, 29)
    assert deadline_state(date(2026, 12, 10), today) == "on_time"
    assert deadline_state(date(2026, 12, 2), today) == "due_soon"
    assert deadline_state(date(2026, 11, 29), today) == "due_soon"
    assert deadline_state(date(2026, 11, 28), today) == "overdue"
    assert deadline_state(None, today) == ""
