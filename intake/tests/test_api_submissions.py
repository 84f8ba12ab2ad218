"""The public JSON API: submit, progress, rating; bad input gets a 4xx and writes nothing."""

import json
from typing import Any

import pytest
from django.test import Client

from cases.models import Case, Petitioner
from cases.services import ActionInput, case_act
from tests.factories import case_forwarded_to, staff_user

pytestmark = pytest.mark.usefixtures("province")

URL = "/api/v1/submissions"
GOOD = {
    "channel": "web",
    "content": "湟水河大通段有工厂夜里往河里排黑水，河里的鱼都翻白肚了。",
    "address": "大通县桥头镇电厂旁边",
    "petitioner": {"name": "李四", "phone": "13800001111", "id_number": ""},
}


def post(client: Client, body: Any, **headers: str) -> Any:
    data = body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return client.post(URL, data, content_type="application/json", headers=headers)


def test_a_submission_gets_a_receipt_number_and_query_code_at_once(client: Client) -> None:
    response = post(client, GOOD)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "registered"
    assert len(body["query_code"]) == 6
    assert Case.objects.get(receipt_number=body["receipt_number"]).content == GOOD["content"]


def test_a_retry_with_the_same_idempotency_key_returns_the_same_receipt(client: Client) -> None:
    first = post(client, GOOD, **{"Idempotency-Key": "abc-123"}).json()
    again = post(client, GOOD, **{"Idempotency-Key": "abc-123"})
    assert again.status_code == 200
    assert again.json() == first
    assert Case.objects.count() == 1


def test_personal_data_is_encrypted_at_rest(client: Client) -> None:
    post(client, GOOD)
    stored = Petitioner.objects.get()
    assert "李四" not in stored.name_encrypted
    assert "13800001111" not in stored.phone_encrypted
    assert stored.phone_hash and "13800001111" not in stored.phone_hash


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**GOOD, "content": "  "}, "内容不能为空"),
        ({k: v for k, v in GOOD.items() if k != "content"}, "缺少字段 content"),
        ({**GOOD, "colour": "red"}, "不认识的字段 colour"),
        ({**GOOD, "content": "油烟" * 2600}, "content"),
        ({**GOOD, "channel": "pigeon"}, "渠道"),
        ({**GOOD, "latitude": 36.6}, "经纬度须同时提供"),
        ({**GOOD, "latitude": 136.6, "longitude": 101.7}, "超出范围"),
        ({**GOOD, "petitioner": {"phone": "12"}}, "联系电话"),
        ({**GOOD, "petitioner": {"id_number": "630102199001011234"}}, "身份证"),
        ("{not json", "JSON"),
        ("[]", ""),
    ],
)
def test_bad_input_gets_a_4xx_that_says_what_to_fix_and_writes_nothing(
    client: Client, body: Any, message: str
) -> None:
    response = post(client, body)
    assert 400 <= response.status_code < 500
    assert message in response.json()["detail"]
    assert Case.objects.count() == 0
    assert Petitioner.objects.count() == 0


def test_progress_needs_the_right_query_code(client: Client) -> None:
    receipt = post(client, GOOD).json()
    url = f"{URL}/{receipt['receipt_number']}"
    assert client.get(url, {"query_code": "WRONG1"}).status_code == 404
    assert (
        client.get(f"{URL}/2099010100001", {"query_code": receipt["query_code"]}).status_code == 404
    )
    response = client.get(url, {"query_code": receipt["query_code"].lower()})
    assert response.status_code == 200
    assert response.json()["status_label"] == "已登记"


def test_progress_never_shows_personal_data(client: Client) -> None:
    receipt = post(client, GOOD).json()
    text = client.get(
        f"{URL}/{receipt['receipt_number']}", {"query_code": receipt["query_code"]}
    ).content.decode()
    for secret in ("李四", "13800001111", "1111", "petitioner"):
        assert secret not in text


def test_the_reply_shows_once_replied_and_the_petitioner_can_rate_it(client: Client) -> None:
    receipt = case_forwarded_to("630121")
    handler = staff_user("handler", "630121")
    case_act(
        case_id=receipt.case.pk,
        action="handle",
        actor=handler,
        data=ActionInput(finding="true", measures="责令停产整治"),
    )
    url = f"{URL}/{receipt.receipt_number}"
    assert client.get(url, {"query_code": receipt.query_code}).json()["reply"] is None
    case_act(
        case_id=receipt.case.pk,
        action="reply",
        actor=handler,
        data=ActionInput(reply="经查属实，已责令该厂停产整治。"),
    )
    progress = client.get(url, {"query_code": receipt.query_code}).json()
    assert progress["reply"] == "经查属实，已责令该厂停产整治。"
    assert progress["can_rate"]
    assert any("转交" in step["text"] for step in progress["timeline"])
    rated = client.post(
        f"{url}/satisfaction",
        {"query_code": receipt.query_code, "satisfaction": "satisfied"},
        content_type="application/json",
    )
    assert rated.status_code == 200
    assert rated.json()["satisfaction"] == "satisfied"
    again = client.post(
        f"{url}/satisfaction",
        {"query_code": receipt.query_code, "satisfaction": "dissatisfied"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_the_same_external_id_from_a_source_returns_the_same_case() -> None:
    from intake.services import register_submission
    from tests.factories import submission

    first = register_submission(
        submission=submission(source="hotline-12345", external_id="GD2026-0001")
    )
    again = register_submission(
        submission=submission(source="hotline-12345", external_id="GD2026-0001")
    )
    other_source = register_submission(
        submission=submission(source="petition-bureau", external_id="GD2026-0001")
    )
    assert not again.created
    assert again.case.pk == first.case.pk
    assert again.query_code == first.query_code
    assert other_source.case.pk != first.case.pk
