"""Builders for tests: a loaded province, staff users, and cases driven through the workflow."""

import json
from typing import Any

from django.conf import settings

from accounts.models import Role, Unit, User
from accounts.services import unit_tree_load
from cases.services import ActionInput, case_act
from intake.services import Receipt, Submission, register_submission
from intake.validation import PetitionerInput
from regions.services import regions_load
from routing.services import responsibility_rules_load


def province_load() -> None:
    data = json.loads(settings.PROVINCE_DATA_FILE.read_text(encoding="utf-8"))
    regions_load(data=data)
    unit_tree_load(data=data)
    rules = settings.BASE_DIR / "routing" / "data" / f"{settings.DEPLOYMENT_PROVINCE}.json"
    responsibility_rules_load(data=json.loads(rules.read_text(encoding="utf-8")))


def staff_user(role: str, unit_code: str) -> User:
    user, _ = User.objects.get_or_create(
        username=f"{role}-{unit_code}",
        defaults={"role": Role(role), "unit": Unit.objects.get(code=unit_code)},
    )
    return user


def submission(**overrides: Any) -> Submission:
    values: dict[str, Any] = {
        "channel": "web",
        "content": "城西区五四大街一家烧烤店油烟直排，每天晚上熏得窗户都打不开。",
        "address": "西宁市城西区五四大街",
        "petitioner": PetitionerInput(name="张三丰", phone="13912345678"),
    }
    values.update(overrides)
    return Submission(**values)


def registered(**overrides: Any) -> Receipt:
    return register_submission(submission=submission(**overrides))


def case_forwarded_to(unit_code: str, **overrides: Any) -> Receipt:
    """A case registered at the province, accepted and forwarded to `unit_code`."""
    receipt = registered(**overrides)
    dispatcher = staff_user("dispatcher", settings.DEPLOYMENT_PROVINCE)
    case_act(case_id=receipt.case.pk, action="accept", actor=dispatcher)
    case_act(
        case_id=receipt.case.pk,
        action="forward",
        actor=dispatcher,
        data=ActionInput(unit_code=unit_code),
    )
    receipt.case.refresh_from_db()
    return receipt
