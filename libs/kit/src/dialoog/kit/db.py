"""Database access: one async engine per app (made in the lifespan), one transaction per request,
the tenant set inside that transaction so row level security sees it.

Services never commit: `tenant_transaction` commits when the boundary (request, consumer, activity)
ends without error and rolls back otherwise.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from dialoog.kit.settings import ServiceSettings

SET_TENANT = text("select set_config('app.tenant_id', :tenant, true)")


def make_engine(settings: ServiceSettings, **overrides) -> AsyncEngine:
    options = {
        "pool_size": settings.database_pool_size,
        "max_overflow": settings.database_max_overflow,
        "pool_pre_ping": True,
        **overrides,
    }
    return create_async_engine(settings.database_url, **options)


def make_sessionmaker(engine: AsyncEngine, info: dict | None = None) -> async_sessionmaker[AsyncSession]:
    """`info` goes into every session's `.info` (the app's mail domain, for `queue_mail`)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, info=info)


@asynccontextmanager
async def tenant_transaction(
    sessions: async_sessionmaker[AsyncSession], tenant: str | None
) -> AsyncIterator[AsyncSession]:
    """A session in one transaction with `app.tenant_id` set for that transaction only
    (`set_config(..., true)`), so a pooled connection never carries a tenant into the next use."""
    async with sessions() as session, session.begin():
        await session.execute(SET_TENANT, {"tenant": tenant or ""})
        yield session


SET_PLATFORM = text("select set_config('app.platform', 'on', true)")


@asynccontextmanager
async def platform_transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """For platform administration only (creating tenants): tables whose policy allows it (see
    `rls.PLATFORM`) are visible across tenants in this transaction. Callers check the
    platform_admin role first."""
    async with sessions() as session, session.begin():
        await session.execute(SET_PLATFORM)
        yield session


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("select 1"))
