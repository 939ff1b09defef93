"""The audit trail (BIO 8.15.01): append-only (a trigger refuses UPDATE/DELETE) and hash-chained
per tenant. Appends are serialised per tenant with an advisory lock so that the chain never forks."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.portfolio.domain.snapshot import GENESIS, chain_hash
from dialoog.portfolio.persistence.tables import audit_log

CONTENT = ("tenant_id", "at", "actor", "action", "object_type", "object_id", "result", "origin", "purpose")


class AuditRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def append(
        self,
        tenant: str,
        *,
        actor: str,
        action: str,
        object_type: str,
        object_id: str,
        result: str,
        origin: str | None,
        purpose: str,
    ) -> None:
        await self.session.execute(
            text("select pg_advisory_xact_lock(hashtext('audit:' || :t))"), {"t": tenant}
        )
        previous = (
            await self.session.execute(select(audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1))
        ).scalar() or GENESIS
        record = {
            "tenant_id": tenant,
            "at": datetime.now(UTC).isoformat(),
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "result": result,
            "origin": origin,
            "purpose": purpose,
        }
        await self.session.execute(
            insert(audit_log).values(
                **{**record, "at": datetime.fromisoformat(record["at"])},
                prev_hash=previous,
                hash=chain_hash(previous, record),
            )
        )

    async def entries(self, limit: int, after: int = 0, object_id: str | None = None):
        stmt = select(audit_log).where(audit_log.c.seq > after)
        if object_id:
            stmt = stmt.where(audit_log.c.object_id == object_id)
        return list(await self.session.execute(stmt.order_by(audit_log.c.seq).limit(limit)))

    async def chain(self):
        """Every entry of the tenant, in order, as (content, prev_hash, hash)."""
        rows = await self.session.execute(select(audit_log).order_by(audit_log.c.seq))
        return [
            ({k: (r.at.isoformat() if k == "at" else getattr(r, k)) for k in CONTENT}, r.prev_hash, r.hash)
            for r in rows
        ]

    async def count(self) -> int:
        return (await self.session.execute(select(func.count()).select_from(audit_log))).scalar_one()
