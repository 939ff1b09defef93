"""Who the caller is in salaris: HR of the tenant, or a person (employee, manager) found by the
e-mail address in their token. Reporting lines come from organisatie's events."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.salaris.persistence.events import audit_repository
from dialoog.salaris.persistence.projections import ProjectionRepository
from dialoog.salaris.service.problems import forbidden

HR = "hr_advisor"


def today():
    return datetime.now(ZoneInfo("Europe/Amsterdam")).date()


def is_hr(principal: Principal) -> bool:
    return principal.has_role(HR)


def require_hr(principal: Principal) -> None:
    if not is_hr(principal):
        raise forbidden("Alleen HR kan dit doen.", "Only HR can do this.")


async def caller_person(session: AsyncSession, principal: Principal) -> UUID | None:
    if not principal.email:
        return None
    row = await ProjectionRepository(session).person_by_email(principal.email)
    return row.person_id if row else None


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
    await audit_repository(session).append(
        principal.tenant or "",
        actor=principal.username,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        result=result,
        origin=origin,
        purpose=purpose,
    )
