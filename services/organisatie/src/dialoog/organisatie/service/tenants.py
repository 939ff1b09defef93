"""Use cases for tenants and their cycle definition. Never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle import preset as preset_definition
from dialoog.contracts.cycle.schema import CycleDefinition
from dialoog.contracts.cycle.versions import Change, Version, diff, effective_on
from dialoog.contracts.events.organisatie import CycleVersionCreated, TenantBrandingChanged, TenantCreated
from dialoog.kit.concurrency import stale_version
from dialoog.kit.problems import conflict, invalid_field, not_found
from dialoog.organisatie.domain.tenant import TENANT_KEY, Branding, Tenant
from dialoog.organisatie.persistence.events import outbox
from dialoog.organisatie.persistence.tenants import CycleRepository, TenantRepository


def preset_or_invalid(name: str | None) -> CycleDefinition:
    """The definition of a named preset; an unknown name is a 422 on `body.preset`."""
    try:
        return preset_definition(name or "")
    except KeyError:
        raise invalid_field("body.preset", f"onbekende preset '{name}'", f"unknown preset '{name}'") from None


async def create_tenant(
    session: AsyncSession, tenant_id: str, name: str, preset: str, domain: str | None, actor: str, today: date
) -> Tenant:
    """In a platform transaction: the tenant, its first cycle version, and the events that make
    the Keycloak Organization (provisioned after commit by the tenant consumer)."""
    if not TENANT_KEY.match(tenant_id):
        raise invalid_field(
            "body.key",
            "alleen kleine letters, cijfers en '-'",
            "lower-case letters, digits and '-' only",
        )
    definition = preset_or_invalid(preset)
    tenant = await TenantRepository(session).add(tenant_id, name, domain)
    if tenant is None:
        raise conflict(
            "tenant-exists", f"Organisatie '{tenant_id}' bestaat al.", f"Tenant '{tenant_id}' exists."
        )
    await TenantRepository(session).act_for(tenant_id)
    version = await CycleRepository(session).add(tenant_id, 1, today, definition, actor)
    assert version is not None
    await outbox.add(
        session, tenant_id, TenantCreated(tenant_id=tenant_id, name=name, preset=preset, domain=domain)
    )
    await outbox.add(
        session,
        tenant_id,
        CycleVersionCreated(
            number=1, effective_from=today, preset=preset, definition=definition.model_dump(mode="json")
        ),
    )
    return tenant


async def set_branding(
    session: AsyncSession, tenant: str, expected_version: int, branding: Branding
) -> Tenant:
    """The tenant admin's colours and mail name (ADR 0037) replace the ones of version
    `expected_version` (If-Match); another admin's change meanwhile: 412, nothing written. The
    event tells notificaties, which dresses the tenant's mails in them."""
    repo = TenantRepository(session)
    changed = await repo.set_branding(tenant, expected_version, branding)
    if changed is None:
        if await repo.get(tenant) is None:
            raise not_found("tenant-not-found")
        raise stale_version()
    await outbox.add(
        session,
        tenant,
        TenantBrandingChanged(
            primary_color=branding.primary_color,
            accent_color=branding.accent_color,
            mail_name=branding.mail_name,
            version=changed.version,
        ),
    )
    return changed


async def cycle_on(session: AsyncSession, day: date) -> Version:
    version = effective_on(await CycleRepository(session).versions(), day)
    if version is None:
        raise not_found("cycle-not-found")
    return version


async def add_cycle_version(
    session: AsyncSession,
    tenant: str,
    expected_latest: int,
    definition: CycleDefinition,
    effective_from: date,
    actor: str,
    today: date,
) -> Version:
    """A new version from `effective_from` (today or later: no retroactive changes). The caller
    names the latest version it has seen (If-Match); if another admin added one meanwhile: 412."""
    if effective_from < today:
        raise invalid_field(
            "body.effective_from",
            "mag niet in het verleden liggen; lopend werk houdt zijn versie",
            "may not be in the past; work in progress keeps its version",
            "effective-from-past",
        )
    repo = CycleRepository(session)
    latest = await repo.latest_number()
    if latest != expected_latest:
        raise stale_version()
    version = await repo.add(tenant, latest + 1, effective_from, definition, actor)
    if version is None:
        raise stale_version()
    await outbox.add(
        session,
        tenant,
        CycleVersionCreated(
            number=version.number,
            effective_from=effective_from,
            preset=definition.preset,
            definition=definition.model_dump(mode="json"),
        ),
    )
    return version


async def version_diff(session: AsyncSession, old: int, new: int) -> list[Change]:
    repo = CycleRepository(session)
    a, b = await repo.get(old), await repo.get(new)
    if a is None or b is None:
        raise not_found("cycle-version-not-found")
    return diff(a.definition, b.definition)
