"""SQL of the integrators' webhooks: endpoints, deliveries and their attempts (ADR 0026).

The API's and the consumer's repositories run in a tenant transaction (RLS shows that tenant's
rows only); `WebhookWorkerRepository` runs in platform mode, across tenants, as the event relay
does, and only claims and records deliveries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import delete, func, insert, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.pagination import PageRequest, keyset, page_of
from dialoog.notificaties.persistence.webhook_tables import (
    WEBHOOK_NOTIFY_CHANNEL,
    webhook_attempts,
    webhook_deliveries,
    webhook_endpoints,
)

E, D, A = webhook_endpoints, webhook_deliveries, webhook_attempts


def _plain(row) -> dict:
    return dict(row._mapping)


ENDPOINT = (
    E.c.id,
    E.c.url,
    E.c.description,
    E.c.event_types,
    E.c.enabled,
    E.c.disabled_reason,
    E.c.created_at,
    E.c.version,
)
DELIVERY = (
    D.c.id,
    D.c.event_id,
    D.c.event_type,
    D.c.state,
    D.c.attempts,
    D.c.last_status,
    D.c.last_response_ms,
    D.c.next_attempt_at,
    D.c.created_at,
)
ATTEMPT = (A.c.at, A.c.status, A.c.response_ms, A.c.error)


class EndpointRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def count(self) -> int:
        return int((await self.session.execute(select(func.count()).select_from(E))).scalar_one())

    async def add(self, values: dict):
        return (await self.session.execute(insert(E).values(**values).returning(*ENDPOINT))).one()

    async def get(self, endpoint_id: UUID):
        return (await self.session.execute(select(*ENDPOINT).where(E.c.id == endpoint_id))).first()

    async def sealed_secret(self, endpoint_id: UUID) -> bytes | None:
        found = await self.session.execute(select(E.c.secret_sealed).where(E.c.id == endpoint_id))
        return found.scalar_one_or_none()

    async def page(self, page: PageRequest) -> dict:
        rows = list(await self.session.execute(keyset(select(*ENDPOINT), (E.c.created_at, E.c.id), page)))
        return page_of(rows, page, lambda r: (r.created_at, r.id), _plain)

    async def change(self, endpoint_id: UUID, expected: int, values: dict):
        """The endpoint after the change, or None when `expected` is not its version."""
        stmt = (
            update(E)
            .where(E.c.id == endpoint_id, E.c.version == expected)
            .values(**values, version=E.c.version + 1)
            .returning(*ENDPOINT)
        )
        return (await self.session.execute(stmt)).first()

    async def remove(self, endpoint_id: UUID, expected: int) -> bool:
        done = await self.session.execute(
            delete(E).where(E.c.id == endpoint_id, E.c.version == expected).returning(E.c.id)
        )
        return done.first() is not None

    async def listening(self, tenant: str, event_type: str, happened_at: datetime) -> list:
        """The tenant's enabled endpoints that take `event_type` and existed when it happened."""
        rows = await self.session.execute(
            select(E.c.id).where(
                E.c.tenant_id == tenant,
                E.c.enabled.is_(True),
                E.c.created_at <= happened_at,
                or_(func.cardinality(E.c.event_types) == 0, E.c.event_types.any(event_type)),
            )
        )
        return [r.id for r in rows]


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_many(self, rows: list[dict]) -> int:
        """One delivery per (endpoint, event): a second time is a no-op. Returns how many are new."""
        if not rows:
            return 0
        stmt = pg_insert(D).values(rows).on_conflict_do_nothing().returning(D.c.id)
        return len(list(await self.session.execute(stmt)))

    async def page(self, endpoint_id: UUID, page: PageRequest) -> dict:
        stmt = keyset(
            select(*DELIVERY).where(D.c.endpoint_id == endpoint_id),
            (D.c.created_at, D.c.id),
            page,
            descending=True,
        )
        return page_of(list(await self.session.execute(stmt)), page, lambda r: (r.created_at, r.id), _plain)

    async def get(self, endpoint_id: UUID, delivery_id: UUID):
        stmt = select(*DELIVERY).where(D.c.id == delivery_id, D.c.endpoint_id == endpoint_id)
        return (await self.session.execute(stmt)).first()

    async def attempts(self, delivery_id: UUID) -> list:
        stmt = select(*ATTEMPT).where(A.c.delivery_id == delivery_id).order_by(A.c.seq)
        return list(await self.session.execute(stmt))

    async def again(self, endpoint_id: UUID, delivery_id: UUID, now: datetime):
        """Due at once again (pending), with the same id; wakes the worker at commit."""
        stmt = (
            update(D)
            .where(D.c.id == delivery_id, D.c.endpoint_id == endpoint_id)
            .values(state="pending", next_attempt_at=now)
            .returning(*DELIVERY)
        )
        row = (await self.session.execute(stmt)).first()
        await self.session.execute(
            text("select pg_notify(:channel, '')"), {"channel": WEBHOOK_NOTIFY_CHANNEL}
        )
        return row


class WebhookWorkerRepository:
    """The delivery worker's SQL, in a platform transaction (every tenant's rows)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def claim(self, limit: int, now: datetime, lease: timedelta) -> list:
        """Due deliveries of enabled endpoints, skipping rows another worker holds; each is
        leased (its next attempt moved past the lease) so that a crash retries it later."""
        stmt = (
            select(
                D.c.id,
                D.c.tenant_id,
                D.c.endpoint_id,
                D.c.body,
                D.c.attempts,
                E.c.url,
                E.c.secret_sealed,
            )
            .join(E, E.c.id == D.c.endpoint_id)
            .where(
                D.c.state.in_(("pending", "failed")),
                D.c.next_attempt_at <= now,
                E.c.enabled.is_(True),
            )
            .order_by(D.c.next_attempt_at, D.c.id)
            .limit(limit)
            .with_for_update(of=D, skip_locked=True)
        )
        rows = list(await self.session.execute(stmt))
        if rows:
            await self.session.execute(
                update(D).where(D.c.id.in_([r.id for r in rows])).values(next_attempt_at=now + lease)
            )
        return rows

    async def endpoints_for_update(self, ids: Sequence[UUID]) -> dict:
        rows = await self.session.execute(
            select(E.c.id, E.c.tenant_id, E.c.enabled, E.c.gave_up_in_a_row)
            .where(E.c.id.in_(list(ids)))
            .with_for_update()
        )
        return {r.id: r for r in rows}

    async def record_attempt(
        self,
        delivery_id: UUID,
        tenant: str,
        at: datetime,
        status: int | None,
        response_ms: int | None,
        error: str | None,
        state: str,
        next_attempt_at: datetime | None,
    ) -> None:
        await self.session.execute(
            insert(A).values(
                delivery_id=delivery_id,
                tenant_id=tenant,
                at=at,
                status=status,
                response_ms=response_ms,
                error=error,
            )
        )
        await self.session.execute(
            update(D)
            .where(D.c.id == delivery_id)
            .values(
                state=state,
                attempts=D.c.attempts + 1,
                last_status=status,
                last_response_ms=response_ms,
                next_attempt_at=next_attempt_at,
            )
        )

    async def update_endpoint(self, endpoint_id: UUID, gave_up_in_a_row: int, disable: str | None) -> None:
        values: dict = {"gave_up_in_a_row": gave_up_in_a_row}
        if disable is not None:
            values |= {"enabled": False, "disabled_reason": disable, "version": E.c.version + 1}
        await self.session.execute(update(E).where(E.c.id == endpoint_id).values(**values))

    async def next_due(self) -> datetime | None:
        stmt = (
            select(func.min(D.c.next_attempt_at))
            .join(E, E.c.id == D.c.endpoint_id)
            .where(D.c.state.in_(("pending", "failed")), E.c.enabled.is_(True))
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()
