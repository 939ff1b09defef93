"""The sweep: requests past their deadline expire (`feedback.request.expired`), and the answers of
requests past the tenant's retention are deleted (shared items stay: they are the portfolio's).
Each pass is idempotent; rows are locked while they change, so two sweeps never do a thing twice.
Temporal runs it: the feedback worker's Schedule starts the workflow `FeedbackSweep`, which runs
one tenant's pass per activity (dialoog.feedback.workflows, ADR 0022)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from dialoog.contracts.events.feedback import FeedbackRequestExpired
from dialoog.feedback.domain.retention import DEFAULT_MONTHS, created_before
from dialoog.feedback.persistence.events import outbox
from dialoog.feedback.persistence.requests import RequestRepository
from dialoog.feedback.persistence.settings import SettingsRepository
from dialoog.feedback.persistence.tables import tenant_settings
from dialoog.kit.clock import today
from dialoog.kit.db import platform_transaction


async def sweep_tenant(session: AsyncSession, tenant: str) -> dict:
    day = today()
    repo = RequestRepository(session)
    expired = 0
    for row in await repo.open_past_deadline(day):
        await repo.update(row.id, None, state="expired")
        answered = sum(1 for g in await repo.givers_of(row.id) if g.state == "answered")
        await outbox.add(
            session,
            tenant,
            FeedbackRequestExpired(request_id=row.id, requester_id=row.requester_id, answered=answered),
        )
        expired += 1
    settings = await SettingsRepository(session).get()
    months = settings.retention_months if settings else DEFAULT_MONTHS
    deleted = 0
    for request_id in await repo.past_retention(created_before(day, months)):
        deleted += await repo.forget_answers(request_id, day)
    return {"expired": expired, "answers_deleted": deleted}


async def tenants(sessions: async_sessionmaker[AsyncSession]) -> list[str]:
    async with platform_transaction(sessions) as session:
        return [r[0] for r in await session.execute(select(tenant_settings.c.tenant_id))]
