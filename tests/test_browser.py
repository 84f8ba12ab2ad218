"""End to end in headless Chromium: a citizen submits, staff accept and forward, the county
replies, and the citizen reads the reply on the progress page. Screenshots in var/screenshots/."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings

from cases.reference import reference_load
from tests.factories import province_load, staff_user

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
PASSWORD = "Browser@12369"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls made here (fixtures,
    # teardown) are ordinary synchronous ones.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser-deps`")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def staff(transactional_db: None) -> None:
    reference_load(apps)
    province_load()
    for role, unit in [("dispatcher", "630000"), ("handler", "630102")]:
        user = staff_user(role, unit)
        user.set_password(PASSWORD)
        user.save()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(browser: Any, base: str, username: str) -> Any:
    page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page.goto(f"{base}/staff/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/staff/")
    return page


def take_action(page: Any, action: str, **fields: str) -> None:
    """Open the action's panel on the case page, fill it and submit it."""
    form = page.locator(f"#act-{action}")
    details = page.locator(f"details:has(#act-{action})")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in fields.items():
        field = form.locator(f"[name={name}]")
        tag = field.first.evaluate("e => e.tagName + ':' + (e.type || '')")
        if tag.startswith("SELECT"):
            field.select_option(value)
        elif tag.endswith(":radio"):
            form.locator(f"[name={name}][value={value}]").check()
        else:
            field.fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("load")


def test_a_complaint_travels_from_citizen_to_county_and_back(
    browser: Any, live_server: Any, staff: None
) -> None:
    base = live_server.url
    # A citizen on a phone submits a complaint
    phone = browser.new_page(viewport={"width": 360, "height": 780}, locale="zh-CN")
    phone.goto(f"{base}/")
    shot(phone, "1-submit")
    phone.fill(
        "#id_content", "城东区八一路一家烧烤店油烟直排，每天晚上熏得窗户都打不开，孩子一直咳嗽。"
    )
    phone.fill("#id_address", "西宁市城东区八一路88号")
    phone.fill("#id_name", "王秀兰")
    phone.fill("#id_phone", "13997001234")
    phone.click("button[type=submit]")
    receipt_number = phone.inner_text("#receipt-number").strip()
    query_code = phone.inner_text("#query-code").strip()
    assert len(receipt_number) == 13 and len(query_code) == 6
    shot(phone, "2-receipt")

    # The provincial dispatcher accepts it and forwards it to the 城东 branch
    desk = log_in(browser, base, "dispatcher-630000")
    desk.goto(f"{base}/staff/cases/{receipt_number}/")
    assert "八一路" in desk.content()
    assert "王秀兰" not in desk.content()  # masked until someone asks to see it
    take_action(desk, "accept")
    take_action(desk, "forward", unit_code="630102")
    assert "已转办" in desk.content()
    shot(desk, "3-dispatcher-forwarded")

    # The county handler records the finding and replies
    county = log_in(browser, base, "handler-630102")
    assert receipt_number in county.content()
    shot(county, "4-county-queue")
    county.goto(f"{base}/staff/cases/{receipt_number}/")
    take_action(county, "handle", finding="true", measures="现场检查，责令安装油烟净化设施")
    reply = "经现场核查，您反映的问题属实，已责令该店安装油烟净化设施并规范排放。"
    take_action(county, "reply", reply=reply)
    assert "已答复" in county.content()
    shot(county, "5-county-replied")

    # The citizen looks up the progress and reads the reply
    phone.goto(f"{base}/progress/")
    phone.fill("#id_receipt_number", receipt_number)
    phone.fill("#id_query_code", query_code)
    phone.click("form button[type=submit]")
    phone.wait_for_load_state("load")
    text = phone.content()
    assert reply in text
    assert "王秀兰" not in text and "13997001234" not in text
    shot(phone, "6-progress-reply")
    phone.click("button.rate-satisfied")
    phone.wait_for_load_state("load")
    assert "您的评价：满意" in phone.content()
    shot(phone, "7-rated")
