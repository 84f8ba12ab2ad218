import pytest
from django.contrib.auth import authenticate

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one() -> None:
    User.objects.create_user(username="clerk-x", password="Right@pass123")
    for _ in range(5):
        assert authenticate(username="clerk-x", password="wrong") is None
    assert authenticate(username="clerk-x", password="Right@pass123") is None
    assert User.objects.get(username="clerk-x").locked_until is not None


def test_a_right_password_clears_earlier_failures() -> None:
    User.objects.create_user(username="clerk-y", password="Right@pass123")
    authenticate(username="clerk-y", password="wrong")
    assert authenticate(username="clerk-y", password="Right@pass123") is not None
    assert User.objects.get(username="clerk-y").failed_logins == 0
