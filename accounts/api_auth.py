"""Bearer-token authentication for the staff JSON API."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from accounts.services import api_token_user


class StaffToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user
