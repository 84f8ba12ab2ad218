"""Correcting triage on the case page: fields, subcategory, county and same-matter links."""

import pytest
from django.test import Client

from accounts.models import User
from cases.models import Case
from intake.validation import PetitionerInput
from routing.assessment import case_assess
from routing.models import TriageCorrection
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")

SHOP = "城西区五四大街金鼎烧烤店油烟直排，每天晚上熏得窗户都打不开"
AGAIN = "又来反映五四大街金鼎烧烤的油烟问题，还是直接往居民楼排，没人管"


def _login(client: Client, role: str, unit_code: str = "630000") -> User:
    user = staff_user(role, unit_code)
    client.force_login(user)
    return user


def _pair(later: str, found_as: str, phone: str = "13800001111") -> tuple[Case, Case]:
    """SHOP, then a later complaint on its street, by another petitioner unless `phone` is the
    first one's, that triage finds SHOP for as `found_as` (repeats: linked; possible: asked)."""
    first = registered(content=SHOP, address="西宁市城西区五四大街金鼎烧烤").case
    again = registered(
        content=later,
        address="西宁市城西区五四大街",
        petitioner=PetitionerInput(name="李四", phone=phone),
    ).case
    for tier in ("repeats", "possible"):
        expected = [first.receipt_number] if tier == found_as else []
        assert [r["receipt_number"] for r in again.triage[tier]] == expected
    return first, again


def _case_page(client: Client, role: str, case: Case) -> str:
    """The case page as a user of `role` at the province sees it."""
    _login(client, role)
    return client.get(f"/staff/cases/{case.receipt_number}/").content.decode()


def _judge(client: Client, role: str, case: Case, other: Case, verb: str) -> str:
    """What the case page says after a user of `role` posts confirm or dismiss on `other`."""
    _login(client, role)
    url = f"/staff/cases/{case.receipt_number}/same-matter/{other.receipt_number}/{verb}/"
    return client.post(url, follow=True).content.decode()


def _linked_pair() -> tuple[Case, Case]:
    return _pair(AGAIN, "repeats")


def test_a_dispatcher_sees_the_correction_form_and_a_handler_does_not(client: Client) -> None:
    _, again = _linked_pair()
    html = _case_page(client, "dispatcher", again)
    assert "修改研判" in html and "不是同一事项" in html
    html = _case_page(client, "leader", again)
    assert "修改研判" not in html


def test_a_correction_replaces_the_fields_and_is_kept(client: Client) -> None:
    case = registered(content="楼下烧烤店半夜还在喝酒划拳，吵得睡不着", address="西宁市城西区").case
    _login(client, "dispatcher")
    answer = client.post(
        f"/staff/cases/{case.receipt_number}/triage/",
        {"primary_field": "noise", "fields": ["noise", "air"], "subcategory": "社会生活噪声"},
    )
    assert answer.status_code == 302
    case.refresh_from_db()
    assert case.primary_field is not None and case.primary_field.code == "noise"
    assert set(case.fields.values_list("code", flat=True)) == {"noise", "air"}
    assert case.subcategory is not None and case.subcategory.name == "社会生活噪声"
    correction = TriageCorrection.objects.get(case=case)
    assert correction.after["fields"][0] == "noise"


def test_a_subcategory_of_another_field_is_refused_with_a_message(client: Client) -> None:
    case = registered(content="楼下烧烤店油烟太大", address="西宁市城西区").case
    _login(client, "dispatcher")
    answer = client.post(
        f"/staff/cases/{case.receipt_number}/triage/",
        {"primary_field": "noise", "subcategory": "餐饮油烟"},
        follow=True,
    )
    assert "噪声领域下没有“餐饮油烟”这一类别" in answer.content.decode()
    assert not TriageCorrection.objects.filter(case=case).exists()


def test_a_dismissed_link_stays_dismissed_and_is_kept_as_a_correction(client: Client) -> None:
    first, again = _linked_pair()
    page = _judge(client, "dispatcher", again, first, "dismiss")
    assert f"已标记 {first.receipt_number} 不是同一事项" in page
    again.refresh_from_db()
    assert again.triage["repeats"] == []
    case_assess(case_id=again.pk)  # triaged again: the clerk's word stands
    again.refresh_from_db()
    assert again.triage["repeats"] == [] and again.triage["dismissed"] == [first.receipt_number]
    correction = TriageCorrection.objects.get(case=again)
    assert correction.before["repeats"] == [first.receipt_number]
    assert correction.after["repeats"] == [] and correction.after["possible"] == []
    assert correction.after["dismissed"] == [first.receipt_number]


ID_NUMBER = "11010519491231002X"
# A shop on the street of SHOP with its problem, but no name or kind: triage is unsure.
UNSURE = "五四大街一家店油烟直排，熏得没法开窗"


def _asked_pair() -> tuple[Case, Case]:
    return _pair(UNSURE, "possible")


def test_the_same_petitioner_raising_an_unsure_matter_again_is_a_link() -> None:
    _, again = _pair(UNSURE, "repeats", phone="13912345678")  # SHOP's petitioner
    [link] = again.triage["repeats"]
    assert link["why"][-1] == "同一信访人再次反映"
    assert "重复投诉1次" in again.triage["risk"]["reasons"]


def test_the_same_petitioner_known_by_id_number_raising_it_again_is_a_link() -> None:
    """A letter or a visit names the person by ID card and may give another phone or none."""
    first = registered(
        content=SHOP,
        address="西宁市城西区五四大街金鼎烧烤",
        petitioner=PetitionerInput(name="王五", phone="13700002222", id_number=ID_NUMBER),
    ).case
    again = registered(
        content=UNSURE,
        address="西宁市城西区五四大街",
        petitioner=PetitionerInput(name="王五", id_number=ID_NUMBER.lower()),
    ).case
    [link] = again.triage["repeats"]
    assert link["receipt_number"] == first.receipt_number
    assert link["why"][-1] == "同一信访人再次反映"
    assert again.triage["petitioner_earlier_cases"] == 1


def test_the_case_page_asks_the_clerk_about_a_possible_repeat(client: Client) -> None:
    first, unsure = _asked_pair()
    html = _case_page(client, "dispatcher", unsure)
    assert "疑似同一事项，请核实（1 件）" in html and first.receipt_number in html
    assert f"same-matter/{first.receipt_number}/confirm/" in html
    html = _case_page(client, "leader", unsure)
    assert "疑似同一事项" in html and "/confirm/" not in html


def test_a_confirmed_repeat_becomes_a_link_that_stays_and_counts(client: Client) -> None:
    first, unsure = _asked_pair()
    page = _judge(client, "clerk", unsure, first, "confirm")
    assert f"已确认 {first.receipt_number} 是同一事项" in page
    case_assess(case_id=unsure.pk)  # triaged again: the clerk's word stands
    unsure.refresh_from_db()
    assert [r["receipt_number"] for r in unsure.triage["repeats"]] == [first.receipt_number]
    assert unsure.triage["possible"] == [] and unsure.triage["confirmed"] == [first.receipt_number]
    assert "重复" in "；".join(unsure.triage["risk"]["reasons"])
    correction = TriageCorrection.objects.get(case=unsure)
    assert correction.before["possible"] == [first.receipt_number]
    assert correction.after["repeats"] == [first.receipt_number]


def test_a_possible_repeat_can_be_dismissed_and_an_unrelated_case_is_refused(
    client: Client,
) -> None:
    first, unsure = _asked_pair()
    other = registered(content="湟中区鲁沙尔镇砖厂烟囱冒黑烟", address="西宁市湟中区").case
    page = _judge(client, "clerk", unsure, other, "confirm")
    assert "不在研判发现的同一事项或疑似事项中" in page
    _judge(client, "clerk", unsure, first, "dismiss")
    unsure.refresh_from_db()
    assert unsure.triage["possible"] == [] and unsure.triage["repeats"] == []
    assert unsure.triage["dismissed"] == [first.receipt_number]
    assert TriageCorrection.objects.filter(case=unsure).count() == 1


def test_a_role_that_may_not_correct_changes_nothing(client: Client) -> None:
    first, again = _linked_pair()
    page = _judge(client, "leader", again, first, "dismiss")
    assert "只有登记员和分办员可以修改研判结果" in page
    again.refresh_from_db()
    assert len(again.triage["repeats"]) == 1
    assert not TriageCorrection.objects.exists()
