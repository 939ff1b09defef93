"""The durable consumers of the streams whose events notify people (salaris, portfolio, feedback
and notificaties' own): one per stream, asking only for the event types that have a rule."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.notificaties.domain.rules import SERVICES, subjects_of
from dialoog.notificaties.service import reminders
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.service.notify import notify
from dialoog.notificaties.service.reminder_starter import ReminderStarter

# portfolio's assessment.requested and the objections name only the assessment: the events that
# name it with its employee are read too (rules or not), to remember whose it is.
# feedback's closed request ends its reminders (ADR 0030), a moved deadline moves them (ADR 0037).
EXTRA = {
    "portfolio": ["hr.*.portfolio.assessment.>", "hr.*.portfolio.decision.>"],
    "feedback": ["hr.*.feedback.request.closed", "hr.*.feedback.request.deadline_changed"],
}


def specs() -> list[ConsumerSpec]:
    out = []
    for service in SERVICES:
        subjects = sorted(set(subjects_of(service)) | set(EXTRA.get(service, [])))
        # a wildcard covers its specific subjects: NATS refuses overlapping filters
        subjects = [
            s
            for s in subjects
            if not any(o.endswith(".>") and o != s and s.startswith(o[:-1]) for o in subjects)
        ]
        out.append(
            ConsumerSpec(
                name=f"notificaties-{service}", stream=stream_name(service), filter_subjects=subjects
            )
        )
    return out


def handler(ctx: Context, starter: ReminderStarter | None = None):
    async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
        await notify(session, ctx, event, payload)
        refs = await reminders.track(session, event, payload)  # ADR 0030
        if starter is not None:
            await starter.start(refs)

    return handle
