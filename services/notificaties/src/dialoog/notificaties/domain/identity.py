"""Deterministic ids: a notification's id from its event and recipient, a digest's from its
person and moment; Message-IDs from them, so a mail queued again after a crash is the same mail."""

from __future__ import annotations

import uuid
from datetime import datetime

NAMESPACE = uuid.UUID("6f1c2b7e-1a53-4d0e-9b6e-0d1a7c3e5f21")


def notification_id(event_id: str, recipient: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"notification:{event_id}:{recipient}")


def digest_id(tenant: str, recipient: uuid.UUID, due_at: datetime) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"digest:{tenant}:{recipient}:{due_at.isoformat()}")


def message_id(kind: str, ident: uuid.UUID, domain: str) -> str:
    return f"<{kind}.{ident}@{domain}>"
