"""激增预警 on the workbench: shown to supervisors and leaders of the county, acknowledged."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import User
from core import clock
from core.models import AuditRecord
from routing.models import SurgeAlertRecord
from tests.factories import registered, staff_user

pytestmark = pytest.mark.usefixtures("province")


@pytest.fixture
def alert() -> SurgeAlertRecord:
    """An open alert about noise in 城西区 (630104, under 630100); its case is at the province."""
    case = registered(region_code="630104", field_codes=("noise",)).case
    return SurgeAlertRecord.objects.create(
        kind="county_field",
        subject="630104:noise",
        label="城西区噪声领域",
        region_id="630104",
        since=case.registered_at - timedelta(days=1),
        last_seen_at=case.registered_at,
        count=4,
        expected=0.1,
        reason="城西区噪声领域近3天被投诉4次，平时约0.1次",
        case=case,
    )


def _login(client: Client, role: str, unit_code: str) -> User:
    user = staff_user(role, unit_code)
    client.force_login(user)
    return user


def _acknowledge_url(alert: SurgeAlertRecord) -> str:
    return f"/staff/surges/{alert.pk}/acknowledge/"


def test_a_supervisor_of_a_covering_unit_sees_the_alert_above_the_queue(
    client: Client, alert: SurgeAlertRecord
) -> None:
    _login(client, "supervisor", "630100")
    html = client.get("/staff/").content.decode()
    assert alert.reason in html
    assert f"自 {timezone.localtime(alert.since):%Y-%m-%d %H:%M} 起" in html
    assert f'action="{_acknowledge_url(alert)}"' in html
    assert "已知悉" in html
    assert html.index('id="surge-alerts"') < html.index('id="queue-table"')


def test_a_leader_of_the_department_sees_the_alert_with_a_link_to_its_case(
    client: Client, alert: SurgeAlertRecord
) -> None:
    _login(client, "leader", "630000")
    html = client.get("/staff/").content.decode()
    assert alert.reason in html
    assert f'href="/staff/cases/{alert.case.receipt_number}/"' in html


def test_a_county_supervisor_is_told_but_not_linked_to_a_case_still_at_the_province(
    client: Client, alert: SurgeAlertRecord
) -> None:
    _login(client, "supervisor", "630104")
    html = client.get("/staff/").content.decode()
    assert alert.reason in html and alert.case.receipt_number in html
    assert f'href="/staff/cases/{alert.case.receipt_number}/"' not in html


def test_a_supervisor_of_a_unit_outside_the_tree_does_not_see_the_alert(
    client: Client, alert: SurgeAlertRecord
) -> None:
    _login(client, "supervisor", "632800")
    html = client.get("/staff/").content.decode()
    assert alert.reason not in html
    assert 'class="alert"' not in html


def test_a_clerk_does_not_see_surge_alerts(client: Client, alert: SurgeAlertRecord) -> None:
    _login(client, "clerk", "630000")
    html = client.get("/staff/").content.decode()
    assert alert.reason not in html and "激增预警" not in html


def test_acknowledging_records_who_and_when_and_hides_the_alert(
    client: Client, alert: SurgeAlertRecord
) -> None:
    supervisor = _login(client, "supervisor", "630100")
    moment = alert.case.registered_at + timedelta(hours=2)
    with clock.frozen_at(moment):
        answer = client.post(_acknowledge_url(alert), {"next": "/staff/?tab=handling"})
    assert answer.status_code == 302 and answer["Location"] == "/staff/?tab=handling"
    alert.refresh_from_db()
    assert alert.acknowledged_by == supervisor and alert.acknowledged_at == moment
    record = AuditRecord.objects.get(action="surge_alert.acknowledge")
    assert record.actor == supervisor and record.target == f"surge_alert:{alert.pk}"
    html = client.get("/staff/").content.decode()
    assert 'id="surge-alerts" class="alert"' not in html


def test_acknowledging_twice_writes_one_audit_record(
    client: Client, alert: SurgeAlertRecord
) -> None:
    _login(client, "supervisor", "630100")
    client.post(_acknowledge_url(alert))
    assert client.post(_acknowledge_url(alert)).status_code == 302
    assert AuditRecord.objects.filter(action="surge_alert.acknowledge").count() == 1


def test_acknowledging_over_htmx_answers_with_the_panel_without_the_alert(
    client: Client, alert: SurgeAlertRecord
) -> None:
    _login(client, "leader", "630000")
    answer = client.post(_acknowledge_url(alert), headers={"HX-Request": "true"})
    html = answer.content.decode()
    assert answer.status_code == 200
    assert 'id="surge-alerts"' in html and "<html" not in html and alert.reason not in html


def test_an_offsite_next_address_is_not_followed(client: Client, alert: SurgeAlertRecord) -> None:
    _login(client, "supervisor", "630100")
    answer = client.post(_acknowledge_url(alert), {"next": "https://evil.example/"})
    assert answer["Location"] == "/staff/"


def test_acknowledging_an_alert_outside_your_tree_is_refused(
    client: Client, alert: SurgeAlertRecord
) -> None:
    _login(client, "supervisor", "632800")
    answer = client.post(_acknowledge_url(alert))
    assert answer.status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_a_clerk_cannot_acknowledge_an_alert(client: Client, alert: SurgeAlertRecord) -> None:
    _login(client, "clerk", "630000")
    answer = client.post(_acknowledge_url(alert))
    assert answer.status_code == 403
    assert "只有督办员和领导" in answer.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_acknowledging_an_unknown_alert_is_not_found(client: Client) -> None:
    _login(client, "supervisor", "630100")
    assert client.post("/staff/surges/999999/acknowledge/").status_code == 404


def test_acknowledging_needs_the_csrf_token(alert: SurgeAlertRecord) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user("supervisor", "630100"))
    assert client.post(_acknowledge_url(alert)).status_code == 403
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_acknowledging_needs_a_post(client: Client, alert: SurgeAlertRecord) -> None:
    _login(client, "supervisor", "630100")
    assert client.get(_acknowledge_url(alert)).status_code == 405


def test_the_alerts_page_lists_every_open_alert(client: Client, alert: SurgeAlertRecord) -> None:
    _login(client, "supervisor", "630100")
    page = client.get("/staff/surges/")
    assert page.status_code == 200 and alert.reason in page.content.decode()


def test_the_admin_lists_alerts_read_only(client: Client, alert: SurgeAlertRecord) -> None:
    admin = User.objects.create_superuser(
        username="admin-630000", password="Admin@pass123", role="admin"
    )
    client.force_login(admin)
    listing = client.get("/admin/routing/surgealertrecord/")
    assert listing.status_code == 200 and alert.label in listing.content.decode()
    page = client.get(f"/admin/routing/surgealertrecord/{alert.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get("/admin/routing/surgealertrecord/add/").status_code == 403


def test_a_surge_quiet_for_weeks_waits_on_the_alerts_page_not_above_the_queue(
    client: Client, alert: SurgeAlertRecord
) -> None:
    alert.last_seen_at = clock.now() - timedelta(days=30)
    alert.save()
    _login(client, "supervisor", "630100")
    queue = client.get("/staff/").content.decode()
    assert alert.reason not in queue
    assert "较早的激增预警 1 条尚未确认" in queue and 'href="/staff/surges/"' in queue
    assert alert.reason in client.get("/staff/surges/").content.decode()


@pytest.mark.parametrize(
    ("role", "shown"), [("supervisor", True), ("leader", True), ("clerk", False)]
)
def test_the_menu_leads_supervisors_and_leaders_to_the_alerts(
    client: Client, role: str, shown: bool
) -> None:
    _login(client, role, "630100")
    assert ('href="/staff/surges/"' in client.get("/staff/hotline/").content.decode()) is shown


def test_all_open_alerts_of_the_tree_are_acknowledged_at_once_each_audited(
    client: Client, alert: SurgeAlertRecord
) -> None:
    other = SurgeAlertRecord.objects.create(
        kind="county_field",
        subject="632801:air",
        label="格尔木市大气领域",
        region_id="632801",
        since=alert.since,
        last_seen_at=alert.last_seen_at,
        count=5,
        expected=0.2,
        reason="格尔木市大气领域近3天被投诉5次，平时约0.2次",
        case=alert.case,
    )
    _login(client, "supervisor", "630100")  # 西宁: sees 城西区's alert, not 格尔木's
    page = client.get("/staff/surges/").content.decode()
    assert "全部知悉（1 条）" in page
    answer = client.post("/staff/surges/acknowledge-all/", follow=True)
    assert "已知悉 1 条激增预警" in answer.content.decode()
    alert.refresh_from_db()
    other.refresh_from_db()
    assert alert.acknowledged_at is not None and other.acknowledged_at is None
    assert AuditRecord.objects.filter(action="surge_alert.acknowledge").count() == 1


def test_a_clerk_cannot_acknowledge_all(client: Client, alert: SurgeAlertRecord) -> None:
    _login(client, "clerk", "630000")
    answer = client.post("/staff/surges/acknowledge-all/", follow=True)
    assert "只有督办员和领导可以确认激增预警" in answer.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
