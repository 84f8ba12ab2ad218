"""Loads the demo province: staff accounts and a year of cases driven through the real workflow."""

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction

from accounts.models import Role, Unit, User
from cases.models import Case, DeclineReason, Subcategory
from cases.services import ActionInput, case_act
from core import clock
from core.errors import DomainError
from demo.corpus import DemoComplaint, generate_year
from intake.services import Submission, register_submission
from intake.validation import PetitionerInput

PROVINCE_ROLES = [
    Role.CLERK,
    Role.DISPATCHER,
    Role.HANDLER,
    Role.SUPERVISOR,
    Role.LEADER,
    Role.CALLER,
    Role.ANALYST,
    Role.AUDITOR,
    Role.ADMIN,
]
PREFECTURE_ROLES = [Role.DISPATCHER, Role.HANDLER, Role.SUPERVISOR, Role.LEADER]
COUNTY_ROLES = [Role.CLERK, Role.HANDLER, Role.LEADER]
BUSINESS_ROLES = [Role.HANDLER]

FINDINGS = {"属实": "true", "部分属实": "partly_true", "不属实": "not_true"}
SATISFACTIONS = {"满意": "satisfied", "基本满意": "basically", "不满意": "dissatisfied"}
# How far each outcome goes, in workflow order.
STEPS = ["accept", "forward", "handle", "extend", "reply", "rate", "conclude", "review", "archive"]
OUTCOME_STEPS = {
    "registered": [],
    "accepted": ["accept"],
    "forwarded": ["accept", "forward"],
    "handling": ["accept", "forward", "handle"],
    "extended": ["accept", "forward", "handle", "extend"],
    "replied": ["accept", "forward", "handle", "reply"],
    "concluded": ["accept", "forward", "handle", "reply", "conclude"],
    "satisfied": ["accept", "forward", "handle", "reply", "rate", "conclude"],
    "reviewed": ["accept", "forward", "handle", "reply", "rate", "conclude", "review"],
    "archived": ["accept", "forward", "handle", "reply", "rate", "conclude", "archive"],
}
# Matters a business department of the department handles itself.
BUSINESS_SUBCATEGORIES = {
    "放射源": "630000-radiation",
    "环评审批": "630000-eia",
    "政策建议": "630000-petition",
}


def demo_users_ensure(*, password: str) -> list[str]:
    """Create (or reset the password of) `<role>-<unit code>` accounts; returns their names."""
    names = []
    hashed = make_password(password)  # one Argon2 hash for all: hashing is slow on purpose
    for unit in Unit.objects.filter(active=True):
        roles = {
            Unit.Kind.DEPARTMENT: PROVINCE_ROLES,
            Unit.Kind.PREFECTURE_BUREAU: PREFECTURE_ROLES,
            Unit.Kind.COUNTY_BRANCH: COUNTY_ROLES,
            Unit.Kind.BUSINESS_DEPARTMENT: BUSINESS_ROLES,
        }[Unit.Kind(unit.kind)]
        for role in roles:
            user, _ = User.objects.get_or_create(
                username=f"{role}-{unit.code}", defaults={"role": role, "unit": unit}
            )
            user.password = hashed
            user.is_staff = role in (Role.ADMIN, Role.AUDITOR)
            user.is_superuser = role == Role.ADMIN
            user.save()
            if role == Role.AUDITOR:
                user.user_permissions.set(Permission.objects.filter(codename="view_auditrecord"))
            names.append(user.username)
    return names


@dataclass
class Replay:
    """Drives one demo complaint through the workflow, each step at a plausible past moment."""

    item: DemoComplaint
    case: Case
    rng: random.Random
    until: datetime
    moment: datetime

    def holder(self, role: str) -> str:
        """The `role` account of the unit that holds the case now."""
        self.case.refresh_from_db(fields=["handling_unit"])
        return f"{role}-{self.case.handling_unit.code}"

    def step(
        self, action: str, who: str | None, after: tuple[float, float], **data: object
    ) -> bool:
        self.moment += timedelta(days=self.rng.uniform(*after))
        if self.moment >= self.until:
            return False
        actor = User.objects.get(username=who) if who else None
        with clock.frozen_at(self.moment):
            case_act(case_id=self.case.pk, action=action, actor=actor, data=ActionInput(**data))  # type: ignore[arg-type]
        return True


def _handling_unit(item: DemoComplaint) -> str:
    return BUSINESS_SUBCATEGORIES.get(item.subcategory, item.county_code)


def _replay(replay: Replay, steps: list[str]) -> None:
    item, province = replay.item, settings.DEPLOYMENT_PROVINCE
    unit = _handling_unit(item)
    handler = f"handler-{unit}"
    actions: dict[str, Callable[[], bool]] = {
        "accept": lambda: replay.step("accept", f"dispatcher-{province}", (0.05, 2.5)),
        "forward": lambda: replay.step(
            "assign" if replay.rng.random() < 0.3 else "forward",
            f"dispatcher-{province}",
            (0.02, 1.5),
            unit_code=unit,
        ),
        "handle": lambda: replay.step(
            "handle",
            handler,
            (3, 35),
            finding=FINDINGS.get(item.finding or "", "true"),
            measures=item.measures or "现场检查",
        ),
        "extend": lambda: replay.step(
            "extend", f"leader-{province}", (0.5, 5), days=30, note="需开展监测，申请延期"
        ),
        "reply": lambda: replay.step("reply", handler, (1, 8), reply=item.reply or "已办理。"),
        "rate": lambda: replay.step(
            "rate", None, (0.2, 6), satisfaction=SATISFACTIONS.get(item.satisfaction or "", "")
        ),
        "conclude": lambda: replay.step("conclude", handler, (0.1, 3)),
        "review": lambda: (
            replay.step("review", f"clerk-{province}", (2, 20), note="对答复不服")
            and replay.step(
                "decide_review", replay.holder("leader"), (5, 25), decision="维持原答复"
            )
        ),
        "archive": lambda: replay.step("archive", handler, (1, 20)),
    }
    for name in steps:
        if name == "rate" and not item.satisfaction:
            continue
        if not actions[name]():
            return


def _decline_reason(text: str | None) -> str:
    reason = DeclineReason.objects.filter(text=text).first() if text else None
    return reason.code if reason else "no_facts"


def demo_cases_load(*, seed: int, start: date, end: date, count: int, until: datetime) -> int:
    """Register and drive the demo year; items already there are skipped. Returns new cases."""
    items = generate_year(
        seed=seed, start=start, end=end, count=count, regions_file=settings.PROVINCE_DATA_FILE
    )
    cases: dict[int, Case] = {}
    known = set(Subcategory.objects.values_list("field__code", "name"))
    created = 0
    for index, item in enumerate(items):
        key = f"demo-{seed}-{index}"
        existing = Case.objects.filter(idempotency_key=key).first()
        if existing:
            cases[index] = existing
            continue
        with transaction.atomic():
            if (item.fields[0], item.subcategory) not in known:
                item = replace(item, subcategory="")
            cases[index] = _demo_case(item, key, seed + index, until, cases)
        created += 1
    return created


def _demo_case(
    item: DemoComplaint, key: str, seed: int, until: datetime, cases: dict[int, Case]
) -> Case:
    petitioner = None
    if not item.anonymous:
        petitioner = PetitionerInput(
            name=item.petitioner_name or "",
            phone=item.petitioner_phone or "",
            id_number=item.petitioner_id_number or "",
        )
    with clock.frozen_at(item.received_at):
        receipt = register_submission(
            submission=Submission(
                channel=item.channel,
                content=item.content,
                address=item.address,
                latitude=item.latitude,
                longitude=item.longitude,
                petitioner=petitioner,
                anonymous=item.anonymous,
                track=item.track,
                region_code=item.county_code,
                field_codes=item.fields,
                subcategory=item.subcategory,
                idempotency_key=key,
            )
        )
    replay = Replay(item, receipt.case, random.Random(seed), until, item.received_at)
    if item.outcome == "declined":
        replay.step(
            "decline",
            f"clerk-{settings.DEPLOYMENT_PROVINCE}",
            (0.1, 3),
            decline_reason=_decline_reason(item.decline_reason),
        )
    elif item.outcome == "merged" and item.repeat_of is not None:
        target = cases[item.repeat_of]
        try:
            replay.step(
                "merge",
                f"dispatcher-{settings.DEPLOYMENT_PROVINCE}",
                (0.05, 1),
                target_receipt=target.receipt_number,
            )
        except DomainError:
            _replay(replay, OUTCOME_STEPS["accepted"])  # the earlier case closed meanwhile
    else:
        _replay(replay, OUTCOME_STEPS[item.outcome])
    return receipt.case
