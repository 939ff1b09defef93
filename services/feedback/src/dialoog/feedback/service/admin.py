"""The tenant admin's feedback settings (colours of the outsiders' page, retention) and HR's counts
per org unit (never content)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.domain.retention import DEFAULT_MONTHS
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.persistence.requests import RequestRepository
from dialoog.feedback.persistence.settings import SettingsRepository
from dialoog.feedback.service.public import DEFAULT_COLOURS
from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.concurrency import stale_version


def _out(row, tenant: str) -> dict:
    return {
        "name": (row.name if row and row.name else tenant),
        "colours": (row.colours if row and row.colours else DEFAULT_COLOURS),
        "retention_months": row.retention_months if row else DEFAULT_MONTHS,
        "version": row.version if row else 1,
    }


async def settings(session: AsyncSession, principal: Principal) -> dict:
    return _out(await SettingsRepository(session).get(), principal.tenant)


async def put_settings(session: AsyncSession, principal: Principal, expected: int, values: dict) -> dict:
    require_roles(principal, ["tenant_admin"])
    row = await SettingsRepository(session).put(principal.tenant, expected, values)
    if row is None:
        raise stale_version()
    return _out(row, principal.tenant)


async def stats(session: AsyncSession, principal: Principal, year: int) -> list[dict]:
    require_roles(principal, ["hr_advisor", "tenant_admin"])
    names = await ProjectionRepository(session).unit_names()
    return [
        {
            "org_unit_id": r.org_unit_id,
            "org_unit_name": names.get(r.org_unit_id),
            "requests": r.requests,
            "answers": int(r.answers),
        }
        for r in await RequestRepository(session).stats(year)
    ]
