"""The lived-in demo (issue 14 point 1, ADR 0032): the history seed, run twice on a tenant of its own
(made as the demo tenants are, with the Rijk cycle), leaves what a visitor then sees through the
APIs: last year's locked period beside this year's, HR's completion above zero, last year's salary
round with its letters and an objection in progress, this year's round open with decisions taken,
feedback shared; and the second run adds nothing. (The test stack's demo tenants themselves get no
history: the other tests count what is in them.)"""

from __future__ import annotations

import io
import json
import zipfile

import httpx
import pytest
from playwright.sync_api import expect

from dialoog.devstack import demo_history
from dialoog.devstack.demo import DemoTenant
from dialoog.devstack.tokens import password_token
from dialoog.kit import clock

from . import fuzz_tenant
from .test_portal_admin import browser, login  # browser: the Chromium fixture of the portal tests

pytestmark = pytest.mark.timeout(1800)


def _get(cfg, service: str, user: str, path: str):
    response = httpx.get(
        cfg.service_url(service) + path,
        headers={"Authorization": f"Bearer {password_token(cfg, user)}"},
        timeout=60,
    )
    assert response.status_code == 200, (path, response.text)
    return response


def _observed(cfg, alias: str) -> dict:
    """What Sanne (the employee), her HR advisor and her manager see."""
    sanne, hr, mark = f"{alias}.medewerker", f"{alias}.hr", f"{alias}.leidinggevende"
    me = _get(cfg, "organisatie", sanne, "/v1/people/me").json()
    export = _get(cfg, "portfolio", sanne, f"/v1/portfolios/{me['id']}/export")
    with zipfile.ZipFile(io.BytesIO(export.content)) as dossier:
        data = json.loads(dossier.read("dossier.json"))
    dashboard = _get(cfg, "portfolio", hr, "/v1/dashboard?limit=100").json()["items"]
    rounds = _get(cfg, "salaris", hr, "/v1/salary/rounds").json()["items"]
    objections = _get(cfg, "salaris", hr, "/v1/salary/objections?limit=100").json()["items"]
    letters = _get(cfg, "salaris", sanne, "/v1/salary/me/decisions").json()["items"]
    requests = _get(cfg, "feedback", sanne, "/v1/feedback/requests").json()["items"]
    team = _get(cfg, "portfolio", mark, "/v1/team?limit=100").json()["items"]
    people = _get(cfg, "organisatie", f"{alias}.beheer", "/v1/people?limit=500").json()["items"]
    return {
        "periods": data["periods"],
        "dashboard": dashboard,
        "rounds": {r["year"]: r for r in rounds},
        "objections": objections,
        "letters": letters,
        "requests": requests,
        "team": team,
        "people": len(people),
    }


def _timeline_shows_both_years(browser, cfg, user: str, year: int) -> None:
    """The employee's portfolio timeline in the portal (ADR 0034): this year's period open, last
    year's listed as definitive and reachable, and read-only there."""
    base = f"http://localhost:{cfg.port('portal')}"
    context = browser.new_context()
    page = context.new_page()
    login(page, base, user)
    page.goto(base + "/portfolio")
    periods = page.locator(".portal-periods li")
    expect(periods.filter(has_text=str(year))).to_contain_text("open")
    last = periods.filter(has_text=str(year - 1))
    expect(last).to_contain_text("definitief sinds")
    last.get_by_role("link").click()
    expect(page.get_by_role("status")).to_contain_text("eerdere periode")
    expect(page.locator(".portal-timeline li").first).to_be_visible()  # last year's talks
    expect(page.get_by_role("button", name="Afspraak toevoegen")).to_have_count(0)
    context.close()


def test_the_history_seed_makes_a_lived_in_year_once(dialoog_stack, browser):
    cfg = dialoog_stack
    made = fuzz_tenant.provision(cfg, preset="four_levels", prefix="hist")
    tenant = DemoTenant(made.alias, f"Demo {made.alias}", "four_levels", f"{made.alias}.example")
    try:
        first = demo_history.seed(cfg, tenants=(tenant,))
        assert "nothing to add" not in first
        seen = _observed(cfg, made.alias)
        year = clock.today().year

        assert seen["people"] >= 30  # a few dozen, in several teams
        periods = {p["starts_on"][:4]: p for p in seen["periods"]}
        last, now = periods[str(year - 1)], periods[str(year)]
        assert last["status"] == "locked" and last["snapshot_hash"]
        assert {t["type"] for t in last["talks"]} >= {"plan_talk", "evaluation_talk"}
        assert any(t["conclusion"] for t in last["talks"])  # the Rijk conclusion
        assert all(a["confirmed_by_manager"] for a in last["agreements"]) and last["agreements"]
        assert now["status"] == "open"
        _timeline_shows_both_years(browser, cfg, f"{made.alias}.medewerker", year)

        assert sum(u["with_talk"] for u in seen["dashboard"]) > 0  # HR's progress is not 0
        expected_missing = [m for m in seen["team"] if m["expected"]]
        assert expected_missing  # some talks the cycle expects have not been held yet
        states = {(m["open_agreements"] > 0, m["agreements"] > 0) for m in seen["team"]}
        assert (True, True) in states  # agreements waiting for a confirmation

        assert seen["rounds"][year - 1]["status"] in ("letters_sent", "applied", "closed")
        assert seen["rounds"][year]["status"] == "deciding"
        assert [o["state"] for o in seen["objections"]] == ["in_progress"]
        old = next(d for d in seen["letters"] if d["round_id"] == seen["rounds"][year - 1]["id"])
        assert old["letters"] and old["objections"]

        assert seen["requests"] and seen["requests"][0]["counts"]["answered"] >= 2

        second = demo_history.seed(cfg, tenants=(tenant,))
        assert "nothing to add" in second, second
        again = _observed(cfg, made.alias)
        for key in ("people", "objections", "requests", "team"):
            assert again[key] == seen[key], key
        assert [(len(p["talks"]), len(p["agreements"])) for p in again["periods"]] == [
            (len(p["talks"]), len(p["agreements"])) for p in seen["periods"]
        ]
    finally:
        fuzz_tenant.remove(cfg, made)
