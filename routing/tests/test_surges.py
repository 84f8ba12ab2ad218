"""激增预警 at registration: raised once per surge, by county+field or by matter, from counts."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Unit
from cases.models import Case, Field
from core import clock
from routing.assessment import case_assess
from routing.models import SurgeAlertRecord
from routing.services import surge_alert_acknowledge
from routing.surges import surge_detect
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")
SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 20, 9, tzinfo=SHANGHAI)

# Five noise complaints in 城西区 about five different places: no two are the same matter.
NOISE = [
    "城西区五四大街万达工地晚上十二点还在打桩，吵得睡不着",
    "胜利路一家KTV音响声音太大，每天闹到凌晨两点",
    "西关大街有家健身房凌晨还放很大声的音乐，楼上住户没法休息",
    "新宁路上的洗车场高压水枪和空压机轰鸣，从早吵到晚",
    "海晏路那边的装修公司天天电钻噪音，周末也不停",
]
# Four complaints about one chemical plant in 城北区.
FACTORY = [
    "城北区小桥大街青海鑫源化工厂晚上偷排废气，刺鼻的味道熏得人头疼",
    "又是小桥大街鑫源化工厂，今天凌晨排废气，味道刺鼻，孩子一直咳嗽",
    "鑫源化工厂排废气太严重了，小桥大街附近住户都闻得到刺鼻味道",
    "小桥大街鑫源化工厂的废气还在排，晚上根本不敢开窗",
]

# Two air complaints in 城北区 about other matters than the plant.
OTHER_AIR = [
    "城北区朝阳路一家烧烤店油烟直排，熏得没法开窗",
    "城北区生物园区工地扬尘很大，到处是灰",
]


def _noise_at(moment: datetime, text: str) -> Case:
    with clock.frozen_at(moment):
        return registered(content=text, region_code="630104", field_codes=("noise",)).case


def _factory_at(moment: datetime, text: str) -> Case:
    with clock.frozen_at(moment):
        return registered(content=text, region_code="630105", field_codes=("air",)).case


def _history(region_code: str, field_code: str, times: list[datetime]) -> None:
    """Earlier cases of one county and field, stored directly: only their times matter."""
    unit, field = Unit.objects.get(code="630000"), Field.objects.get(code=field_code)
    Case.objects.bulk_create(
        Case(
            receipt_number=f"H{region_code}{i:06d}",
            query_code_encrypted="",
            channel="web",
            content=f"历史投诉第{i}件",
            region_id=region_code,
            primary_field=field,
            handling_unit=unit,
            registered_at=at,
        )
        for i, at in enumerate(times)
    )


def test_a_county_and_field_surge_raises_one_alert_not_one_per_complaint() -> None:
    cases = [_noise_at(START + timedelta(hours=9 * i), text) for i, text in enumerate(NOISE)]
    alert = SurgeAlertRecord.objects.get()
    assert alert.kind == "county_field"
    assert alert.subject == "630104:noise"
    assert alert.region_id == "630104"
    assert alert.case == cases[2]
    assert alert.count == 5
    assert "城西区噪声领域近3天被投诉5次" in alert.reason
    assert [c.triage["surge"] is not None for c in cases] == [False, False, True, True, True]
    assert all("同类投诉短期激增" in c.triage["risk"]["reasons"] for c in cases[2:])


def test_three_complaints_about_one_factory_within_days_raise_one_alert_naming_it() -> None:
    cases = [_factory_at(START + timedelta(hours=20 * i), t) for i, t in enumerate(FACTORY)]
    alert = SurgeAlertRecord.objects.get()
    assert alert.kind == "matter"
    assert alert.subject == f"630105:matter:{cases[0].receipt_number}"
    assert cases[0].receipt_number in alert.label and "鑫源化工厂" in alert.label
    assert alert.case == cases[2]
    assert alert.count == 4
    assert alert.since == cases[0].registered_at


def test_a_matter_surge_within_a_county_and_field_surge_raises_no_second_alert() -> None:
    # Given an air surge in 城北区 that began with complaints about other matters
    texts = OTHER_AIR + FACTORY[:3]
    cases = [_factory_at(START + timedelta(hours=9 * i), t) for i, t in enumerate(texts)]
    # Then the plant's three complaints, a matter surge of their own, join its alert
    alert = SurgeAlertRecord.objects.get()
    assert alert.kind == "county_field" and alert.case == cases[2]
    assert alert.count == 5
    assert "鑫源化工厂" in cases[4].triage["surge"]


def test_another_matter_during_a_matter_surge_joins_its_alert() -> None:
    for i, text in enumerate(FACTORY[:3]):
        _factory_at(START + timedelta(hours=9 * i), text)
    _factory_at(START + timedelta(hours=27), OTHER_AIR[0])
    alert = SurgeAlertRecord.objects.get()
    assert alert.kind == "matter"
    assert alert.last_seen_at == START + timedelta(hours=27)


def test_complaints_at_the_usual_rate_raise_no_alert() -> None:
    # Given a county and field that draws a complaint every two days
    _history("630104", "noise", [START - timedelta(days=2 * i + 3) for i in range(45)])
    # When three come within two days
    for i, text in enumerate(NOISE[:3]):
        _noise_at(START + timedelta(hours=16 * i), text)
    # Then that is its usual rate, not a surge
    assert not SurgeAlertRecord.objects.exists()


def test_assessing_the_cases_again_raises_no_second_alert_and_changes_nothing() -> None:
    cases = [_factory_at(START + timedelta(hours=20 * i), t) for i, t in enumerate(FACTORY)]
    cases += [_noise_at(START + timedelta(hours=9 * i), text) for i, text in enumerate(NOISE)]
    before = list(SurgeAlertRecord.objects.values().order_by("pk"))
    surges_before = [c.triage["surge"] for c in cases]
    for case in cases:
        with clock.frozen_at(START + timedelta(days=2)):
            case_assess(case_id=case.pk)
    assert list(SurgeAlertRecord.objects.values().order_by("pk")) == before
    assert len(before) == 2
    assert [Case.objects.get(pk=c.pk).triage["surge"] for c in cases] == surges_before


def test_a_surge_that_goes_on_after_it_was_acknowledged_raises_no_new_alert() -> None:
    for i, text in enumerate(NOISE[:3]):
        _noise_at(START + timedelta(hours=9 * i), text)
    surge_alert_acknowledge(
        alert_id=SurgeAlertRecord.objects.get().pk, actor=staff_user("supervisor", "630100")
    )
    for i, text in enumerate(NOISE[3:], start=3):
        _noise_at(START + timedelta(hours=9 * i), text)
    alert = SurgeAlertRecord.objects.get()
    assert alert.count == 5
    assert alert.acknowledged_at is not None


def test_a_new_surge_after_a_quiet_spell_raises_a_new_alert() -> None:
    for i, text in enumerate(NOISE[:3]):
        _noise_at(START + timedelta(hours=9 * i), text)
    for i, text in enumerate(NOISE[2:]):
        _noise_at(START + timedelta(days=20, hours=9 * i), text)
    first, second = SurgeAlertRecord.objects.order_by("since")
    assert first.subject == second.subject == "630104:noise"
    assert second.since == START + timedelta(days=20)


def test_the_surge_check_costs_the_same_queries_whatever_the_history() -> None:
    short = _noise_at(START, NOISE[0])
    with CaptureQueriesContext(connection) as few:
        surge_detect(case=short, linked=[])
    _history("630104", "noise", [START - timedelta(hours=4 * i + 1) for i in range(500)])
    with CaptureQueriesContext(connection) as many:
        surge_detect(case=short, linked=[])
    assert len(many.captured_queries) == len(few.captured_queries) == 1
