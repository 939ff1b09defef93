"""The reminder workflow's activity: one subject's tick, in one transaction under its tenant's RLS
(ADR 0030). A subject the consumer has not committed yet makes it fail and be retried."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from dialoog.kit.db import tenant_transaction
from dialoog.kit.events.context import current_tenant
from dialoog.notificaties.service import reminders
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.workflows.reminders import TICK, ReminderInput, TickResult


class ReminderActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], ctx: Context) -> None:
        self.sessions = sessions
        self.ctx = ctx

    def all(self) -> list:
        return [self.tick]

    @activity.defn(name=TICK)
    async def tick(self, inp: ReminderInput, now: str) -> TickResult:
        ref = reminders.Ref(inp.tenant, inp.kind, inp.subject_id)
        token = current_tenant.set(inp.tenant)
        try:
            async with tenant_transaction(self.sessions, inp.tenant) as session:
                done = await reminders.tick(session, self.ctx, ref, datetime.fromisoformat(now))
        finally:
            current_tenant.reset(token)
        return TickResult(done.next_at.isoformat() if done.next_at else None, done.sent, done.recipients)
