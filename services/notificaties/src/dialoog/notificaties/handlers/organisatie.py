"""notificaties keeps its own projection of organisatie: people (their address, name and roles,
to find and reach recipients), units, reporting lines (manager and delegate) and the tenant's
name and branding (in every mail, ADR 0037). A new person or tenant also gets an (empty) preferences row."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import (
    CycleVersionCreated,
    PersonCreated,
    TenantBrandingChanged,
    TenantCreated,
)
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.kit.projections import apply_organisatie_event
from dialoog.notificaties.persistence.preferences import PreferenceRepository
from dialoog.notificaties.persistence.projections import ProjectionRepository
from dialoog.notificaties.service import reminders
from dialoog.notificaties.service.reminder_starter import ReminderStarter

SPEC = ConsumerSpec(
    name="notificaties-organisatie",
    stream=stream_name("organisatie"),
    filter_subjects=[
        "hr.*.organisatie.person.>",
        "hr.*.organisatie.reporting_line.>",
        "hr.*.organisatie.org_unit.>",
        "hr.*.organisatie.tenant.created",
        "hr.*.organisatie.tenant.branding_changed",  # the colours of its mails (ADR 0037)
        "hr.*.organisatie.cycle.version_created",  # what the cycle expects, for reminders (ADR 0030)
    ],
)


def handler(starter: ReminderStarter | None = None):
    async def handle_with_reminders(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
        if isinstance(payload, CycleVersionCreated):
            refs = await reminders.track(session, event, payload)
            if starter is not None:
                await starter.start(refs)
            return
        await handle(session, event, payload)

    return handle_with_reminders


async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    projections = ProjectionRepository(session)
    preferences = PreferenceRepository(session)
    if isinstance(payload, TenantCreated):
        await projections.name_tenant(event.tenant, payload.name)
        await preferences.ensure_defaults(event.tenant)
        return
    if isinstance(payload, TenantBrandingChanged):
        await projections.brand_tenant(
            event.tenant, payload.primary_color, payload.accent_color, payload.mail_name, payload.version
        )
        return
    if await apply_organisatie_event(projections, event, payload):
        await projections.ensure_tenant(event.tenant)
        await preferences.ensure_defaults(event.tenant)
        if isinstance(payload, PersonCreated):
            await preferences.ensure_person(event.tenant, payload.person_id)
