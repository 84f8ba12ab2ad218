"""Every action against every status, for every role, from the table alone (no database)."""

import pytest

from cases.workflow import (
    PUBLIC,
    STATUS_LABELS,
    TRANSITIONS,
    Status,
    TransitionRefused,
    actions_available,
    transition_for,
)

ROLES = ["clerk", "dispatcher", "handler", "supervisor", "leader", "caller", "analyst", PUBLIC]

EXPECTED_TARGET = {
    "accept": Status.ACCEPTED,
    "decline": Status.DECLINED,
    "merge": Status.MERGED,
    "forward": Status.FORWARDED,
    "assign": Status.FORWARDED,
    "refer_by_letter": Status.REFERRED,
    "object": Status.ACCEPTED,
    "handle": Status.HANDLING,
    "extend": None,
    "reply": Status.REPLIED,
    "conclude": Status.CONCLUDED,
    "rate": None,
    "review": Status.REVIEWING,
    "re_review": Status.REVIEWING,
    "decide_review": Status.CONCLUDED,
    "archive": Status.ARCHIVED,
}


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("role", ROLES)
def test_each_transition_is_allowed_exactly_where_the_table_says(
    action: str, status: Status, role: str
) -> None:
    transition = TRANSITIONS[action]
    if status in transition.sources and role in transition.roles:
        assert transition_for(action, status, role).target == EXPECTED_TARGET[action]
        assert action in actions_available(status, role)
    else:
        with pytest.raises(TransitionRefused):
            transition_for(action, status, role)
        assert action not in actions_available(status, role)


def test_an_unknown_action_is_refused_with_a_message() -> None:
    with pytest.raises(TransitionRefused, match="没有“fly”这一办理环节"):
        transition_for("fly", Status.REGISTERED, "clerk")


def test_a_refusal_names_the_current_status_and_what_would_be_needed() -> None:
    with pytest.raises(TransitionRefused) as refused:
        transition_for("reply", Status.REGISTERED, "handler")
    assert "已登记" in str(refused.value)
    assert "办理中" in str(refused.value)


def test_archived_and_merged_cases_allow_nothing() -> None:
    for role in ROLES:
        assert actions_available(Status.ARCHIVED, role) == []
        assert actions_available(Status.MERGED, role) == []


def test_every_status_has_a_chinese_label() -> None:
    assert set(STATUS_LABELS) == set(Status)
