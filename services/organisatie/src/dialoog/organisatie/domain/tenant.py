"""Tenants: pure rules."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from dialoog.kit.colours import normalised

TENANT_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
MAIL_NAME_MAX = 60


@dataclass(frozen=True)
class Branding:
    """How the tenant's mails (and the portal's preview of them) look (ADR 0037): a primary colour
    (the header bar), an accent colour (links), a short name for mails. None: the default."""

    primary_color: str | None = None
    accent_color: str | None = None
    mail_name: str | None = None

    @classmethod
    def of(cls, primary_color: str | None, accent_color: str | None, mail_name: str | None) -> Branding:
        """Colours in lower case, the name trimmed; an empty name is no name."""
        name = " ".join((mail_name or "").split()) or None
        return cls(
            normalised(primary_color) if primary_color else None,
            normalised(accent_color) if accent_color else None,
            name,
        )


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    name: str
    domain: str | None
    status: str
    keycloak_org_id: str | None
    version: int
    created_at: datetime
    branding: Branding = field(default_factory=Branding)
