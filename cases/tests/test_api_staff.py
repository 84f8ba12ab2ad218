"""Staff JSON API: tokens, visibility by unit, actions, and the audited petitioner view."""

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.services import api_token_issue
from core.models import AuditRecord
from core.services import audit_chain_is_intact
from tests.factories import case_forwarded_to, registered, staff_user

pytestmark = pytest.mark.usefixtures("province")


def bearer(role: str, unit: str) -> dict[str, str]:
    user = staff_user(role, unit)
    return {"Authorization": f"Bearer {api_token_issue(username=user.username)}"}


def get(client: Client, url: str, who: tuple[str, str], **params: Any) -> Any:
    return client.get(url, params, headers=bearer(*who))


def test_the_api_needs_a_token(client: Client) -> None:
    assert client.get("/api/v1/cases").status_code == 401
    bad = client.get("/api/v1/cases", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401


def test_issue_api_token_prints_a_token_that_works(client: Client, capsys: Any) -> None:
    staff_user("handler", "630102")
    call_command("issue_api_token", "handler-630102")
    token = capsys.readouterr().out.strip()
    response = client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_a_county_handler_sees_only_its_own_countys_cases(client: Client) -> None:
    mine = case_forwarded_to("632801").case
    theirs = case_forwarded_to("630102").case
    listed = get(client, "/api/v1/cases", ("handler", "632801")).json()
    assert [c["receipt_number"] for c in listed["results"]] == [mine.receipt_number]
    detail = get(client, f"/api/v1/cases/{theirs.receipt_number}", ("handler", "632801"))
    assert detail.status_code == 404
    action = client.post(
        f"/api/v1/cases/{theirs.receipt_number}/actions/handle",
        {"finding": "true", "measures": "x"},
        content_type="application/json",
        headers=bearer("handler", "632801"),
    )
    assert action.status_code == 404
    reveal = get(client, f"/api/v1/cases/{theirs.receipt_number}/petitioner", ("handler", "632801"))
    assert reveal.status_code == 404


def test_a_city_bureau_sees_its_counties_and_the_province_sees_all(client: Client) -> None:
    case_forwarded_to("630102")
    case_forwarded_to("632801")
    registered()
    assert get(client, "/api/v1/cases", ("supervisor", "630100")).json()["count"] == 1
    assert get(client, "/api/v1/cases", ("leader", "630000")).json()["count"] == 3


def test_admin_and_auditor_roles_see_no_cases(client: Client) -> None:
    registered()
    assert get(client, "/api/v1/cases", ("admin", "630000")).json()["count"] == 0
    assert get(client, "/api/v1/cases", ("auditor", "630000")).json()["count"] == 0


def test_filters_narrow_the_list(client: Client) -> None:
    registered(channel="wechat")
    registered(channel="hotline_12369")
    who = ("dispatcher", "630000")
    assert get(client, "/api/v1/cases", who, channel="wechat").json()["count"] == 1
    assert get(client, "/api/v1/cases", who, status="accepted").json()["count"] == 0
    assert get(client, "/api/v1/cases", who, deadline="on_time").json()["count"] == 2
    assert get(client, "/api/v1/cases", who, q="烧烤").json()["count"] == 2


def test_the_case_detail_masks_the_petitioner_for_every_role(client: Client) -> None:
    case = registered().case
    text = get(
        client, f"/api/v1/cases/{case.receipt_number}", ("leader", "630000")
    ).content.decode()
    assert "张三丰" not in text and "13912345678" not in text
    assert "139****5678" in text


def test_unmasking_is_for_roles_that_need_it_and_is_audited(client: Client) -> None:
    case = registered().case
    url = f"/api/v1/cases/{case.receipt_number}/petitioner"
    assert get(client, url, ("leader", "630000")).status_code == 403
    shown = get(client, url, ("clerk", "630000"))
    assert shown.json()["phone"] == "13912345678"
    record = AuditRecord.objects.get(action="petitioner.reveal")
    assert record.target == case.receipt_number
    assert record.actor.username == "clerk-630000"  # type: ignore[union-attr]
    assert audit_chain_is_intact()


def test_the_audit_chain_shows_an_edited_record() -> None:
    case = registered().case
    from cases.services import petitioner_reveal

    petitioner_reveal(case=case, actor=staff_user("clerk", "630000"))
    petitioner_reveal(case=case, actor=staff_user("handler", "630000"))
    AuditRecord.objects.filter(pk=AuditRecord.objects.first().pk).update(target="x")  # type: ignore[union-attr]
    assert not audit_chain_is_intact()


def test_actions_run_through_the_api_and_refusals_are_409(client: Client) -> None:
    case = registered().case
    who = bearer("dispatcher", "630000")
    url = f"/api/v1/cases/{case.receipt_number}/actions"
    accepted = client.post(f"{url}/accept", {}, content_type="application/json", headers=who)
    assert accepted.status_code == 200
    assert "forward" in accepted.json()["actions"]
    refused = client.post(f"{url}/accept", {}, content_type="application/json", headers=who)
    assert refused.status_code == 409
    assert "已受理" in refused.json()["detail"]
    unknown = client.post(f"{url}/teleport", {}, content_type="application/json", headers=who)
    assert unknown.status_code == 409
    bad = client.post(
        f"{url}/forward", {"unit": "630102"}, content_type="application/json", headers=who
    )
    assert bad.status_code == 422
    forwarded = client.post(
        f"{url}/forward", {"unit_code": "630102"}, content_type="application/json", headers=who
    )
    assert forwarded.json()["handling_unit"] == "630102"
