"""Writes of units, users and API tokens."""

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, Unit, User
from core.errors import NotFound


def _unit_upsert(*, code: str, parent: Unit | None, **fields: Any) -> Unit:
    path = (parent.path if parent else "") + code + "/"
    unit, _ = Unit.objects.update_or_create(
        code=code, defaults={**fields, "parent": parent, "path": path}
    )
    return unit


@transaction.atomic
def unit_tree_load(*, data: dict[str, Any]) -> int:
    """Create or update the environment system's units for a province data file; returns count."""
    province, department = data["province"], data["department"]
    top = _unit_upsert(
        code=province["code"],
        parent=None,
        name=department["name"],
        kind=Unit.Kind.DEPARTMENT,
        region_id=province["code"],
        duty="",
    )
    count = 1
    for business in department["business_departments"]:
        _unit_upsert(
            code=business["code"],
            parent=top,
            name=business["name"],
            kind=Unit.Kind.BUSINESS_DEPARTMENT,
            region_id=province["code"],
            duty=business["duty"],
        )
        count += 1
    for prefecture in data["prefectures"]:
        bureau = _unit_upsert(
            code=prefecture["code"],
            parent=top,
            name=department["bureau_name"].format(prefecture=prefecture["name"]),
            kind=Unit.Kind.PREFECTURE_BUREAU,
            region_id=prefecture["code"],
            duty="",
        )
        count += 1
        for county in prefecture["counties"]:
            _unit_upsert(
                code=county["code"],
                parent=bureau,
                name=department["branch_name"].format(
                    prefecture=prefecture["name"], county=county["name"]
                ),
                kind=Unit.Kind.COUNTY_BRANCH,
                region_id=county["code"],
                duty="",
            )
            count += 1
    return count


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def api_token_issue(*, username: str) -> str:
    """A new bearer token for `username`; only its hash is kept, so print it now or lose it."""
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"没有启用的用户 {username}")
    token = "ept_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, token_hash=_token_digest(token))
    return token


def api_token_user(token: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    found = (
        ApiToken.objects.select_related("user", "user__unit")
        .filter(token_hash=_token_digest(token), revoked=False, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
