"""Org units: pure rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class OrgUnit:
    id: UUID
    tenant_id: str
    name: str
    parent_id: UUID | None
    version: int
    created_at: datetime
    updated_at: datetime


def normalise_name(name: str) -> str:
    """Collapse inner whitespace; a name is what people read in lists, so no stray spaces."""
    return " ".join(name.split())
