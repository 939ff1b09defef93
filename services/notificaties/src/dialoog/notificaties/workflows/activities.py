"""The digest run's activities: the tenants notificaties knows, and one tenant's due digests (one
transaction under its RLS; idempotent, so a retry after a crash sends nothing twice)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from dialoog.kit import clock
from dialoog.kit.db import tenant_transaction
from dialoog.kit.events.context import current_tenant
from dialoog.notificaties.service import digests
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.workflows.digests import SEND_TENANT, TENANTS


class DigestActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], ctx: Context) -> None:
        self.sessions = sessions
        self.ctx = ctx

    def all(self) -> list:
        return [self.tenants, self.send_tenant]

    @activity.defn(name=TENANTS)
    async def tenants(self) -> list[str]:
        return await digests.tenants(self.sessions)

    @activity.defn(name=SEND_TENANT)
    async def send_tenant(self, tenant: str, at: str | None) -> int:
        moment = datetime.fromisoformat(at) if at else clock.now()
        token = current_tenant.set(tenant)  # for the logs, as the tenant interceptor does
        try:
            async with tenant_transaction(self.sessions, tenant) as session:
                return await digests.send_due(session, self.ctx, tenant, moment)
        finally:
            current_tenant.reset(token)
