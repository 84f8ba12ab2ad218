"""风险研判: levels with reasons, and the surge rule (raising one alert per surge is routing's)."""

import pytest

from triage.risk import assess_risk, surge_check


def test_an_ordinary_complaint_is_low_risk() -> None:
    assert assess_risk("楼下饭馆油烟有点大").level == "低"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("几十户居民联名反映工厂排废气", "中"),
        ("学校旁边的工厂排废气，再不管就找媒体曝光", "高"),
        ("全村联名：饮用水水源地被污染，好多人得了癌症，要去北京上访", "重大"),
    ],
)
def test_it_grades_risk_from_the_text(text: str, level: str) -> None:
    assert assess_risk(text).level == level


def test_repeats_and_an_offending_enterprise_raise_the_level() -> None:
    risk = assess_risk("化工厂排污水", repeat_count=4, prior_violations=3)
    assert risk.level == "高"
    assert "重复投诉4次" in risk.reasons


@pytest.mark.parametrize(
    "text",
    ["联名反映", "要找记者曝光", "鱼死了一大片", "三江源国家公园里有人挖沙", "学校门口的工地"],
)
def test_every_level_above_low_carries_reasons(text: str) -> None:
    risk = assess_risk(text)
    assert risk.level != "低"
    assert risk.reasons


def test_a_steady_stream_is_no_surge_once_its_rate_is_known() -> None:
    # Two a day for 87 days: six in the last three days is the usual rate.
    assert not surge_check(recent=6, earlier=174, history_days=87).surging


def test_three_complaints_within_days_about_a_quiet_subject_are_a_surge() -> None:
    check = surge_check(recent=3, earlier=0, history_days=0)
    assert check.surging
    assert check.expected == pytest.approx(0.1)


def test_two_complaints_are_never_a_surge() -> None:
    assert not surge_check(recent=2, earlier=0, history_days=0).surging


def test_complaints_at_the_subjects_usual_rate_are_no_surge() -> None:
    # One a day for 90 days: three in three days is what is expected.
    check = surge_check(recent=3, earlier=90, history_days=90)
    assert not check.surging
    assert check.expected == pytest.approx(3.0)


def test_three_times_the_usual_rate_is_a_surge() -> None:
    assert surge_check(recent=9, earlier=90, history_days=90).surging
