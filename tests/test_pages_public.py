"""The public pages: submit, receipt, progress and rating, as a citizen's browser sees them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import Case
from cases.services import ActionInput, case_act
from tests.factories import case_forwarded_to, staff_user

pytestmark = pytest.mark.usefixtures("province")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _form(client: Client) -> dict[str, str]:
    page = client.get("/")
    return {
        "content": "五四大街烧烤店油烟直排，晚上窗户都打不开。",
        "address": "西宁市城西区五四大街",
        "name": "李四海",
        "phone": "13800001111",
        "idempotency_key": page.context["form"]["idempotency_key"].value(),
    }


def _submit(client: Client, **changes: str) -> dict[str, str]:
    data = {**_form(client), **changes}
    client.post("/", data)
    return data


def _receipt_codes(client: Client) -> tuple[str, str]:
    page = client.get("/receipt/")
    return page.context["case"].receipt_number, page.context["query_code"]


def test_the_submit_page_renders_without_scripts_and_says_identity_is_confidential(
    client: Client,
) -> None:
    page = client.get("/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="zh-Hans">' in html and "<script" not in html
    assert "绝不会告诉被反映的企业" in html and "匿名反映" in html
    assert 'enctype="multipart/form-data"' in html


def test_a_submission_redirects_to_a_receipt_without_the_query_code_in_the_url(
    client: Client,
) -> None:
    data = _form(client)
    answer = client.post("/", {**data, "photos": [SimpleUploadedFile("a.png", PNG)]})
    assert answer.status_code == 302 and answer["Location"] == "/receipt/"
    receipt = client.get("/receipt/")
    case = Case.objects.get()
    assert case.channel == "web" and case.attachments.count() == 1
    assert case.receipt_number in receipt.content.decode()
    assert receipt.context["query_code"] in receipt.content.decode()


def test_a_double_submit_makes_one_case(client: Client) -> None:
    data = _form(client)
    client.post("/", data)
    client.post("/", data)
    assert Case.objects.count() == 1


def test_a_validation_error_keeps_what_was_typed(client: Client) -> None:
    data = {**_form(client), "phone": "12"}
    page = client.post("/", data)
    html = page.content.decode()
    assert page.status_code == 422
    assert "联系电话格式不对" in html
    assert "五四大街烧烤店油烟直排" in html and "李四海" in html and 'value="12"' in html
    assert Case.objects.count() == 0


def test_progress_shows_the_timeline_and_never_the_petitioner(client: Client) -> None:
    _submit(client)
    number, code = _receipt_codes(client)
    answer = client.post("/progress/", {"receipt_number": number, "query_code": code.lower()})
    assert answer.status_code == 302
    page = client.get("/progress/")
    html = page.content.decode()
    assert "已登记，等待受理" in html and number in html
    assert "李四海" not in html and "13800001111" not in html and "****" not in html


def test_a_wrong_query_code_and_an_unknown_number_get_the_same_message(client: Client) -> None:
    _submit(client)
    number, _ = _receipt_codes(client)
    wrong = client.post("/progress/", {"receipt_number": number, "query_code": "ZZZZZZ"})
    unknown = client.post("/progress/", {"receipt_number": "1", "query_code": "ZZZZZZ"})
    assert wrong.status_code == unknown.status_code == 422
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    assert wrong.context["progress"] is None


def test_a_replied_case_can_be_rated_once_from_the_progress_page(client: Client) -> None:
    receipt = case_forwarded_to("630102")
    handler = staff_user("handler", "630102")
    handling = ActionInput(finding="true", measures="责令安装油烟净化器")
    case_act(case_id=receipt.case.pk, action="handle", actor=handler, data=handling)
    case_act(
        case_id=receipt.case.pk,
        action="reply",
        actor=handler,
        data=ActionInput(reply="经查属实，已责令整改。"),
    )
    client.post(
        "/progress/", {"receipt_number": receipt.receipt_number, "query_code": receipt.query_code}
    )
    page = client.get("/progress/")
    assert "经查属实，已责令整改。" in page.content.decode() and "基本满意" in page.content.decode()
    client.post("/progress/rate/", {"satisfaction": "satisfied"})
    receipt.case.refresh_from_db()
    assert receipt.case.satisfaction == "satisfied"
    assert "基本满意" not in client.get("/progress/").content.decode()


def test_rating_without_a_proven_query_code_changes_nothing(client: Client) -> None:
    receipt = case_forwarded_to("630102")
    answer = client.post("/progress/rate/", {"satisfaction": "satisfied"})
    receipt.case.refresh_from_db()
    assert answer.status_code == 302 and receipt.case.satisfaction == ""


def test_a_photo_that_is_not_an_image_is_refused_and_nothing_is_written(client: Client) -> None:
    data = {**_form(client), "photos": SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not a picture")}
    page = client.post("/", data)
    assert page.status_code == 422
    assert "不是可接受的文件类型" in page.content.decode()
    assert Case.objects.count() == 0


def test_a_real_photo_is_attached(client: Client) -> None:
    data = {**_form(client), "photos": SimpleUploadedFile("photo.png", PNG)}
    client.post("/", data)
    case = Case.objects.get()
    assert case.attachments.get().content_type == "image/png"
