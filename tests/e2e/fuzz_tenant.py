"""A tenant of its own for the API fuzzer (test_api_fuzz.py), made the way the demo tenants are:
the platform admin creates it, organisatie provisions its Keycloak Organization, its four
accounts get a password and their realm roles, the tenant admin imports the demo people and the
HR advisor the demo salary scales and steps. Whatever the fuzzer writes stays in this tenant (RLS),
so the demo tenants that the other e2e tests use are untouched. At the end its Keycloak
Organization and every member (also the users organisatie provisioned for people the fuzzer made)
are deleted; its rows stay in the service databases, as those of other test tenants do."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

import httpx

from dialoog.devstack.config import REALM, StackConfig
from dialoog.devstack.demo import DemoUser, ensure_user
from dialoog.devstack.demo_people import demo_csv, follow_import
from dialoog.devstack.demo_salary import scales_csv, steps_csv
from dialoog.devstack.realm import admin
from dialoog.devstack.tokens import password_token
from dialoog.kit import clock

# The demo CSV's accounts (demo_people.demo_csv names them `<tenant>.<key>@...`) and their roles.
ACCOUNTS = {
    "employee": ("medewerker", "Sanne", "de Vries", ("employee",)),
    "manager": ("leidinggevende", "Mark", "Jansen", ("employee", "manager")),
    "hr_advisor": ("hr", "Fatima", "El Amrani", ("employee", "hr_advisor")),
    "tenant_admin": ("beheer", "Joost", "Bakker", ("employee", "tenant_admin")),
}


@dataclass(frozen=True)
class FuzzTenant:
    alias: str
    org_id: str
    usernames: dict[str, str]  # role -> username
    created_ms: int  # Keycloak accounts made from then on may be deleted with the tenant


def _wait(what: str, probe, timeout: float = 60.0, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"fuzz tenant: {what} did not happen within {timeout:.0f}s")
        time.sleep(interval)


def provision(cfg: StackConfig, *, preset: str = "continuous", prefix: str = "fuzz") -> FuzzTenant:
    """`preset` and `prefix`: another cycle and name (the demo history's test makes one too)."""
    alias = f"{prefix}-{uuid.uuid4().hex[:6]}"
    created_ms = int(time.time() * 1000) - 5_000  # Keycloak's clock is this machine's
    organisatie = httpx.Client(base_url=cfg.service_url("organisatie"), timeout=30)
    platform = {"Authorization": f"Bearer {password_token(cfg, 'platform')}"}
    created = organisatie.post(
        "/v1/tenants",
        json={"key": alias, "name": f"Fuzz {alias}", "preset": preset},
        headers=platform,
    )
    assert created.status_code == 201, created.text

    def active() -> str | None:
        tenants = organisatie.get("/v1/tenants?limit=200", headers=platform).json()["items"]
        mine = next(t for t in tenants if t["key"] == alias)
        return mine["keycloak_org_id"] if mine["status"] == "active" else None

    org_id = _wait("its Keycloak Organization", active)
    kc = admin(cfg)
    kc.change_current_realm(REALM)
    usernames = {}
    for role, (key, first, last, roles) in ACCOUNTS.items():
        user = DemoUser(f"{alias}.{key}", first, last, roles, (alias,))
        ensure_user(kc, user, {alias: org_id})
        usernames[role] = user.username

    admin_headers = {"Authorization": f"Bearer {password_token(cfg, usernames['tenant_admin'])}"}
    started = organisatie.post(
        "/v1/imports",
        content=demo_csv(alias, clock.today()).encode(),
        headers={**admin_headers, "content-type": "text/csv", "x-filename": "fuzz.csv"},
    )
    assert started.status_code == 202, started.text
    job = follow_import(organisatie, started.headers["location"], admin_headers, timeout=60)
    assert job["status"] == "done" and not job["failed"], job

    portfolio = httpx.Client(base_url=cfg.service_url("portfolio"), timeout=30)
    employee = {"Authorization": f"Bearer {password_token(cfg, usernames['employee'])}"}
    _wait(
        "portfolio learning the people",
        lambda: portfolio.get("/v1/portfolios/me", headers=employee).is_success,
    )

    salaris = httpx.Client(base_url=cfg.service_url("salaris"), timeout=30)
    hr = {
        "Authorization": f"Bearer {password_token(cfg, usernames['hr_advisor'])}",
        "content-type": "text/csv",
    }
    year = clock.today().year
    scales = salaris.post("/v1/salary/scales/import", content=scales_csv(year).encode(), headers=hr)
    assert scales.status_code == 200 and not scales.json()["errors"], scales.text

    def steps_imported() -> bool:
        r = salaris.post("/v1/salary/steps/import", content=steps_csv(alias, year).encode(), headers=hr)
        return r.status_code == 200 and not r.json()["errors"]

    _wait("salaris learning the people", steps_imported)
    for client in (organisatie, portfolio, salaris):
        client.close()
    return FuzzTenant(alias, org_id, usernames, created_ms)


def remove(cfg: StackConfig, tenant: FuzzTenant) -> None:
    """Delete the tenant's Keycloak Organization and the accounts made for it: members created
    since the tenant that belong to no other organization. (A person the fuzzer makes with the
    address of an older account without organization, such as `platform`, links that account:
    it keeps its account and only loses the membership.)"""
    kc = admin(cfg)
    kc.change_current_realm(REALM)
    members = kc.get_organization_members(tenant.org_id, {"first": 0, "max": 10_000})
    for member in members:
        user = kc.get_user(member["id"])
        others = [o for o in kc.get_user_organizations(member["id"]) if o["id"] != tenant.org_id]
        if user.get("createdTimestamp", 0) >= tenant.created_ms and not others:
            kc.delete_user(member["id"])
    kc.delete_organization(tenant.org_id)
