"""Open311 GeoReport v2 through the real protocol: form-encoded POSTs, answers checked against
the official JSON Schemas, and XML that carries the same data."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from cases.models import Case, Subcategory
from cases.services import ActionInput, case_act
from core import clock, crypto
from core.redaction import redact_personal_data
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "open311"
BASE = "/open311/v2"
KEY = "demo-open311-key"
GOOD = {
    "api_key": KEY,
    "service_code": "air",
    "lat": "36.6232",
    "long": "101.7782",
    "address_string": "西宁市城西区五四大街 32 号楼下",
    "description": "楼下烧烤店油烟直排，每天晚上熏得窗户都打不开。",
    "first_name": "三丰",
    "last_name": "张",
    "phone": "13912345678",
    "email": "zhang@example.com",
}


def validator(name: str) -> Draft4Validator:
    if not SCHEMAS.is_dir():
        pytest.skip(f"the official Open311 schemas are not at {SCHEMAS} (shared/ beside the repo)")
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT4))
        for path in SCHEMAS.glob("*.json")
        if path.name != "swagger.json"
    ]
    registry: Registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft4Validator(schema, registry=registry)


def assert_valid(name: str, body: Any) -> None:
    errors = [e.message for e in validator(name).iter_errors(body)]
    assert errors == []


def assert_datetimes_are_iso_with_offset(requests: list[dict[str, Any]]) -> None:
    for item in requests:
        for key in ("requested_datetime", "updated_datetime", "expected_datetime"):
            if item.get(key):
                assert datetime.fromisoformat(item[key]).utcoffset() is not None


def post(client: Client, fmt: str = "json", **overrides: str | None) -> Any:
    data = {k: v for k, v in {**GOOD, **overrides}.items() if v is not None}
    return client.post(f"{BASE}/requests.{fmt}", data)  # form-encoded, as the spec says


def xml_items(response: Any, root: str) -> list[dict[str, str]]:
    element = ElementTree.fromstring(response.content)
    assert element.tag == root
    return [{child.tag: child.text or "" for child in item} for item in element]


def test_services_are_our_fields_and_subcategories_and_match_the_schema(client: Client) -> None:
    response = client.get(f"{BASE}/services.json")
    assert response.status_code == 200
    body = response.json()
    assert_valid("services.json", body)
    codes = {s["service_code"] for s in body}
    subcategory = Subcategory.objects.get(field__code="air", name="餐饮油烟")
    assert {"air", "water", "noise", f"air-{subcategory.pk}"} <= codes
    oil = next(s for s in body if s["service_code"] == f"air-{subcategory.pk}")
    assert (oil["service_name"], oil["group"], oil["type"]) == ("餐饮油烟", "大气", "realtime")


def test_services_xml_carries_the_same_services(client: Client) -> None:
    as_json = client.get(f"{BASE}/services.json").json()
    response = client.get(f"{BASE}/services.xml")
    assert response["Content-Type"].startswith("text/xml")
    items = xml_items(response, "services")
    assert [i["service_code"] for i in items] == [s["service_code"] for s in as_json]
    assert items[0]["metadata"] == "false"


def test_a_service_definition_matches_the_schema(client: Client) -> None:
    response = client.get(f"{BASE}/services/water.json")
    assert response.status_code == 200
    assert_valid("service-definition.json", response.json())
    assert response.json()["service_code"] == "water"


def test_an_unknown_service_definition_is_a_404_error_array(client: Client) -> None:
    response = client.get(f"{BASE}/services/nope.xml")
    assert response.status_code == 404
    assert xml_items(response, "errors")[0]["code"] == "404"


def test_discovery_lists_the_endpoint_in_both_formats(client: Client) -> None:
    body = client.get(f"{BASE}/discovery.json").json()
    endpoint = body["endpoints"][0]
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}
    root = ElementTree.fromstring(client.get(f"{BASE}/discovery.xml").content)
    assert root.findtext("endpoints/endpoint/url") == "http://testserver/open311/v2"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == endpoint[
        "formats"
    ]


def test_a_form_encoded_post_registers_a_case_on_the_open311_channel(client: Client) -> None:
    response = post(client)
    assert response.status_code == 200
    body = response.json()
    case = Case.objects.get(receipt_number=body[0]["service_request_id"])
    assert case.primary_field is not None and case.petitioner is not None
    assert (case.channel, case.source, case.primary_field.code) == ("open311", "open311", "air")
    assert (case.latitude, case.longitude) == (36.6232, 101.7782)
    assert crypto.decrypt(case.petitioner.name_encrypted) == "张三丰"
    assert crypto.decrypt(case.petitioner.phone_encrypted) == "13912345678"
    assert body[0]["token"]
    assert "查询码" in body[0]["service_notice"]


def test_a_subcategory_service_code_sets_the_subcategory(client: Client) -> None:
    subcategory = Subcategory.objects.get(field__code="air", name="餐饮油烟")
    body = post(client, service_code=f"air-{subcategory.pk}").json()
    case = Case.objects.get(receipt_number=body[0]["service_request_id"])
    assert case.subcategory == subcategory


def test_a_post_without_name_or_phone_is_anonymous(client: Client) -> None:
    body = post(client, first_name=None, last_name=None, phone=None, email=None).json()
    case = Case.objects.get(receipt_number=body[0]["service_request_id"])
    assert case.anonymous and case.petitioner is None


def test_an_address_id_is_a_county_code(client: Client) -> None:
    body = post(client, lat=None, long=None, address_string=None, address_id="630104").json()
    assert Case.objects.get(receipt_number=body[0]["service_request_id"]).region_id == "630104"


def test_a_post_answers_in_xml_too(client: Client) -> None:
    response = post(client, fmt="xml")
    assert response.status_code == 200
    item = xml_items(response, "service_requests")[0]
    assert Case.objects.filter(receipt_number=item["service_request_id"]).exists()
    assert item["token"]


@pytest.mark.parametrize("key", ["wrong-key", None])
def test_a_post_without_a_valid_api_key_is_refused_with_403(client: Client, key: Any) -> None:
    response = post(client, api_key=key)
    assert response.status_code == 403
    assert response.json()[0]["code"] == 403
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"service_code": None}, "service_code"),
        ({"service_code": "nope"}, "nope"),
        ({"lat": None, "long": None, "address_string": None}, "位置"),
        ({"description": " "}, "description"),
        ({"lat": "north"}, "lat"),
        ({"long": None, "address_string": None}, "经纬度"),
        ({"address_id": "999999"}, "999999"),
    ],
)
def test_a_bad_post_is_a_400_error_array_and_writes_nothing(
    client: Client, overrides: dict[str, Any], words: str
) -> None:
    response = post(client, **overrides)
    assert response.status_code == 400
    body = response.json()
    assert body[0]["code"] == 400 and words in body[0]["description"]
    assert not Case.objects.exists()


def test_a_bad_post_in_xml_is_an_errors_element(client: Client) -> None:
    response = post(client, fmt="xml", service_code="nope")
    assert response.status_code == 400
    assert xml_items(response, "errors")[0]["code"] == "400"


def test_a_request_read_back_matches_the_schema_and_holds_no_personal_data(
    client: Client,
) -> None:
    created = post(
        client,
        description="我叫张三丰，电话 139-1234-5678，身份证 630102199001011234，楼下油烟直排。",
    ).json()[0]
    response = client.get(f"{BASE}/requests/{created['service_request_id']}.json")
    assert response.status_code == 200
    body = response.json()
    assert_valid("requests.json", body)
    assert_datetimes_are_iso_with_offset(body)
    text = response.content.decode()
    for secret in ("张三丰", "13912345678", "1234-5678", "630102199001011234", "zhang@"):
        assert secret not in text
    assert "楼下油烟直排" in body[0]["description"]
    assert body[0]["status"] == "open"
    assert body[0]["status_notes"] == "已登记"
    assert body[0]["address"] == GOOD["address_string"]


def test_a_request_xml_carries_the_same_data_as_json(client: Client) -> None:
    number = post(client).json()[0]["service_request_id"]
    as_json = client.get(f"{BASE}/requests/{number}.json").json()[0]
    item = xml_items(client.get(f"{BASE}/requests/{number}.xml"), "service_requests")[0]
    assert set(item) == set(as_json)
    for key, value in as_json.items():
        assert item[key] == ("" if value is None else str(value))


def test_an_unknown_request_is_a_404_error_array(client: Client) -> None:
    response = client.get(f"{BASE}/requests/2099010100001.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404


def test_a_token_leads_to_its_request_and_a_forged_one_does_not(client: Client) -> None:
    created = post(client).json()[0]
    response = client.get(f"{BASE}/tokens/{created['token']}.json")
    assert response.status_code == 200
    assert response.json() == [
        {"service_request_id": created["service_request_id"], "token": created["token"]}
    ]
    forged = f"{created['service_request_id']}-0000000000000000"
    assert client.get(f"{BASE}/tokens/{forged}.json").status_code == 404


def test_the_list_defaults_to_the_last_90_days(client: Client) -> None:
    with clock.frozen_at(timezone.now() - timedelta(days=120)):
        old = registered(channel="open311").case
    recent = registered(channel="open311").case
    body = client.get(f"{BASE}/requests.json").json()
    assert_valid("requests.json", body)
    numbers = [r["service_request_id"] for r in body]
    assert recent.receipt_number in numbers and old.receipt_number not in numbers


def test_the_list_filters_by_ids_which_override_the_dates(client: Client) -> None:
    with clock.frozen_at(timezone.now() - timedelta(days=120)):
        old = registered().case
    registered()
    body = client.get(f"{BASE}/requests.json", {"service_request_id": old.receipt_number}).json()
    assert [r["service_request_id"] for r in body] == [old.receipt_number]


def test_the_list_filters_by_service_code_and_status(client: Client) -> None:
    air = registered(field_codes=("air",)).case
    water = registered(field_codes=("water",)).case
    dispatcher = staff_user("dispatcher", settings.DEPLOYMENT_PROVINCE)
    case_act(
        case_id=water.pk,
        action="decline",
        actor=dispatcher,
        data=ActionInput(decline_reason="not_environment"),
    )

    def numbers(**params: str) -> list[str]:
        return [r["service_request_id"] for r in client.get(f"{BASE}/requests.json", params).json()]

    assert numbers(service_code="air") == [air.receipt_number]
    assert numbers(status="closed") == [water.receipt_number]
    assert numbers(status="open") == [air.receipt_number]


def test_the_list_filters_by_a_date_range(client: Client) -> None:
    moment = timezone.now() - timedelta(days=200)
    with clock.frozen_at(moment):
        then = registered().case
    registered()
    start = (moment - timedelta(days=1)).isoformat(timespec="seconds")
    end = (moment + timedelta(days=1)).isoformat(timespec="seconds")
    body = client.get(f"{BASE}/requests.json", {"start_date": start, "end_date": end}).json()
    assert [r["service_request_id"] for r in body] == [then.receipt_number]


@pytest.mark.parametrize(
    "params",
    [
        {"status": "pending"},
        {"start_date": "yesterday"},
        {"start_date": "2026-01-01", "end_date": "2026-06-01"},
        {"service_code": "nope"},
    ],
)
def test_bad_list_filters_are_a_400_error_array(client: Client, params: dict[str, str]) -> None:
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400
    assert response.json()[0]["code"] == 400


def test_the_list_returns_at_most_1000_requests(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from intake.adapters.open311 import params, views

    assert params.MAX_REQUESTS == 1000
    registered(), registered(), registered()
    monkeypatch.setattr(views, "MAX_REQUESTS", 2)
    assert len(client.get(f"{BASE}/requests.json").json()) == 2


def test_a_petition_matter_is_listed_without_its_text(client: Client) -> None:
    case = registered(track="petition").case
    body = client.get(f"{BASE}/requests/{case.receipt_number}.json").json()
    assert_valid("requests.json", body)
    assert body[0]["description"] is None


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("电话13912345678", "13912345678"),
        ("手机 +86 139 1234 5678", "1234"),
        ("座机（0971）8123456", "8123456"),
        ("身份证号63010219900101123X", "63010219900101123X"),
        ("联系人：李四，邮箱 li@example.com", "李四"),
        ("ＱＱ：１２３４５６７８９", "１２３４５６７８９"),
    ],
)
def test_redaction_masks_contact_data_in_complaint_text(text: str, hidden: str) -> None:
    assert hidden not in redact_personal_data(text)


def test_redaction_leaves_dates_and_house_numbers_alone() -> None:
    text = "2026年11月29日晚上8点，五四大街32号楼下，我是附近的居民"
    assert redact_personal_data(text) == text
