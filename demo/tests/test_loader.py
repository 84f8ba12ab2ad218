from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from accounts.models import User
from cases.models import Case, CaseEvent
from demo.loader import demo_cases_load, demo_users_ensure

pytestmark = pytest.mark.usefixtures("province")

UNTIL = datetime(2026, 11, 29, 12, tzinfo=ZoneInfo("Asia/Shanghai"))


def load(count: int) -> int:
    return demo_cases_load(
        seed=7, start=date(2025, 11, 29), end=date(2026, 11, 29), count=count, until=UNTIL
    )


def test_the_demo_drives_cases_through_the_real_workflow_and_loads_once() -> None:
    demo_users_ensure(password="Demo@12369")
    assert load(80) == 80
    assert load(80) == 0
    assert Case.objects.count() == 80
    statuses = set(Case.objects.values_list("status", flat=True))
    assert len(statuses) >= 4
    # every event happened in the past and in order
    for case in Case.objects.all()[:20]:
        times = list(case.events.values_list("at", flat=True))
        assert times == sorted(times)
        assert times[-1] <= UNTIL
    assert CaseEvent.objects.filter(action="forward").exists()


def test_demo_accounts_are_named_role_dash_unit_and_share_the_password() -> None:
    names = demo_users_ensure(password="Demo@12369")
    for name in (
        "clerk-630000",
        "dispatcher-630000",
        "handler-630102",
        "handler-632801",
        "supervisor-630100",
        "leader-630000",
    ):
        assert name in names
    assert User.objects.get(username="handler-632801").check_password("Demo@12369")
