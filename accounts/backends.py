"""Login with lockout: five wrong passwords lock an account for fifteen minutes."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


class LockoutBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        account = User.objects.filter(username=username).first()
        if account and account.locked_until and account.locked_until > timezone.now():
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if account is None:
            return user
        if user is None:
            User.objects.filter(pk=account.pk).update(failed_logins=F("failed_logins") + 1)
            account.refresh_from_db(fields=["failed_logins"])
            if account.failed_logins >= MAX_FAILURES:
                User.objects.filter(pk=account.pk).update(
                    locked_until=timezone.now() + LOCKOUT, failed_logins=0
                )
        elif account.failed_logins or account.locked_until:
            User.objects.filter(pk=account.pk).update(failed_logins=0, locked_until=None)
        return user
