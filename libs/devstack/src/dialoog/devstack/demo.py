"""The demo tenants and their logins, provisioned in Keycloak as Organizations and members.
(From issue 4 on, people are provisioned by the organisatie service; these stay as the demo seed.)"""

from __future__ import annotations

from dataclasses import dataclass

from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakError

from dialoog.devstack.config import DEMO_PASSWORD, REALM, StackConfig
from dialoog.devstack.realm import admin


@dataclass(frozen=True)
class DemoTenant:
    alias: str
    name: str
    preset: str
    domain: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    first: str
    last: str
    roles: tuple[str, ...]
    tenants: tuple[str, ...]

    @property
    def email(self) -> str:
        return f"{self.username}@demo.dialoog.example"


TENANTS = (
    DemoTenant("bel", "BEL Combinatie", "continuous", "bel.demo.dialoog.example"),
    DemoTenant("heemstede", "Gemeente Heemstede", "three_talks", "heemstede.demo.dialoog.example"),
    DemoTenant("rijk", "Ministerie van Publieke Dienstverlening", "four_levels", "rijk.demo.dialoog.example"),
)

_PEOPLE = (
    ("medewerker", "Sanne", "de Vries", ("employee",)),
    ("leidinggevende", "Mark", "Jansen", ("employee", "manager")),
    ("hr", "Fatima", "El Amrani", ("employee", "hr_advisor")),
    ("beheer", "Joost", "Bakker", ("employee", "tenant_admin")),
)

USERS: tuple[DemoUser, ...] = tuple(
    DemoUser(f"{tenant.alias}.{key}", first, last, roles, (tenant.alias,))
    for tenant in TENANTS
    for key, first, last, roles in _PEOPLE
) + (
    DemoUser("directeur.heemstede", "Els", "Visser", ("employee", "director"), ("heemstede",)),
    DemoUser("adviseur.multi", "Noor", "Smit", ("employee", "hr_advisor"), ("bel", "heemstede")),
    DemoUser("platform", "Pim", "Platform", ("platform_admin",), ()),
)


def _organization_id(kc: KeycloakAdmin, alias: str) -> str | None:
    for org in kc.get_organizations({"max": 10000}):
        if org.get("alias") == alias:
            return org["id"]
    return None


def ensure_tenant(kc: KeycloakAdmin, tenant: DemoTenant) -> str:
    org_id = _organization_id(kc, tenant.alias)
    if org_id:
        return org_id
    org_id = kc.create_organization(
        {
            "name": tenant.name,
            "alias": tenant.alias,
            "enabled": True,
            "domains": [{"name": tenant.domain, "verified": False}],
            "attributes": {"preset": [tenant.preset]},
        }
    )
    return org_id or _organization_id(kc, tenant.alias)


def ensure_user(kc: KeycloakAdmin, user: DemoUser, org_ids: dict[str, str]) -> None:
    user_id = kc.get_user_id(user.username)
    if user_id is None:
        user_id = kc.create_user(
            {
                "username": user.username,
                "email": user.email,
                "emailVerified": True,
                "firstName": user.first,
                "lastName": user.last,
                "enabled": True,
                "attributes": {"locale": ["nl"]},
                "credentials": [{"type": "password", "value": DEMO_PASSWORD, "temporary": False}],
            },
            exist_ok=True,
        )
    kc.assign_realm_roles(user_id, [kc.get_realm_role(r) for r in user.roles])
    member_of = {o["alias"] for o in kc.get_user_organizations(user_id)}
    for alias in user.tenants:
        if alias not in member_of:
            try:
                kc.organization_user_add(user_id, org_ids[alias])
            except KeycloakError as exc:  # a concurrent seed got there first
                if getattr(exc, "response_code", None) != 409:
                    raise


def seed(cfg: StackConfig) -> None:
    kc = admin(cfg)
    kc.change_current_realm(REALM)
    org_ids = {tenant.alias: ensure_tenant(kc, tenant) for tenant in TENANTS}
    for user in USERS:
        ensure_user(kc, user, org_ids)
