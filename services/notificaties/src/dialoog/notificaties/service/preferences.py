"""Preferences: a person's own (any member, for herself) and the tenant's defaults (the tenant
admin), both versioned (If-Match). Formal notices are always sent; the answer lists them."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.concurrency import stale_version
from dialoog.notificaties.domain.preferences import effective, merged_defaults
from dialoog.notificaties.domain.rules import ALWAYS_SENT
from dialoog.notificaties.persistence.preferences import PreferenceRepository
from dialoog.notificaties.service.context import me


def _shown(prefs, version: int, inherited: list[str]) -> dict:
    return {
        "language": prefs["language"],
        "categories": prefs["categories"],
        "digest_hour": prefs["digest_hour"],
        "digest_weekday": prefs["digest_weekday"],
        "quiet_hours": prefs["quiet_hours"],
        "always_sent": list(ALWAYS_SENT),
        "inherited": inherited,
        "version": version,
    }


async def mine(session: AsyncSession, principal: Principal) -> dict:
    person = await me(session, principal)
    repo = PreferenceRepository(session)
    await repo.ensure_person(principal.tenant, person)
    await repo.ensure_defaults(principal.tenant)
    defaults, own = await repo.defaults(), await repo.person(person)
    prefs = effective(defaults.settings, own.settings)
    return _shown(prefs.__dict__, own.version, list(prefs.inherited))


async def replace_mine(session: AsyncSession, principal: Principal, expected: int, settings: dict) -> dict:
    person = await me(session, principal)
    repo = PreferenceRepository(session)
    await repo.ensure_person(principal.tenant, person)
    own = await repo.person(person, lock=True)
    if own.version != expected:
        raise stale_version()
    await repo.replace_person(person, settings)
    return await mine(session, principal)


async def defaults(session: AsyncSession, principal: Principal) -> dict:
    require_roles(principal, ["tenant_admin"])
    repo = PreferenceRepository(session)
    await repo.ensure_defaults(principal.tenant)
    row = await repo.defaults()
    return _shown(merged_defaults(row.settings), row.version, [])


async def replace_defaults(
    session: AsyncSession, principal: Principal, expected: int, settings: dict
) -> dict:
    require_roles(principal, ["tenant_admin"])
    repo = PreferenceRepository(session)
    await repo.ensure_defaults(principal.tenant)
    row = await repo.defaults(lock=True)
    if row.version != expected:
        raise stale_version()
    await repo.replace_defaults(settings)
    return await defaults(session, principal)
