"""The portal bench's tenant: 5,000 more people in the demo tenant BEL, in departments and teams of
realistic size, with talks and agreements for a share of them, made through the services' own
APIs and events as a tenant would make them (organisatie's CSV import, then portfolio's API as
each manager); never SQL.

Resumable: what is done is written to `.dialoog/bench/portal-seed.json` after each step (the
import, each account, each team's content), and a second run does only what is missing.

Keycloak accounts: the bench stack runs organisatie without its Keycloak provisioning consumer
(5,000 accounts at 1-3 s each on this machine would take hours and load the machine while it is
measured, docs/capacity.md "Keycloak"). The bench makes accounts, with the demo password, only for
the people who act (the managers who record content, the benchmarked employee), the way the dev
stack makes its demo logins (`dialoog.devstack.demo.ensure_user`).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx

from dialoog.devstack import demo
from dialoog.devstack.config import DEMO_PASSWORD, DEV_CLIENT, REALM, StackConfig
from dialoog.devstack.demo_people import HEADER
from dialoog.devstack.history_people import FIRST, LAST
from dialoog.devstack.realm import admin
from dialoog.kit import clock

TENANT = "bel"
HR = "bel.hr"
ADMIN = "bel.beheer"
DEPARTMENTS = (
    "Cluster Ruimte", "Cluster Sociaal Domein", "Cluster Publiekszaken", "Cluster Openbare Ruimte",
    "Cluster Belastingen", "Cluster Veiligheid", "Cluster Financiën en Control", "Cluster Informatievoorziening",
)  # fmt: skip
THEMES = ("Vergunningen", "Toezicht", "Beleid", "Uitvoering", "Advies", "Projecten", "Klantcontact")


@dataclass(frozen=True)
class Member:
    number: str
    first: str
    last: str
    unit: str
    department: str
    manager: str  # employee number, "" for a department head
    role: str  # "manager" or ""
    team: int  # the team's index; -1 for a department head

    @property
    def username(self) -> str:
        return f"bench.{self.number.removeprefix('bench-')}"

    @property
    def email(self) -> str:
        return f"{self.username}@demo.dialoog.example"  # demo.DemoUser's address of that username


def people(total: int) -> list[Member]:
    """`total` people: a head per department, teams of a manager and 10 to 15 members (their
    managers report to the head). The same list on every run."""
    out: list[Member] = []
    heads = []
    for department in DEPARTMENTS:
        number = f"bench-{len(out) + 1:05d}"
        heads.append(number)
        out.append(_member(len(out), number, department, "", "", "manager", -1))
    team = 0
    while len(out) < total:
        d = team % len(DEPARTMENTS)
        unit = f"Team {THEMES[(team // len(DEPARTMENTS)) % len(THEMES)]} {team // len(DEPARTMENTS) + 1}"
        unit = f"{unit} ({DEPARTMENTS[d].removeprefix('Cluster ')})"
        boss = f"bench-{len(out) + 1:05d}"
        out.append(_member(len(out), boss, unit, DEPARTMENTS[d], heads[d], "manager", team))
        for _ in range(min(10 + team % 6, total - len(out))):
            out.append(_member(len(out), f"bench-{len(out) + 1:05d}", unit, DEPARTMENTS[d], boss, "", team))
        team += 1
    return out


def _member(n, number, unit, department, manager, role, team) -> Member:
    first, last = FIRST[n % len(FIRST)], LAST[(n * 7 + n // len(FIRST)) % len(LAST)]
    return Member(number, first, last, unit, department, manager, role, team)


def people_csv(members: list[Member]) -> str:
    rows = []
    for n, m in enumerate(members):
        born = date(1962 + n % 40, 1 + n % 12, 1 + n % 28)
        started = date(1995 + n % 30, 1 + (n * 5) % 12, 1)
        rows.append(
            f"{m.number};{m.first};{m.last};{m.email};{born};{started};;{m.unit};{m.department};"
            f"{m.manager};{m.role}"
        )
    return "\n".join([HEADER, *rows]) + "\n"


class State:
    """What the seed has done, in a JSON file (written after every step)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data = json.loads(path.read_text()) if path.exists() else {}

    def get(self, key: str, default=None):
        return self.data.get(key, default)

    def set(self, key: str, value) -> None:
        self.data[key] = value
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data))
        tmp.replace(self.path)


class Client:
    """The services over HTTP with the tokens of the people who act (the dev client's password
    grant), `concurrency` calls in flight."""

    def __init__(self, cfg: StackConfig, concurrency: int) -> None:
        self.cfg = cfg
        self.http = httpx.AsyncClient(timeout=120)
        self.tokens: dict[str, tuple[float, str]] = {}
        # One login at a time per person: Keycloak's brute-force guard refuses a login of someone
        # whose other login is under way (as bench/keycloak_scale.py found).
        self.logins: dict[str, asyncio.Lock] = {}
        self.gate = asyncio.Semaphore(concurrency)
        self.calls = 0

    async def token(self, user: str) -> str:
        async with self.logins.setdefault(user, asyncio.Lock()):
            return await self._token(user)

    async def _token(self, user: str) -> str:
        hit = self.tokens.get(user)
        if hit and time.monotonic() - hit[0] < 200:
            return hit[1]
        for attempt in range(6):
            r = await self.http.post(
                f"{self.cfg.issuer}/protocol/openid-connect/token",
                data={
                    "grant_type": "password",
                    "client_id": DEV_CLIENT,
                    "username": user,
                    "password": DEMO_PASSWORD,
                },
            )
            if r.status_code == 200:
                self.tokens[user] = (time.monotonic(), r.json()["access_token"])
                return self.tokens[user][1]
            await asyncio.sleep(1 + attempt)
        raise RuntimeError(f"no token for {user}: {r.status_code} {r.text[:200]}")

    async def call(
        self, service: str, user: str, method: str, path: str, ok=(200, 201), **kw
    ) -> httpx.Response:
        headers = {"Authorization": f"Bearer {await self.token(user)}", **kw.pop("headers", {})}
        async with self.gate:
            r = await self.http.request(method, self.cfg.service_url(service) + path, headers=headers, **kw)
        self.calls += 1
        if r.status_code not in ok:
            raise RuntimeError(f"{user}: {method} {service}{path}: {r.status_code} {r.text[:300]}")
        return r

    async def every(self, service: str, user: str, path: str) -> list[dict]:
        items, cursor = [], None
        while True:
            params = {"limit": 500} | ({"cursor": cursor} if cursor else {})
            page = (await self.call(service, user, "GET", path, params=params)).json()
            items += page["items"]
            cursor = page.get("next_cursor")
            if not cursor:
                return items

    async def close(self) -> None:
        await self.http.aclose()


def log(line: str) -> None:
    print(f"  [seed] {line}", flush=True)


async def seed(cfg: StackConfig, state: State, total: int, share: int, concurrency: int) -> dict:
    """Everything the bench needs; returns the benchmarked people (usernames and person ids)."""
    members = people(total)
    client = Client(cfg, concurrency)
    try:
        await _import(client, state, members)
        ids = await _ids(client, state, members)
        teams = sorted({m.team for m in members if m.team >= 0})
        content = [t for t in teams if t % share == 0]
        managers = [m for m in members if m.role == "manager" and m.team in content]
        employee = next(m for m in members if m.team == 0 and not m.role)
        _accounts(cfg, state, [*managers, employee])
        await _projected(client, ids, members)
        t0, made = time.monotonic(), 0
        for team in content:
            if team in state.get("content", []):
                continue
            made += await _team_content(client, members, ids, team)
            state.set("content", [*state.get("content", []), team])
            if made and team % 20 == 0:
                log(
                    f"content: team {team} of {teams[-1]} ({client.calls} calls, {time.monotonic() - t0:.0f} s)"
                )
        if made:
            log(f"content: {made} people's talks and agreements in {time.monotonic() - t0:.0f} s")
        manager = next(m for m in members if m.team == 0 and m.role)
        return {
            "people": len(members),
            "teams": len(teams),
            "content_teams": len(content),
            "employee": (employee.username, ids[employee.number]),
            "manager": (manager.username, ids[manager.number]),
            "reports": sum(1 for m in members if m.manager == manager.number),
        }
    finally:
        await client.close()


async def _import(client: Client, state: State, members: list[Member]) -> None:
    if state.get("imported") == len(members):
        return
    t0 = time.monotonic()
    started = await client.call(
        "organisatie",
        ADMIN,
        "POST",
        "/v1/imports",
        ok=(202,),
        content=people_csv(members).encode(),
        headers={"content-type": "text/csv", "x-filename": "bench-5000.csv"},
    )
    location = started.headers["location"]
    while True:
        job = (
            await client.call(
                "organisatie", ADMIN, "GET", location.split(client.cfg.service_url("organisatie"))[-1]
            )
        ).json()
        if job["status"] != "running":
            break
        await asyncio.sleep(1)
    if job["status"] != "done" or job["failed"]:
        raise RuntimeError(f"the bench import: {job['status']}, {job['failed']} failed")
    log(f"imported {len(members):,} people ({job['created']} created) in {time.monotonic() - t0:.0f} s")
    state.set("imported", len(members))


async def _ids(client: Client, state: State, members: list[Member]) -> dict[str, str]:
    ids = state.get("ids") or {}
    if len(ids) < len(members):
        found = await client.every("organisatie", ADMIN, "/v1/people")
        ids = {p["employee_number"]: p["id"] for p in found if p["employee_number"].startswith("bench-")}
        state.set("ids", ids)
    return ids


def _accounts(cfg: StackConfig, state: State, acting: list[Member]) -> None:
    done = set(state.get("accounts", []))
    todo = [m for m in acting if m.username not in done]
    kc = admin(cfg)
    kc.change_current_realm(REALM)
    kc.clear_all_bruteforce_attempts()  # logins an interrupted run had refused
    if not todo:
        return
    org_ids = {TENANT: demo.ensure_tenant(kc, next(t for t in demo.TENANTS if t.alias == TENANT))}
    t0 = time.monotonic()
    for m in todo:
        roles = ("employee", "manager") if m.role else ("employee",)
        demo.ensure_user(kc, demo.DemoUser(m.username, m.first, m.last, roles, (TENANT,)), org_ids)
        done.add(m.username)
        state.set("accounts", sorted(done))
    log(f"{len(todo)} Keycloak accounts in {time.monotonic() - t0:.0f} s")


async def _projected(client: Client, ids: dict[str, str], members: list[Member]) -> None:
    """Until portfolio's projection (fed by organisatie's events) knows the last person and line."""
    last = members[-1]
    deadline = time.monotonic() + 900
    while True:
        r = await client.call("portfolio", HR, "GET", f"/v1/portfolios/{ids[last.number]}", ok=(200, 404))
        if r.status_code == 200:
            return
        if time.monotonic() > deadline:
            raise RuntimeError("portfolio has not projected the bench's people after 15 minutes")
        await asyncio.sleep(2)


async def _team_content(client: Client, members: list[Member], ids: dict[str, str], team: int) -> int:
    boss = next(m for m in members if m.team == team and m.role)
    reports = [m for m in members if m.manager == boss.number]
    await asyncio.gather(*(_person_content(client, boss, m, ids[m.number], n) for n, m in enumerate(reports)))
    return len(reports)


async def _person_content(client: Client, boss: Member, m: Member, person_id: str, n: int) -> None:
    """A good talk and one or two agreements, unless the period already has them (a rerun)."""
    view = (await client.call("portfolio", boss.username, "GET", f"/v1/portfolios/{person_id}")).json()
    if n % 4 == 3:
        return  # a quarter of the team has nothing yet this period: the dashboards' missing talks
    start = date.fromisoformat(view["period"]["starts_on"])
    today = clock.today()
    held = max(start, today - timedelta(days=5 + (n * 11) % 60))
    if not view["talks"]:
        await client.call(
            "portfolio",
            boss.username,
            "POST",
            f"/v1/portfolios/{person_id}/talks",
            json={
                "type": "good_talk",
                "initiated_by": "manager" if n % 2 else "employee",
                "held_on": held.isoformat(),
                "topics": [["a_right_things", "d_development"], ["e_workload_balance", "b_strength"]][n % 2],
                "fields": {
                    "summary": f"Goed gesprek met {m.first} over werkplezier, de werkdruk en wat nodig is om te groeien."
                },
            },
        )
    if not view["agreements"]:
        bodies = [
            {
                "kind": "development",
                "title": "Cursus klantgericht schrijven afronden",
                "how_measured": "Certificaat en twee herschreven standaardbrieven",
            },
            {
                "kind": "result",
                "about": "behaviour",
                "title": "Collega's tijdig laten weten waar ik sta",
                "how_measured": "Wekelijkse stand-up en terugkoppeling van het team",
            },
        ]
        for body in bodies[: 1 + n % 2]:
            await client.call(
                "portfolio", boss.username, "POST", f"/v1/portfolios/{person_id}/agreements", json=body
            )
