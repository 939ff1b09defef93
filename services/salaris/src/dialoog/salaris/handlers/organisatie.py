"""salaris keeps its own projection of organisatie: people (with the name a letter is addressed
to), units, reporting lines, and the salary-round settings of each cycle version."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import (
    CycleVersionCreated,
    OrgUnitCreated,
    OrgUnitRenamed,
    PersonCreated,
    PersonUpdated,
    ReportingLineChanged,
    TenantCreated,
)
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
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
    if isinstance(payload, PersonCreated | PersonUpdated):
        await projections.upsert_person(
            event.tenant,
            {
                "person_id": payload.person_id,
                "employee_number": payload.employee_number,
                "display_name": payload.display_name,
                "email": payload.email.lower() if payload.email else None,
                "org_unit_id": payload.org_unit_id,
                "roles": payload.roles,
                "probation_end": payload.probation_end,
                "source_version": payload.version,
            },
        )
    elif isinstance(payload, ReportingLineChanged):
        await projections.set_line(
            event.tenant, payload.person_id, payload.manager_id, payload.delegate_id, payload.valid_from
        )
    elif isinstance(payload, CycleVersionCreated) and payload.definition is not None:
        await projections.add_cycle_settings(
            event.tenant,
            payload.number,
            payload.effective_from,
            payload.preset,
            payload.definition.get("salary_round") or {},
        )
    elif isinstance(payload, OrgUnitCreated):
        await projections.upsert_unit(event.tenant, payload.org_unit_id, payload.parent_id, payload.name)
    elif isinstance(payload, TenantCreated):
        await ensure_settings(session, event.tenant, payload.name)
    elif isinstance(payload, OrgUnitRenamed):
        await projections.rename_unit(payload.org_unit_id, payload.name)
