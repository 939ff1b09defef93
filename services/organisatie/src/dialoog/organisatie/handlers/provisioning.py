"""organisatie consumes its own events to provision Keycloak after commit: a tenant's
Organization, and a user per person. Side effects never happen inside the business transaction."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.events.organisatie import (
    PersonCreated,
    PersonUpdated,
    TenantCreated,
    TenantProvisioned,
)
from dialoog.kit.events.consumer import ConsumerSpec
from dialoog.kit.events.streams import stream_name
from dialoog.organisatie.identity.keycloak import KeycloakProvisioner
from dialoog.organisatie.persistence.events import outbox
from dialoog.organisatie.persistence.people import PeopleRepository
from dialoog.organisatie.persistence.tenants import TenantRepository

SPEC = ConsumerSpec(
    name="organisatie-keycloak",
    stream=stream_name("organisatie"),
    filter_subjects=["hr.*.organisatie.tenant.created", "hr.*.organisatie.person.>"],
    ack_wait=60,
    max_deliver=8,
    backoff=(2.0, 10.0, 30.0, 60.0, 120.0),
    batch=20,
)


def make_handler(keycloak: KeycloakProvisioner):
    async def handle(session: AsyncSession, event: CloudEvent, payload: BaseModel) -> None:
        tenants = TenantRepository(session)
        if isinstance(payload, TenantCreated):
            tenant = await tenants.get(payload.tenant_id)
            if tenant is None:
                return
            org_id = await keycloak.ensure_organization(tenant.tenant_id, tenant.name, tenant.domain)
            if tenant.keycloak_org_id != org_id:
                await tenants.mark_provisioned(tenant.tenant_id, org_id)
                await outbox.add(
                    session,
                    tenant.tenant_id,
                    TenantProvisioned(tenant_id=tenant.tenant_id, keycloak_org_id=org_id),
                )
        elif isinstance(payload, PersonCreated | PersonUpdated):
            tenant = await tenants.get(event.tenant)
            people = PeopleRepository(session)
            person = await people.get(payload.person_id)
            if tenant is None or person is None or person.version > payload.version:
                return  # a later version's event does this (or did)
            org_id = tenant.keycloak_org_id or await keycloak.ensure_organization(
                tenant.tenant_id, tenant.name, tenant.domain
            )
            user_id = await keycloak.ensure_user(
                person.email, person.first_name, person.last_name, list(person.roles), org_id
            )
            if user_id is not None and person.keycloak_user_id != user_id:
                await people.set_keycloak_user(person.id, user_id)

    return handle
