"""The staff pages: queue, case page and its actions, the hotline console."""

import pytest
from django.test import Client

from accounts.models import User
from cases.models import Case
from tests.factories import case_forwarded_to, registered, staff_user

pytestmark = pytest.mark.usefixtures("province")


def _login(client: Client, role: str, unit_code: str) -> User:
    user = staff_user(role, unit_code)
    client.force_login(user)
    return user


def test_the_queue_asks_for_a_login(client: Client) -> None:
    answer = client.get("/staff/")
    assert answer.status_code == 302 and answer["Location"].startswith("/staff/login/")


def test_the_login_page_renders(client: Client) -> None:
    page = client.get("/staff/login/")
    assert page.status_code == 200 and 'for="id_username"' in page.content.decode()


def test_a_county_handler_sees_only_cases_of_its_own_unit(client: Client) -> None:
    own = case_forwarded_to("632801", content="格尔木市昆仑路一家洗车店污水直排路边沟渠。")
    other = case_forwarded_to("630102")
    _login(client, "handler", "632801")
    page = client.get("/staff/")
    html = page.content.decode()
    assert own.receipt_number in html and other.receipt_number not in html
    assert client.get(f"/staff/cases/{other.receipt_number}/").status_code == 404
    answer = client.post(
        f"/staff/cases/{other.receipt_number}/actions/handle/",
        {"finding": "true", "measures": "已整改"},
    )
    assert answer.status_code == 404
    assert Case.objects.get(pk=other.case.pk).status == "forwarded"


def test_the_queue_counts_cases_on_its_tabs_and_filters_by_tab(client: Client) -> None:
    waiting = registered()
    _login(client, "dispatcher", "630000")
    page = client.get("/staff/", {"tab": "registered"})
    assert page.context["tabs"][0][:3] == ("registered", "待受理", 1)
    assert waiting.receipt_number in page.content.decode()
    assert waiting.receipt_number not in client.get("/staff/", {"tab": "accepted"}).content.decode()


def test_an_htmx_request_gets_only_the_table(client: Client) -> None:
    registered()
    _login(client, "dispatcher", "630000")
    page = client.get("/staff/", {"q": "烧烤"}, headers={"HX-Request": "true"})
    html = page.content.decode()
    assert 'id="queue-table"' in html and "<html" not in html


def test_a_dispatcher_accepts_then_forwards_from_the_case_page(client: Client) -> None:
    receipt = registered()
    _login(client, "dispatcher", "630000")
    url = f"/staff/cases/{receipt.receipt_number}/"
    assert f'action="/staff/cases/{receipt.receipt_number}/actions/accept/"' in (
        client.get(url).content.decode()
    )
    assert client.post(url + "actions/accept/", {"note": "属实，受理"})["Location"] == url
    page = client.get(url)
    assert "已受理" in page.content.decode() and "630102" in page.content.decode()
    assert client.post(url + "actions/forward/", {"unit_code": "630102"}).status_code == 302
    case = Case.objects.get(pk=receipt.case.pk)
    assert case.status == "forwarded" and case.handling_unit.code == "630102"


def test_a_refused_action_shows_the_message_and_keeps_what_was_typed(client: Client) -> None:
    receipt = case_forwarded_to("630102")
    _login(client, "handler", "630102")
    url = f"/staff/cases/{receipt.receipt_number}/actions/handle/"
    page = client.post(url, {"measures": "责令停业整改三天"})
    html = page.content.decode()
    assert page.status_code == 422
    assert "请选择调查结论" in html and "责令停业整改三天" in html


def test_the_case_page_masks_the_petitioner_until_revealed(client: Client) -> None:
    receipt = registered()
    _login(client, "dispatcher", "630000")
    url = f"/staff/cases/{receipt.receipt_number}/"
    assert "张三丰" not in client.get(url).content.decode()
    assert "13912345678" in client.post(url + "reveal/").content.decode()


def test_a_leader_has_no_reveal_button(client: Client) -> None:
    receipt = registered()
    _login(client, "leader", "630000")
    html = client.get(f"/staff/cases/{receipt.receipt_number}/").content.decode()
    assert "查看完整信息" not in html


def test_the_hotline_console_finds_earlier_cases_by_phone(client: Client) -> None:
    earlier = registered()
    _login(client, "clerk", "630000")
    page = client.get("/staff/hotline/history/", {"phone": "139 1234 5678"})
    html = page.content.decode()
    assert earlier.receipt_number in html and "张三丰" not in html


def test_the_hotline_console_registers_a_call_and_shows_the_codes_to_read_out(
    client: Client,
) -> None:
    _login(client, "clerk", "630000")
    key = client.get("/staff/hotline/").context["form"]["idempotency_key"].value()
    answer = client.post(
        "/staff/hotline/",
        {
            "phone": "13700002222",
            "content": "湟水河边有人倾倒建筑垃圾。",
            "address": "西宁市城东区",
            "track": "report",
            "field_codes": ["solid_waste"],
            "idempotency_key": key,
        },
    )
    assert answer.status_code == 302
    case = Case.objects.get()
    html = client.get("/staff/hotline/").content.decode()
    assert case.channel == "hotline_12369" and case.receipt_number in html
    assert "查询码" in html


def test_queue_filters_stay_put_in_the_form(client: Client) -> None:
    registered()
    _login(client, "dispatcher", "630000")
    html = client.get("/staff/", {"status": "registered", "q": "烧烤"}).content.decode()
    assert '<option value="registered" selected>' in html and 'value="烧烤"' in html


def test_the_decline_form_offers_only_active_reasons(client: Client) -> None:
    receipt = registered()
    _login(client, "dispatcher", "630000")
    page = client.get(f"/staff/cases/{receipt.receipt_number}/")
    reasons = list(page.context["decline_reasons"])
    assert reasons and all(r.active for r in reasons)
    assert f'value="{reasons[0].code}"' in page.content.decode()


def _hotline_suggestion(client: Client, content: str, address: str) -> str:
    """What the 12369 console suggests to an agent at the province typing this call."""
    _login(client, "clerk", "630000")
    page = client.get("/staff/hotline/triage/", {"content": content, "address": address})
    return page.content.decode()


def test_the_hotline_console_suggests_field_place_and_risk_as_the_agent_types(
    client: Client,
) -> None:
    html = _hotline_suggestion(
        client, "河里的鱼都翻白肚了，上游工厂晚上偷排，我们要找媒体曝光", "湟源县城关镇"
    )
    assert 'data-fields="water' in html
    assert "湟源县" in html
    assert "媒体" in html  # a risk reason


def test_the_hotline_console_shows_earlier_cases_of_the_matter_the_caller_describes(
    client: Client,
) -> None:
    earlier = registered(
        content="城西区五四大街金鼎烧烤店油烟直排，每天晚上熏得窗户都打不开",
        address="西宁市城西区五四大街金鼎烧烤",
    ).case
    registered(content="五四大街上的工地晚上十二点还在施工，吵得睡不着", address="西宁市城西区")
    html = _hotline_suggestion(
        client, "五四大街金鼎烧烤又在排油烟，窗户都不敢开", "西宁市城西区五四大街"
    )
    assert "可能是已登记事项的重复反映" in html and earlier.receipt_number in html
    assert "同一设施「金鼎烧烤店」" in html
    assert html.count('class="mono"') == 1  # the building site is another matter


def test_the_hotline_console_searches_the_prefecture_when_the_call_is_placed_no_closer(
    client: Client,
) -> None:
    earlier = registered(
        content="格尔木市昆仑路顺达洗车店洗车污水直排路边，路面结了一大片冰",
        address="海西州格尔木市昆仑路顺达洗车店",
    ).case
    html = _hotline_suggestion(client, "昆仑路顺达洗车店又往路边排洗车水，路上全是冰", "海西州")
    assert earlier.receipt_number in html
    assert "同一设施「顺达洗车店」" in html


def test_the_hotline_console_says_so_when_it_cannot_place_the_call(client: Client) -> None:
    html = _hotline_suggestion(client, "楼下工地晚上一直施工，吵得睡不着", "我家楼下")
    assert "不确定" in html


def test_the_excel_export_holds_only_visible_cases_and_no_identity(client: Client) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    own = case_forwarded_to("632801", content="格尔木市昆仑路一家洗车店污水直排路边沟渠。")
    other = case_forwarded_to("630102")
    _login(client, "handler", "632801")
    answer = client.get("/staff/export.xlsx")
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(answer.content)).active
    assert sheet is not None
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row]
    assert own.receipt_number in cells and other.receipt_number not in cells
    assert not any("张三丰" in c or "13912345678" in c for c in cells)


def test_the_case_page_lists_earlier_cases_of_the_same_matter_the_viewer_may_open(
    client: Client,
) -> None:
    first = case_forwarded_to(
        "630104",
        content="城西区五四大街金鼎烧烤店油烟直排，每天晚上熏得窗户都打不开",
        address="西宁市城西区五四大街金鼎烧烤",
    )
    again = case_forwarded_to(
        "630102",
        content="又来反映五四大街金鼎烧烤的油烟问题，还是直接往居民楼排，没人管",
        address="西宁市城西区五四大街",
    )
    _login(client, "dispatcher", "630000")
    html = client.get(f"/staff/cases/{again.receipt_number}/").content.decode()
    assert "同一事项（1 件）" in html and "疑似同一事项" not in html
    assert f'{first.receipt_number}</a> <span class="muted">已转办，' in html
    assert "同一设施「金鼎烧烤店」" in html  # why triage says so
    _login(client, "handler", "630102")
    html = client.get(f"/staff/cases/{again.receipt_number}/").content.decode()
    assert "另有 1 件同一或疑似同一事项在其他单位" in html and first.receipt_number not in html
