"""feedback keeps its own projection of organisatie: people (whom one can ask, and the name a
giver sees), units (for HR's counts), reporting lines (who is the requester's manager), the
tenant's name (on the outsiders' page), and the `feedback` options of each cycle version."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import CycleVersionCreated, TenantCreated
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.kit.projections import apply_organisatie_event

SPEC = ConsumerSpec(
    name="feedback-organisatie",
    stream=stream_name("organisatie"),
    filter_subjects=[
        "hr.*.organisatie.person.>",
        "hr.*.organisatie.reporting_line.>",
        "hr.*.organisatie.cycle.>",
        "hr.*.organisatie.org_unit.>",
        "hr.*.organisatie.tenant.created",
    ],
)


async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    projections = ProjectionRepository(session)
    if await apply_organisatie_event(projections, event, payload):
        return
    if isinstance(payload, CycleVersionCreated) and payload.definition is not None:
        await projections.ensure_tenant(event.tenant)
        await projections.add_cycle_settings(
            event.tenant, payload.number, payload.effective_from, payload.definition.get("feedback") or {}
        )
    elif isinstance(payload, TenantCreated):
        await projections.name_tenant(event.tenant, payload.name)
