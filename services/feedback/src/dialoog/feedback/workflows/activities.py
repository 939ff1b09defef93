"""The sweep's activities: the tenants feedback knows, and one tenant's pass (one transaction under
its RLS, idempotent: a retry after a crash expires nothing twice and deletes nothing twice)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio import activity

from dialoog.feedback.service import sweep
from dialoog.feedback.workflows.sweep import SWEEP_TENANT, TENANTS
from dialoog.kit.db import tenant_transaction
from dialoog.kit.events.context import current_tenant


class SweepActivities:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    def all(self) -> list:
        return [self.tenants, self.sweep_tenant]

    @activity.defn(name=TENANTS)
    async def tenants(self) -> list[str]:
        return await sweep.tenants(self.sessions)

    @activity.defn(name=SWEEP_TENANT)
    async def sweep_tenant(self, tenant: str) -> dict[str, int]:
        token = current_tenant.set(tenant)  # for the logs, as the tenant interceptor does
        try:
            async with tenant_transaction(self.sessions, tenant) as session:
                return await sweep.sweep_tenant(session, tenant)
        finally:
            current_tenant.reset(token)
