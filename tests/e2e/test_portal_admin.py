"""A tenant admin in a real headless Chromium: log in through Keycloak, switch the preset, edit a
parameter (with inline validation), compare versions, import a CSV; axe finds no serious or
critical violations on any portal page visited. Another tenant's admin gets 404."""

import re
import uuid

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    import os

    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Visit:
    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.axe = Axe()
        self.checked: list[str] = []

    def check_accessibility(self) -> None:
        results = self.axe.run(self.page)
        bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{self.page.url}: " + "; ".join(f"{v['id']}: {v['help']}" for v in bad)
        self.checked.append(self.page.url)

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.check_accessibility()


def login(page: Page, base: str, username: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="Inloggen").first.click()
    page.fill("#username", username)
    if page.locator("#password").count() == 0:
        page.click("#kc-login")
    page.fill("#password", "dialoog")
    page.click("#kc-login")
    expect(page).to_have_url(re.compile(re.escape(base) + "/$"))


def test_tenant_admin_configures_the_cycle_and_imports_people(browser, dialoog_stack, tmp_path):
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    visit = Visit(page, base)
    login(page, base, "bel.beheer")
    visit.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Goedendag")

    # The cycle: switch the preset to three talks.
    visit.go("/beheer/cyclus")
    expect(page.locator("main p strong").first).not_to_be_empty()
    page.select_option("#preset", "three_talks")
    page.get_by_role("button", name="Variant opslaan als nieuwe versie").click()
    expect(page.get_by_role("status")).to_contain_text("Nieuwe versie opgeslagen")
    visit.check_accessibility()
    expect(page.get_by_role("rowheader", name="Planningsgesprek")).to_be_visible()
    switched = int(page.locator("#versies tbody tr").first.locator("th").inner_text())

    # Edit a parameter: a wrong value is refused next to the field, a right one is saved.
    page.fill("#anonymity_threshold", "veel")
    page.get_by_role("button", name="Opslaan als nieuwe versie", exact=True).click()
    expect(page.locator("#anonymity_threshold-fout")).to_be_visible()
    expect(page.locator("#anonymity_threshold")).to_have_attribute("aria-invalid", "true")
    visit.check_accessibility()
    page.fill("#anonymity_threshold", "0")
    page.get_by_role("button", name="Opslaan als nieuwe versie", exact=True).click()
    expect(page.locator("#anonymity_threshold-fout")).to_contain_text("1")  # the service's reason: >= 1
    page.fill("#anonymity_threshold", "4")
    page.get_by_role("button", name="Opslaan als nieuwe versie", exact=True).click()
    expect(page.locator("#parameters").get_by_role("status")).to_contain_text(str(switched + 1))

    # The new version is listed, and the difference is shown.
    visit.go("/beheer/cyclus")
    expect(page.locator("#versies tbody tr").first.locator("th")).to_have_text(str(switched + 1))
    page.get_by_role("link", name=f"Vergelijk met versie {switched}").click()
    visit.check_accessibility()
    expect(page.get_by_role("row", name=re.compile("feedback.anonymity_threshold"))).to_contain_text("4")

    # Import a CSV with a broken row: progress, then the report names the line and the reason.
    t = uuid.uuid4().hex[:6]
    csv = tmp_path / f"mensen-{t}.csv"
    csv.write_text(
        "employee_number;first_name;last_name;email;unit;manager_employee_number\n"
        f"{t}-1;Anna;Import;anna.{t}@example.org;Team Portaal;\n"
        f"{t}-2;;Zonder;zonder.{t}@example.org;Team Portaal;{t}-1\n"
        f"{t}-3;Bram;Import;bram.{t}@example.org;Team Portaal;{t}-1\n"
    )
    visit.go("/beheer/import")
    page.set_input_files("#bestand", str(csv))
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("status")).to_contain_text("Klaar", timeout=20_000)
    expect(page.locator("#voortgangsbalk")).to_have_attribute("value", "100")
    visit.check_accessibility()
    errors = page.locator("#importfouten tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.first).to_contain_text("3")
    expect(errors.first).to_contain_text("first_name")
    expect(errors.first).to_contain_text("is verplicht")  # the reason in Dutch
    job_url = page.url

    # Units, people (the imported ones), and English on request.
    visit.go("/beheer/afdelingen")
    expect(page.get_by_role("rowheader", name="Team Portaal")).to_be_visible()
    visit.go(f"/beheer/mensen?q={t}")
    expect(page).to_have_title(re.compile("^Mensen"))
    expect(page.locator("table tbody tr")).to_have_count(2)
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    visit.check_accessibility()
    page.get_by_role("link", name="Nederlands").click()

    # Add one person by hand; a wrong e-mail address is shown next to its field.
    visit.go("/beheer/mensen")
    page.fill("#p-employee_number", f"{t}-9")
    page.fill("#p-first_name", "Hanna")
    page.fill("#p-last_name", "Handmatig")
    page.fill("#p-email", "geen-adres")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.locator("#p-email-fout")).to_be_visible()
    visit.check_accessibility()
    page.fill("#p-email", f"hanna.{t}@example.org")
    page.get_by_role("button", name="Toevoegen").click()
    page.goto(f"{base}/beheer/mensen?q={t}")
    expect(page.locator("table tbody tr")).to_have_count(3)

    # Back to the tenant's own preset, so that the demo stays as it was.
    visit.go("/beheer/cyclus")
    page.select_option("#preset", "continuous")
    page.get_by_role("button", name="Variant opslaan als nieuwe versie").click()
    expect(page.get_by_role("status")).to_contain_text("Nieuwe versie opgeslagen")
    context.close()

    # Another tenant's admin: the same import URL is a 404, not a 403.
    other = browser.new_context(locale="nl-NL")
    their_page = other.new_page()
    login(their_page, base, "heemstede.beheer")
    response = their_page.goto(job_url)
    assert response.status == 404
    expect(their_page.get_by_role("heading", level=1)).to_have_text("Niet gevonden")
    other.close()
    assert len(visit.checked) >= 8


def test_an_employee_cannot_reach_the_admin_pages(browser, dialoog_stack):
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    context = browser.new_context()
    page = context.new_page()
    login(page, base, "rijk.medewerker")
    expect(page.get_by_role("navigation")).not_to_contain_text("Gesprekscyclus")
    response = page.goto(base + "/beheer/cyclus")
    assert response.status == 403
    context.close()


def test_a_member_of_two_organisations_switches_between_them(browser, dialoog_stack):
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    context = browser.new_context()
    page = context.new_page()
    login(page, base, "adviseur.multi")
    header = page.get_by_role("banner")
    expect(header).to_contain_text("BEL Combinatie")
    page.select_option("#tenant-keuze", "heemstede")
    page.get_by_role("button", name="Wissel").click()
    expect(header).to_contain_text("Gemeente Heemstede")
    page.goto(base + "/beheer/mensen?q=heemstede-00")
    expect(page.locator("table tbody tr").first).to_contain_text("heemstede-")
    Visit(page, base).check_accessibility()
    context.close()


def test_tenant_admin_sets_the_colours_of_the_mails(browser, dialoog_stack):
    """/beheer/huisstijl (ADR 0037): a colour that is not #rrggbb is refused at its field, nothing
    saved; a dark primary colour and a light accent are saved, the preview shows the bar in it and
    says the accent is too light for links; in English too; then back to the default look."""
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    visit = Visit(page, base)
    login(page, base, "heemstede.beheer")
    visit.go("/beheer/huisstijl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Huisstijl")
    expect(page.locator("#voorbeeld + p")).to_contain_text("Zonder hoofdkleur")

    page.fill("#h-primary_color", "blauw")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#h-primary_color-fout")).to_be_visible()
    expect(page.locator("#h-primary_color")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#h-primary_color")).to_have_value("blauw")  # what she typed stays
    expect(page.locator("#voorbeeld + p")).to_contain_text("Zonder hoofdkleur")  # nothing saved
    visit.check_accessibility()

    page.fill("#h-primary_color", "#154273")
    page.fill("#h-accent_color", "#FFB612")
    page.fill("#h-mail_name", "Heemstede")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen")
    expect(page.locator("#h-accent_color")).to_have_value("#ffb612")
    bar = page.locator(".portal-mail-preview__bar")
    expect(bar).to_have_text("Heemstede")
    expect(bar).to_have_css("background-color", "rgb(21, 66, 115)")
    expect(bar).to_have_css("color", "rgb(255, 255, 255)")
    expect(page.locator("#voorbeeld ~ ul")).to_contain_text("#ffb612 haalt op wit maar 1,8:1")
    visit.check_accessibility()

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Branding")
    expect(page.locator("#voorbeeld ~ ul")).to_contain_text("Text on the bar: white, contrast 10.2:1.")
    visit.check_accessibility()
    page.get_by_role("link", name="Nederlands").click()

    for field in ("#h-primary_color", "#h-accent_color", "#h-mail_name"):  # the demo stays as it was
        page.fill(field, "")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen")
    expect(page.locator("#voorbeeld + p")).to_contain_text("Zonder hoofdkleur")
    context.close()
    assert len(visit.checked) == 4
