"""What's next on the home page (issue 14 point 2, ADR 0033) in a real headless Chromium, per role,
on tenants of their own (made as the demo tenants are: tests/e2e/fuzz_tenant.py), with only what
each walk needs set up through the services' APIs: every home shows a real item that links to the
page where it is done; doing it there removes the item from the home. axe on every page visited,
in Dutch and in English.

- BEL (continuous): the employee confirms the agreement her manager wrote; the manager confirms
  the one she wrote; HR opens the year's salary round (from October on the home asks for it);
  the tenant admin plans next year's cycle version.
- Heemstede (three_talks): the director (an account made here, in the department above Sanne's
  team) opens the talk report Sanne recorded; having read it, it is no longer "to read".
- Rijk (four_levels): the manager records the plan talk the cycle still expects of a report."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Page, expect

from dialoog.devstack.config import REALM
from dialoog.devstack.demo import DemoUser, ensure_user
from dialoog.devstack.demo_people import HEADER, follow_import
from dialoog.devstack.realm import admin
from dialoog.devstack.tokens import password_token
from dialoog.kit import clock

from . import fuzz_tenant
from .test_portal_admin import Visit, browser, login

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def bel(dialoog_stack):
    made = fuzz_tenant.provision(dialoog_stack, preset="continuous", prefix="next")
    yield made
    fuzz_tenant.remove(dialoog_stack, made)


@pytest.fixture(scope="module")
def rijk(dialoog_stack):
    made = fuzz_tenant.provision(dialoog_stack, preset="four_levels", prefix="nextr")
    yield made
    fuzz_tenant.remove(dialoog_stack, made)


@pytest.fixture(scope="module")
def heemstede(dialoog_stack):
    """A three_talks tenant with a director of Sanne's department (Afdeling Dienstverlening)."""
    cfg = dialoog_stack
    made = fuzz_tenant.provision(cfg, preset="three_talks", prefix="nexth")
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
    yield made, director.username
    fuzz_tenant.remove(cfg, made)


def _api(cfg, service: str, user: str, method: str, path: str, **kwargs) -> httpx.Response:
    headers = {"Authorization": f"Bearer {password_token(cfg, user)}", **kwargs.pop("headers", {})}
    response = httpx.request(method, cfg.service_url(service) + path, headers=headers, timeout=60, **kwargs)
    assert response.is_success, (path, response.status_code, response.text)
    return response


def _person_id(cfg, user: str) -> str:
    return _api(cfg, "organisatie", user, "GET", "/v1/people/me").json()["id"]


def _agreement(cfg, author: str, employee_id: str, title: str) -> None:
    body = {"kind": "result", "title": title, "how_measured": "Maandrapportage"}
    _api(cfg, "portfolio", author, "POST", f"/v1/portfolios/{employee_id}/agreements", json=body)


def _home_item(page: Page, kind: str, text: str | re.Pattern):
    return page.locator(f'li[data-kind="{kind}"]').filter(has_text=text)


def _in_english_too(visit: Visit, base: str) -> None:
    """The same home in English (axe again), then back to Dutch."""
    page = visit.page
    page.goto(base + "/taal/en")
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="What's next for you", exact=True)).to_be_visible()
    visit.check_accessibility()
    page.goto(base + "/taal/nl")
    page.goto(base + "/")


def _open(browser, base: str, user: str) -> Visit:
    page = browser.new_context(locale="nl-NL").new_page()
    visit = Visit(page, base)
    login(page, base, user)
    visit.check_accessibility()
    return visit


def test_bel_employee_and_manager_confirm_what_waits_for_them(browser, dialoog_stack, bel):
    cfg, base = dialoog_stack, f"http://localhost:{dialoog_stack.port('portal')}"
    sanne, mark = bel.usernames["employee"], bel.usernames["manager"]
    sanne_id = _person_id(cfg, sanne)
    _agreement(cfg, mark, sanne_id, "Wachttijd aan de balie onder tien minuten")  # waits for Sanne
    _agreement(cfg, sanne, sanne_id, "Cursus klantgericht schrijven afronden")  # waits for Mark

    # The employee: the agreement her manager wrote waits for her confirmation.
    visit = _open(browser, base, sanne)
    page = visit.page
    item = _home_item(page, "confirm_agreement", "Wachttijd aan de balie")
    expect(item).to_have_count(1)
    expect(page.locator('li[data-kind="expected_talk"]')).to_have_count(1)  # her start talk
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/portfolio#afspraken$"))
    visit.check_accessibility()
    page.get_by_role("button", name=re.compile(r"Bevestigen\s*: Wachttijd aan de balie")).click()
    visit.go("/")
    expect(_home_item(page, "confirm_agreement", "Wachttijd aan de balie")).to_have_count(0)

    # The manager: per report what the cycle expects, and Sanne's own agreement to confirm.
    visit = _open(browser, base, mark)
    page = visit.page
    expect(page.locator('li[data-kind="team_expected"]').first).to_be_visible()
    item = _home_item(page, "team_confirm", "Sanne de Vries")
    expect(item).to_contain_text("1")
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/portfolio/{sanne_id}#afspraken$"))
    visit.check_accessibility()
    page.get_by_role("button", name=re.compile(r"Bevestigen\s*: Cursus klantgericht")).click()
    visit.go("/")
    expect(_home_item(page, "team_confirm", "Sanne de Vries")).to_have_count(0)


def test_bel_hr_opens_the_salary_round_the_home_asks_for(browser, dialoog_stack, bel):
    cfg, base = dialoog_stack, f"http://localhost:{dialoog_stack.port('portal')}"
    today = clock.today()
    if today.month < 10:
        pytest.skip("the home asks for the year-end round from October on (domain/next_steps.py)")
    visit = _open(browser, base, bel.usernames["hr_advisor"])
    page = visit.page
    expect(page.locator('li[data-kind="completion"]')).to_contain_text("van de")  # nobody had a talk
    item = _home_item(page, "open_round", str(today.year))
    expect(item).to_have_count(1)
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/hr/salaris$"))
    visit.check_accessibility()
    page.fill(
        "#r-guidelines",
        "Beoordeel resultaten, gedrag en ontwikkeling elk apart, met concrete voorbeelden uit het jaar.",
    )
    page.fill("#r-deadline", min(date(today.year, 12, 31), today + timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Salarisronde openen").click()
    expect(page.get_by_role("heading", name="Richtlijnen voor de leidinggevenden")).to_be_visible()
    visit.check_accessibility()
    visit.go("/")
    expect(_home_item(page, "open_round", str(today.year))).to_have_count(0)
    # Once the round has assigned its decisions, its progress is what's next for HR.
    for _ in range(60):
        if page.locator('li[data-kind="round_progress"]').count():
            break
        page.wait_for_timeout(500)
        page.reload()
    expect(page.locator('li[data-kind="round_progress"]')).to_contain_text(str(today.year))
    visit.check_accessibility()
    assert _api(cfg, "salaris", bel.usernames["hr_advisor"], "GET", f"/v1/salary/rounds/{today.year}")


def test_bel_tenant_admin_plans_next_years_cycle_version(browser, dialoog_stack, bel):
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    next_year = clock.today().year + 1
    visit = _open(browser, base, bel.usernames["tenant_admin"])
    page = visit.page
    expect(page.locator('li[data-kind="cycle_in_force"]')).to_contain_text("versie")
    expect(page.locator('li[data-kind="last_import"]')).to_have_count(1)  # the people, imported
    item = _home_item(page, "cycle_plan_next", str(next_year))
    expect(item).to_have_count(1)
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/beheer/cyclus$"))
    visit.check_accessibility()
    page.select_option("#preset", "continuous")
    page.fill("#preset-datum", f"{next_year}-01-01")
    page.get_by_role("button", name="Variant opslaan als nieuwe versie").click()
    expect(page.get_by_role("status")).to_contain_text("Nieuwe versie opgeslagen")
    visit.go("/")
    expect(_home_item(page, "cycle_plan_next", str(next_year))).to_have_count(0)
    expect(page.locator('li[data-kind="cycle_next"]')).to_contain_text(str(next_year))


def test_heemstede_director_reads_the_new_talk_report(browser, dialoog_stack, heemstede):
    cfg, base = dialoog_stack, f"http://localhost:{dialoog_stack.port('portal')}"
    made, director = heemstede
    sanne = made.usernames["employee"]
    sanne_id = _person_id(cfg, sanne)
    talk = {
        "type": "planning_talk",
        "initiated_by": "manager",
        "held_on": clock.today().isoformat(),
        "fields": {
            "expected_results": "Alle aanvragen binnen de termijn",
            "development": "Cursus omgevingswet",
        },
    }
    _api(cfg, "portfolio", sanne, "POST", f"/v1/portfolios/{sanne_id}/talks", json=talk)

    def to_read() -> list:
        return _api(cfg, "portfolio", director, "GET", "/v1/talk-reports/to-read").json()["items"]

    for _ in range(120):  # portfolio learns the director (organisatie's event) and her department
        if any(r["employee_id"] == sanne_id for r in to_read()):
            break
        time.sleep(0.5)
    visit = _open(browser, base, director)
    page = visit.page
    item = page.locator(f'li[data-kind="report_to_read"]:has(a[href="/verslagen/{sanne_id}"])')
    expect(item).to_contain_text("(1)")
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/verslagen/{sanne_id}$"))
    expect(page.get_by_role("heading", level=2).first).to_contain_text("Planningsgesprek")
    visit.check_accessibility()
    visit.go("/")
    expect(
        page.locator(f'li[data-kind="report_to_read"]:has(a[href="/verslagen/{sanne_id}"])')
    ).to_have_count(0)


def test_rijk_manager_records_the_plan_talk_the_cycle_still_expects(browser, dialoog_stack, rijk):
    cfg, base = dialoog_stack, f"http://localhost:{dialoog_stack.port('portal')}"
    sanne_id = _person_id(cfg, rijk.usernames["employee"])
    visit = _open(browser, base, rijk.usernames["manager"])
    page = visit.page
    item = _home_item(page, "team_expected", "Sanne de Vries")
    expect(item).to_contain_text("plannen")
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/portfolio/{sanne_id}$"))
    visit.check_accessibility()
    page.select_option("#soort", "plan_talk")
    page.get_by_role("button", name="Verder").click()
    visit.check_accessibility()
    page.fill("#f-result_agreements", "Drie resultaatafspraken over doorlooptijden en klanttevredenheid")
    page.fill("#f-development", "Leergang beleidsadvisering")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", name="Plannen", exact=False)).to_be_visible()
    visit.go("/")
    expect(_home_item(page, "team_expected", "Sanne de Vries")).not_to_contain_text("plannen")
