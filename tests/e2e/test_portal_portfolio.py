"""A year of the continuous cycle (BEL) in a real browser: the employee writes an agreement and
records her start talk; her manager sees her on the team page, confirms the agreement, records two
good talks and makes the period definitive; afterwards she can only react. axe on every page.

The employee is made for the test (Keycloak user + organisatie import), so the demo stays as it is."""

import time
import uuid
from datetime import timedelta

import httpx
import pytest
from playwright.sync_api import expect

from dialoog.devstack.config import REALM
from dialoog.devstack.realm import admin
from dialoog.devstack.tokens import password_token
from dialoog.kit.clock import now, today

from .test_portal_admin import Visit, browser, login

pytestmark = pytest.mark.e2e


def disclose(page, summary: str) -> None:
    """Open the disclosure (<details>) of one action on the portfolio page (ADR 0034)."""
    page.locator("summary", has_text=summary).click()


def agreement_item(page, title: str):
    """An agreement on the portfolio's timeline."""
    return page.locator(".portal-timeline li", has_text=title)


def make_employee(dialoog_stack, tenant: str, manager_number: str, probation_end: str = ""):
    tag = uuid.uuid4().hex[:6]
    username, email = f"e2e.{tag}", f"e2e.{tag}@demo.dialoog.example"
    kc = admin(dialoog_stack)
    kc.change_current_realm(REALM)
    user_id = kc.create_user(
        {
            "username": username,
            "email": email,
            "emailVerified": True,
            "firstName": "Eva",
            "lastName": f"Test {tag}",
            "enabled": True,
            "credentials": [{"type": "password", "value": "dialoog", "temporary": False}],
        }
    )
    kc.assign_realm_roles(user_id, [kc.get_realm_role("employee")])
    org = next(o for o in kc.get_organizations({"max": 1000}) if o["alias"] == tenant)
    kc.organization_user_add(user_id, org["id"])
    headers = {
        "Authorization": f"Bearer {password_token(dialoog_stack, f'{tenant}.beheer')}",
        "content-type": "text/csv",
    }
    csv = (
        "employee_number;first_name;last_name;email;date_of_birth;appointment_start;probation_end;unit;"
        "manager_employee_number\n"
        f"e2e-{tag};Eva;Test {tag};{email};1972-05-05;2026-01-05;{probation_end};Team Publiekszaken;"
        f"{manager_number}\n"
    )
    started = httpx.post(
        f"{dialoog_stack.service_url('organisatie')}/v1/imports", content=csv, headers=headers
    )
    assert started.status_code == 202, started.text
    # Wait until portfolio knows her (organisatie's events reach it through NATS).
    token = password_token(dialoog_stack, username)
    for _ in range(100):
        me = httpx.get(
            f"{dialoog_stack.service_url('portfolio')}/v1/portfolios/me",
            headers={"Authorization": f"Bearer {token}"},
        )
        if me.status_code == 200:
            break
        time.sleep(0.2)
    assert me.status_code == 200, me.text
    return username, f"Eva Test {tag}", lambda: kc.delete_user(user_id)


@pytest.fixture
def new_employee(dialoog_stack):
    username, name, cleanup = make_employee(dialoog_stack, "bel", "bel-001")
    yield username, name
    cleanup()


@pytest.fixture
def new_heemstede_employee(dialoog_stack):
    username, name, cleanup = make_employee(dialoog_stack, "heemstede", "heemstede-001")
    yield username, name
    cleanup()


@pytest.fixture
def new_rijk_employee(dialoog_stack):
    username, name, cleanup = make_employee(dialoog_stack, "rijk", "rijk-001")
    yield username, name
    cleanup()


def test_a_year_of_good_conversations(browser, dialoog_stack, new_employee):
    username, full_name = new_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"

    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn portfolio")
    disclose(page, "Nieuwe afspraak")
    page.fill("#a-title", "Vergunningaanvragen binnen 8 weken afgehandeld")
    page.fill("#a-how", "Zaaksysteem, maandrapportage")
    page.get_by_role("button", name="Afspraak toevoegen").click()
    expect(agreement_item(page, "Vergunningaanvragen binnen 8 weken afgehandeld")).to_contain_text(
        "bevestigd door de medewerker"
    )
    visit.check_accessibility()
    page.select_option("#soort", "start_talk")
    page.get_by_role("button", name="Verder").click()
    visit.check_accessibility()
    page.fill("#f-summary", "Waar wil ik dit jaar naartoe?")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", name="Startgesprek", exact=False)).to_be_visible()

    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "bel.leidinggevende")
    mvisit.go("/team")
    row = mpage.get_by_role("row", name=full_name)
    # Cells after the name (a rowheader): last talk, open agreements, still to hold.
    # One open agreement: not yet confirmed by the manager.
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")
    row.get_by_role("link", name=full_name).click()
    mvisit.check_accessibility()
    mpage.get_by_role("button", name="Bevestigen").click()
    for summary in ("Energie en balans besproken", "Teamdoelen Q3 besproken"):
        mpage.select_option("#soort", "good_talk")
        mpage.get_by_role("button", name="Verder").click()
        # The workload topic (e) is on the agenda by the cycle's rule, so it is pre-checked.
        expect(mpage.locator("#t-e_workload_balance")).to_be_checked()
        mvisit.check_accessibility()
        mpage.fill("#f-summary", summary)
        mpage.get_by_role("button", name="Gesprek vastleggen").click()
    expect(mpage.get_by_role("heading", name="Goed gesprek", exact=False)).to_have_count(2)
    mpage.get_by_role("button", name="Periode definitief maken").click()
    expect(mpage.get_by_text("definitief", exact=True)).to_be_visible()
    mvisit.check_accessibility()
    manager.close()

    visit.go("/portfolio")
    expect(page.get_by_role("button", name="Afspraak toevoegen")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download het hele dossier (PDF en JSON, inzage AVG)").click()
    assert download.value.suggested_filename.endswith(".zip")
    page.fill("#reactie", "Goed jaar, dank voor de gesprekken.")
    page.get_by_role("button", name="Reactie toevoegen").click()
    expect(page.get_by_text("Goed jaar, dank voor de gesprekken.")).to_be_visible()
    visit.check_accessibility()
    # The period on paper for the personnel file: no portal header or forms, and it prints.
    page.get_by_role("link", name="Afdrukversie van deze periode").click()
    expect(page.get_by_role("heading", name="Goed gesprek", exact=False)).to_have_count(2)
    visit.check_accessibility()
    page.emulate_media(media="print")
    expect(page.locator(".portal-header")).to_be_hidden()
    assert page.pdf(format="A4").startswith(b"%PDF-")
    employee.close()


def test_rijk_conclusion_reaction_and_an_improvement_plan(browser, dialoog_stack, new_rijk_employee):
    """The separate case: a - conclusion opens an improvement plan (seed 003)."""
    username, full_name = new_rijk_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "rijk.leidinggevende")
    mvisit.go("/team")
    mpage.get_by_role("link", name=full_name).click()
    mpage.select_option("#soort", "evaluation_talk")
    mpage.get_by_role("button", name="Verder").click()
    mvisit.check_accessibility()
    mpage.select_option("#conclusie", "-")
    mpage.select_option("#advies", "+/-")  # the reward advice may differ from the conclusion
    mpage.fill("#f-summary", "Afspraken duidelijk niet gehaald.")
    mpage.get_by_role("button", name="Gesprek vastleggen").click()
    talk = mpage.locator(".portal-timeline li").last
    expect(talk).to_contain_text("conclusie -")
    expect(talk).to_contain_text("beloningsadvies +/-")
    expect(talk).to_contain_text("verbetertraject")
    mvisit.check_accessibility()
    manager.close()

    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    expect(page.locator(".portal-timeline li").last).to_contain_text("verbetertraject")
    disclose(page, "Reageren")
    page.fill("#reactie", "Ik zie het anders: de werkdruk was hoog.")
    page.get_by_role("button", name="Reactie toevoegen").click()
    expect(page.get_by_text("Ik zie het anders: de werkdruk was hoog.")).to_be_visible()
    visit.check_accessibility()
    employee.close()


def test_rijk_plan_reflect_and_an_evaluation_with_plus_minus(browser, dialoog_stack, new_rijk_employee):
    """Seed 003: plan, reflect (the employee keeps track), evaluate with a conclusion on four levels
    (here +/-, which opens no improvement plan), the employee's reaction, and a reward advice."""
    username, full_name = new_rijk_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    page.select_option("#soort", "plan_talk")
    page.get_by_role("button", name="Verder").click()
    visit.check_accessibility()
    page.get_by_role("button", name="Gesprek vastleggen").click()  # result agreements are required
    expect(page.locator("#f-result_agreements-fout")).to_contain_text("is verplicht")
    visit.check_accessibility()
    page.fill("#f-result_agreements", "Drie resultaatafspraken over doorlooptijden en klanttevredenheid")
    page.fill("#f-development", "Leergang beleidsadvisering")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", name="Plannen", exact=False)).to_be_visible()
    page.select_option("#soort", "reflect_talk")
    page.get_by_role("button", name="Verder").click()
    visit.check_accessibility()
    page.fill("#f-summary", "Halverwege: twee van de drie afspraken op koers")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", name="Reflecteren op functioneren", exact=False)).to_be_visible()
    visit.check_accessibility()

    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "rijk.leidinggevende")
    mvisit.go("/team")
    mpage.get_by_role("link", name=full_name).click()
    mvisit.check_accessibility()
    mpage.select_option("#soort", "evaluation_talk")
    mpage.get_by_role("button", name="Verder").click()
    mvisit.check_accessibility()
    mpage.select_option("#conclusie", "+/-")
    mpage.select_option("#advies", "+")  # the reward advice may differ from the conclusion
    mpage.fill("#f-summary", "Doorlooptijden gehaald; klanttevredenheid nog niet.")
    mpage.get_by_role("button", name="Gesprek vastleggen").click()
    talk = mpage.locator(".portal-timeline li").last
    expect(talk).to_contain_text("conclusie +/-")
    expect(talk).to_contain_text("beloningsadvies +")
    expect(talk).not_to_contain_text("verbetertraject")  # only - opens one
    expect(mpage.locator(".portal-timeline li")).to_have_count(3)
    mvisit.check_accessibility()
    manager.close()

    visit.go("/portfolio")
    expect(page.locator(".portal-timeline li").last).to_contain_text("conclusie +/-")
    expect(page.locator("#tijdlijn-sectie").get_by_role("button", name="Bezwaar maken")).to_have_count(0)
    disclose(page, "Reageren")
    page.fill("#reactie", "Klanttevredenheid hing ook af van de systeemstoring in het voorjaar.")
    page.get_by_role("button", name="Reactie toevoegen").click()
    expect(
        page.get_by_text("Klanttevredenheid hing ook af van de systeemstoring in het voorjaar.")
    ).to_be_visible()
    visit.check_accessibility()
    employee.close()


def test_hr_sees_progress_per_unit_as_a_chart_and_a_table(browser, dialoog_stack):
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    context = browser.new_context()
    page = context.new_page()
    login(page, base, "bel.hr")
    visit = Visit(page, base)
    visit.go("/hr/voortgang")
    expect(
        page.get_by_role("img", name="Aandeel medewerkers met minstens één gesprek, per afdeling")
    ).to_be_visible()
    expect(page.get_by_role("rowheader", name="Team Publiekszaken")).to_be_visible()
    context.close()
    other = browser.new_context()
    page = other.new_page()
    login(page, base, "bel.medewerker")
    assert page.goto(base + "/hr/voortgang").status == 403
    assert page.goto(base + "/hr/opvolging").status == 403
    other.close()
    hr_follow_up_hides_small_groups(browser, base)


def hr_follow_up_hides_small_groups(browser, base: str) -> None:
    """HR follow-up (ADR 0035) at Rijk: Team HR (one person) shows no conclusion distribution, in
    Dutch and in English, axe clean; a unit's named lists; a table as CSV for Dutch Excel."""
    context = browser.new_context()
    page = context.new_page()
    login(page, base, "rijk.hr")
    visit = Visit(page, base)
    visit.go("/hr/opvolging")
    expect(
        page.get_by_role("img", name="Aandeel medewerkers zonder gesprek deze periode, per afdeling")
    ).to_be_visible()
    conclusions = page.get_by_role(
        "table", name="Conclusies per afdeling (de laatste van ieder in de periode)"
    )
    small = conclusions.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Team HR"))
    expect(small).to_contain_text("Verborgen: minder dan 5 mensen met een conclusie.")
    expect(small.get_by_role("cell")).to_have_count(1)
    chart = page.locator('svg[aria-labelledby="grafiek-conclusies"]')
    if chart.count():  # only units with five conclusions or more are drawn
        expect(chart).not_to_contain_text("Team HR")
    page.get_by_role("link", name="Team Publiekszaken").click()
    expect(page.get_by_role("heading", name="Opvolgen in Team Publiekszaken")).to_be_visible()
    visit.check_accessibility()
    download = page.request.get(base + "/hr/opvolging/afdelingen.csv")
    assert download.status == 200
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert download.headers["content-disposition"].startswith('attachment; filename="opvolging-afdelingen-')
    assert download.body().decode("utf-8").startswith("\ufeffAfdeling;Medewerkers;Zonder gesprek;")
    page.get_by_role("link", name="English").click()
    visit.go("/hr/opvolging")
    expect(page.get_by_role("heading", name="Follow-up after the talks")).to_be_visible()
    small = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Team HR")).last
    expect(small).to_contain_text("Hidden: fewer than 5 people with a conclusion.")
    context.close()


def test_heemstede_planning_progress_and_evaluation(browser, dialoog_stack, new_heemstede_employee):
    username, full_name = new_heemstede_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    # The employee drafts the work plan in the planning talk; without expected results it is refused.
    page.select_option("#soort", "planning_talk")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.locator("#f-expected_results-fout")).to_contain_text("is verplicht")
    visit.check_accessibility()
    page.fill("#f-expected_results", "Alle aanvragen binnen de wettelijke termijn")
    page.fill("#f-development", "Cursus omgevingswet")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.get_by_role("heading", name="Planningsgesprek", exact=False)).to_be_visible()

    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "heemstede.leidinggevende")
    mvisit.go("/team")
    row = mpage.get_by_role("row", name=full_name)
    expect(row).to_contain_text("Voortgangsgesprek")  # still expected this period
    row.get_by_role("link", name=full_name).click()
    mpage.select_option("#soort", "progress_talk")
    mpage.get_by_role("button", name="Verder").click()
    mpage.fill("#f-improvement_points", "Termijnbewaking in het zaaksysteem bijhouden")
    mpage.get_by_role("button", name="Gesprek vastleggen").click()
    expect(mpage.get_by_role("heading", name="Voortgangsgesprek", exact=False)).to_be_visible()
    mvisit.go("/team")
    expect(mpage.get_by_role("row", name=full_name)).not_to_contain_text("Voortgangsgesprek")
    manager.close()

    visit.go("/portfolio")
    page.select_option("#soort", "evaluation_talk")
    page.get_by_role("button", name="Verder").click()
    page.fill("#f-realised", "Alle aanvragen op tijd, op twee na")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    expect(page.locator(".portal-timeline li")).to_have_count(3)
    visit.check_accessibility()
    employee.close()


def test_an_assessment_talk_with_a_letter_and_an_objection(browser, dialoog_stack, new_employee):
    username, full_name = new_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    page.get_by_role("button", name="Beoordelingsgesprek aanvragen").click()
    expect(page.locator("#beoordeling-sectie")).to_contain_text("aangevraagd")

    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "bel.leidinggevende")
    mvisit.go("/team")
    mpage.get_by_role("link", name=full_name).click()
    mpage.get_by_label("Verslag van het gesprek").fill("Resultaten en werkwijze besproken.")
    mpage.get_by_role("button", name="Verslag vastleggen").click()
    mpage.get_by_label("De vastgestelde beoordeling").fill("Functioneert voldoende.")
    mpage.get_by_role("button", name="Beoordeling vaststellen en brief versturen").click()
    expect(mpage.locator("#beoordeling-sectie")).to_contain_text("vastgesteld")
    mvisit.check_accessibility()
    manager.close()

    visit.go("/portfolio")
    with page.expect_download() as download:
        page.get_by_role("link", name="Brief downloaden (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    reason = f"De afspraken waren niet haalbaar ({full_name})."
    disclose(page, "Niet eens met de beoordeling?")
    page.get_by_label("Waarom bent u het er niet mee eens?").fill(reason)
    page.get_by_role("button", name="Bezwaar maken").click()
    expect(page.locator("#beoordeling-sectie")).to_contain_text("ontvangen")
    visit.check_accessibility()
    employee.close()

    # HR handles the objection, and the audit trail is intact.
    hr = browser.new_context()
    hpage = hr.new_page()
    hvisit = Visit(hpage, base)
    login(hpage, base, "bel.hr")
    hvisit.go("/hr/bezwaren")
    row = hpage.get_by_role("row", name=reason)
    row.get_by_label("Nieuwe stand").select_option("in_progress")
    row.get_by_role("button", name="Opslaan").click()
    row = hpage.get_by_role("row", name=reason)
    expect(row).to_contain_text("in behandeling")
    row.get_by_label("Nieuwe stand").select_option("upheld")
    row.get_by_role("button", name="Opslaan").click()
    expect(hpage.get_by_role("row", name=reason)).to_contain_text("gegrond")
    hvisit.check_accessibility()
    hvisit.go("/hr/audit")
    hpage.get_by_role("link", name="Controleer of het logboek ongewijzigd is").click()  # ADR 0036
    expect(hpage.get_by_role("status")).to_contain_text("ongeschonden")
    hvisit.go("/hr/audit?keten=volledig")  # ADR 0042: the full check re-computes every entry
    expect(hpage.get_by_role("status")).to_contain_text("Alle regels zijn opnieuw berekend.")
    # HR searches the trail by her name: what was done by and about her, in Dutch words.
    hpage.get_by_label("Persoon (naam, personeelsnummer of e-mailadres)").fill(full_name)
    hpage.get_by_role("button", name="Zoeken").click()
    trail = hpage.get_by_role("table")
    expect(trail).to_contain_text(f"door of over {full_name}")
    expect(trail).to_contain_text("beoordelingsgesprek")
    expect(trail).to_contain_text("vastgesteld")
    expect(trail).to_contain_text("bezwaar")
    expect(trail).not_to_contain_text("establish")
    hvisit.check_accessibility()
    # Only the assessment talks, and a range that ends before it starts says so in words.
    hpage.get_by_label("Soort gegeven").select_option("assessment")
    hpage.get_by_role("button", name="Zoeken").click()
    expect(hpage.get_by_role("table").locator("tbody tr").first).to_contain_text("beoordelingsgesprek")
    expect(hpage.get_by_role("table")).not_to_contain_text("bezwaar")
    hpage.get_by_label("Vanaf datum").fill(today().isoformat())
    hpage.get_by_label("Tot en met datum").fill((today() - timedelta(days=1)).isoformat())
    hpage.get_by_role("button", name="Zoeken").click()
    expect(hpage.get_by_role("alert")).to_contain_text("ligt voor de begindatum")
    hvisit.check_accessibility()
    hr.close()


@pytest.fixture
def new_heemstede_probationer(dialoog_stack):
    from datetime import date, timedelta

    end = (today() + timedelta(days=60)).isoformat()  # inside the last three months
    username, name, cleanup = make_employee(dialoog_stack, "heemstede", "heemstede-001", probation_end=end)
    yield username, name
    cleanup()


def test_heemstede_probation_assessment_needs_improvement_points_first(
    browser,
    dialoog_stack,
    new_heemstede_probationer,
):
    """Seed 002: when no permanent appointment follows, an assessment talk three months before the
    end, and only after the improvement points were raised in a progress talk."""
    _, full_name = new_heemstede_probationer
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    manager = browser.new_context()
    page = manager.new_page()
    visit = Visit(page, base)
    login(page, base, "heemstede.leidinggevende")
    visit.go("/team")
    row = page.get_by_role("row", name=full_name)
    expect(row).to_contain_text("proeftijd")
    row.get_by_role("link", name=full_name).click()
    page.get_by_role("button", name="Beoordelingsgesprek aanvragen").click()
    expect(page.locator("#beoordeling-sectie").get_by_role("alert")).to_contain_text("voortgangsgesprek")
    visit.check_accessibility()
    page.select_option("#soort", "progress_talk")
    page.get_by_role("button", name="Verder").click()
    page.fill("#f-improvement_points", "Klantcontact: terugbellen binnen een werkdag")
    page.get_by_role("button", name="Gesprek vastleggen").click()
    page.get_by_role("button", name="Beoordelingsgesprek aanvragen").click()
    expect(page.locator("#beoordeling-sectie")).to_contain_text("aangevraagd")
    visit.check_accessibility()
    manager.close()


def test_a_decision_on_an_agreement_with_legal_consequences(browser, dialoog_stack, new_employee):
    """Seed 001 point 2: an agreement with legal consequences, confirmed by both, needs a formal
    decision; the manager establishes it with a motivation, the employee downloads the letter and
    objects."""
    username, full_name = new_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    disclose(page, "Nieuwe afspraak")
    page.fill("#a-title", "Uitbreiding naar 36 uur per week")
    page.check("#a-legal")
    page.get_by_role("button", name="Afspraak toevoegen").click()
    expect(agreement_item(page, "Uitbreiding naar 36 uur per week")).to_contain_text("rechtspositioneel")

    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "bel.leidinggevende")
    mvisit.go("/team")
    mpage.get_by_role("link", name=full_name).click()
    mpage.get_by_role("button", name="Bevestigen").click()
    expect(agreement_item(mpage, "Uitbreiding naar 36 uur per week")).to_contain_text("besluit nodig")
    section = mpage.locator("#besluiten-sectie")
    expect(section).to_contain_text("besluit nodig")
    mvisit.check_accessibility()
    section.get_by_role("button", name="Besluit vaststellen en brief versturen").click()
    expect(mpage.locator("#besluiten-sectie .utrecht-form-field-error-message")).to_have_count(2)
    mvisit.check_accessibility()
    section = mpage.locator("#besluiten-sectie")
    section.get_by_label("Wat wordt besloten").fill("Uw arbeidsduur wordt per 1 maart 36 uur per week.")
    section.get_by_label("Motivering").fill("Het team heeft de uren nodig en u wilt meer werken.")
    section.get_by_role("button", name="Besluit vaststellen en brief versturen").click()
    expect(mpage.locator("#besluiten-sectie")).to_contain_text("vastgesteld")
    expect(agreement_item(mpage, "Uitbreiding naar 36 uur per week")).to_contain_text("besluit genomen")
    mvisit.check_accessibility()
    manager.close()

    visit.go("/portfolio")
    section = page.locator("#besluiten-sectie")
    expect(section).to_contain_text("Het team heeft de uren nodig")
    with page.expect_download() as download:
        section.get_by_role("link", name="Besluit downloaden (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")
    disclose(page, "Niet eens met dit besluit?")
    section.get_by_label("Waarom bent u het niet eens met dit besluit?").fill("Ik vroeg 34 uur.")
    section.get_by_role("button", name="Bezwaar maken tegen het besluit").click()
    expect(page.locator("#besluiten-sectie")).to_contain_text("ontvangen")
    visit.check_accessibility()
    employee.close()


def test_competencies_from_the_tenants_catalogue(browser, dialoog_stack, new_employee):
    """The tenant admin keeps the catalogue under /beheer; the employee picks from it with a note."""
    username, full_name = new_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    tag = uuid.uuid4().hex[:6]
    admin = browser.new_context()
    apage = admin.new_page()
    avisit = Visit(apage, base)
    login(apage, base, "bel.beheer")
    avisit.go("/beheer/competenties")
    expect(apage.get_by_role("rowheader", name="Samenwerken")).to_be_visible()  # the demo catalogue
    apage.fill("#c-name", f"Omgevingsgericht {tag}")
    apage.fill("#c-key", "Met Hoofdletters")
    apage.get_by_role("button", name="Competentie toevoegen").click()
    expect(apage.locator("#c-key-fout")).to_be_visible()
    expect(apage.locator("#c-key")).to_have_attribute("aria-invalid", "true")
    avisit.check_accessibility()
    apage.fill("#c-key", f"omgeving_{tag}")
    apage.get_by_role("button", name="Competentie toevoegen").click()
    row = apage.get_by_role("row", name=f"Omgevingsgericht {tag}")
    expect(row).to_contain_text("ja")
    avisit.check_accessibility()
    admin.close()

    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    disclose(page, "Competentie kiezen")
    page.select_option("#k-competentie", f"omgeving_{tag}")
    page.fill("#k-notitie", "Cursus omgevingswet en meelopen met Vergunningen")
    page.get_by_role("button", name="Competentie toevoegen").click()
    section = page.locator("#competenties-sectie")
    expect(section).to_contain_text(
        f"Omgevingsgericht {tag}: Cursus omgevingswet en meelopen met Vergunningen"
    )
    expect(page.locator("#k-competentie option", has_text=f"Omgevingsgericht {tag}")).to_have_count(0)
    visit.check_accessibility()
    employee.close()

    manager = browser.new_context()
    mpage = manager.new_page()
    login(mpage, base, "bel.leidinggevende")
    Visit(mpage, base).go("/team")
    mpage.get_by_role("link", name=full_name).click()
    disclose(mpage, "Competentie kiezen")
    mpage.select_option("#k-competentie", "samenwerken")
    mpage.get_by_role("button", name="Competentie toevoegen").click()
    expect(mpage.locator("#competenties-sectie")).to_contain_text(
        "Samenwerken (toegevoegd door bel.leidinggevende"
    )
    manager.close()


def test_attachments_are_uploaded_checked_and_downloaded(browser, dialoog_stack, new_employee, tmp_path):
    username, full_name = new_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    certificate = tmp_path / "Certificaat omgevingswet.pdf"
    certificate.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    disguised = tmp_path / "cv.pdf"
    disguised.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)  # a program with a PDF name
    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/portfolio")
    disclose(page, "Bestand bijvoegen")
    page.set_input_files("#bijlage", str(disguised))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.locator("#bijlage-fout")).to_contain_text("PDF, PNG, JPEG, DOCX en ODT")
    expect(page.locator("#bijlage")).to_have_attribute("aria-invalid", "true")
    visit.check_accessibility()
    page.set_input_files("#bijlage", str(certificate))
    page.get_by_role("button", name="Bijlage toevoegen").click()
    expect(page.locator("#bijlagen-sectie")).to_contain_text("Certificaat omgevingswet.pdf")
    visit.check_accessibility()
    employee.close()

    manager = browser.new_context()
    mpage = manager.new_page()
    login(mpage, base, "bel.leidinggevende")
    Visit(mpage, base).go("/team")
    mpage.get_by_role("link", name=full_name).click()
    with mpage.expect_download() as download:
        mpage.get_by_role("link", name="Certificaat omgevingswet.pdf").click()
    assert download.value.suggested_filename == "Certificaat omgevingswet.pdf"
    assert open(download.value.path(), "rb").read().startswith(b"%PDF-")
    manager.close()


def publish_to_stack(dialoog_stack, event) -> None:
    """Publish an event to the stack's NATS as the service that owns it would."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import nats

    async def publish():
        nc = await nats.connect(dialoog_stack.nats_url)
        try:
            await nc.jetstream().publish(
                event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
            )
        finally:
            await nc.close()

    with ThreadPoolExecutor(1) as pool:  # the sync Playwright API holds this thread's event loop
        pool.submit(asyncio.run, publish()).result()


def employee_id_of(dialoog_stack, username: str) -> str:
    token = password_token(dialoog_stack, username)
    return httpx.get(
        f"{dialoog_stack.service_url('portfolio')}/v1/portfolios/me",
        headers={"Authorization": f"Bearer {token}"},
    ).json()["employee_id"]


def own_portfolio_showing(browser, dialoog_stack, username: str, section: str, text: str):
    """Log in and open the own portfolio page until `section` shows `text` (an event's effect
    arrives a moment after publishing); the context, the page and its Visit."""
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    context = browser.new_context()
    page = context.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    for _ in range(50):
        page.goto(base + "/portfolio")
        if text in page.locator(section).inner_text():
            break
        time.sleep(0.2)
    expect(page.locator(section)).to_contain_text(text)
    return context, page, visit


def test_feedback_she_chose_to_add_is_shown_read_only(browser, dialoog_stack, new_employee):
    """The feedback service (not built yet) will publish `feedback.shared`; here it is published to
    the stack's NATS as that service would, and the portfolio page shows it."""
    from dialoog.contracts.events.feedback import FeedbackShared

    username, _ = new_employee
    text = f"Heldere uitleg aan de balie, dank je! ({uuid.uuid4().hex[:6]})"
    event = FeedbackShared.event_type.envelope(
        "bel",
        FeedbackShared(
            feedback_id=uuid.uuid4(),
            request_id=uuid.uuid4(),
            employee_id=employee_id_of(dialoog_stack, username),
            text=text,
        ),
        time=now(),
    )
    publish_to_stack(dialoog_stack, event)
    context, page, visit = own_portfolio_showing(browser, dialoog_stack, username, "#feedback-sectie", text)
    expect(page.locator("#feedback-sectie form")).to_have_count(0)  # read-only
    visit.check_accessibility()
    context.close()


def test_a_salary_decision_letter_is_in_her_personnel_file(browser, dialoog_stack, new_employee):
    """salaris publishes `letter.issued` for every letter it sends (published here to the stack's
    NATS as salaris would, for a new employee of this test); the portfolio page lists it and links
    to the salary page where the letter itself is read."""
    from datetime import date, timedelta

    from dialoog.contracts.events.salaris import LetterIssued

    username, _ = new_employee
    sent = today()
    event = LetterIssued.event_type.envelope(
        "bel",
        LetterIssued(
            letter_id=uuid.uuid4(),
            decision_id=uuid.uuid4(),
            employee_id=employee_id_of(dialoog_stack, username),
            decision_version=2,
            outcome="yes",
            sent_on=sent,
            objection_deadline=sent + timedelta(weeks=6),
        ),
        time=now(),
    )
    publish_to_stack(dialoog_stack, event)
    label = f"Salarisbesluit {sent.year} (versie 2)"
    section = "#salarisbesluiten-sectie"
    context, page, visit = own_portfolio_showing(browser, dialoog_stack, username, section, label)
    expect(page.locator(section)).to_contain_text(label + ", verzonden")
    expect(page.locator(section).get_by_role("link", name=label)).to_have_attribute("href", "/salaris")
    visit.check_accessibility()
    context.close()
