"""From an event to notifications: the rule, its recipients, one in-app item each, and each one's
e-mail at once, held for a digest, or not at all, by the person's preferences. Runs in the
consumer's transaction (with the kit inbox row), so a redelivery after a crash makes nothing twice:
the notification's id and Message-ID derive from the event and the recipient (ADR 0025)."""

from __future__ import annotations

import logging
from uuid import UUID

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.kit import clock
from dialoog.notificaties.domain import identity
from dialoog.notificaties.domain.preferences import effective, plan_mail
from dialoog.notificaties.domain.rules import Audience, Rule, link_of, params_of, rule_for
from dialoog.notificaties.persistence.notifications import NotificationRepository
from dialoog.notificaties.persistence.preferences import PreferenceRepository
from dialoog.notificaties.persistence.projections import ProjectionRepository
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.service.mail import queue_notification_mail
from dialoog.notificaties.service.recipients import resolve_audiences

log = logging.getLogger(__name__)


async def remember_subjects(projections: ProjectionRepository, tenant: str, payload: BaseModel) -> None:
    """Which employee an assessment or decision belongs to, for later events that name only it."""
    employee = getattr(payload, "employee_id", None)
    if employee is None:
        return
    for name in ("assessment_id", "decision_id"):
        obj = getattr(payload, name, None)
        if obj is not None:
            await projections.remember_subject(tenant, obj, employee)


async def notify(session: AsyncSession, ctx: Context, event: CloudEvent, payload: BaseModel) -> int:
    """Notifications made for `event` (0 for an event without a rule, or without recipients)."""
    projections = ProjectionRepository(session)
    await remember_subjects(projections, event.tenant, payload)
    rule = rule_for(event.type)
    if rule is None:
        return 0
    audiences = await resolve_audiences(projections, rule, payload)
    if not audiences:
        return 0
    data = payload.model_dump(mode="json")
    made = await record(session, ctx, event.tenant, event.id, rule, data, audiences)
    log.info("%s: %d notification(s)", rule.kind, made)
    return made


async def record(
    session: AsyncSession,
    ctx: Context,
    tenant: str,
    event_id: str,
    rule: Rule,
    data: dict,
    audiences: dict[UUID, Audience],
) -> int:
    """One in-app item and its e-mail state per recipient for the event (or reminder moment)
    `event_id`; a recipient who already has it gets nothing (the unique (event, recipient) pair)."""
    projections = ProjectionRepository(session)
    recipients = list(audiences)
    params = params_of(rule, data)
    prefs_repo = PreferenceRepository(session)
    defaults = await prefs_repo.defaults()
    own = await prefs_repo.people(recipients)
    people = await projections.people_by_id(recipients)
    brand = await projections.brand()
    now = clock.now()
    made = 0
    for person_id in recipients:
        link = link_of(rule, data, audiences[person_id])
        notification_id = identity.notification_id(event_id, person_id)
        fresh = await NotificationRepository(session).add(
            tenant,
            {
                "id": notification_id,
                "event_id": event_id,
                "recipient_id": person_id,
                "kind": rule.kind,
                "category": rule.category,
                "link": link,
                "params": params,
            },
        )
        if not fresh:
            continue
        made += 1
        prefs = effective(defaults.settings if defaults else None, own.get(person_id))
        person = people[person_id]
        plan = plan_mail(rule, prefs, now)
        email = {"notification_id": notification_id, "recipient_id": person_id, "state": plan.state}
        if not person.email:
            email["state"] = "no_address"
        elif plan.state == "immediate":
            email["message_id"] = await queue_notification_mail(
                session,
                ctx,
                tenant=tenant,
                brand=brand,
                person=person,
                notification_id=notification_id,
                rule=rule,
                params=params,
                link=link,
                language=prefs.language,
                not_before=plan.not_before,
            )
        elif plan.state == "held":
            email["due_at"] = plan.due_at
        await NotificationRepository(session).add_email(tenant, email)
    return made
