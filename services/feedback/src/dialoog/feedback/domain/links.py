"""The personal link of an outsider, pure: `<tenant>.<invitation>.<expiry>.<mac>`, each part base64url.

The link names the tenant and the invitation (ARCHITECTURE "People without an account"); the MAC
is HMAC-SHA256 over the three parts with a key derived from the service's link secret. The server
verifies the MAC (in constant time) before it reads anything else from the link, and only then
sets the tenant from it, as it does from an access token. The link itself is never stored: it is
made again from the invitation id and its expiry when a mail needs it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from uuid import UUID

MAX_LENGTH = 300
_PART = re.compile(r"^[A-Za-z0-9_-]+$")


class LinkInvalid(Exception):
    """Not a link of ours: altered, truncated, or signed with another key."""


@dataclass(frozen=True)
class Link:
    tenant: str
    invitation_id: UUID
    expires_at: datetime


def derive_key(secret: str, purpose: str) -> bytes:
    """A key for one purpose (links, address hashes, answer order) from the one secret."""
    return hmac.new(secret.encode(), f"dialoog-feedback:{purpose}".encode(), hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    if not _PART.match(text):
        raise LinkInvalid("not base64url")
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise LinkInvalid("not base64url") from None
    if _b64(raw) != text:  # one spelling per value: no spare bits to play with
        raise LinkInvalid("not canonical")
    return raw


def _mac(key: bytes, body: str) -> bytes:
    return hmac.new(key, body.encode(), hashlib.sha256).digest()


def sign(key: bytes, link: Link) -> str:
    seconds = int(link.expires_at.timestamp())
    body = ".".join(
        (_b64(link.tenant.encode()), _b64(link.invitation_id.bytes), _b64(seconds.to_bytes(8, "big")))
    )
    return f"{body}.{_b64(_mac(key, body))}"


def verify(key: bytes, token: str) -> Link:
    """The link's tenant, invitation and expiry once its MAC holds; `LinkInvalid` otherwise.
    Expiry is the caller's to judge (an expired link still names whose page to show)."""
    if not isinstance(token, str) or len(token) > MAX_LENGTH or token.count(".") != 3:
        raise LinkInvalid("shape")
    body, _, mac = token.rpartition(".")
    if not hmac.compare_digest(_unb64(mac), _mac(key, body)):
        raise LinkInvalid("signature")
    tenant_part, invitation_part, expiry_part = body.split(".")
    invitation, expiry = _unb64(invitation_part), _unb64(expiry_part)
    if len(invitation) != 16 or len(expiry) != 8:
        raise LinkInvalid("parts")
    try:
        tenant = _unb64(tenant_part).decode()
    except UnicodeDecodeError:
        raise LinkInvalid("tenant") from None
    return Link(tenant, UUID(bytes=invitation), datetime.fromtimestamp(int.from_bytes(expiry, "big"), UTC))


def address_hash(key: bytes, address: str) -> str:
    """The keyed hash an opt-out is kept as: never the address itself."""
    return hmac.new(key, address.strip().lower().encode(), hashlib.sha256).hexdigest()
