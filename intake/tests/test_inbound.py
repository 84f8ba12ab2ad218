"""Inbound pushes from other systems: signed, replay-proof, idempotent, and answered back."""

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from accounts.models import Unit, User
from cases.models import Case
from cases.services import ActionInput, case_act
from core.models import AuditRecord
from core.outbox import OutboxMessage
from intake.models import InboundSource
from integrations.clients import clients_in_use
from integrations.fakes import FakeCallbackRecipient
from integrations.signing import signature
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")

SECRET = "demo-hotline-12345-secret"
GOOD = {
    "external_id": "12345-2026-000871",
    "content": "城北区小桥大街一处工地夜里十一点以后还在打桩，噪声很大，孩子睡不着。",
    "address": "西宁市城北区小桥大街",
    "petitioner": {"name": "王五", "phone": "13700002222"},
}


def push(
    client: Client,
    body: Any,
    *,
    source: str = "hotline-12345",
    secret: str = SECRET,
    timestamp: int | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    raw = (body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)).encode()
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signed = {
        "X-Timestamp": stamp,
        "X-Signature": signature(secret=secret, timestamp=stamp, body=raw),
    }
    return client.post(
        f"/api/v1/inbound/{source}",
        raw,
        content_type="application/json",
        headers=headers if headers is not None else signed,
    )


@pytest.fixture
def callback() -> Iterator[FakeCallbackRecipient]:
    InboundSource.objects.filter(key="hotline-12345").update(
        callback_url="https://12345.example.cn/ecopetition/callback"
    )
    fake = FakeCallbackRecipient(secret=SECRET)
    with clients_in_use(callback=fake):
        yield fake


def test_a_signed_push_registers_a_case_under_the_sources_channel(client: Client) -> None:
    response = push(client, GOOD)
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"receipt_number", "query_code", "status"}
    case = Case.objects.get(receipt_number=body["receipt_number"])
    assert (case.channel, case.source, case.external_id) == (
        "hotline_12345",
        "hotline-12345",
        GOOD["external_id"],
    )


def test_the_same_external_id_again_returns_the_same_receipt_and_stores_nothing(
    client: Client,
) -> None:
    first = push(client, GOOD).json()
    again = push(client, {**GOOD, "content": "重复推送，内容略有不同，但来源编号相同。"})
    assert again.status_code == 200
    assert again.json() == first
    assert Case.objects.count() == 1


def test_a_source_may_name_another_channel_for_what_it_forwards(client: Client) -> None:
    body = {**GOOD, "channel": "letter"}
    response = push(client, body, source="petition-bureau", secret="demo-petition-bureau-secret")
    assert response.status_code == 201
    assert Case.objects.get().channel == "letter"


def test_a_wrong_signature_is_refused_and_nothing_is_stored(client: Client) -> None:
    response = push(client, GOOD, secret="not-the-secret")
    assert response.status_code == 401
    assert "签名不正确" in response.json()["detail"]
    assert Case.objects.count() == 0


def test_a_body_changed_after_signing_is_refused(client: Client) -> None:
    stamp = str(int(time.time()))
    raw = json.dumps(GOOD, ensure_ascii=False).encode()
    headers = {
        "X-Timestamp": stamp,
        "X-Signature": signature(secret=SECRET, timestamp=stamp, body=raw),
    }
    tampered = raw.replace("打桩".encode(), "施工".encode())
    response = client.post(
        "/api/v1/inbound/hotline-12345", tampered, content_type="application/json", headers=headers
    )
    assert response.status_code == 401


def test_an_unsigned_push_is_refused(client: Client) -> None:
    response = push(client, GOOD, headers={})
    assert response.status_code == 401
    assert "X-Signature" in response.json()["detail"]


@pytest.mark.parametrize("age", [-400, 400])
def test_a_timestamp_outside_the_allowed_skew_is_refused(client: Client, age: int) -> None:
    response = push(client, GOOD, timestamp=int(time.time()) - age)
    assert response.status_code == 401
    assert "300 秒" in response.json()["detail"]
    assert Case.objects.count() == 0


def test_a_replayed_request_is_refused(client: Client) -> None:
    stamp = str(int(time.time()))
    raw = json.dumps(GOOD, ensure_ascii=False).encode()
    headers = {
        "X-Timestamp": stamp,
        "X-Signature": signature(secret=SECRET, timestamp=stamp, body=raw),
    }
    url = "/api/v1/inbound/hotline-12345"
    assert (
        client.post(url, raw, content_type="application/json", headers=headers).status_code == 201
    )
    replay = client.post(url, raw, content_type="application/json", headers=headers)
    assert replay.status_code == 401
    assert "重放" in replay.json()["detail"]


def test_an_unknown_source_is_not_found(client: Client) -> None:
    response = push(client, GOOD, source="nobody")
    assert response.status_code == 404
    assert "nobody" in response.json()["detail"]


def test_an_inactive_source_is_refused(client: Client) -> None:
    InboundSource.objects.filter(key="hotline-12345").update(active=False)
    assert push(client, GOOD).status_code == 403


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({k: v for k, v in GOOD.items() if k != "external_id"}, "缺少字段 external_id"),
        ({**GOOD, "colour": "red"}, "不认识的字段 colour"),
        ({**GOOD, "content": "  "}, "内容不能为空"),
        ("{not json", "不是合法的 JSON"),
    ],
)
def test_bad_fields_are_refused_with_a_message_that_says_what_to_fix(
    client: Client, body: Any, message: str
) -> None:
    response = push(client, body)
    assert response.status_code == 422
    assert message in response.json()["detail"]
    assert Case.objects.count() == 0


def test_status_changes_go_back_to_the_sources_callback_url(
    client: Client, callback: FakeCallbackRecipient, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        receipt_number = push(client, GOOD).json()["receipt_number"]
    case = Case.objects.get(receipt_number=receipt_number)
    dispatcher = staff_user("dispatcher", "630000")
    handler = staff_user("handler", "630105")
    with django_capture_on_commit_callbacks(execute=True):
        case_act(case_id=case.pk, action="accept", actor=dispatcher)
        case_act(
            case_id=case.pk,
            action="forward",
            actor=dispatcher,
            data=ActionInput(unit_code="630105"),
        )
        case_act(
            case_id=case.pk,
            action="handle",
            actor=handler,
            data=ActionInput(finding="true", measures="责令夜间停止打桩"),
        )
        case_act(case_id=case.pk, action="reply", actor=handler, data=ActionInput(reply="已整改"))
    pushed = list(callback.accepted.values())
    assert [p["status"] for p in pushed] == [
        "registered",
        "accepted",
        "forwarded",
        "handling",
        "replied",
    ]
    assert all(p["external_id"] == GOOD["external_id"] for p in pushed)
    assert pushed[-1]["reply"] == "已整改"
    assert pushed[2]["handling_unit"] == Unit.objects.get(code="630105").name
    everything = b"".join(r["body"] for r in callback.received).decode()
    assert "王五" not in everything and "13700002222" not in everything
    assert "query_code" not in everything
    assert OutboxMessage.objects.filter(state="delivered").count() == 5


def test_a_case_from_elsewhere_sends_nothing_back(callback: FakeCallbackRecipient) -> None:
    case = registered().case
    case_act(case_id=case.pk, action="accept", actor=staff_user("dispatcher", "630000"))
    assert OutboxMessage.objects.count() == 0


def test_a_source_without_a_callback_url_gets_nothing_queued(client: Client) -> None:
    receipt_number = push(client, GOOD).json()["receipt_number"]
    case = Case.objects.get(receipt_number=receipt_number)
    case_act(case_id=case.pk, action="accept", actor=staff_user("dispatcher", "630000"))
    assert OutboxMessage.objects.count() == 0


def test_an_administrator_sets_a_new_secret_that_signs_from_then_on_and_is_never_logged(
    client: Client,
) -> None:
    admin = User.objects.create_superuser(
        username="admin-630000", password="Admin@pass123", role="admin"
    )
    client.force_login(admin)
    source = InboundSource.objects.get(key="hotline-12345")
    page = client.get(f"/admin/intake/inboundsource/{source.pk}/change/")
    assert page.status_code == 200 and SECRET not in page.content.decode()
    response = client.post(
        f"/admin/intake/inboundsource/{source.pk}/change/",
        {
            "key": "hotline-12345",
            "name": source.name,
            "channel": "hotline_12345",
            "callback_url": "https://12345.example.cn/cb",
            "active": "on",
            "secret": "a-fresh-production-secret",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert push(client, GOOD).status_code == 401
    assert push(client, GOOD, secret="a-fresh-production-secret").status_code == 201
    logged = json.dumps(list(AuditRecord.objects.values("action", "extra_data")))
    assert "a-fresh-production-secret" not in logged
    assert AuditRecord.objects.filter(action="inbound_source.secret_change").exists()
