"""Use cases for org units. Never commits: the request boundary does."""

from __future__ import annotations

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.organisatie import OrgUnitCreated, OrgUnitRenamed
from dialoog.kit.concurrency import stale_version
from dialoog.kit.errors import Problem
from dialoog.kit.problems import invalid, not_found
from dialoog.organisatie.domain.org_unit import OrgUnit, normalise_name
from dialoog.organisatie.persistence.events import outbox
from dialoog.organisatie.persistence.org_units import OrgUnitRepository


def unit_not_found() -> Problem:
    return not_found("org-unit-not-found")


async def create_unit(session: AsyncSession, tenant: str, name: str, parent_id: UUID | None) -> OrgUnit:
    repo = OrgUnitRepository(session)
    if parent_id is not None and await repo.get(parent_id) is None:
        raise invalid(
            [("body.parent_id", "onbekende afdeling", "unknown org unit")],
            "parent-not-found",
            kind="not_found",
        )
    unit = await repo.add(tenant, normalise_name(name), parent_id)
    await outbox.add(
        session,
        tenant,
        OrgUnitCreated(org_unit_id=unit.id, parent_id=unit.parent_id, name=unit.name, version=unit.version),
    )
    return unit


async def create_units(session: AsyncSession, tenant: str, names: list[str]) -> list[OrgUnit]:
    """Top-level units in bulk (imports): one statement for the rows, one for their events."""
    units = await OrgUnitRepository(session).add_many(tenant, [normalise_name(n) for n in names])
    await outbox.add_many(
        session,
        tenant,
        [OrgUnitCreated(org_unit_id=u.id, parent_id=None, name=u.name, version=u.version) for u in units],
    )
    return units


async def rename_unit(session: AsyncSession, unit_id: UUID, expected_version: int, name: str) -> OrgUnit:
    repo = OrgUnitRepository(session)
    renamed = await repo.rename(unit_id, expected_version, normalise_name(name))
    if renamed is not None:
        await outbox.add(
            session,
            renamed.tenant_id,
            OrgUnitRenamed(org_unit_id=renamed.id, name=renamed.name, version=renamed.version),
        )
        return renamed
    if await repo.get(unit_id) is None:
        raise unit_not_found()
    raise stale_version()
