"""Events of the organisatie service. Payloads carry ids and states, no free-text personnel content."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict

from dialoog.contracts.registry import event_type


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
