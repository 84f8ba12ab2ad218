"""风险研判: levels with reasons, and one surge alert per surge."""

from datetime import UTC, datetime, timedelta

import pytest

from triage.risk import SurgeDetector, assess_risk

START = datetime(2026, 3, 1, tzinfo=UTC)


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


def test_a_surge_raises_one_alert_not_one_per_complaint() -> None:
    detector = SurgeDetector(window_days=3, min_count=3)
    usual = [detector.observe("华能电厂", START + timedelta(days=20 * i)) for i in range(6)]
    burst = [
        detector.observe("华能电厂", START + timedelta(days=130, hours=4 * i)) for i in range(10)
    ]
    assert not any(usual)
    assert sum(alert is not None for alert in burst) == 1


def test_a_steady_stream_raises_no_alert_once_its_rate_is_known() -> None:
    detector = SurgeDetector(window_days=3, min_count=3)
    alerts = [detector.observe("630104:noise", START + timedelta(hours=12 * i)) for i in range(200)]
    assert not any(alerts[20:])
