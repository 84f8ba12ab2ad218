import pytest
from django.test import Client

from accounts.models import User
from cases.models import DeadlineRule
from core.models import AuditRecord

pytestmark = pytest.mark.usefixtures("province")


def test_an_administrators_change_to_a_deadline_rule_is_audited(client: Client) -> None:
    admin = User.objects.create_superuser(
        username="admin-630000", password="Admin@pass123", role="admin"
    )
    client.force_login(admin)
    rule = DeadlineRule.objects.get(track="petition", step="conclude")
    response = client.post(
        f"/admin/cases/deadlinerule/{rule.pk}/change/",
        {
            "track": "petition",
            "step": "conclude",
            "days": 45,
            "day_kind": "calendar",
            "legal_basis": rule.legal_basis,
        },
    )
    assert response.status_code == 302
    record = AuditRecord.objects.get(action="reference.change")
    assert record.target == f"cases.DeadlineRule:{rule.pk}"
    assert record.extra_data["changed"] == {"days": "45"}
    assert record.actor == admin


def test_a_new_staff_users_password_never_reaches_the_audit_log(client: Client) -> None:
    admin = User.objects.create_superuser(
        username="admin-630000", password="Admin@pass123", role="admin"
    )
    client.force_login(admin)
    client.post(
        "/admin/accounts/user/add/",
        {
            "username": "clerk-630102",
            "password1": "Very$ecret2026x",
            "password2": "Very$ecret2026x",
            "usable_password": "true",
        },
    )
    assert User.objects.filter(username="clerk-630102").exists()
    logged = str(list(AuditRecord.objects.values_list("extra_data", flat=True)))
    assert "Very$ecret2026x" not in logged and "argon2" not in logged
