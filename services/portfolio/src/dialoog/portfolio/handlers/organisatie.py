"""portfolio keeps its own projection of organisatie: people, units, reporting lines, cycle versions."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import CycleVersionCreated
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.kit.projections import apply_organisatie_event
from dialoog.portfolio.persistence.projections import ProjectionRepository

SPEC = ConsumerSpec(
    name="portfolio-organisatie",
    stream=stream_name("organisatie"),
    filter_subjects=[
        "hr.*.organisatie.person.>",
        "hr.*.organisatie.reporting_line.>",
        "hr.*.organisatie.cycle.>",
        "hr.*.organisatie.org_unit.created",
    ],
)


async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    projections = ProjectionRepository(session)
    if await apply_organisatie_event(projections, event, payload):
        return
    if isinstance(payload, CycleVersionCreated) and payload.definition is not None:
        await projections.add_cycle_version(
            event.tenant, payload.number, payload.effective_from, payload.definition
        )
