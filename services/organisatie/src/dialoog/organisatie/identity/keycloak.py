"""Provisioning in Keycloak (python-keycloak, async): a tenant's Organization, and a Keycloak user
per person with their realm roles and membership. Every call is an idempotent "ensure": a
redelivered event does no harm.

Realm roles are realm-wide, not per organization: a person with different roles in two tenants
gets the union. Roles are therefore only added here, never removed (ADR 0008).

Keycloak not answering (no connection, or a 502/503/504 while it starts) is raised as the kit's
`DependencyUnavailable("identity")`: the consumer waits for Keycloak instead of spending the
event's deliveries, and a request would answer 503 (ADR 0016)."""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakConnectionError, KeycloakError

from dialoog.kit.unavailable import DependencyUnavailable
from dialoog.organisatie.settings import Settings

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


def _keycloak_down_is_unavailable(call: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
    @functools.wraps(call)
    async def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await call(*args, **kwargs)
        except KeycloakError as exc:
            status = getattr(exc, "response_code", None)
            if isinstance(exc, KeycloakConnectionError) or status in (502, 503, 504):
                raise DependencyUnavailable("identity", f"{type(exc).__name__}: {exc}") from exc
            raise

    return guarded


class KeycloakProvisioner:
    def __init__(self, settings: Settings) -> None:
        self.admin = KeycloakAdmin(
            server_url=settings.keycloak_admin_url,
            realm_name=settings.keycloak_realm,
            user_realm_name=settings.keycloak_realm,
            client_id=settings.keycloak_client_id,
            client_secret_key=settings.keycloak_client_secret,
            timeout=20,
        )

    async def organization_id(self, alias: str) -> str | None:
        for org in await self.admin.a_get_organizations({"search": alias, "max": 100}):
            if org.get("alias") == alias:
                return org["id"]
        return None

    @_keycloak_down_is_unavailable
    async def ensure_organization(self, alias: str, name: str, domain: str | None) -> str:
        existing = await self.organization_id(alias)
        if existing:
            return existing
        payload = {
            "name": name,
            "alias": alias,
            "enabled": True,
            "domains": [{"name": domain or f"{alias}.dialoog.invalid", "verified": False}],
        }
        try:
            created = await self.admin.a_create_organization(payload)
        except KeycloakError as exc:
            if getattr(exc, "response_code", None) != 409:
                raise
            created = None
        return created or await self.organization_id(alias) or _missing(alias)

    @_keycloak_down_is_unavailable
    async def ensure_user(
        self, email: str, first: str, last: str, roles: list[str], org_id: str
    ) -> str | None:
        """None when the e-mail address belongs to a user of another organisation: a tenant admin
        must not be able to give roles to someone else's account (that needs an invitation)."""
        found = await self.admin.a_get_users({"email": email, "exact": "true"})
        if found:
            user_id = found[0]["id"]
            orgs = {o["id"] for o in await self.admin.a_get_user_organizations(user_id)}
            if orgs and org_id not in orgs:
                log.warning("not linking %s: the account belongs to another organisation", user_id)
                return None
        else:
            user_id = await self.admin.a_create_user(
                {
                    "username": email,
                    "email": email,
                    "emailVerified": False,
                    "firstName": first,
                    "lastName": last,
                    "enabled": True,
                    "attributes": {"locale": ["nl"]},
                },
                exist_ok=True,
            )
        have = {r["name"] for r in await self.admin.a_get_realm_roles_of_user(user_id)}
        missing = [r for r in roles if r not in have]
        if missing:
            await self.admin.a_assign_realm_roles(
                user_id, [await self.admin.a_get_realm_role(r) for r in missing]
            )
        member_of = {o["id"] for o in await self.admin.a_get_user_organizations(user_id)}
        if org_id not in member_of:
            try:
                await self.admin.a_organization_user_add(user_id, org_id)
            except KeycloakError as exc:
                if getattr(exc, "response_code", None) != 409:
                    raise
        return user_id


def _missing(alias: str) -> str:
    raise RuntimeError(f"organization {alias} was created but cannot be found")
