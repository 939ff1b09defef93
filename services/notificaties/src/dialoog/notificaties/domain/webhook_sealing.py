"""Webhook secrets at rest (ADR 0026): the service must sign with the secret, so it keeps it, but
only sealed: AES-256-GCM under a key derived from the setting `webhook_secret_key`, bound to its
tenant and endpoint (a sealed secret copied onto another row does not open). A sealed value starts
with a version byte, so that a later key can be told apart. Pure."""

from __future__ import annotations

import hashlib
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = b"\x01"
NONCE_BYTES = 12


def derive_key(setting: str) -> bytes:
    return hashlib.sha256(b"dialoog-notificaties-webhook-secrets\x00" + setting.encode()).digest()


def _bound_to(tenant: str, endpoint_id: str) -> bytes:
    return f"{tenant}\x00{endpoint_id}".encode()


def seal(key: bytes, secret: str, tenant: str, endpoint_id: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return VERSION + nonce + AESGCM(key).encrypt(nonce, secret.encode(), _bound_to(tenant, endpoint_id))


def unseal(key: bytes, sealed: bytes, tenant: str, endpoint_id: str) -> str:
    """The secret; raises (cryptography's InvalidTag, ValueError) for a value not sealed so."""
    sealed = bytes(sealed)
    if sealed[:1] != VERSION:
        raise ValueError("unknown sealing version")
    nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
    return AESGCM(key).decrypt(nonce, body, _bound_to(tenant, endpoint_id)).decode()
