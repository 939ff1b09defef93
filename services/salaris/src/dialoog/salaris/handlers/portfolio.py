"""The reward advice from the four-level conclusion (seed 003) feeds the salary decision: salaris
keeps the latest per employee and year."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.portfolio import ConclusionRecorded
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.salaris.persistence.projections import ProjectionRepository

SPEC = ConsumerSpec(
    name="salaris-portfolio",
    stream=stream_name("portfolio"),
    filter_subjects=["hr.*.portfolio.conclusion.recorded"],
)


async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
    if isinstance(payload, ConclusionRecorded):
        await ProjectionRepository(session).set_reward_advice(
            event.tenant,
            payload.employee_id,
            event.time.year,
            payload.level,
            payload.reward_advice,
            payload.talk_id,
        )
