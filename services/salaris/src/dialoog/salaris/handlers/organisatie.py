"""salaris keeps its own projection of organisatie: people (with the name a letter is addressed
to), units, reporting lines, and the salary-round settings of each cycle version."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import CycleVersionCreated, TenantCreated
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.kit.projections import apply_organisatie_event
from dialoog.salaris.persistence.projections import ProjectionRepository
from dialoog.salaris.service.salary import ensure_settings

SPEC = ConsumerSpec(
    name="salaris-organisatie",
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
        await projections.add_cycle_settings(
            event.tenant,
            payload.number,
            payload.effective_from,
            payload.preset,
            payload.definition.get("salary_round") or {},
            payload.definition.get("conclusion_scale"),
        )
    elif isinstance(payload, TenantCreated):
        await ensure_settings(session, event.tenant, payload.name)
