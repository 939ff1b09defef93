"""The feedback archive: feedback an employee chose to add to her portfolio arrives as the
feedback service's `feedback.shared` event and is kept read-only in her portfolio. The consumer's
inbox makes it exactly-once (kit.events.consumer); the write is audited like any other."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.feedback import FeedbackShared
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.portfolio.persistence.feedback import FeedbackRepository
from dialoog.portfolio.service.auditing import audit_event

SPEC = ConsumerSpec(
    name="portfolio-feedback",
    stream=stream_name("feedback"),
    filter_subjects=["hr.*.feedback.feedback.shared"],
)


async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    if not isinstance(payload, FeedbackShared):
        return
    kept = await FeedbackRepository(session).keep(
        event.tenant,
        payload.feedback_id,
        payload.employee_id,
        payload.request_id,
        payload.text,
        event.time,
        event.id,
    )
    if kept:  # the feedback service, on the employee's choice
        await audit_event(session, event, "feedback", "feedback", payload.feedback_id)
