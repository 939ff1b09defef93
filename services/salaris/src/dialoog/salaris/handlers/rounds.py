"""salaris acts on its own round events after they are committed: `round.opened` starts the
workflow `salary-round:<tenant>:<year>` (starting it again finds the running one), `round.approved`
signals it. Through the outbox, neither is lost when the service stops right after the request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession
from temporalio.client import Client

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.salaris import RoundApproved, RoundOpened
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.salaris.workflows.starter import approve_round, start_round

SPEC = ConsumerSpec(
    name="salaris-rounds",
    stream=stream_name("salaris"),
    filter_subjects=["hr.*.salaris.round.opened", "hr.*.salaris.round.approved"],
)


def handler(client: Callable[[], Awaitable[Client]], task_queue: str):
    async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
        if isinstance(payload, RoundOpened):
            await start_round(session, await client(), task_queue, event.tenant, payload.round_id)
        elif isinstance(payload, RoundApproved):
            await approve_round(await client(), event.tenant, payload.year)

    return handle
