"""Portal pages over HTTP, as a browser asks for them (a session cookie from a real login through
Keycloak), on the demo stack with 5,000 more employees in one tenant (BEL): the home page (as an
employee, a manager and HR), an employee's portfolio, a manager's team, HR's progress
(/hr/voortgang), HR's follow-up (/hr/opvolging, "not available" while the portal answers 404) and
HR's audit trail (the first page, one person's: the link a search by name leads to, the chain
check, which re-hashes the entries since the last check (ADR 0042), and the full check, which
re-hashes all: HR's explicit long operation, printed for its growth). Warm-up, then N requests per
page one after another; p50 / p95 / max beside a raw PostgreSQL round trip (`select 1` on a
connection of its own) and a raw HTTP round trip to the portal (/healthz) measured in the same
run, and each page's p50 as a multiple of both (medians: the raw p95 of sub-millisecond samples
is the machine's noise). Target: p95 under 100 ms per page. Prints figures; asserts nothing.

The stack is the benchmarks' own under .dialoog/bench (ports from the environment, as `make up`),
with organisatie's Keycloak provisioning off (bench/_portal_seed.py says why); the seeded tenant
is kept there, so a second run reuses it. Stopped afterwards unless --keep.

    uv run python bench/portal.py [--employees 5000] [--requests 30] [--share 3] [--keep]
    make bench ONLY=portal
"""

from __future__ import annotations

import argparse
import asyncio
import html
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import table
from _portal_seed import HR, Client, State, seed
from _stats import Latency, latency

from dialoog.devstack import demo_competencies, demo_people, demo_salary, stack
from dialoog.devstack.config import DEMO_PASSWORD, StackConfig

ROOT = Path(__file__).resolve().parents[1]
COOKIE = "dialoog_session"
TARGET_MS = 100.0


# --- a browser's login ------------------------------------------------------------------------
async def portal_cookie(cfg: StackConfig, username: str) -> str:
    """The portal's session cookie after logging in as `username` through Keycloak's login pages,
    as a browser does (the cookies by hand: they are Secure, and this is http)."""
    portal = cfg.service_url("portal")
    async with httpx.AsyncClient(timeout=120) as browser:
        started = await browser.get(f"{portal}/auth/login")
        if started.status_code != 303:
            raise RuntimeError(f"the portal's login answered {started.status_code}")
        session = started.cookies[COOKIE]
        page = await browser.get(started.headers["location"])
        cookies = dict(page.cookies.items())
        for _ in range(3):
            if page.status_code in (302, 303):
                break
            page.raise_for_status()
            action = re.search(r'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"', page.text)
            if action is None:
                raise RuntimeError("Keycloak showed no login form")
            data = {"username": username}
            if 'name="password"' in page.text:
                data |= {"password": DEMO_PASSWORD, "credentialId": ""}
            page = await browser.post(
                html.unescape(action[1]),
                data=data,
                headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
            )
            cookies.update(page.cookies.items())
        back = urlparse(page.headers["location"])
        done = await browser.get(
            f"{portal}{back.path}?{back.query}", headers={"Cookie": f"{COOKIE}={session}"}
        )
        if done.status_code != 303 or COOKIE not in done.cookies:
            raise RuntimeError(f"the portal's callback answered {done.status_code}: {done.text[:200]}")
        return done.cookies[COOKIE]


# --- measuring ----------------------------------------------------------------------------------
async def timed(call, warmup: int, n: int) -> list[float]:
    for _ in range(warmup):
        await call()
    samples = []
    for _ in range(n):
        t0 = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - t0) * 1000)
    return samples


async def raw_postgres(cfg: StackConfig, warmup: int, n: int) -> Latency:
    url = cfg.database_url("portfolio").replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(url)
    try:
        return latency(await timed(lambda: conn.fetchval("select 1"), warmup, n))
    finally:
        await conn.close()


async def page_figure(http: httpx.AsyncClient, cookie: str, path: str, warmup: int, n: int):
    """(Latency, None) or (None, why): 404 is "not available" (the page is not on this branch)."""
    headers = {"Cookie": f"{COOKIE}={cookie}"}
    first = await http.get(path, headers=headers)
    if first.status_code == 404:
        return None, "not available (404)"
    if first.status_code != 200:
        return None, f"answered {first.status_code}"

    async def call() -> None:
        r = await http.get(path, headers=headers)
        if r.status_code != 200:
            raise RuntimeError(f"{path} answered {r.status_code}")

    return latency(await timed(call, warmup, n)), None


async def measure(cfg: StackConfig, people: dict, warmup: int, n: int) -> dict:
    employee, employee_id = people["employee"]
    manager, _ = people["manager"]
    cookies = {who: await portal_cookie(cfg, who) for who in (employee, manager, HR)}
    pages = [
        ("home", "employee", employee, "/"),
        ("home", "manager", manager, "/"),
        ("home", "HR", HR, "/"),
        ("portfolio (her own)", "employee", employee, "/portfolio"),
        ("portfolio (a report's)", "manager", manager, f"/portfolio/{employee_id}"),
        (f"team ({people['reports']} reports)", "manager", manager, "/team"),
        ("HR progress /hr/voortgang", "HR", HR, "/hr/voortgang"),
        ("HR follow-up /hr/opvolging", "HR", HR, "/hr/opvolging"),
        ("audit trail, first page", "HR", HR, "/hr/audit"),
        ("audit trail, one person", "HR", HR, f"/hr/audit?persoon={employee_id}"),
        ("audit trail, chain check asked", "HR", HR, "/hr/audit?keten=1"),
        ("audit trail, full chain check", "HR", HR, "/hr/audit?keten=volledig"),
    ]
    figures = {"raw_pg": await raw_postgres(cfg, warmup, n)}
    async with httpx.AsyncClient(base_url=cfg.service_url("portal"), timeout=120) as http:
        figures["raw_http"] = latency(await timed(lambda: http.get("/healthz"), warmup, n))
        figures["pages"] = []
        for label, who, user, path in pages:
            fig, why = await page_figure(http, cookies[user], path, warmup, n)
            figures["pages"].append((label, who, fig, why))
            print(f"  [measure] {label} as {who}: {fig.cell() if fig else why}", flush=True)
        figures["chain"] = await chain_length(cfg)
    return figures


async def chain_length(cfg: StackConfig) -> int:
    """The entries of BEL's audit trail in portfolio (its chain check counts them)."""
    client = Client(cfg, 1)
    try:
        return (await client.call("portfolio", HR, "GET", "/v1/audit/verify")).json()["entries"]
    finally:
        await client.close()


def report(figures: dict, people: dict, n: int) -> str:
    pg, web = figures["raw_pg"], figures["raw_http"]
    rows = [
        ("page", "as", "p50 / p95 / max", "p50 / raw PG, raw HTTP p50", "target p95 < 100 ms"),
        ("raw PostgreSQL round trip (select 1)", "", pg.cell(), "", ""),
        ("raw HTTP round trip (portal /healthz)", "", web.cell(), f"{web.p50 / pg.p50:,.0f}x, 1x", ""),
    ]
    for label, who, fig, why in figures["pages"]:
        if fig is None:
            rows.append((label, who, why, "", ""))
        else:
            met = "met" if fig.p95 < TARGET_MS else "NOT met"
            ratios = f"{fig.p50 / pg.p50:,.0f}x, {fig.p50 / web.p50:,.1f}x"
            rows.append((label, who, fig.cell(), ratios, met))
    head = (
        f"\nPortal pages over HTTP with a session cookie; tenant BEL with {people['people']:,} bench "
        f"employees in {people['teams']} teams (content in {people['content_teams']}); "
        f"{n} requests per page after warm-up, one at a time; {figures['chain']:,} audit entries "
        f"after the run; load average "
        f"{', '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    return head + "\n" + table(rows)


def up(cfg: StackConfig, attempts: int = 3) -> bool:
    """The bench's stack, started (True) or found running. On a loaded machine a component can
    outlast its readiness timeout while it starts; it keeps starting, and the next attempt waits
    for it again."""
    started = False
    for attempt in range(attempts):
        try:
            started = stack.up(cfg, with_services=True, seed=True, seed_history=False) or started
            break
        except RuntimeError as exc:
            if "not ready" not in str(exc) or attempt == attempts - 1:
                raise
            print(f"  [stack] {str(exc).splitlines()[0]}; waiting for it again", flush=True)
            started = True
    state = State(cfg.state_dir / "portal-seed.json")
    if not state.get("demo"):  # `up` seeds the demo tenants only when it started the services
        demo_people.seed(cfg)
        demo_competencies.seed(cfg)
        demo_salary.seed(cfg)
        state.set("demo", True)
    return started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=30, help="measured requests per page")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--share", type=int, default=3, help="talks and agreements in 1 of this many teams")
    parser.add_argument("--concurrency", type=int, default=4, help="seeding calls in flight")
    parser.add_argument("--keep", action="store_true", help="leave the bench's stack running")
    args = parser.parse_args()
    cfg = StackConfig.from_env(ROOT / ".dialoog" / "bench")
    # Accounts only for who acts (bench/_portal_seed.py): organisatie provisions none here.
    os.environ["DIALOOG_ORGANISATIE_PROVISION_KEYCLOAK"] = "false"
    t0 = time.monotonic()
    started = up(cfg)
    print(f"  [stack] {'started' if started else 'running'} in {time.monotonic() - t0:.0f} s", flush=True)
    try:
        state = State(cfg.state_dir / "portal-seed.json")
        t0 = time.monotonic()
        people = asyncio.run(seed(cfg, state, args.employees, args.share, args.concurrency))
        print(f"  [seed] ready in {time.monotonic() - t0:.0f} s", flush=True)
        figures = asyncio.run(measure(cfg, people, args.warmup, args.requests))
    finally:
        if started and not args.keep:
            stack.down(cfg)
    print(report(figures, people, args.requests))
    return 0


if __name__ == "__main__":
    sys.exit(main())
