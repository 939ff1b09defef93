"""The year-end salary round (BEL) in a real browser: HR opens it on the portal page, the manager
decides for two employees (Sanne de Vries yes; a test employee no, after a boilerplate motivation is
refused inline), the other eligible people are decided through the API, HR approves (first refused
while decisions are open) and watches the letters being made; both employees download their letter
(the PDF names the right step and amount) and the one without a raise objects, which HR then sees.
axe on every page.

Re-runnable against a developer's stack: bel's round of this year is removed first (as the
database superuser) and its Temporal workflow terminated."""

import asyncio
import re
import time
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from dialoog.devstack import postgres
from dialoog.devstack.demo_salary import scales_csv
from dialoog.devstack.tokens import password_token
from dialoog.kit.clock import today
from dialoog.testing.mailbox import Mailbox, text_of
from dialoog.testing.plugin import in_thread

from .test_portal_admin import Visit, browser, login
from .test_portal_portfolio import make_employee

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

TENANT = "bel"
MOTIVATION = {
    "results": "Handelde alle twaalf vergunningaanvragen van het tweede kwartaal binnen acht weken af, "
    "zoals in januari afgesproken.",
    "behaviour": "Werkte in maart en september actief samen met Team Vergunningen tijdens de piek in "
    "paspoortaanvragen en nam collega's mee.",
    "development": "Rondde in juni de cursus Omgevingswet af en gebruikt die kennis sinds juli bij "
    "adviezen aan inwoners.",
}
MOTIVATION_NO = {
    "results": "Van de tien afgesproken dossiers in het derde kwartaal zijn er vier binnen de termijn "
    "afgerond; afgesproken waren er negen.",
    "behaviour": "Kwam in oktober en november drie keer niet naar het teamoverleg zonder bericht, "
    "ondanks de afspraak van augustus.",
    "development": "De afgesproken training klantcontact in het voorjaar is niet gevolgd en niet "
    "opnieuw ingepland.",
}


def _clean_round(dialoog_stack, year: int) -> None:
    """Remove bel's round of `year`, and of any later year (left by a run on a later business day,
    `pytest --today`), with their decisions, letters, reminders and objections, and the steps that
    earlier runs imported for their test employees; terminate the rounds' workflows."""

    async def database() -> list[int]:
        conn = await postgres.superuser_connect(dialoog_stack, dialoog_stack.database_name("salaris"))
        try:
            async with conn.transaction():
                await conn.execute("select set_config('app.tenant_id', $1, true)", TENANT)
                rows = await conn.fetch(
                    "select id, year from rounds where tenant_id = $1 and year >= $2", TENANT, year
                )
                ids = [r["id"] for r in rows]
                for table in ("objections", "letters"):
                    await conn.execute(
                        f"delete from {table} where decision_id in "  # noqa: S608 - a fixed name
                        "(select id from decisions where round_id = any($1::uuid[]))",
                        ids,
                    )
                await conn.execute("delete from decisions where round_id = any($1::uuid[])", ids)
                await conn.execute("delete from round_reminders where round_id = any($1::uuid[])", ids)
                await conn.execute("delete from rounds where id = any($1::uuid[])", ids)
                await conn.execute(
                    "delete from employee_steps where tenant_id = $1 and person_id in "
                    "(select person_id from people where tenant_id = $1 and employee_number like 'e2e-%')",
                    TENANT,
                )
        finally:
            await conn.close()
        return sorted({year, *(r["year"] for r in rows)})

    async def workflows(years: list[int]) -> None:
        from temporalio.client import Client
        from temporalio.service import RPCError

        client = await Client.connect(dialoog_stack.temporal_address)
        for y in years:
            try:
                await client.get_workflow_handle(f"salary-round:{TENANT}:{y}").terminate("e2e: starts over")
            except RPCError:
                pass  # not found, or no longer running

    years = in_thread(asyncio.run, database())  # a thread of its own, beside Playwright's loop
    in_thread(asyncio.run, workflows(years))


class Api:
    """salaris as a user, retried while the service restarts (another engineer may restart it)."""

    def __init__(self, dialoog_stack) -> None:
        self.stack = dialoog_stack
        self.base = dialoog_stack.service_url("salaris")
        self.tokens: dict[str, tuple[float, str]] = {}

    def token(self, username: str) -> str:
        fetched, token = self.tokens.get(username, (0.0, ""))
        if time.monotonic() - fetched > 120:
            fetched, token = time.monotonic(), password_token(self.stack, username)
            self.tokens[username] = (fetched, token)
        return token

    def call(self, username: str, method: str, path: str, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token(username)}", **kwargs.pop("headers", {})}
        for _ in range(60):
            try:
                return httpx.request(method, self.base + path, headers=headers, timeout=30, **kwargs)
            except httpx.TransportError:
                time.sleep(1)
        raise AssertionError(f"salaris did not answer {method} {path}")

    def wait_for(self, what: str, check, timeout: float = 180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = check()
            if value:
                return value
            time.sleep(1)
        raise AssertionError(f"waited {timeout:.0f} s for {what}")


DEMO_MAIL = "demo.dialoog.example"
MANAGER_MAIL = f"bel.leidinggevende@{DEMO_MAIL}"


def mail_count(dialoog_stack, to: str) -> int:
    return len(Mailbox(dialoog_stack.mail_dir).messages(to))


def wait_for_mail(dialoog_stack, to: str, subject: str, after: int, within: float = 90):
    """The first mail to `to` with `subject` among those that came after the first `after`."""
    box = Mailbox(dialoog_stack.mail_dir)
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        found = [m for m in box.messages(to)[after:] if str(m["Subject"]).startswith(subject)]
        if found:
            return found[0]
        time.sleep(0.5)
    raise AssertionError(f"no mail '{subject}' to {to} within {within}s")


def mail_link(mail, prefix: str) -> str:
    found = re.search(re.escape(prefix) + r"\S*", text_of(mail))
    assert found, text_of(mail)
    return found.group(0)


def _pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


@pytest.fixture
def salary_employee(dialoog_stack):
    """A fresh round year, and a test employee under Mark Jansen with a step in scale 8, imported
    before the round opens. The demo's scales are loaded again for this year (this year's amounts,
    and 2% more from next year), so that the letter's amounts are the same on whatever business
    day the stack was seeded (`pytest --today`)."""
    year = today().year
    _clean_round(dialoog_stack, year)
    username, full_name, cleanup = make_employee(dialoog_stack, TENANT, "bel-001")
    number = "e2e-" + username.split(".", 1)[1]
    api = Api(dialoog_stack)
    scales = api.call(
        "bel.hr",
        "POST",
        "/v1/salary/scales/import",
        content=scales_csv(year),
        headers={"content-type": "text/csv"},
    )
    assert scales.status_code == 200 and not scales.json()["errors"], scales.text
    csv = f"employee_number;scale;step;valid_from\n{number};8;2;{year}-01-01\n"

    def imported():
        r = api.call(
            "bel.hr", "POST", "/v1/salary/steps/import", content=csv, headers={"content-type": "text/csv"}
        )
        return r.status_code == 200 and not r.json()["errors"]

    try:
        api.wait_for("salaris to know the test employee", imported, 60)
        yield year, username, full_name, number
    finally:
        cleanup()


def test_a_salary_round_from_opening_to_letters_and_an_objection(browser, dialoog_stack, salary_employee):
    year, username, full_name, number = salary_employee
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    api = Api(dialoog_stack)
    day = today()
    deadline = min(day + timedelta(days=14), date(year, 12, 31))

    sent_before = mail_count(dialoog_stack, MANAGER_MAIL)
    # HR opens the round; guidelines are required.
    hr = browser.new_context()
    hpage = hr.new_page()
    hvisit = Visit(hpage, base)
    login(hpage, base, "bel.hr")
    hvisit.go(f"/hr/salaris?jaar={year}")
    expect(hpage.get_by_role("heading", level=1)).to_have_text(f"Salarisronde {year}")
    hpage.fill("#r-deadline", deadline.isoformat())
    hpage.fill("#r-guidelines", "Let goed op.")
    hpage.get_by_role("button", name="Salarisronde openen").click()
    expect(hpage.locator("#r-guidelines-fout")).to_contain_text("minstens een paar zinnen")
    expect(hpage.locator("#r-guidelines")).to_have_attribute("aria-invalid", "true")
    hvisit.check_accessibility()
    hpage.fill(
        "#r-guidelines",
        "Beoordeel resultaten, gedrag en ontwikkeling elk apart, met concrete voorbeelden uit het jaar.",
    )
    hpage.fill("#r-deadline", deadline.isoformat())
    hpage.fill("#r-reminder_days", "14, 3")
    hpage.get_by_role("button", name="Salarisronde openen").click()
    expect(hpage.get_by_role("heading", name="Richtlijnen voor de leidinggevenden")).to_be_visible()
    api.wait_for(
        "the round to reach the managers",
        lambda: api.call("bel.hr", "GET", f"/v1/salary/rounds/{year}").json().get("status") == "deciding",
    )
    hvisit.go(f"/hr/salaris?jaar={year}")
    expect(hpage.get_by_role("status").first).to_contain_text("leidinggevenden besluiten")
    expect(hpage.get_by_role("img", name="Aandeel genomen salarisbesluiten, per afdeling")).to_be_visible()
    expect(hpage.get_by_role("rowheader", name="Team Publiekszaken")).to_be_visible()
    expect(hpage.get_by_role("row", name="Mark Jansen").first).to_be_visible()
    # HR sees each reminder (ADR 0013): one whose day has passed was skipped, a later one is planned.
    reminders = hpage.get_by_role("table", name=re.compile("Om 8.00 uur op de dag"))
    for days_before in (14, 3):
        on = deadline - timedelta(days=days_before)
        row = reminders.get_by_role("row").filter(
            has=hpage.get_by_role("cell", name=str(days_before), exact=True)
        )
        if on < day:
            expect(row).to_contain_text("overgeslagen: viel vóór de aankondiging van de taken")
        elif on > day:
            expect(row).to_contain_text("gepland")

    # The manager is told (notificaties): the badge in the header, the item in her inbox, and a
    # Dutch mail whose link opens the page where she decides.
    manager = browser.new_context()
    mpage = manager.new_page()
    mvisit = Visit(mpage, base)
    login(mpage, base, "bel.leidinggevende")
    mail = wait_for_mail(dialoog_stack, MANAGER_MAIL, "Er staan salarisbesluiten voor u klaar", sent_before)
    assert f"{base}/team/salaris" in text_of(mail), text_of(mail)
    assert "Beoordeel resultaten" not in text_of(mail)  # no content of the round, only that it waits
    mvisit.go("/portfolio")
    expect(mpage.locator("#meldingen-teller")).to_contain_text(re.compile(r"\(\d+ ongelezen melding"))
    mvisit.go("/meldingen")
    item = mpage.get_by_role("listitem").filter(has_text="Er staan salarisbesluiten voor u klaar").first
    expect(item).to_be_visible()
    mvisit.check_accessibility()
    item.get_by_role("button", name=re.compile("^Openen")).click()
    expect(mpage).to_have_url(f"{base}/team/salaris")
    mpage.goto(mail_link(mail, f"{base}/team/salaris"))
    expect(mpage.get_by_role("heading", level=1)).to_contain_text("Salaris")

    # The manager decides: Sanne yes, the test employee no (boilerplate first, refused inline).
    mvisit.go("/team/salaris")
    expect(mpage.get_by_text("Beoordeel resultaten, gedrag en ontwikkeling")).to_be_visible()
    expect(mpage.get_by_role("row", name="Sanne de Vries")).to_contain_text("nog te besluiten")
    mpage.get_by_role("link", name="Sanne de Vries").click()
    mvisit.check_accessibility()
    expect(mpage.locator("main")).to_contain_text("trede 5")
    mpage.check("#uitkomst-yes")
    for key, text in MOTIVATION.items():
        mpage.fill(f"#m-{key}", text)
    mpage.get_by_role("button", name="Besluit opslaan").click()
    expect(mpage.get_by_role("row", name="Sanne de Vries")).to_contain_text("wel een periodieke verhoging")

    mpage.get_by_role("link", name=full_name).click()
    mpage.check("#uitkomst-no")
    for key in MOTIVATION_NO:
        mpage.fill(f"#m-{key}", "Functioneert naar behoren.")
    mpage.get_by_role("button", name="Besluit opslaan").click()
    expect(mpage.get_by_role("alert")).to_contain_text("te algemeen")
    expect(mpage.locator("#m-results-fout")).to_contain_text("Resultaatafspraken: te algemeen")
    expect(mpage.locator("#m-results")).to_have_attribute("aria-describedby", "m-results-hint m-results-fout")
    expect(mpage.locator("#uitkomst-no")).to_be_checked()
    mvisit.check_accessibility()
    for key, text in MOTIVATION_NO.items():
        mpage.fill(f"#m-{key}", text)
    mpage.get_by_role("button", name="Besluit opslaan").click()
    expect(mpage.get_by_role("row", name=full_name)).to_contain_text("geen periodieke verhoging")
    mvisit.check_accessibility()

    # HR cannot approve yet (decisions open); it sends Sanne's decision back with a comment.
    hvisit.go(f"/hr/salaris?jaar={year}")
    hpage.get_by_role("button", name="Goedkeuren").click()
    expect(hpage.get_by_role("alert")).to_contain_text("zonder uitkomst of teruggestuurd; eerst die afronden")
    hvisit.check_accessibility()
    row = hpage.get_by_role("row", name=re.compile("Sanne de Vries"))
    row.locator("summary").click()
    comment = "Noem bij resultaten ook het aantal klachten dat u zelf afhandelde."
    row.get_by_label("Opmerking voor de leidinggevende").fill(comment)
    row.get_by_role("button", name="Terugsturen met opmerking").click()
    expect(hpage.get_by_role("row", name=re.compile("Sanne de Vries"))).to_contain_text(
        "teruggestuurd door HR"
    )
    mvisit.go("/team/salaris")
    expect(mpage.get_by_role("row", name="Sanne de Vries")).to_contain_text("zie de opmerking van HR")
    mpage.get_by_role("link", name="Sanne de Vries").click()
    expect(mpage.get_by_role("status")).to_contain_text(comment)
    expect(mpage.locator("#uitkomst-yes")).to_be_checked()
    mvisit.check_accessibility()
    mpage.fill("#m-results", MOTIVATION["results"] + " Handelde daarnaast zelf 14 klachten af.")
    mpage.get_by_role("button", name="Besluit opslaan").click()
    expect(mpage.get_by_role("row", name="Sanne de Vries")).to_contain_text("besloten")

    # Ruben's form is open when his decision changes elsewhere: the stale save is refused clearly.
    mpage.get_by_role("link", name="Ruben Vermeer").click()
    mpage.check("#uitkomst-yes")
    for key, text in MOTIVATION.items():
        mpage.fill(f"#m-{key}", text)

    # The others through the API: Ruben by his manager, the escalated ones (no manager) by HR.
    decisions = api.call("bel.hr", "GET", f"/v1/salary/rounds/{year}/decisions?limit=500").json()["items"]
    by_number = {d["employee_number"]: d for d in decisions}
    assert {"bel-002", "bel-007", "bel-001", "bel-005", "bel-006", "bel-008", number} <= set(by_number)
    assert by_number["bel-002"]["step"] == 4 and by_number[number]["step"] == 2
    for d in decisions:
        if d["status"] != "open":
            continue
        who = "bel.hr" if d["escalated"] or d["manager_id"] is None else "bel.leidinggevende"
        r = api.call(
            who,
            "PUT",
            f"/v1/salary/decisions/{d['id']}",
            json={"outcome": "yes", "motivation": MOTIVATION},
            headers={"If-Match": f'"{d["version"]}"'},
        )
        assert r.status_code == 200, (d["employee_number"], r.text)

    mpage.get_by_role("button", name="Besluit opslaan").click()
    expect(mpage.get_by_role("alert")).to_contain_text("Iemand anders heeft dit intussen gewijzigd")
    mvisit.check_accessibility()
    manager.close()

    # HR approves; the letters are made while the page follows along.
    hvisit.go(f"/hr/salaris?jaar={year}")
    expect(hpage.get_by_role("status").first).to_contain_text(f"{len(decisions)} van de {len(decisions)}")
    hpage.get_by_role("button", name="Goedkeuren").click()
    expect(hpage.get_by_role("heading", name="Besluitbrieven")).to_be_visible()
    expect(hpage.get_by_role("status").first).to_contain_text("brieven verstuurd", timeout=180_000)
    expect(hpage.locator("#brieven")).to_contain_text(
        f"Brieven gemaakt: {len(decisions)} van de {len(decisions)}"
    )
    hvisit.check_accessibility()

    # Sanne downloads her letter: step 4 to 5 of scale 8, the new amount from next year's scale.
    sanne = browser.new_context()
    spage = sanne.new_page()
    svisit = Visit(spage, base)
    login(spage, base, "bel.medewerker")
    svisit.go("/salaris")
    section = spage.get_by_role("region", name=f"Salarisbesluit {year}")
    expect(section).to_contain_text("wel een periodieke verhoging")
    expect(section).to_contain_text("4 → 5")
    with spage.expect_download() as download:
        section.get_by_role("link", name="Besluitbrief downloaden (PDF)").click()
    text = _pdf_text(download.value.path())
    assert "van trede 4 naar trede 5 van schaal 8" in text, text
    assert "€ 3.470,00" in text and "€ 3.672,00" in text, text
    assert f"1 januari {year + 1}" in text, text
    sanne.close()

    # The employee without a raise is told that her decision is ready (a formal notice: mailed at
    # once, whatever her preferences), in her inbox and by mail; then she downloads it and objects
    # (too short first).
    employee = browser.new_context()
    epage = employee.new_page()
    evisit = Visit(epage, base)
    login(epage, base, username)
    mail = wait_for_mail(
        dialoog_stack, f"{username}@{DEMO_MAIL}", "Er staat een salarisbesluit voor u klaar", 0
    )
    assert f"{base}/salaris" in text_of(mail) and "trede" not in text_of(mail), text_of(mail)
    evisit.go("/meldingen")
    expect(
        epage.get_by_role("listitem").filter(has_text="Er staat een salarisbesluit voor u klaar")
    ).to_be_visible()
    evisit.go("/salaris")
    section = epage.get_by_role("region", name=f"Salarisbesluit {year}")
    expect(section).to_contain_text("geen periodieke verhoging")
    expect(section).to_contain_text("2 (blijft gelijk)")
    with epage.expect_download() as download:
        section.get_by_role("link", name="Besluitbrief downloaden (PDF)").click()
    text = _pdf_text(download.value.path())
    assert "geen periodieke verhoging: u blijft in trede 2 van schaal 8" in text, text
    assert "€ 3.210,00" in text, text
    field = section.get_by_label("Waarom bent u het niet eens met dit besluit?")
    field.fill("Oneens.")
    section.get_by_role("button", name="Bezwaar maken").click()
    section = epage.get_by_role("region", name=f"Salarisbesluit {year}")
    expect(section.get_by_role("alert")).to_contain_text("te kort")
    expect(section).not_to_contain_text("ontvangen")  # nothing was filed
    evisit.check_accessibility()
    grounds = f"De vertraging in het derde kwartaal kwam door de reorganisatie ({number})."
    section.get_by_label("Waarom bent u het niet eens met dit besluit?").fill(grounds)
    section.get_by_role("button", name="Bezwaar maken").click()
    section = epage.get_by_role("region", name=f"Salarisbesluit {year}")
    expect(section).to_contain_text("ontvangen")
    expect(section.get_by_role("button", name="Bezwaar maken")).to_have_count(0)
    evisit.check_accessibility()
    employee.close()

    # HR sees the objection, received, and takes it into handling.
    hvisit.go("/hr/salaris/bezwaren")
    row = hpage.get_by_role("row", name=re.compile(re.escape(full_name)))
    expect(row).to_contain_text(grounds)
    expect(row).to_contain_text("ontvangen")
    row.get_by_label("Nieuwe stand").select_option("in_progress")
    row.get_by_role("button", name="Opslaan").click()
    expect(hpage.get_by_role("row", name=re.compile(re.escape(full_name)))).to_contain_text("in behandeling")
    hvisit.check_accessibility()
    hr.close()


def test_the_tenant_admin_edits_the_letter_texts_and_sees_a_sample(browser, dialoog_stack, tmp_path):
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    context = browser.new_context(locale="nl-NL")
    page = context.new_page()
    visit = Visit(page, base)
    login(page, base, "bel.beheer")
    page.get_by_role("link", name="Salarisbrief").click()
    visit.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text("Salarisbrief")
    expect(page.get_by_label("Naam van de organisatie")).to_have_value("BEL Combinatie")

    # Too short an introduction: refused at its field, nothing saved.
    page.get_by_label("Inleiding").fill("Kort.")
    page.get_by_role("button", name="Opslaan").click()
    visit.check_accessibility()
    expect(page.locator("#s-intro-fout")).to_be_visible()
    expect(page.get_by_label("Inleiding")).to_have_attribute("aria-invalid", "true")
    page.goto(base + "/beheer/salarisbrief")  # nothing was saved
    expect(page.get_by_label("Inleiding")).not_to_have_value("Kort.")

    signatory = f"E2E Ondertekenaar {int(time.time()) % 100000}"
    page.get_by_label("Inleiding").fill(
        "Aan het einde van het jaar heeft uw leidinggevende met u een salarisgesprek gevoerd. "
        "In deze brief leest u het besluit en de motivering."
    )
    page.get_by_label("Ondertekenaar", exact=True).fill(signatory)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen")
    visit.check_accessibility()
    expect(page.get_by_label("Ondertekenaar", exact=True)).to_have_value(signatory)

    sample = page.request.get(base + "/beheer/salarisbrief/voorbeeld.pdf")
    assert sample.status == 200 and sample.headers["content-type"] == "application/pdf"
    path = tmp_path / "voorbeeld.pdf"
    path.write_bytes(sample.body())
    text = _pdf_text(path)
    assert signatory in text and "BEL Combinatie" in text and "Voorbeeld Medewerker" in text
    context.close()
