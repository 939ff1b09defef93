"""Who the caller is in salaris: HR of the tenant, or a person (employee, manager) found by the
e-mail address in their token. Reporting lines come from organisatie's events."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.kit.problems import forbidden
from dialoog.salaris.persistence.events import audit_repository
from dialoog.salaris.persistence.projections import ProjectionRepository

HR = "hr_advisor"


def is_hr(principal: Principal) -> bool:
    return principal.has_role(HR)


def require_hr(principal: Principal) -> None:
    if not is_hr(principal):
        raise forbidden("Alleen HR kan dit doen.", "Only HR can do this.")


async def caller_person(session: AsyncSession, principal: Principal) -> UUID | None:
    return await ProjectionRepository(session).person_id_for(principal)


async def audit(
    session: AsyncSession,
    principal: Principal,
    action: str,
    object_type: str,
    object_id,
    *,
    origin: str | None = None,
    result: str = "ok",
    purpose: str = "salary round",
) -> None:
    await audit_repository(session).append_for(
        principal, action, object_type, object_id, origin=origin, result=result, purpose=purpose
    )
