"""Encryption at rest and keyed hashes for petitioners' personal data."""

import base64
import hashlib
import hmac
import os
import re
from functools import cache
from typing import Protocol

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.module_loading import import_string


class Cipher(Protocol):
    def encrypt(self, plaintext: str) -> str: ...

    def decrypt(self, token: str) -> str: ...


class AesGcmCipher:
    """AES-256-GCM with a random 96-bit nonce; tokens are 'v1:' + base64(nonce + ciphertext)."""

    def __init__(self, key: bytes) -> None:
        self._aead = AESGCM(key)

    def encrypt(self, plaintext: str) -> str:
        nonce = os.urandom(12)
        sealed = self._aead.encrypt(nonce, plaintext.encode(), b"ecopetition-pii")
        return "v1:" + base64.b64encode(nonce + sealed).decode()

    def decrypt(self, token: str) -> str:
        raw = base64.b64decode(token.removeprefix("v1:"))
        return self._aead.decrypt(raw[:12], raw[12:], b"ecopetition-pii").decode()


@cache
def pii_cipher() -> Cipher:
    cipher_class = import_string(settings.PII_CIPHER)
    return cipher_class(base64.b64decode(settings.PII_ENCRYPTION_KEY))


def encrypt(value: str) -> str:
    return pii_cipher().encrypt(value) if value else ""


def decrypt(token: str) -> str:
    return pii_cipher().decrypt(token) if token else ""


def normalise_phone(phone: str) -> str:
    """Digits only, without the +86 / 0086 prefix, so one caller has one hash."""
    digits = re.sub(r"\D", "", phone)
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            digits = digits[len(prefix) :]
    return digits


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised identifier, for look-ups without decrypting rows."""
    if not value:
        return ""
    key = settings.PII_HASH_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def phone_hash(phone: str) -> str:
    return keyed_hash(normalise_phone(phone))


def mask_name(name: str) -> str:
    return name[:1] + "*" * max(len(name) - 1, 1) if name else ""


def mask_phone(phone: str) -> str:
    if not phone:
        return ""
    digits = normalise_phone(phone)
    return digits[:3] + "****" + digits[-4:] if len(digits) >= 8 else "****"


def mask_id_number(id_number: str) -> str:
    if not id_number:
        return ""
    return id_number[:4] + "*" * 10 + id_number[-4:] if len(id_number) >= 8 else "****"


def mask_address(address: str) -> str:
    return address[:6] + "****" if address else ""
