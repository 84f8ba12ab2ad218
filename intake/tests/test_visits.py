"""来访: the reception desk registers visits, validates group visits, links earlier cases."""

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from cases.models import Case, Petitioner
from core import crypto
from intake.models import Visit, VisitLink, VisitRepresentative
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")

URL = "/staff/intake/visits/new/"
CONTENT = "城西区五四大街一家烧烤店油烟直排，每天晚上熏得窗户都打不开。"
ID_NUMBER = "11010519491231002X"


def desk(role: str = "clerk", unit: str = "630000") -> Client:
    client = Client()
    client.force_login(staff_user(role, unit))
    return client


def form(count: int = 1, reps: list[tuple[str, str, str]] | None = None, **extra: Any) -> dict:
    data: dict[str, Any] = {
        "content": CONTENT,
        "address": "西宁市城西区五四大街",
        "visitors_count": str(count),
        "idempotency_key": "",
    }
    for i, (name, phone, id_number) in enumerate(reps or [("李四", "13800001111", "")]):
        data[f"rep-{i}-name"], data[f"rep-{i}-phone"], data[f"rep-{i}-id_number"] = (
            name,
            phone,
            id_number,
        )
    data.update(extra)
    return data


def people(n: int) -> list[tuple[str, str, str]]:
    return [(f"代表{i}", f"1380000{i:04d}", "") for i in range(n)]


def test_a_clerk_registers_a_single_visit_and_gets_a_receipt() -> None:
    client = desk()

    response = client.post(URL, form(reps=[("李四", "13800001111", ID_NUMBER)]), follow=True)

    case = Case.objects.get()
    assert case.channel == "visit"
    assert response.status_code == 200
    page = response.content.decode()
    assert case.receipt_number in page and "查询码" in page
    visit = Visit.objects.get()
    assert visit.case == case and visit.visitors_count == 1 and not visit.is_group
    assert visit.received_by.username == "clerk-630000"


def test_the_first_representative_becomes_the_petitioner() -> None:
    desk().post(URL, form(count=3, reps=[("李四", "13800001111", ID_NUMBER), ("王五", "", "")]))

    petitioner = Petitioner.objects.get()
    assert crypto.decrypt(petitioner.name_encrypted) == "李四"
    assert petitioner.id_number_hash == crypto.keyed_hash(ID_NUMBER)
    assert Case.objects.get().petitioner == petitioner


def test_representatives_are_stored_encrypted_with_keyed_hashes() -> None:
    desk().post(URL, form(count=2, reps=[("李四", "13800001111", ID_NUMBER), ("王五", "", "")]))

    first, second = VisitRepresentative.objects.order_by("position")
    assert "李四" not in first.name_encrypted and "13800001111" not in first.phone_encrypted
    assert crypto.decrypt(first.name_encrypted) == "李四"
    assert first.phone_hash == crypto.phone_hash("13800001111")
    assert first.id_number_hash == crypto.keyed_hash(ID_NUMBER)
    assert crypto.decrypt(second.name_encrypted) == "王五" and second.phone_hash == ""


def test_five_or_more_visitors_make_a_group_visit() -> None:
    response = desk().post(URL, form(count=30, reps=people(5)), follow=True)

    visit = Visit.objects.get()
    assert visit.is_group and visit.representatives.count() == 5
    assert "集体访" in response.content.decode()


def test_it_refuses_a_sixth_representative_and_writes_nothing() -> None:
    response = desk().post(URL, form(count=30, reps=people(6)))

    assert response.status_code == 422
    assert "来访代表最多 5 名" in response.content.decode()
    assert not Case.objects.exists() and not Visit.objects.exists()
    assert not Petitioner.objects.exists()


def test_it_refuses_more_representatives_than_visitors() -> None:
    response = desk().post(URL, form(count=2, reps=people(3)))

    assert response.status_code == 422
    assert "代表人数（3）不能多于来访人数（2）" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize("count", ["0", "-3"])
def test_it_refuses_fewer_than_one_visitor(count: str) -> None:
    response = desk().post(URL, form(visitors_count=count))

    assert response.status_code == 422
    assert "来访人数至少为 1 人" in response.content.decode()
    assert not Case.objects.exists()


def test_a_bad_id_number_names_the_representative_and_keeps_what_was_typed() -> None:
    response = desk().post(URL, form(count=2, reps=[("李四", "", ""), ("王五", "", "123")]))

    page = response.content.decode()
    assert response.status_code == 422
    assert "第 2 名代表：身份证号码不正确" in page
    assert 'value="王五"' in page and CONTENT in page
    assert not Case.objects.exists()


def test_a_visit_needs_a_named_visitor() -> None:
    response = desk().post(URL, form(reps=[("", "", "")]))

    assert response.status_code == 422
    assert "请至少登记一名来访人" in response.content.decode()


def test_posting_the_same_form_twice_registers_one_visit() -> None:
    client = desk()
    data = form(idempotency_key="visit-key-1")

    client.post(URL, data)
    client.post(URL, data)

    assert Case.objects.count() == 1 and Visit.objects.count() == 1


def test_earlier_cases_of_the_same_matter_are_offered_and_can_be_linked() -> None:
    earlier = registered().case
    unrelated = registered(content="格尔木市有人在盐湖边非法采砂。", address="格尔木市").case
    client = desk()

    page = client.post(URL, form(), follow=True)
    case = Case.objects.filter(channel="visit").get()

    assert earlier.receipt_number in page.content.decode()
    assert unrelated.receipt_number not in page.content.decode()
    links_url = f"/staff/intake/visits/{case.receipt_number}/links/"
    response = client.post(links_url, {"case": [earlier.receipt_number]}, follow=True)
    link = VisitLink.objects.get()
    assert (link.visit.case, link.case, link.linked_by.username) == (case, earlier, "clerk-630000")
    assert "已关联 1 件事项" in response.content.decode()


def test_linking_a_case_the_clerk_cannot_see_is_refused() -> None:
    client = desk(unit="630121")
    client.post(URL, form())
    visit = Visit.objects.get()
    province_case = registered().case  # held by the province, above 大通县

    response = client.post(
        f"/staff/intake/visits/{visit.case.receipt_number}/links/",
        {"case": [province_case.receipt_number]},
    )

    assert response.status_code == 404
    assert not VisitLink.objects.exists()


@pytest.mark.parametrize("role", ["handler", "leader", "auditor"])
def test_only_the_reception_desk_may_register_visits(role: str) -> None:
    response = desk(role=role).get(URL)

    assert response.status_code == 403


def test_another_units_visit_is_not_found() -> None:
    desk(unit="630121").post(URL, form())
    visit = Visit.objects.get()

    response = desk(unit="630102").get(f"/staff/intake/visits/{visit.case.receipt_number}/")

    assert response.status_code == 404


def test_the_visit_page_needs_a_login() -> None:
    response = Client().get(URL)

    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_a_user_object_is_the_receiver() -> None:
    desk().post(URL, form())

    assert isinstance(Visit.objects.get().received_by, User)
