"""The lived-in demo (issue 14 point 1, ADR 0032): the history seed, run twice over three tenants of
their own (tests/e2e/conftest.py: made as the demo tenants are, one per cycle variant), leaves what
a visitor then sees through the APIs: last year's locked period beside this year's, HR's
completion above zero, last year's salary round with Sanne's letter and her objection in
progress, this year's round open with decisions taken, feedback shared; and the second run adds
nothing. (The test stack's demo tenants themselves get no history: the other tests count what is
in them.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from dialoog.kit import clock

from .test_portal_admin import browser, login  # browser: the Chromium fixture of the portal tests

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]

# The talks of last year's period that Sanne (index 1 of the seed's people) had, per variant.
LAST_YEARS_TALKS = {
    "bel": {"start_talk", "good_talk"},
    "heemstede": {"planning_talk", "progress_talk", "evaluation_talk"},
    "rijk": {"plan_talk", "evaluation_talk"},
}
DEMO_PEOPLE = 7  # demo_people.demo_csv for a tenant of its own (Heemstede's director is added)


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


def test_the_second_run_adds_nothing(seeded_demo):
    assert "nothing to add" not in seeded_demo.first_run, seeded_demo.first_run
    assert "nothing to add" in seeded_demo.second_run, seeded_demo.second_run
    for tenant in seeded_demo.tenants.values():
        seen, again = tenant.first, tenant.second
        for key in ("people", "objections", "requests", "team", "letters"):
            assert again[key] == seen[key], (tenant.alias, key)
        assert [(len(p["talks"]), len(p["agreements"])) for p in again["periods"]] == [
            (len(p["talks"]), len(p["agreements"])) for p in seen["periods"]
        ]


@pytest.mark.parametrize("variant", ["bel", "heemstede", "rijk"])
def test_the_history_seed_makes_a_lived_in_year(dialoog_stack, browser, seeded_demo, variant):
    tenant = seeded_demo.tenants[variant]
    seen = tenant.first
    year = clock.today().year

    assert seen["people"] == DEMO_PEOPLE + seeded_demo.size + (tenant.director is not None)
    periods = {p["starts_on"][:4]: p for p in seen["periods"]}
    last, now = periods[str(year - 1)], periods[str(year)]
    assert last["status"] == "locked" and last["snapshot_hash"]
    assert {t["type"] for t in last["talks"]} == LAST_YEARS_TALKS[variant]
    assert any(t.get("conclusion") for t in last["talks"]) == (variant == "rijk")  # Rijk's conclusion
    assert all(a["confirmed_by_manager"] for a in last["agreements"]) and last["agreements"]
    assert now["status"] == "open"
    if variant == "rijk":  # the portal's timeline once (the periods are the same API for all three)
        _timeline_shows_both_years(browser, dialoog_stack, tenant.user("employee"), year)

    assert sum(u["with_talk"] for u in seen["dashboard"]) > 0  # HR's progress is not 0
    assert [m for m in seen["team"] if m["expected"]]  # some talks the cycle expects are missing
    states = {(m["open_agreements"] > 0, m["agreements"] > 0) for m in seen["team"]}
    assert (True, True) in states  # agreements waiting for a confirmation

    assert seen["rounds"][year - 1]["status"] in ("letters_sent", "applied", "closed")
    assert seen["rounds"][year]["status"] == "deciding"
    assert [o["state"] for o in seen["objections"]] == ["in_progress"]  # one per tenant
    # Sanne's decision of last year's round reached her with its letter, and she objected.
    old = [d for d in seen["letters"] if d["round_id"] == seen["rounds"][year - 1]["id"]]
    assert len(old) == 1 and old[0]["letters"] and old[0]["objections"], (variant, seen["letters"])

    assert seen["requests"] and seen["requests"][0]["counts"]["answered"] >= 2
