"""What's next on the home page (issue 14 point 2, ADR 0033) in a real headless Chromium, per role,
over the seeded demo (tests/e2e/conftest.py: tenants made as the demo tenants are, with the lived-in
history of ADR 0032): every home shows a real item from that history that links to the page where
it is done; doing it there removes the item from the home. axe on every page visited, in Dutch and
in English.

- BEL (continuous): the employee confirms the agreement her manager wrote this year; the manager
  then confirms hers; HR decides the objection against last year's salary decision; the tenant
  admin sees the seed's import of colleagues and plans next year's cycle version.
- Heemstede (three_talks): the director opens the talk reports recorded in Sanne's department;
  having read them, they are no longer "to read".
- Rijk (four_levels): the manager records the plan talk the cycle still expects of a report who
  has had none this year."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from dialoog.devstack.tokens import password_token
from dialoog.kit import clock

from .test_portal_admin import Visit, browser, login

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


def _person_id(cfg, user: str) -> str:
    response = httpx.get(
        cfg.service_url("organisatie") + "/v1/people/me",
        headers={"Authorization": f"Bearer {password_token(cfg, user)}"},
        timeout=60,
    )
    assert response.status_code == 200, response.text
    return response.json()["id"]


def _home_item(page: Page, kind: str, text: str | re.Pattern = ""):
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


def _base(cfg) -> str:
    return f"http://localhost:{cfg.port('portal')}"


def test_bel_employee_and_manager_confirm_what_waits_for_them(browser, dialoog_stack, seeded_demo):
    cfg, base, bel = dialoog_stack, _base(dialoog_stack), seeded_demo.tenants["bel"]
    sanne_id = _person_id(cfg, bel.user("employee"))

    # The employee: the development agreement her manager wrote this year waits for her.
    visit = _open(browser, base, bel.user("employee"))
    page = visit.page
    item = _home_item(page, "confirm_agreement", "Cursus klantgericht schrijven")
    expect(item).to_have_count(1)
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/portfolio#afspraken$"))
    visit.check_accessibility()
    page.get_by_role("button", name=re.compile(r"Bevestigen\s*: Cursus klantgericht")).click()
    visit.go("/")
    expect(_home_item(page, "confirm_agreement", "Cursus klantgericht schrijven")).to_have_count(0)

    # The manager: per report what the cycle expects, and Sanne's result agreement to confirm.
    visit = _open(browser, base, bel.user("manager"))
    page = visit.page
    expect(page.locator('li[data-kind="team_expected"]').first).to_be_visible()  # the seed's gaps
    item = _home_item(page, "team_confirm", "Sanne de Vries")
    expect(item).to_contain_text(": 1")
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/portfolio/{sanne_id}#afspraken$"))
    visit.check_accessibility()
    page.get_by_role("button", name=re.compile(r"Bevestigen\s*: Doorlooptijd van aanvragen")).click()
    visit.go("/")
    expect(_home_item(page, "team_confirm", "Sanne de Vries")).to_have_count(0)


def test_bel_hr_decides_the_objection_to_last_years_salary_decision(browser, dialoog_stack, seeded_demo):
    base, bel = _base(dialoog_stack), seeded_demo.tenants["bel"]
    visit = _open(browser, base, bel.user("hr_advisor"))
    page = visit.page
    expect(page.locator('li[data-kind="completion"]')).to_contain_text("van de")  # some have had a talk
    item = _home_item(page, "objection", "Sanne de Vries")
    expect(item).to_contain_text("beslissen vóór")  # the legal term beside it
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/hr/salaris/bezwaren$"))
    visit.check_accessibility()
    row = page.get_by_role("row", name=re.compile("Sanne de Vries"))
    expect(row).to_contain_text("in behandeling")
    row.get_by_label("Nieuwe stand").select_option("rejected")
    row.get_by_label("Toelichting (optioneel)").fill("De resultaatafspraken zijn aantoonbaar niet gehaald.")
    row.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("row", name=re.compile("Sanne de Vries"))).to_contain_text("ongegrond")
    visit.check_accessibility()
    visit.go("/")
    expect(_home_item(page, "objection", "Sanne de Vries")).to_have_count(0)


def test_bel_tenant_admin_plans_next_years_cycle_version(browser, dialoog_stack, seeded_demo):
    base, bel = _base(dialoog_stack), seeded_demo.tenants["bel"]
    next_year = clock.today().year + 1
    visit = _open(browser, base, bel.user("tenant_admin"))
    page = visit.page
    expect(page.locator('li[data-kind="cycle_in_force"]')).to_contain_text("versie")
    expect(page.locator('li[data-kind="last_import"]')).to_contain_text("demo-collega's.csv")  # the seed's
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


def test_heemstede_director_reads_the_talk_reports_of_her_department(browser, dialoog_stack, seeded_demo):
    cfg, base, heemstede = dialoog_stack, _base(dialoog_stack), seeded_demo.tenants["heemstede"]
    sanne_id = _person_id(cfg, heemstede.user("employee"))
    visit = _open(browser, base, heemstede.director)
    page = visit.page
    item = page.locator(f'li[data-kind="report_to_read"]:has(a[href="/verslagen/{sanne_id}"])')
    expect(item).to_contain_text(re.compile(r"\(\d+\)"))  # this year's planning and progress talks
    _in_english_too(visit, base)
    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/verslagen/{sanne_id}$"))
    expect(page.get_by_role("heading", level=2).first).to_be_visible()
    expect(page.locator("main")).to_contain_text("Planningsgesprek")
    visit.check_accessibility()
    visit.go("/")
    expect(
        page.locator(f'li[data-kind="report_to_read"]:has(a[href="/verslagen/{sanne_id}"])')
    ).to_have_count(0)


def test_rijk_manager_records_the_plan_talk_the_cycle_still_expects(browser, dialoog_stack, seeded_demo):
    base, rijk = _base(dialoog_stack), seeded_demo.tenants["rijk"]
    visit = _open(browser, base, rijk.user("manager"))
    page = visit.page
    item = _home_item(page, "team_expected", "plannen").first  # a report without this year's plan talk
    expect(item).to_be_visible()
    href = item.get_by_role("link").get_attribute("href")
    assert href and re.fullmatch(r"/portfolio/[0-9a-f-]{36}", href), href
    _in_english_too(visit, base)
    page.locator(f'li[data-kind="team_expected"] a[href="{href}"]').click()
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    visit.check_accessibility()
    page.select_option("#soort", "plan_talk")
    page.get_by_role("button", name="Verder").click()
    visit.check_accessibility()
    page.fill("#f-result_agreements", "Drie resultaatafspraken over doorlooptijden en klanttevredenheid")
    page.fill("#f-development", "Leergang beleidsadvisering")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", name="Plannen", exact=False)).to_be_visible()
    visit.go("/")
    expect(
        page.locator(f'li[data-kind="team_expected"]:has(a[href="{href}"])').filter(has_text="plannen")
    ).to_have_count(0)
