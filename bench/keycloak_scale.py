"""Keycloak at the scale of the mission (issue 15, point 4): a realm with 3 organizations beside one
with 350, each organization with a handful of members, and in both, measured in the same run on
the same Keycloak: the token grants (the portal's login, authorization code + PKCE through the
login form, and its refresh; the dev/test client's password grant; the client-credentials grant
organisatie's admin client uses) and the admin calls organisatie makes
(`dialoog.organisatie.identity.keycloak.KeycloakProvisioner`: an organization looked up by alias,
created; a user ensured, new and again). Beside them the raw figure: Keycloak's cheapest request
(the realm's OpenID discovery document). Prints ops/s and p50/p95 per operation at 3 and at 350
organizations and the ratio; asserts nothing.

Provisioning goes through organisatie's own code (`ensure_organization`, `ensure_user`: search by
alias, create, look the user up by e-mail, realm roles, membership) as its `organisatie-keycloak`
consumer calls it, as the confidential client `dialoog-organisatie`. Members per organization: one
`tenant_admin`, one `hr_advisor`, one `manager` and `--members - 3` plain employees (default 6
members: 3 employees), every one also `employee`, as ADR 0008's roles and the demo tenants have
them. Two employees per organization are then given a password (the bench's step, not
organisatie's: organisatie creates accounts without one) so that they can log in. The realms live in the benchmarks' own
PostgreSQL and Keycloak under .dialoog/bench and are kept: a rerun provisions only what is
missing (an organization whose member count is complete is skipped after one call).

    uv run python bench/keycloak_scale.py [--orgs 350] [--members 6] [--ops 40] [--concurrency 4] [--keep]
    make bench ONLY=keycloak
"""

from __future__ import annotations

import argparse
import asyncio
import html
import re
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
from keycloak.exceptions import KeycloakError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import keycloak_stack, table

from dialoog.devstack import realm
from dialoog.devstack.config import DB_PASSWORD, DEMO_PASSWORD, DEV_CLIENT, PORTAL_CLIENT, StackConfig
from dialoog.organisatie.identity.keycloak import KeycloakProvisioner
from dialoog.organisatie.settings import Settings
from dialoog.portal.web.oidc import pkce_pair

ROLES = (("beheer", "tenant_admin"), ("hr", "hr_advisor"), ("leidinggevende", "manager"))


@dataclass(frozen=True)
class Member:
    email: str
    first: str
    last: str
    roles: tuple[str, ...]


def alias(n: int) -> str:
    return f"bench{n:03d}"


def members(org: str, count: int) -> list[Member]:
    """The organization's members: three with a role each, the rest employees. The first plain
    employee gets the password."""
    keyed = [(key, ("employee", role)) for key, role in ROLES]
    keyed += [(f"medewerker{i}", ("employee",)) for i in range(1, count - len(ROLES) + 1)]
    return [
        Member(f"{key}@{org}.bench.dialoog.example", key.capitalize(), f"van {org}", roles)
        for key, roles in keyed[:count]
    ]


def logins(org: str, per_org: int) -> list[str]:
    """The members given a password: the first two plain employees."""
    return [m.email for m in members(org, per_org) if m.roles == ("employee",)][:2]


def provisioner(cfg: StackConfig, name: str) -> KeycloakProvisioner:
    return KeycloakProvisioner(
        Settings(
            keycloak_admin_url=f"http://{cfg.host}:{cfg.port('keycloak')}",
            keycloak_realm=name,
            keycloak_client_secret=DB_PASSWORD,  # the dev realm's secret of dialoog-organisatie
        )
    )


# --- provisioning -------------------------------------------------------------------------------
async def existing_orgs(kc: KeycloakProvisioner) -> dict[str, str]:
    found: dict[str, str] = {}
    first = 0
    while True:
        page = await kc.admin.a_get_organizations({"first": first, "max": 100})
        found.update({o["alias"]: o["id"] for o in page})
        if len(page) < 100:
            return found
        first += 100


async def provision(cfg: StackConfig, name: str, orgs: int, per_org: int, concurrency: int) -> dict:
    """Every organization and its members through organisatie's provisioning code, `concurrency`
    organizations at a time. Returns timings of the organizations provisioned in this run."""
    try:
        realm.configure(cfg, name)
    except KeycloakError as exc:  # creating a realm outlasted the client's timeout: it exists now
        if getattr(exc, "response_code", None) != 409:
            raise
        realm.configure(cfg, name)
    kc = provisioner(cfg, name)
    have = await existing_orgs(kc)
    todo = []
    for n in range(1, orgs + 1):
        org_id = have.get(alias(n))
        if org_id and await kc.admin.a_get_organization_members_count(org_id) >= per_org:
            continue
        todo.append(alias(n))
    per_org_seconds: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def one(org: str) -> None:
        async with gate:
            t0 = time.perf_counter()
            org_id = await kc.ensure_organization(org, f"Gemeente {org}", f"{org}.bench.dialoog.example")
            for member in members(org, per_org):
                user_id = await kc.ensure_user(
                    member.email, member.first, member.last, list(member.roles), org_id
                )
                if user_id and member.email in logins(org, per_org):  # the bench's, not organisatie's
                    await kc.admin.a_set_user_password(user_id, DEMO_PASSWORD, temporary=False)
            per_org_seconds.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    await asyncio.gather(*(one(org) for org in todo))
    wall = time.perf_counter() - t0
    return {"provisioned": len(todo), "wall": wall, "per_org": per_org_seconds}


# --- measuring ------------------------------------------------------------------------------------
@dataclass
class Figure:
    ops_per_s: float
    p50_ms: float
    p95_ms: float
    n: int


async def measure(op: Callable[[int], Awaitable[object]], count: int, concurrency: int) -> Figure:
    """`count` calls of `op(i)`, `concurrency` in flight; after two warm-up calls."""
    for i in range(2):
        await op(-1 - i)
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)

    async def timed(i: int) -> None:
        async with gate:
            t0 = time.perf_counter()
            await op(i)
            latencies.append((time.perf_counter() - t0) * 1000)

    t0 = time.perf_counter()
    await asyncio.gather(*(timed(i) for i in range(count)))
    wall = time.perf_counter() - t0
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
    return Figure(count / wall, statistics.median(latencies), p95, count)


class Operations:
    """The operations measured in one realm of `orgs` organizations."""

    def __init__(self, cfg: StackConfig, name: str, orgs: int, per_org: int) -> None:
        self.cfg, self.name, self.orgs, self.per_org = cfg, name, orgs, per_org
        self.base = f"{cfg.keycloak_url}/realms/{name}"  # the host name of its cookies
        self.token_url = f"{self.base}/protocol/openid-connect/token"
        self.http = httpx.AsyncClient(timeout=60)
        self.kc = provisioner(cfg, name)
        self.redirect_uri = f"{cfg.service_url('portal')}/auth/callback"
        self.portal_secret = next(c["secret"] for c in realm.clients(cfg) if c["clientId"] == PORTAL_CLIENT)
        self.refresh_tokens: list[str] = []
        self.org_ids: dict[str, str] = {}
        self.run = uuid.uuid4().hex[:6]
        self.created_orgs: list[str] = []
        self.created_users: list[str] = []

    def org(self, i: int) -> str:
        return self.aliases[(i * 7919) % len(self.aliases)]  # spread over every organization

    def login(self, i: int) -> str:
        """One of `org(i)`'s members with a password; calls next to each other log different
        people in (Keycloak's brute-force guard refuses a login of someone whose other login is
        under way: `user_temporarily_disabled`)."""
        people = logins(self.org(i), self.per_org)
        return people[(i // len(self.aliases)) % len(people)]

    async def prepare(self) -> None:
        self.org_ids = await existing_orgs(self.kc)
        # The bench's organizations there are (all `orgs` of them unless --measure-only came
        # before provisioning finished), not the ones a measurement created.
        complete = await asyncio.gather(*(self._complete(a) for a in self.org_ids if a.startswith("bench")))
        self.aliases = sorted(a for a in complete if a)[: self.orgs]
        # A login refused in an earlier run would have the realm's brute-force guard refuse more.
        await self.kc.admin.a_clear_all_bruteforce_attempts()

    async def _complete(self, org: str) -> str | None:
        """The alias when every member is there (an interrupted provisioning leaves some short)."""
        count = await self.kc.admin.a_get_organization_members_count(self.org_ids[org])
        return org if count >= self.per_org else None

    async def close(self) -> None:
        """What the measuring created is taken away again, so that the realm keeps its size."""
        for user_id in self.created_users:
            await self.kc.admin.a_delete_user(user_id)
        for org_id in self.created_orgs:
            await self.kc.admin.a_delete_organization(org_id)
        await self.http.aclose()

    def _ok(self, response: httpx.Response) -> dict:
        response.raise_for_status()
        return response.json()

    # raw: the cheapest request Keycloak answers
    async def discovery(self, i: int) -> None:
        self._ok(await self.http.get(f"{self.base}/.well-known/openid-configuration"))

    # tokens
    async def portal_login(self, i: int) -> None:
        """The portal's login as a browser does it: the authorization request, the login pages
        posted (with Organizations on, Keycloak asks for the user name first, then the password),
        the code exchanged with the PKCE verifier by the portal's confidential client."""
        verifier, challenge = pkce_pair()
        async with httpx.AsyncClient(timeout=60) as browser:  # a browser of its own
            page = await self._login_pages(browser, challenge, self.login(i))
        code = parse_qs(urlparse(page.headers["location"]).query)["code"][0]
        tokens = self._ok(
            await self.http.post(
                self.token_url,
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "code_verifier": verifier,
                    "redirect_uri": self.redirect_uri,
                    "client_id": PORTAL_CLIENT,
                    "client_secret": self.portal_secret,
                },
            )
        )
        self.refresh_tokens.append(tokens["refresh_token"])

    async def _login_pages(self, browser: httpx.AsyncClient, challenge: str, username: str) -> httpx.Response:
        page = await browser.get(
            f"{self.base}/protocol/openid-connect/auth",
            params={
                "client_id": PORTAL_CLIENT,
                "response_type": "code",
                "scope": "openid profile email organization:*",
                "redirect_uri": self.redirect_uri,
                "state": "s",
                "nonce": "n",
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            },
        )
        # The browser's cookies by hand: http.cookiejar files a cookie of `localhost` under
        # `localhost.local` and then never sends it back.
        cookies = dict(page.cookies.items())
        for _ in range(3):
            if page.status_code == 302:
                break
            page.raise_for_status()
            action = re.search(r'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"', page.text)
            if action is None:
                raise RuntimeError("no login form")
            data = {"username": username}
            if 'name="password"' in page.text:
                data |= {"password": DEMO_PASSWORD, "credentialId": ""}
            page = await browser.post(
                html.unescape(action[1]),
                data=data,
                headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
            )
            cookies.update(page.cookies.items())
        if page.status_code != 302:
            raise RuntimeError(f"the login pages answered {page.status_code}")
        return page

    async def portal_refresh(self, i: int) -> None:
        token = self.refresh_tokens[i % len(self.refresh_tokens)]
        tokens = self._ok(
            await self.http.post(
                self.token_url,
                data={
                    "grant_type": "refresh_token",
                    "refresh_token": token,
                    "client_id": PORTAL_CLIENT,
                    "client_secret": self.portal_secret,
                },
            )
        )
        self.refresh_tokens[i % len(self.refresh_tokens)] = tokens["refresh_token"]

    async def password_grant(self, i: int) -> None:
        self._ok(
            await self.http.post(
                self.token_url,
                data={
                    "grant_type": "password",
                    "client_id": DEV_CLIENT,
                    "username": self.login(i),
                    "password": DEMO_PASSWORD,
                    "scope": "openid organization",
                },
            )
        )

    async def client_credentials(self, i: int) -> None:
        self._ok(
            await self.http.post(
                self.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": realm.ORGANISATIE_CLIENT,
                    "client_secret": DB_PASSWORD,
                },
            )
        )

    # organisatie's admin calls
    async def org_by_alias(self, i: int) -> None:
        org = self.org(i)
        if await self.kc.ensure_organization(org, f"Gemeente {org}", None) != self.org_ids[org]:
            raise RuntimeError(f"ensure_organization({org}) found another organization")

    async def org_create(self, i: int) -> None:
        org = f"new{self.run}{i + 2:03d}"
        self.created_orgs.append(await self.kc.ensure_organization(org, f"Nieuw {org}", None))

    async def user_new(self, i: int) -> None:
        org = self.org(i)
        user_id = await self.kc.ensure_user(
            f"nieuw{self.run}{i + 2}@{org}.bench.dialoog.example",
            "Nieuw",
            "Lid",
            ["employee", "manager"],
            self.org_ids[org],
        )
        self.created_users.append(user_id)

    async def user_again(self, i: int) -> None:
        org = self.org(i)
        member = members(org, self.per_org)[i % self.per_org]
        if not await self.kc.ensure_user(
            member.email, member.first, member.last, list(member.roles), self.org_ids[org]
        ):
            raise RuntimeError(f"{member.email} was refused")


OPERATIONS = (
    ("raw: GET discovery document", "discovery", 4),
    ("portal login (code + PKCE, form)", "portal_login", 1),
    ("portal token refresh", "portal_refresh", 1),
    ("password grant (dev/test client)", "password_grant", 1),
    ("client credentials (organisatie)", "client_credentials", 1),
    ("org looked up by alias", "org_by_alias", 1),
    ("org created (ensure_organization)", "org_create", 1),
    ("user ensured, new (+roles, member)", "user_new", 1),
    ("user ensured again (redelivery)", "user_again", 1),
)


async def measure_realm(cfg: StackConfig, name: str, orgs: int, per_org: int, ops: int, conc: int) -> dict:
    operations = Operations(cfg, name, orgs, per_org)
    await operations.prepare()
    figures = {"organizations": len(operations.aliases)}
    try:
        for _label, method, factor in OPERATIONS:
            figures[method] = await measure(getattr(operations, method), ops * factor, conc)
    finally:
        await operations.close()
    return figures


def cell(f: Figure) -> str:
    return f"{f.ops_per_s:,.1f}/s  p50 {f.p50_ms:,.0f}  p95 {f.p95_ms:,.0f} ms"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=350)
    parser.add_argument("--small", type=int, default=3)
    parser.add_argument("--members", type=int, default=6)
    parser.add_argument("--ops", type=int, default=40, help="calls per operation (the raw one 4x)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="leave the bench's Keycloak running")
    parser.add_argument(
        "--measure-only", action="store_true", help="provision nothing: measure the realms as they are"
    )
    args = parser.parse_args()
    small_realm, large_realm = f"dialoog-bench-{args.small}", f"dialoog-bench-{args.orgs}"
    with keycloak_stack(keep=args.keep) as cfg:
        nothing = {"provisioned": 0}
        small, large = nothing, nothing
        if not args.measure_only:
            small = asyncio.run(provision(cfg, small_realm, args.small, args.members, args.concurrency))
            large = asyncio.run(provision(cfg, large_realm, args.orgs, args.members, args.concurrency))
        at_small = asyncio.run(
            measure_realm(cfg, small_realm, args.small, args.members, args.ops, args.concurrency)
        )
        at_large = asyncio.run(
            measure_realm(cfg, large_realm, args.orgs, args.members, args.ops, args.concurrency)
        )

    print(f"\nKeycloak organizations, {args.members} members each (same Keycloak, same run)")
    for label, prov, count in ((small_realm, small, args.small), (large_realm, large, args.orgs)):
        if args.measure_only:
            print(f"realm {label}: nothing provisioned (--measure-only)")
        elif prov["provisioned"]:
            per = prov["per_org"]
            print(
                f"provisioned {prov['provisioned']} of {count} organizations in {prov['wall']:.1f} s "
                f"({prov['wall'] / prov['provisioned']:.2f} s per organization at concurrency "
                f"{args.concurrency}; one organization with its members: p50 {statistics.median(per):.2f} s, "
                f"{statistics.median(per) / args.members * 1000:.0f} ms per member)"
            )
        else:
            print(f"realm {label}: all {count} organizations were there already (nothing provisioned)")
    raw_small, raw_large = at_small["discovery"], at_large["discovery"]
    rows = [
        (
            "operation",
            f"{at_small['organizations']} organizations",
            f"{at_large['organizations']} organizations",
            "ratio ops/s, % of raw",
        )
    ]
    for label, method, _ in OPERATIONS:
        a, b = at_small[method], at_large[method]
        rows.append(
            (
                label,
                cell(a),
                cell(b),
                f"{b.ops_per_s / a.ops_per_s:.2f}x  ({a.ops_per_s / raw_small.ops_per_s:.0%} / "
                f"{b.ops_per_s / raw_large.ops_per_s:.0%})",
            )
        )
    print(f"{args.ops} calls per operation ({4 * args.ops} raw), {args.concurrency} in flight")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
