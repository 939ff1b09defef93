"""Events of the organisatie service. Payloads carry ids and states, no free-text personnel content."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from dialoog.contracts.registry import event_type


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Colour = Annotated[str, Field(pattern=r"^#[0-9a-f]{6}$")]


@event_type("organisatie", "org_unit", "created", 1, "An org unit (department or team) was created.")
class OrgUnitCreated(_Payload):
    org_unit_id: UUID
    parent_id: UUID | None
    name: str
    version: int


@event_type("organisatie", "org_unit", "renamed", 1, "An org unit got a new name.")
class OrgUnitRenamed(_Payload):
    org_unit_id: UUID
    name: str
    version: int


@event_type("organisatie", "tenant", "created", 1, "A tenant (organisation) was created with a cycle preset.")
class TenantCreated(_Payload):
    tenant_id: str
    preset: str
    domain: str | None
    name: str | None = None  # the organisation's name, as its letters are signed


@event_type("organisatie", "tenant", "provisioned", 1, "The tenant's Keycloak Organization exists.")
class TenantProvisioned(_Payload):
    tenant_id: str
    keycloak_org_id: str


@event_type(
    "organisatie",
    "tenant",
    "branding_changed",
    1,
    "The tenant admin changed the tenant's colours or its short name for mails (ADR 0037).",
)
class TenantBrandingChanged(_Payload):
    # `#rrggbb` in lower case; null: the default look (no header bar, the default link colour).
    primary_color: Colour | None
    accent_color: Colour | None
    mail_name: str | None  # the name mails carry instead of the tenant's name; null: the name
    version: int  # the tenant's version after the change: a consumer keeps the highest it saw


@event_type(
    "organisatie",
    "cycle",
    "version_created",
    1,
    "A new version of the tenant's cycle definition; work already started stays on its version.",
)
class CycleVersionCreated(_Payload):
    number: int
    effective_from: date
    preset: str
    definition: dict | None = None  # the whole definition (configuration, no personal data)


# The fields of a person's events (no docstring: it would become the schemas' description).
class _Person(_Payload):
    person_id: UUID
    employee_number: str
    email: str | None = None  # how a signed-in user (token e-mail) is matched to their person
    # The name a decision letter is addressed to (salaris); no other personnel content.
    display_name: str | None = None
    org_unit_id: UUID | None
    roles: list[str]
    date_of_birth: date | None
    appointment_start: date | None
    probation_end: date | None
    version: int


@event_type("organisatie", "person", "created", 1, "A person (employee) was added to the tenant.")
class PersonCreated(_Person):
    pass


@event_type("organisatie", "person", "updated", 1, "A person's appointment, unit or roles changed.")
class PersonUpdated(_Person):
    pass


@event_type(
    "organisatie",
    "reporting_line",
    "changed",
    1,
    "A person got another manager (or delegate) from a date; the previous line keeps its history.",
)
class ReportingLineChanged(_Payload):
    person_id: UUID
    manager_id: UUID
    delegate_id: UUID | None
    valid_from: date
    previous_manager_id: UUID | None
