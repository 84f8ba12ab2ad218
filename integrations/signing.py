"""The HMAC scheme both ways of our system-to-system doors use."""

import hashlib
import hmac


def signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """Hex HMAC-SHA256 over `timestamp + "\\n" + body`."""
    message = timestamp.encode() + b"\n" + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_matches(*, secret: str, timestamp: str, body: bytes, given: str) -> bool:
    expected = signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, given.strip().lower())
