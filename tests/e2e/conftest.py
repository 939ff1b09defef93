"""The seeded demo the e2e walks and the history's own test share (issue 14, ADR 0032): three
tenants of their own, made as the demo tenants are (tests/e2e/fuzz_tenant.py), one per cycle
variant (BEL's continuous cycle, Heemstede's three talks with a director, Rijk's four levels),
given the lived-in history by `demo_history.seed` with a handful of colleagues, once per session.

The seed runs twice here, before any walk changes what it made, and what the people see is read
after each run: tests/e2e/test_demo_history.py asserts on those readings (and that the second run
added nothing); the walks (tests/e2e/test_portal_next.py) then act on the tenants. (The stack's
own demo tenants get no history in tests: other tests count what is in them.)"""

from __future__ import annotations

import io
import json
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest

from dialoog.devstack import demo_history
from dialoog.devstack.config import REALM
from dialoog.devstack.demo import DemoTenant, DemoUser, ensure_user
from dialoog.devstack.demo_people import HEADER, follow_import
from dialoog.devstack.realm import admin
from dialoog.devstack.tokens import password_token

from . import fuzz_tenant

# Colleagues besides the demo people, per tenant: all in Mark Jansen's team (history_people), enough
# for a team page with gaps, few enough to keep the seed to seconds per person.
SIZE = 4
PRESETS = {"bel": "continuous", "heemstede": "three_talks", "rijk": "four_levels"}


@dataclass
class SeededTenant:
    made: fuzz_tenant.FuzzTenant
    preset: str
    director: str | None  # Heemstede's: the director of Sanne's department
    first: dict  # what the people saw after the seed's first run (observed)
    second: dict  # ... and after its second

    @property
    def alias(self) -> str:
        return self.made.alias

    def user(self, role: str) -> str:
        return self.made.usernames[role]


@dataclass
class SeededDemo:
    tenants: dict[str, SeededTenant]  # "bel", "heemstede", "rijk": the variant each stands for
    first_run: str  # the seed's summary lines
    second_run: str
    size: int = SIZE  # the colleagues each tenant got besides the demo people


def observed(cfg, alias: str) -> dict:
    """What Sanne (the employee), her HR advisor and her manager see through the APIs."""
    sanne, hr, mark = f"{alias}.medewerker", f"{alias}.hr", f"{alias}.leidinggevende"
    tokens: dict[str, str] = {}  # one login per person (a login costs about a second under load)

    def _get(cfg, service: str, user: str, path: str) -> httpx.Response:
        token = tokens.get(user) or tokens.setdefault(user, password_token(cfg, user))
        response = httpx.get(
            cfg.service_url(service) + path, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        assert response.status_code == 200, (path, response.text)
        return response

    me = _get(cfg, "organisatie", sanne, "/v1/people/me").json()
    export = _get(cfg, "portfolio", sanne, f"/v1/portfolios/{me['id']}/export")
    with zipfile.ZipFile(io.BytesIO(export.content)) as dossier:
        data = json.loads(dossier.read("dossier.json"))
    return {
        "periods": data["periods"],
        "dashboard": _get(cfg, "portfolio", hr, "/v1/dashboard?limit=100").json()["items"],
        "rounds": {r["year"]: r for r in _get(cfg, "salaris", hr, "/v1/salary/rounds").json()["items"]},
        "objections": _get(cfg, "salaris", hr, "/v1/salary/objections?limit=100").json()["items"],
        "letters": _get(cfg, "salaris", sanne, "/v1/salary/me/decisions").json()["items"],
        "requests": _get(cfg, "feedback", sanne, "/v1/feedback/requests").json()["items"],
        "team": _get(cfg, "portfolio", mark, "/v1/team?limit=100").json()["items"],
        "people": len(_get(cfg, "organisatie", f"{alias}.beheer", "/v1/people?limit=500").json()["items"]),
    }


def _director(cfg, made: fuzz_tenant.FuzzTenant) -> str:
    """An account and a person for Heemstede's director (Els Visser, -009, as in the demo), head
    of Sanne's department (Afdeling Dienstverlening)."""
    director = DemoUser(f"{made.alias}.directeur", "Els", "Visser", ("employee", "director"), (made.alias,))
    kc = admin(cfg)
    kc.change_current_realm(REALM)
    ensure_user(kc, director, {made.alias: made.org_id})
    row = f"{made.alias}-009;Els;Visser;{director.email};1968-03-03;2005-01-01;;Afdeling Dienstverlening;;;director"
    headers = {"Authorization": f"Bearer {password_token(cfg, made.usernames['tenant_admin'])}"}
    with httpx.Client(base_url=cfg.service_url("organisatie"), timeout=60) as organisatie:
        started = organisatie.post(
            "/v1/imports",
            content=f"{HEADER}\n{row}\n".encode(),
            headers={**headers, "content-type": "text/csv", "x-filename": "directeur.csv"},
        )
        assert started.status_code == 202, started.text
        job = follow_import(organisatie, started.headers["location"], headers, timeout=60)
        assert job["status"] == "done" and not job["failed"], job
    return director.username


def _tenant(cfg, variant: str) -> tuple[fuzz_tenant.FuzzTenant, str | None]:
    made = fuzz_tenant.provision(cfg, preset=PRESETS[variant], prefix=f"demo{variant[0]}")
    return made, (_director(cfg, made) if variant == "heemstede" else None)


def _observe_all(cfg, made: dict) -> dict[str, dict]:
    """`observed` for the three tenants side by side (their people differ: no account logs in twice)."""
    with ThreadPoolExecutor(len(made)) as pool:
        found = pool.map(lambda m: observed(cfg, m.alias), [m for m, _ in made.values()])
        return dict(zip(made, found, strict=True))


@pytest.fixture(scope="session")
def seeded_demo(dialoog_stack):
    cfg = dialoog_stack
    made = {}  # one after the other: Keycloak refused the platform admin's simultaneous logins (400)
    try:
        for variant in PRESETS:
            made[variant] = _tenant(cfg, variant)
        demo = tuple(
            DemoTenant(m.alias, f"Demo {m.alias}", PRESETS[v], f"{m.alias}.example")
            for v, (m, _) in made.items()
        )
        first = demo_history.seed(cfg, tenants=demo, size=SIZE)
        print(first)  # where the time went, per phase (shown with -s or on a failure)
        seen = _observe_all(cfg, made)
        second = demo_history.seed(cfg, tenants=demo, size=SIZE)
        print(second)
        again = _observe_all(cfg, made)
        yield SeededDemo(
            {
                v: SeededTenant(m, PRESETS[v], director, seen[v], again[v])
                for v, (m, director) in made.items()
            },
            first,
            second,
        )
    finally:
        for m, _ in made.values():
            fuzz_tenant.remove(cfg, m)
