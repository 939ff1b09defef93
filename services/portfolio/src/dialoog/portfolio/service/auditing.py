"""Every read and write of the portfolio is audited in the same transaction (BIO 8.15.01), with
the purpose of the HR conversation cycle."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.kit.auth import Principal
from dialoog.portfolio.persistence.audit import AuditRepository

PURPOSE = "HR-gesprekscyclus (personeelsdossier)"


async def audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    object_type: str,
    object_id,
    result: str = "ok",
    origin: str | None = None,
) -> None:
    await AuditRepository(session).append_for(
        principal, action, object_type, object_id, origin=origin, result=result, purpose=PURPOSE
    )


async def audit_event(
    session: AsyncSession, event: CloudEvent, actor: str, object_type: str, object_id
) -> None:
    """A write that arrived as another service's event, audited with that service as the actor."""
    await AuditRepository(session).append(
        event.tenant,
        actor=actor,
        action="create",
        object_type=object_type,
        object_id=str(object_id),
        result="ok",
        origin=f"event:{event.id}",
        purpose=PURPOSE,
    )
