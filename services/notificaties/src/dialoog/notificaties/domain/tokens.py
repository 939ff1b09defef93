"""One-click unsubscribe tokens: which tenant, person and category a link switches off, signed
with HMAC-SHA256 (key id `k`, so a key can be replaced while old links keep working for as long as
their key is configured). No expiry: an old mail's link keeps working (RFC 8058). Pure."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from uuid import UUID

from dialoog.notificaties.domain.rules import CATEGORIES


class BadToken(ValueError):
    pass


@dataclass(frozen=True)
class Unsubscribe:
    tenant: str
    person_id: UUID
    category: str


def derive_key(secret: str, purpose: str) -> bytes:
    return hmac.new(secret.encode(), f"dialoog-notificaties:{purpose}".encode(), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign(keys: dict[str, bytes], key_id: str, what: Unsubscribe) -> str:
    body = json.dumps(
        {"k": key_id, "t": what.tenant, "p": str(what.person_id), "c": what.category}, separators=(",", ":")
    ).encode()
    mac = hmac.new(keys[key_id], body, hashlib.sha256).digest()[:16]
    return f"{_b64(body)}.{_b64(mac)}"


def verify(keys: dict[str, bytes], token: str) -> Unsubscribe:
    try:
        body_text, mac_text = token.split(".")
        body = _unb64(body_text)
        mac = _unb64(mac_text)
        data = json.loads(body)
        key = keys[data["k"]]
    except (ValueError, KeyError, TypeError):
        raise BadToken(token) from None
    if not hmac.compare_digest(hmac.new(key, body, hashlib.sha256).digest()[:16], mac):
        raise BadToken(token)
    if _b64(body) != body_text or _b64(mac) != mac_text or data.get("c") not in CATEGORIES:
        raise BadToken(token)
    try:
        return Unsubscribe(str(data["t"]), UUID(str(data["p"])), data["c"])
    except (ValueError, KeyError):
        raise BadToken(token) from None
