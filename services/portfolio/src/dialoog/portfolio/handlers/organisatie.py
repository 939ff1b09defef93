"""portfolio keeps its own projection of organisatie: people, units, reporting lines, cycle versions."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import (
    CycleVersionCreated,
    OrgUnitCreated,
    PersonCreated,
    PersonUpdated,
    ReportingLineChanged,
)
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
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
    if isinstance(payload, PersonCreated | PersonUpdated):
        await projections.upsert_person(
            event.tenant,
            {
                "person_id": payload.person_id,
                "email": payload.email.lower() if payload.email else None,
                "org_unit_id": payload.org_unit_id,
                "roles": payload.roles,
                "date_of_birth": payload.date_of_birth,
                "appointment_start": payload.appointment_start,
                "probation_end": payload.probation_end,
                "source_version": payload.version,
            },
        )
    elif isinstance(payload, ReportingLineChanged):
        await projections.set_line(
            event.tenant, payload.person_id, payload.manager_id, payload.delegate_id, payload.valid_from
        )
    elif isinstance(payload, CycleVersionCreated) and payload.definition is not None:
        await projections.add_cycle_version(
            event.tenant, payload.number, payload.effective_from, payload.definition
        )
    elif isinstance(payload, OrgUnitCreated):
        await projections.upsert_unit(event.tenant, payload.org_unit_id, payload.parent_id)
