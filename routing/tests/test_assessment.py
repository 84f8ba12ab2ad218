"""Triage at registration: stored on the case with reasons, repeats linked, surges raised once."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import triage
from cases.models import Case
from cases.services import ActionInput, case_act
from core import clock
from core.errors import Forbidden, InvalidInput
from routing.assessment import case_triage_correct, matter_keys_refresh
from routing.models import SurgeAlertRecord, TriageCorrection
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_new_case_is_triaged_at_registration_with_reasons() -> None:
    case = registered(
        content="大通县桥头镇电厂旁边的小河里这几天漂着死鱼，水发黑发臭，怀疑电厂在偷排废水",
        address="大通县桥头镇电厂旁边",
    ).case
    assert case.triage["classification"]["fields"][0] == "water"
    assert case.triage["classification"]["reasons"]
    assert case.region_id == "630121"
    assert case.primary_field is not None and case.primary_field.code == "water"
    assert case.triage["risk"]["level"] != "低"
    assert case.triage["risk"]["reasons"]
    assert case.triage["routing"]["unit_code"] == "630121"


def test_what_the_clerk_set_is_not_overwritten_by_triage() -> None:
    case = registered(field_codes=("noise",), region_code="630102").case
    assert case.primary_field.code == "noise"  # type: ignore[union-attr]
    assert case.region_id == "630102"


def test_a_place_triage_is_unsure_of_is_left_for_the_clerk() -> None:
    case = registered(content="这里晚上工地一直施工，太吵了", address="我家楼下").case
    assert case.region_id is None
    assert case.triage["place"]["region_code"] is None


def test_a_repeat_of_the_same_matter_is_linked_to_the_earlier_case() -> None:
    first = registered(
        content="城西区五四大街金座烧烤店油烟直排，每天晚上熏得窗户都打不开",
        address="西宁市城西区五四大街金座烧烤",
    ).case
    again = registered(
        content="又来反映五四大街金座烧烤的油烟问题，还是直接往居民楼排，没人管",
        address="西宁市城西区五四大街",
    ).case
    assert [r["receipt_number"] for r in again.triage["repeats"]] == [first.receipt_number]


def test_earlier_cases_are_compared_by_the_key_stored_at_their_triage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = registered(
        content="城西区五四大街金座烧烤店油烟直排，每天晚上熏得窗户都打不开",
        address="西宁市城西区五四大街金座烧烤",
    ).case
    assert triage.key_from_record(first.triage["matter"]) == triage.matter_key(first.matter_text)
    read: list[str] = []
    real = triage.matter_key

    def counting(text: str) -> triage.MatterKey:
        read.append(text)
        return real(text)

    monkeypatch.setattr("cases.models.case.read_matter_key", counting)
    again = registered(
        content="又来反映五四大街金座烧烤的油烟问题，还是直接往居民楼排，没人管",
        address="西宁市城西区五四大街",
    ).case
    assert [r["receipt_number"] for r in again.triage["repeats"]] == [first.receipt_number]
    assert first.matter_text not in read  # its stored key was used, not its text read again


def test_a_different_matter_on_the_same_street_is_not_linked() -> None:
    registered(
        content="城西区五四大街金座烧烤店油烟直排，每天晚上熏得窗户都打不开",
        address="西宁市城西区五四大街金座烧烤",
    )
    other = registered(
        content="五四大街上的工地晚上十二点还在施工，打桩声音吵得睡不着",
        address="西宁市城西区五四大街",
    ).case
    assert other.triage["repeats"] == []


def test_a_surge_raises_one_alert_not_one_per_complaint() -> None:
    start = datetime(2026, 11, 20, 9, tzinfo=SHANGHAI)
    texts = [
        "格尔木昆仑经济技术开发区有化工厂排放刺鼻气体，晚上味道特别大",
        "开发区那边又是一股化学品的臭味，格尔木这几天天天闻到",
        "格尔木市区东边刺鼻的味道，应该是开发区的厂子在偷排废气",
        "昆仑开发区废气太呛人了，小孩咳嗽，格尔木环保局管不管",
        "格尔木开发区工厂晚上偷偷排烟，气味刺鼻，窗户都不敢开",
    ]
    for hours, text in enumerate(texts):
        with clock.frozen_at(start + timedelta(hours=hours * 5)):
            registered(content=text, address="格尔木市昆仑经济技术开发区")
    assert SurgeAlertRecord.objects.count() == 1
    assert "632801" in SurgeAlertRecord.objects.get().subject


def test_a_clerks_correction_is_applied_kept_and_routing_proposed_again() -> None:
    case = registered(content="楼下饭店天天晚上吵", address="西宁市城西区五四大街").case
    clerk = staff_user("clerk", "630000")
    corrected = case_triage_correct(
        case_id=case.pk,
        actor=clerk,
        field_codes=("air", "noise"),
        subcategory="餐饮油烟",
        region_code="630105",
    )
    assert corrected.primary_field is not None and corrected.primary_field.code == "air"
    assert sorted(f.code for f in corrected.fields.all()) == ["air", "noise"]
    assert corrected.region_id == "630105"
    assert corrected.triage["routing"]["unit_code"] == "630105"
    kept = TriageCorrection.objects.get()
    assert kept.after["subcategory"] == "餐饮油烟"
    assert kept.before["region"] == "630104"


def test_a_correction_with_an_unknown_field_changes_nothing() -> None:
    case = registered().case
    with pytest.raises(InvalidInput):
        case_triage_correct(
            case_id=case.pk, actor=staff_user("clerk", "630000"), field_codes=("smell",)
        )
    assert TriageCorrection.objects.count() == 0


def test_a_handler_cannot_correct_triage() -> None:
    case = registered().case
    with pytest.raises(Forbidden):
        case_triage_correct(
            case_id=case.pk, actor=staff_user("handler", "630000"), field_codes=("air",)
        )


def test_forwarding_keeps_whether_the_dispatcher_followed_the_proposal() -> None:
    case = registered(
        content="大通县桥头镇电厂旁边的小河里漂着死鱼，水发黑发臭", address="大通县桥头镇电厂旁边"
    ).case
    forwarded = case_forwarded_to_unit(case, "630100")
    event = forwarded.events.get(action="forward")
    assert event.data["proposed_unit"] == "630121"
    assert event.data["followed_proposal"] is False


def case_forwarded_to_unit(case: object, unit_code: str) -> Case:
    dispatcher = staff_user("dispatcher", "630000")
    case_act(case_id=case.pk, action="accept", actor=dispatcher)  # type: ignore[attr-defined]
    return case_act(
        case_id=case.pk,  # type: ignore[attr-defined]
        action="forward",
        actor=dispatcher,
        data=ActionInput(unit_code=unit_code),
    )


def test_earlier_substantiated_findings_about_the_same_matter_raise_the_risk() -> None:
    first = registered(
        content="城西区五四大街金座烧烤店油烟直排，每天晚上熏得窗户都打不开",
        address="西宁市城西区五四大街金座烧烤",
    ).case
    Case.objects.filter(pk=first.pk).update(finding="true")
    again = registered(
        content="又来反映五四大街金座烧烤的油烟问题，还是直接往居民楼排，没人管",
        address="西宁市城西区五四大街",
    ).case
    assert "同一被投诉对象此前1次查证属实" in again.triage["risk"]["reasons"]
    Case.objects.filter(pk=first.pk).update(finding="not_true")
    unproven = registered(
        content="金座烧烤的油烟还是往居民楼排", address="西宁市城西区五四大街"
    ).case
    assert not any("查证属实" in r for r in unproven.triage["risk"]["reasons"])


def test_rekeying_refreshes_stale_keys_once() -> None:
    case = registered(content="城西区五四大街金鼎烧烤店油烟直排", address="西宁市城西区").case
    Case.objects.filter(pk=case.pk).update(triage={**case.triage, "matter": {"version": "old"}})
    assert matter_keys_refresh() == 1
    case.refresh_from_db()
    assert triage.key_from_record(case.triage["matter"]) == triage.matter_key(case.matter_text)
    assert case.triage["repeats"] == [] and "risk" in case.triage  # the rest is left as it was
    assert matter_keys_refresh() == 0
