"""Salary decision letters in the personnel file: salaris announces each letter it sent with
`letter.issued`; portfolio records it in the employee's file (the PDF stays in salaris, where the
employee and HR read it). The consumer's inbox makes it exactly-once (kit.events.consumer); the
letter id as primary key keeps a letter once even if announced again; the write is audited."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.salaris import LetterIssued
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.portfolio.persistence.salary_letters import SalaryLetterRepository
from dialoog.portfolio.service.auditing import audit_event

SPEC = ConsumerSpec(
    name="portfolio-salaris",
    stream=stream_name("salaris"),
    filter_subjects=["hr.*.salaris.letter.issued"],
)


async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    if not isinstance(payload, LetterIssued):
        return
    kept = await SalaryLetterRepository(session).keep(event.tenant, payload.model_dump(), event.id)
    if kept:  # the salaris service, which sent the letter
        await audit_event(session, event, "salaris", "salary_letter", payload.letter_id)
