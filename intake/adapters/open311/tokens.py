"""Open311 tokens: our receipt number exists at once, so a token is it plus a keyed check."""

from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "intake.open311.token"


def token_for(receipt_number: str) -> str:
    check = salted_hmac(_SALT, receipt_number, algorithm="sha256").hexdigest()[:16]
    return f"{receipt_number}-{check}"


def receipt_number_from(token: str) -> str | None:
    """The receipt number a token was made for, or None when the token is not one of ours."""
    receipt_number, _, _ = token.rpartition("-")
    if not receipt_number or not constant_time_compare(token, token_for(receipt_number)):
        return None
    return receipt_number
