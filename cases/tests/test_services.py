"""The workflow function: each step's rules, deadlines and history, on a real database."""

from datetime import date, timedelta
from unittest import mock

import pytest

from cases.models import Case, CaseEvent, HolidayOverride
from cases.services import ActionInput, case_act
from core.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from tests.factories import case_forwarded_to, registered, staff_user

pytestmark = pytest.mark.usefixtures("province")


def act(case: Case, action: str, who: tuple[str, str], **data: object) -> Case:
    return case_act(
        case_id=case.pk,
        action=action,
        actor=staff_user(*who),
        data=ActionInput(**data),  # type: ignore[arg-type]
    )


PROVINCE_DISPATCHER = ("dispatcher", "630000")
COUNTY_HANDLER = ("handler", "630102")


def test_a_case_runs_its_whole_life_and_every_step_is_in_its_history() -> None:
    case = case_forwarded_to("630102").case
    case = act(
        case, "handle", COUNTY_HANDLER, finding="true", measures="现场检查，责令安装油烟净化器"
    )
    case = act(case, "reply", COUNTY_HANDLER, reply="经查属实，已责令整改。")
    case = case_act(
        case_id=case.pk, action="rate", actor=None, data=ActionInput(satisfaction="satisfied")
    )
    case = act(case, "conclude", COUNTY_HANDLER)
    case = act(case, "archive", COUNTY_HANDLER)
    assert case.status == "archived"
    assert case.due_date is None
    assert list(case.events.values_list("action", flat=True)) == [
        "register",
        "accept",
        "forward",
        "handle",
        "reply",
        "rate",
        "conclude",
        "archive",
    ]


def test_a_refused_step_changes_nothing_and_writes_no_event() -> None:
    case = registered().case
    with pytest.raises(NotAllowed, match="不能答复"):
        act(case, "reply", PROVINCE_DISPATCHER, reply="x")
    case.refresh_from_db()
    assert case.status == "registered"
    assert case.events.count() == 1


def test_a_role_outside_the_table_is_refused() -> None:
    case = registered().case
    with pytest.raises(NotAllowed, match="岗位"):
        act(case, "accept", ("supervisor", "630000"))


def test_acceptance_starts_the_60_day_conclusion_clock() -> None:
    case = registered().case
    case = act(case, "accept", PROVINCE_DISPATCHER)
    assert case.accepted_at is not None
    assert case.due_date is not None and case.due_date >= date.today() + timedelta(days=60)


def test_decline_needs_a_reason_from_the_list() -> None:
    case = registered().case
    with pytest.raises(InvalidInput, match="理由"):
        act(case, "decline", PROVINCE_DISPATCHER, decline_reason="because")
    case = act(case, "decline", PROVINCE_DISPATCHER, decline_reason="not_environment")
    assert case.status == "declined"
    assert case.decline_reason is not None
    assert case.events.last().data["legal_basis"].startswith("《信访工作条例》")  # type: ignore[union-attr]


def test_forward_only_goes_down_the_tree_of_the_actor() -> None:
    case = case_forwarded_to("630100").case
    with pytest.raises(Forbidden, match="下级"):
        act(case, "forward", ("handler", "630100"), unit_code="632801")
    case = act(case, "forward", ("handler", "630100"), unit_code="630102")
    assert case.handling_unit.code == "630102"
    assert case.forwarded_from.code == "630100"  # type: ignore[union-attr]


def test_assign_asks_the_unit_to_report_back() -> None:
    case = registered().case
    case = act(case, "accept", PROVINCE_DISPATCHER)
    case = act(case, "assign", PROVINCE_DISPATCHER, unit_code="632801")
    assert case.report_back


def test_a_unit_that_is_not_competent_objects_within_five_working_days() -> None:
    case = case_forwarded_to("630102").case
    case = act(case, "object", COUNTY_HANDLER, note="该企业在城北区，不在我辖区")
    assert case.status == "accepted"
    assert case.handling_unit.code == "630000"


def test_an_objection_after_five_working_days_is_refused() -> None:
    case = case_forwarded_to("630102").case
    later = case.objection_due_date + timedelta(days=1)  # type: ignore[operator]
    with (
        mock.patch("cases.services.today", return_value=later),
        pytest.raises(NotAllowed, match="异议期"),
    ):
        act(case, "object", COUNTY_HANDLER, note="不归我们管")


def test_objection_deadline_counts_working_days_on_the_holiday_calendar() -> None:
    with mock.patch("cases.services.today", return_value=date(2026, 9, 30)):
        case = case_forwarded_to("630102").case
    assert case.objection_due_date == date(2026, 10, 13)


def test_handling_needs_a_finding_and_measures() -> None:
    case = case_forwarded_to("630102").case
    with pytest.raises(InvalidInput, match="调查结论"):
        act(case, "handle", COUNTY_HANDLER, finding="maybe", measures="x")
    with pytest.raises(InvalidInput, match="处理措施"):
        act(case, "handle", COUNTY_HANDLER, finding="partly_true", measures=" ")


def test_extension_is_once_at_most_30_days_and_approved_by_a_leader() -> None:
    case = case_forwarded_to("630102").case
    due = case.due_date
    with pytest.raises(NotAllowed, match="岗位"):
        act(case, "extend", COUNTY_HANDLER, days=10, note="需检测")
    with pytest.raises(InvalidInput, match="1 至 30"):
        act(case, "extend", ("leader", "630000"), days=31, note="需检测")
    case = act(case, "extend", ("leader", "630000"), days=30, note="需第三方检测")
    assert case.due_date is not None and due is not None
    assert case.due_date >= due + timedelta(days=30)
    with pytest.raises(NotAllowed, match="一次"):
        act(case, "extend", ("leader", "630000"), days=5, note="再延")


def test_review_goes_to_the_next_level_up_and_re_review_once_more() -> None:
    case = case_forwarded_to("630102").case
    case = act(case, "handle", COUNTY_HANDLER, finding="not_true", measures="现场未发现")
    case = act(case, "reply", COUNTY_HANDLER, reply="经查不属实。")
    case = act(case, "conclude", COUNTY_HANDLER)
    with pytest.raises(NotAllowed, match="复查后"):
        act(case, "re_review", PROVINCE_DISPATCHER, note="不服")
    case = act(case, "review", PROVINCE_DISPATCHER, note="不服，晚上还在排")
    assert (case.status, case.handling_unit.code, case.review_level) == ("reviewing", "630100", 1)
    case = act(case, "decide_review", ("leader", "630100"), decision="维持原答复")
    case = act(case, "re_review", PROVINCE_DISPATCHER, note="仍不服")
    assert (case.handling_unit.code, case.review_level) == ("630000", 2)
    case = act(case, "decide_review", ("leader", "630000"), decision="维持")
    with pytest.raises(NotAllowed):
        act(case, "re_review", PROVINCE_DISPATCHER, note="还不服")


def test_a_review_request_after_30_days_is_refused() -> None:
    case = case_forwarded_to("630102").case
    case = act(case, "handle", COUNTY_HANDLER, finding="true", measures="整改")
    case = act(case, "reply", COUNTY_HANDLER, reply="已整改")
    case = act(case, "conclude", COUNTY_HANDLER)
    late = case.review_window_until + timedelta(days=1)  # type: ignore[operator]
    with (
        mock.patch("cases.services.today", return_value=late),
        pytest.raises(NotAllowed, match="申请期限"),
    ):
        act(case, "review", PROVINCE_DISPATCHER, note="不服")


def test_satisfaction_is_given_once() -> None:
    case = case_forwarded_to("630102").case
    case = act(case, "handle", COUNTY_HANDLER, finding="true", measures="整改")
    case = act(case, "reply", COUNTY_HANDLER, reply="已整改")
    case_act(case_id=case.pk, action="rate", actor=None, data=ActionInput(satisfaction="basically"))
    with pytest.raises(NotAllowed, match="已经评价"):
        case_act(
            case_id=case.pk, action="rate", actor=None, data=ActionInput(satisfaction="satisfied")
        )


def test_a_repeat_merges_into_the_open_case_and_the_open_case_records_it() -> None:
    first = registered().case
    repeat = registered(content="五四大街烧烤店油烟还是直排，上次反映了没人管").case
    merged = act(repeat, "merge", PROVINCE_DISPATCHER, target_receipt=first.receipt_number)
    assert merged.status == "merged"
    assert merged.merged_into_id == first.pk
    assert CaseEvent.objects.filter(case=first, action="repeat_received").exists()


def test_merging_into_itself_or_a_closed_case_is_refused() -> None:
    case = registered().case
    with pytest.raises(InvalidInput, match="本身"):
        act(case, "merge", PROVINCE_DISPATCHER, target_receipt=case.receipt_number)
    closed = registered().case
    act(closed, "decline", PROVINCE_DISPATCHER, decline_reason="no_facts")
    with pytest.raises(NotAllowed, match="正在办理"):
        act(case, "merge", PROVINCE_DISPATCHER, target_receipt=closed.receipt_number)


def test_a_unit_cannot_act_on_a_case_held_by_another_county() -> None:
    case = case_forwarded_to("630102").case
    with pytest.raises(NotFound):
        act(case, "handle", ("handler", "632801"), finding="true", measures="x")


def test_refer_by_letter_names_the_other_body_and_ends_our_deadline() -> None:
    case = registered().case
    act(case, "accept", PROVINCE_DISPATCHER)
    case = act(case, "refer_by_letter", PROVINCE_DISPATCHER, body="西宁市城市管理局")
    assert (case.status, case.referred_to, case.due_date) == ("referred", "西宁市城市管理局", None)


def test_a_deadline_reaching_a_year_without_holiday_data_is_provisional() -> None:
    with mock.patch("cases.services.today", return_value=date(2026, 11, 29)):
        case = case_forwarded_to("630102").case
    assert case.due_date is not None and case.due_date.year == 2027
    assert case.deadline_provisional


def test_holiday_overrides_for_the_next_year_make_its_deadlines_firm() -> None:
    HolidayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, note="元旦")
    with mock.patch("cases.services.today", return_value=date(2026, 11, 29)):
        case = case_forwarded_to("630102").case
    assert not case.deadline_provisional


def test_entering_next_years_holidays_makes_provisional_deadlines_firm() -> None:
    from cases.tasks import deadlines_recount

    with mock.patch("cases.services.today", return_value=date(2026, 11, 29)):
        case = case_forwarded_to("630102").case
    assert case.deadline_provisional
    HolidayOverride.objects.create(day=date(2027, 2, 17), is_workday=False, note="春节")
    deadlines_recount.call(year=2027)
    case.refresh_from_db()
    assert not case.deadline_provisional
