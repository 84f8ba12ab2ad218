"""The one way a case changes state: lock it, check the transition table, apply, record."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from accounts.models import Unit, User
from cases.deadlines import deadline_for, deadline_rule, local_date, today
from cases.models import Case, CaseEvent, DeadlineRule, DeclineReason, Finding, Satisfaction
from cases.workflow import OPEN_STATUSES, PUBLIC, TransitionRefused, transition_for
from core import clock
from core.calendar import CALENDAR_DAYS, add_days
from core.crypto import decrypt
from core.errors import Forbidden, InvalidInput, NotAllowed, NotFound
from core.outbox import outbox_for_case_event
from core.services import audit


@dataclass(frozen=True)
class ActionInput:
    """What an action may carry; each action reads the parts it needs."""

    note: str = ""
    unit_code: str = ""
    decline_reason: str = ""
    body: str = ""
    finding: str = ""
    measures: str = ""
    reply: str = ""
    days: int | None = None
    satisfaction: str = ""
    target_receipt: str = ""
    decision: str = ""


Effect = Callable[[Case, ActionInput, User | None], dict[str, Any]]


def _required(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"请填写{what}")
    return value


def _set_due(case: Case, step: str, start: date) -> None:
    deadline = deadline_for(track=case.track, step=step, start=start)
    case.due_date = deadline.due if deadline else None
    case.deadline_provisional = bool(deadline and deadline.provisional)


def _accept(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    case.accepted_at = clock.now()
    _set_due(case, DeadlineRule.Step.CONCLUDE, today())
    return {}


def _decline(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    reason = DeclineReason.objects.filter(code=data.decline_reason, active=True).first()
    if reason is None:
        raise InvalidInput("请从列表中选择不予受理的理由")
    case.decline_reason = reason
    return {"reason": reason.text, "legal_basis": reason.legal_basis}


def _merge(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    receipt = _required(data.target_receipt, "要合并到的事项编号")
    target = Case.objects.select_for_update().filter(receipt_number=receipt).first()
    if target is None or (actor and actor.unit and not target.handling_unit.is_within(actor.unit)):
        raise NotFound(f"找不到事项 {receipt}")
    if target.pk == case.pk:
        raise InvalidInput("不能合并到事项本身")
    if target.status not in OPEN_STATUSES:
        raise NotAllowed(f"事项 {receipt} 已{target.status_label}，只能合并到正在办理的事项")
    case.merged_into = target
    CaseEvent.objects.create(
        case=target,
        action="repeat_received",
        from_status=target.status,
        to_status=target.status,
        actor=actor,
        unit=actor.unit if actor else None,
        at=clock.now(),
        data={"repeat": case.receipt_number},
    )
    return {"merged_into": receipt}


def _forward(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    code = _required(data.unit_code, "接收单位")
    unit = Unit.objects.filter(code=code, active=True).first()
    if unit is None:
        raise InvalidInput(f"没有代码为 {code} 的单位")
    if actor and actor.unit and not unit.is_within(actor.unit):
        raise Forbidden(f"只能转给本单位或下级单位，{unit.name}不在其中")
    if unit.pk == case.handling_unit_id:
        raise InvalidInput(f"事项已在{unit.name}")
    case.forwarded_from = case.handling_unit
    case.handling_unit = unit
    case.forwarded_at = clock.now()
    objection = deadline_for(track=case.track, step=DeadlineRule.Step.OBJECTION, start=today())
    case.objection_due_date = objection.due if objection else None
    proposed = (case.triage.get("routing") or {}).get("unit_code")
    # Whether the dispatcher followed triage's proposal is kept, to learn the routing rules from.
    return {
        "unit": unit.code,
        "unit_name": unit.name,
        "from_unit": case.forwarded_from.code,
        "proposed_unit": proposed,
        "followed_proposal": proposed == unit.code if proposed else None,
    }


def _assign(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    extra = _forward(case, data, actor)
    case.report_back = True
    return extra


def _refer_by_letter(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    case.referred_to = _required(data.body, "致函的机关名称")
    return {"body": case.referred_to}


def _object(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    reason = _required(data.note, "异议理由")
    if actor and actor.unit_id != case.handling_unit_id:
        raise Forbidden("只有接收单位本身可以提出异议")
    if case.objection_due_date and today() > case.objection_due_date:
        raise NotAllowed(f"异议期已于{case.objection_due_date:%Y年%-m月%-d日}届满，请依法办理")
    if case.forwarded_from is None:
        raise NotAllowed("事项不是转来的，没有可退回的单位")
    returned_to = case.forwarded_from
    case.handling_unit, case.forwarded_from = returned_to, None
    case.objection_due_date = None
    return {"reason": reason, "returned_to": returned_to.code}


def _handle(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    if data.finding not in Finding.values:
        raise InvalidInput("请选择调查结论：属实、部分属实或不属实")
    case.finding = data.finding
    case.measures = _required(data.measures, "处理措施")
    return {"finding": case.finding}


def _extend(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    if case.extended_days:
        raise NotAllowed("事项已延期过一次，不能再次延期")
    rule = deadline_rule(track=case.track, step=DeadlineRule.Step.EXTENSION)
    most = rule.days if rule else 30
    if data.days is None or not 1 <= data.days <= most:
        raise InvalidInput(f"延期天数须在 1 至 {most} 天之间")
    reason = _required(data.note, "延期理由")
    start = case.due_date or today()
    extended = add_days(start, data.days, CALENDAR_DAYS)
    case.due_date, case.extended_days = extended.due, data.days
    case.deadline_provisional = case.deadline_provisional or extended.provisional
    return {"days": data.days, "reason": reason, "new_due": extended.due.isoformat()}


def _reply(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    case.reply_text = _required(data.reply, "答复意见")
    case.replied_at = clock.now()
    window = deadline_for(track=case.track, step=DeadlineRule.Step.REVIEW_REQUEST, start=today())
    case.review_window_until = window.due if window else None
    return {}


def _conclude(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    case.concluded_at = clock.now()
    return {}


def _rate(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    if case.satisfaction:
        raise NotAllowed("已经评价过了，谢谢")
    if data.satisfaction not in Satisfaction.values:
        raise InvalidInput("请选择满意、基本满意或不满意")
    case.satisfaction = data.satisfaction
    return {"satisfaction": data.satisfaction}


def _review_request(level: int) -> Effect:
    def request(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
        if case.review_level != level - 1:
            raise NotAllowed("复查后才能申请复核" if level == 2 else "已复查过，请申请复核")
        if case.review_window_until and today() > case.review_window_until:
            raise NotAllowed(
                f"申请期限已于{case.review_window_until:%Y年%-m月%-d日}届满（答复后30日内）"
            )
        upper = case.handling_unit.parent or case.handling_unit
        case.handling_unit, case.review_level = upper, level
        _set_due(case, DeadlineRule.Step.REVIEW_DECISION, today())
        return {"reason": data.note.strip(), "unit": upper.code, "unit_name": upper.name}

    return request


def _decide_review(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    decision = _required(data.decision, "复查/复核意见")
    case.concluded_at = clock.now()
    if case.review_level == 1:
        window = deadline_for(
            track=case.track, step=DeadlineRule.Step.REVIEW_REQUEST, start=today()
        )
        case.review_window_until = window.due if window else None
    else:
        case.review_window_until = None  # after re-review the same facts are not taken again
    return {"decision": decision, "level": case.review_level}


def _archive(case: Case, data: ActionInput, actor: User | None) -> dict[str, Any]:
    return {}


EFFECTS: dict[str, Effect] = {
    "accept": _accept,
    "decline": _decline,
    "merge": _merge,
    "forward": _forward,
    "assign": _assign,
    "refer_by_letter": _refer_by_letter,
    "object": _object,
    "handle": _handle,
    "extend": _extend,
    "reply": _reply,
    "conclude": _conclude,
    "rate": _rate,
    "review": _review_request(1),
    "re_review": _review_request(2),
    "decide_review": _decide_review,
    "archive": _archive,
}


def case_act(
    *, case_id: int, action: str, actor: User | None, data: ActionInput | None = None
) -> Case:
    """Take one workflow step. actor None means the petitioner, already proven by query code."""
    data = data or ActionInput()
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("handling_unit").get(pk=case_id)
        role = actor.role if actor else PUBLIC
        if actor is not None and (
            actor.unit is None or not case.handling_unit.is_within(actor.unit)
        ):
            raise NotFound(f"找不到事项 {case.receipt_number}")
        try:
            transition = transition_for(action, case.status, role)
        except TransitionRefused as refused:
            raise NotAllowed(str(refused)) from refused
        from_status = case.status
        extra = EFFECTS[action](case, data, actor)
        if transition.target is not None:
            case.status = transition.target
        if case.status not in OPEN_STATUSES:
            case.due_date, case.deadline_provisional = None, False
        case.save()
        event = CaseEvent.objects.create(
            case=case,
            action=action,
            from_status=from_status,
            to_status=case.status,
            actor=actor,
            unit=actor.unit if actor else None,
            at=clock.now(),
            note=data.note.strip(),
            data=extra,
        )
        outbox_for_case_event(case=case, event=event)
    return case


def petitioner_reveal(*, case: Case, actor: User) -> dict[str, str]:
    """The petitioner in clear, for a role that needs it; every reveal is audited."""
    if not actor.may_see_identity:
        raise Forbidden("您的岗位不能查看信访人身份信息")
    if actor.unit is None or not case.handling_unit.is_within(actor.unit):
        raise NotFound(f"找不到事项 {case.receipt_number}")
    p = case.petitioner
    if p is None:
        raise NotFound("该事项为匿名提交，没有信访人信息")
    audit(actor=actor, action="petitioner.reveal", target=case.receipt_number)
    return {
        "name": decrypt(p.name_encrypted),
        "phone": decrypt(p.phone_encrypted),
        "id_number": decrypt(p.id_number_encrypted),
        "address": decrypt(p.address_encrypted),
    }


def _running_step(case: Case) -> tuple[str, date] | None:
    """The step whose deadline is running and the day its clock started."""
    if case.status == "registered":
        return DeadlineRule.Step.ACCEPT, local_date(case.registered_at)
    if case.status in ("accepted", "forwarded", "handling") and case.accepted_at:
        return DeadlineRule.Step.CONCLUDE, local_date(case.accepted_at)
    if case.status == "reviewing":
        requested = case.events.filter(action__in=["review", "re_review"]).last()
        return (DeadlineRule.Step.REVIEW_DECISION, local_date(requested.at)) if requested else None
    return None


def case_deadline_recount(*, case_id: int) -> Case:
    """Count a case's running deadline again, e.g. once a year's holiday notice is entered."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        running = _running_step(case)
        if running is None:
            return case
        step, start = running
        _set_due(case, step, start)
        if case.extended_days and case.due_date:
            extended = add_days(case.due_date, case.extended_days, CALENDAR_DAYS)
            case.due_date = extended.due
            case.deadline_provisional |= extended.provisional
        case.save(update_fields=["due_date", "deadline_provisional", "updated_at"])
    return case
