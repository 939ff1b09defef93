"""Tenants: pure rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

TENANT_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    name: str
    domain: str | None
    status: str
    keycloak_org_id: str | None
    version: int
    created_at: datetime
