"""The transition table of a case (pure: no ORM). Anything not in it is refused."""

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    REGISTERED = "registered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    FORWARDED = "forwarded"
    REFERRED = "referred"
    HANDLING = "handling"
    REPLIED = "replied"
    CONCLUDED = "concluded"
    REVIEWING = "reviewing"
    ARCHIVED = "archived"
    MERGED = "merged"


STATUS_LABELS = {
    Status.REGISTERED: "已登记",
    Status.ACCEPTED: "已受理",
    Status.DECLINED: "不予受理",
    Status.FORWARDED: "已转办",
    Status.REFERRED: "已致函",
    Status.HANDLING: "办理中",
    Status.REPLIED: "已答复",
    Status.CONCLUDED: "已办结",
    Status.REVIEWING: "复查中",
    Status.ARCHIVED: "已归档",
    Status.MERGED: "已合并",
}

# Statuses in which a legal deadline is running for the unit that holds the case.
OPEN_STATUSES = frozenset(
    {Status.REGISTERED, Status.ACCEPTED, Status.FORWARDED, Status.HANDLING, Status.REVIEWING}
)

PUBLIC = "public"  # the petitioner, acting with receipt number and query code

CLERK, DISPATCHER, HANDLER = "clerk", "dispatcher", "handler"
SUPERVISOR, LEADER, CALLER = "supervisor", "leader", "caller"


@dataclass(frozen=True)
class Transition:
    label: str
    sources: frozenset[Status]
    target: Status | None  # None: the status stays as it is
    roles: frozenset[str]


def _t(label: str, sources: set[Status], target: Status | None, roles: set[str]) -> Transition:
    return Transition(label, frozenset(sources), target, frozenset(roles))


S = Status
TRANSITIONS: dict[str, Transition] = {
    "accept": _t("受理", {S.REGISTERED}, S.ACCEPTED, {CLERK, DISPATCHER}),
    "decline": _t("不予受理", {S.REGISTERED}, S.DECLINED, {CLERK, DISPATCHER}),
    "merge": _t("合并重复件", {S.REGISTERED, S.ACCEPTED}, S.MERGED, {CLERK, DISPATCHER}),
    "forward": _t("转送", {S.ACCEPTED, S.FORWARDED}, S.FORWARDED, {DISPATCHER, HANDLER, LEADER}),
    "assign": _t("交办", {S.ACCEPTED, S.FORWARDED}, S.FORWARDED, {DISPATCHER, HANDLER, LEADER}),
    "refer_by_letter": _t("致函", {S.ACCEPTED, S.FORWARDED}, S.REFERRED, {DISPATCHER, LEADER}),
    "object": _t("提出异议退回", {S.FORWARDED}, S.ACCEPTED, {DISPATCHER, HANDLER, LEADER}),
    "handle": _t(
        "登记办理结果", {S.ACCEPTED, S.FORWARDED, S.HANDLING}, S.HANDLING, {HANDLER, LEADER}
    ),
    "extend": _t("延期", {S.ACCEPTED, S.FORWARDED, S.HANDLING}, None, {LEADER, SUPERVISOR}),
    "reply": _t("答复", {S.HANDLING}, S.REPLIED, {HANDLER, LEADER}),
    "conclude": _t("办结", {S.REPLIED}, S.CONCLUDED, {HANDLER, DISPATCHER, LEADER}),
    "rate": _t("满意度评价", {S.REPLIED, S.CONCLUDED}, None, {PUBLIC, CALLER, CLERK}),
    "review": _t("申请复查", {S.CONCLUDED}, S.REVIEWING, {PUBLIC, CLERK, DISPATCHER}),
    "re_review": _t("申请复核", {S.CONCLUDED}, S.REVIEWING, {PUBLIC, CLERK, DISPATCHER}),
    "decide_review": _t("作出复查/复核意见", {S.REVIEWING}, S.CONCLUDED, {HANDLER, LEADER}),
    "archive": _t(
        "归档", {S.CONCLUDED, S.DECLINED, S.REFERRED}, S.ARCHIVED, {CLERK, DISPATCHER, HANDLER}
    ),
}


class TransitionRefused(Exception):
    """The table does not allow this action now; the message says why, in Chinese."""


def transition_for(action: str, status: str, role: str) -> Transition:
    """The transition `role` may take with `action` from `status`, or TransitionRefused."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionRefused(f"没有“{action}”这一办理环节")
    if status not in transition.sources:
        allowed = "、".join(STATUS_LABELS[s] for s in sorted(transition.sources))
        raise TransitionRefused(
            f"事项当前为“{STATUS_LABELS[Status(status)]}”，不能{transition.label}"
            f"（只有{allowed}的事项可以）"
        )
    if role not in transition.roles:
        raise TransitionRefused(f"您的岗位不能{transition.label}")
    return transition


def actions_available(status: str, role: str) -> list[str]:
    """Actions `role` may take on a case in `status`, in table order."""
    return [action for action, t in TRANSITIONS.items() if status in t.sources and role in t.roles]
