"""Database access: one async engine per app (made in the lifespan), one transaction per request,
the tenant set inside that transaction so row level security sees it.

Services never commit: `tenant_transaction` commits when the boundary (request, consumer, activity)
ends without error and rolls back otherwise.

No ping on every checkout (`pool_pre_ping` cost three round trips a transaction with asyncpg: a
BEGIN, an empty statement and a ROLLBACK; capacity.md run I). A pooled connection that the server
ended (a failover, a restart, an operator's terminate) shows at the transaction's first statement,
before anything was done in it; that statement runs once more, on a fresh connection (SQLAlchemy
invalidates the pool's older connections when it sees one dead).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from dialoog.kit.settings import ServiceSettings

SET_TENANT = text("select set_config('app.tenant_id', :tenant, true)")


def make_engine(settings: ServiceSettings, **overrides) -> AsyncEngine:
    options = {
        "pool_size": settings.database_pool_size,
        "max_overflow": settings.database_max_overflow,
        "pool_pre_ping": False,
        **overrides,
    }
    return create_async_engine(settings.database_url, **options)


def make_sessionmaker(engine: AsyncEngine, info: dict | None = None) -> async_sessionmaker[AsyncSession]:
    """`info` goes into every session's `.info` (the app's mail domain, for `queue_mail`)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, info=info)


T = TypeVar("T")


def disconnected(exc: BaseException) -> bool:
    """A connection the server ended: SQLAlchemy has invalidated it (and the pool's older ones)."""
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


async def once_more_if_disconnected(work: Callable[[], Awaitable[T]]) -> T:
    """`work` (a whole transaction, safe to run again when it did not finish), once more on a
    fresh connection if its connection turns out to be one the server ended."""
    try:
        return await work()
    except DBAPIError as exc:
        if not disconnected(exc):
            raise
        return await work()


@asynccontextmanager
async def _transaction(
    sessions: async_sessionmaker[AsyncSession], first, params=None
) -> AsyncIterator[AsyncSession]:
    """A session in one transaction that starts with `first`; committed when the block ends
    without error, rolled back otherwise."""
    async with sessions() as session:
        try:
            await session.execute(first, params)
        except DBAPIError as exc:
            if not disconnected(exc):
                raise
            await session.rollback()
            await session.execute(first, params)
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


@asynccontextmanager
async def tenant_transaction(
    sessions: async_sessionmaker[AsyncSession], tenant: str | None
) -> AsyncIterator[AsyncSession]:
    """A session in one transaction with `app.tenant_id` set for that transaction only
    (`set_config(..., true)`), so a pooled connection never carries a tenant into the next use."""
    async with _transaction(sessions, SET_TENANT, {"tenant": tenant or ""}) as session:
        yield session


SET_PLATFORM = text("select set_config('app.platform', 'on', true)")


@asynccontextmanager
async def platform_transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """For platform administration only (creating tenants): tables whose policy allows it (see
    `rls.PLATFORM`) are visible across tenants in this transaction. Callers check the
    platform_admin role first."""
    async with _transaction(sessions, SET_PLATFORM) as session:
        yield session


async def ping(engine: AsyncEngine) -> None:
    async def select_one() -> None:
        async with engine.connect() as conn:
            await conn.execute(text("select 1"))

    await once_more_if_disconnected(select_one)
