"""360 feedback in a real browser on the demo stack (issue 12, "What it must show"): a BEL employee
asks two colleagues and one outsider anonymously (BEL's threshold is 3). The outsider's invitation
is read from the SMTP sink and its link opened in a fresh browser context without a login; a link
scanner's GET before that spends nothing. The colleagues answer in the portal. After two answers
she sees "nog 1 antwoord nodig" and no content; after the third the three answers pooled (no
group apart), and she adds one to her portfolio, which shows it and has it in the dossier export.
The same link then says "already answered", a link with one character changed "invalid link".
axe on every page, the public one included.

The requester and the colleagues are made for the test (Keycloak user + organisatie import)."""

import io
import re
import time
import uuid
import zipfile

import httpx
import pytest
from playwright.sync_api import expect

from dialoog.devstack.tokens import password_token
from dialoog.testing.mailbox import Mailbox, text_of

from .test_portal_admin import Visit, browser, login
from .test_portal_portfolio import make_employee

pytestmark = pytest.mark.e2e

LINK = re.compile(r"https?://\S+/f/[A-Za-z0-9._-]+")


@pytest.fixture
def three_employees(dialoog_stack):
    made = [make_employee(dialoog_stack, "bel", "bel-001") for _ in range(3)]
    yield [(username, name) for username, name, _ in made]
    for _, _, cleanup in made:
        cleanup()


def wait_until_feedback_knows(dialoog_stack, username: str, names: list[str]) -> None:
    """feedback learns people from organisatie's events: wait until the requester can find them."""
    token = password_token(dialoog_stack, username)
    url = f"{dialoog_stack.service_url('feedback')}/v1/feedback/colleagues"
    found: set[str] = set()
    for _ in range(150):
        for name in names:
            response = httpx.get(url, params={"q": name}, headers={"Authorization": f"Bearer {token}"})
            if response.status_code == 200 and any(c["name"] == name for c in response.json()["items"]):
                found.add(name)
        if found == set(names):
            return
        time.sleep(0.2)
    raise AssertionError(f"feedback does not know {set(names) - found}")


def invitation_link(dialoog_stack, address: str) -> str:
    mailbox = Mailbox(dialoog_stack.mail_dir)
    for _ in range(150):
        messages = mailbox.messages(address)
        if messages:
            found = LINK.search(text_of(messages[-1]))
            assert found, text_of(messages[-1])
            return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no invitation to {address} in {dialoog_stack.mail_dir}")


def altered(link: str) -> str:
    """The link with one character of its signature changed."""
    last = link[-1]
    return link[:-1] + ("A" if last != "A" else "B")


def answer_as_colleague(browser, base: str, username: str, requester: str, text: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    visit = Visit(page, base)
    login(page, base, username)
    visit.go("/feedback/gevraagd")
    page.get_by_role("link", name=requester).click()
    visit.check_accessibility()
    page.locator("textarea[name^='antwoord-']").first.fill(text)
    page.get_by_role("button", name="Concept bewaren").click()  # a draft is kept
    expect(page.get_by_role("status")).to_contain_text("Uw concept is bewaard")
    expect(page.locator("textarea[name^='antwoord-']").first).to_have_value(text)
    page.get_by_role("button", name="Antwoord versturen").click()
    expect(page.get_by_role("status")).to_contain_text("Dank u wel, uw antwoord is verstuurd.")
    visit.check_accessibility()
    context.close()


def test_anonymous_feedback_from_two_colleagues_and_an_outsider(browser, dialoog_stack, three_employees):
    (requester, requester_name), (first, first_name), (second, second_name) = three_employees
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    tag = uuid.uuid4().hex[:6]
    outsider = f"anne.klant.{tag}@voorbeeld.nl"
    wait_until_feedback_knows(dialoog_stack, requester, [first_name, second_name])

    # She asks two colleagues and one outsider, anonymously.
    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, requester)
    visit.go("/feedback")
    expect(page.get_by_role("heading", level=1)).to_have_text("Feedback")
    page.get_by_role("link", name="Feedback vragen").click()
    visit.check_accessibility()
    for name in (first_name, second_name):
        page.fill("#zoek", name)
        page.get_by_label(name).check()  # the list follows the search (htmx); ticked ones stay
    expect(page.get_by_label(first_name)).to_be_checked()
    expect(page.get_by_label(second_name)).to_be_checked()
    page.fill("#extern-naam-1", "Anne Klant")
    page.fill("#extern-email-1", outsider)
    page.fill("#doel", "Mijn ontwikkelgesprek in december")
    question = page.get_by_label("Wat doe ik goed en moet ik vooral blijven doen?").first
    disclosure = page.locator("details.portal-set", has=question)
    if disclosure.get_attribute("open") is None:  # its question set is folded: open it as a user does
        disclosure.locator("summary").click()
    question.check()
    expect(page.get_by_label("Anoniem")).to_be_checked()
    visit.check_accessibility()
    page.get_by_role("button", name="Feedback vragen").click()
    expect(page.get_by_role("status").first).to_contain_text("Uw vraag is verstuurd.")
    expect(page.locator("#voortgang")).to_have_text("0 van 3 beantwoord, nog 3 antwoorden nodig")
    visit.check_accessibility()
    request_url = page.url.split("?")[0]

    # The outsider's mail; a link scanner opens the link first, which spends nothing.
    link = invitation_link(dialoog_stack, outsider)
    assert link.startswith(base + "/f/")
    for _ in range(2):
        scanned = httpx.get(link)
        assert scanned.status_code == 200 and "Antwoord versturen" in scanned.text
    stranger = browser.new_context()  # a fresh browser: no login, no cookie
    opage = stranger.new_page()
    ovisit = Visit(opage, base)
    opage.goto(link)
    expect(opage.get_by_role("heading", level=1)).to_have_text(f"Feedback voor {requester_name}")
    expect(opage.get_by_text("maanden verwijderd", exact=False)).to_be_visible()  # AVG art. 13
    expect(opage.get_by_role("link", name="Inloggen")).to_have_count(0)
    ovisit.check_accessibility()
    outsider_text = f"Altijd snel en vriendelijk geholpen aan de balie ({tag})."
    opage.locator("textarea[name^='antwoord-']").first.fill(outsider_text)
    opage.get_by_role("button", name="Antwoord versturen").click()
    expect(opage.get_by_role("heading", level=1)).to_have_text("Dank u wel voor uw feedback")
    ovisit.check_accessibility()
    stranger.close()

    # The first colleague answers: two answers, below the threshold of three.
    answer_as_colleague(browser, base, first, requester_name, f"Duidelijke adviezen ({tag}).")
    page.goto(request_url)
    expect(page.locator("#nodig")).to_contain_text("nog 1 antwoord nodig")
    expect(page.locator("#resultaten-sectie")).not_to_contain_text(tag)  # no content
    expect(page.get_by_role("button", name="Toevoegen aan mijn portfolio")).to_have_count(0)
    visit.check_accessibility()

    # The second colleague answers: three, and the answers show, pooled.
    answer_as_colleague(browser, base, second, requester_name, f"Neemt de tijd voor uitleg ({tag}).")
    page.goto(request_url)
    results = page.locator("#resultaten-sectie")
    expect(results.locator(".portal-answer")).to_have_count(3)
    expect(results.get_by_role("heading", level=3)).to_have_count(1)  # one group: all together
    expect(results.get_by_role("heading", level=3)).to_have_text("Alle antwoorden samen")
    for text in (outsider_text, f"Duidelijke adviezen ({tag}).", f"Neemt de tijd voor uitleg ({tag})."):
        expect(results).to_contain_text(text)
    visit.check_accessibility()
    chosen = results.locator(".portal-answer").first
    shared_text = chosen.locator(".portal-prewrap").first.inner_text()
    chosen.get_by_role("button", name="Toevoegen aan mijn portfolio").click()
    expect(page.get_by_role("status").first).to_contain_text("Toegevoegd aan uw portfolio.")
    expect(page.locator(".portal-answer").first.get_by_text("in uw portfolio")).to_be_visible()
    visit.check_accessibility()

    # Her portfolio shows it (portfolio archives feedback.shared), and the dossier export has it.
    for _ in range(50):
        page.goto(base + "/portfolio")
        if shared_text in page.locator("#feedback-sectie").inner_text():
            break
        time.sleep(0.2)
    expect(page.locator("#feedback-sectie")).to_contain_text(shared_text)
    visit.check_accessibility()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download het hele dossier (PDF en JSON, inzage AVG)").click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as dossier:
        jsons = [dossier.read(n).decode() for n in dossier.namelist() if n.endswith(".json")]
    assert any(shared_text in j for j in jsons), "the shared feedback is not in the dossier's JSON"
    employee.close()

    # The same link now says it was answered; one character changed makes it invalid.
    again = browser.new_context()
    apage = again.new_page()
    avisit = Visit(apage, base)
    apage.goto(link)
    expect(apage.get_by_role("heading", level=1)).to_have_text("U heeft al geantwoord")
    expect(apage.get_by_role("button", name="Antwoord versturen")).to_have_count(0)
    avisit.check_accessibility()
    apage.goto(altered(link))
    expect(apage.get_by_role("heading", level=1)).to_have_text("Ongeldige link")
    expect(apage.get_by_text(requester_name)).to_have_count(0)
    avisit.check_accessibility()
    again.close()


def test_a_named_request_managed_declined_withdrawn_and_counted(browser, dialoog_stack, three_employees):
    """The rest of the pages: a named request with her self-reflection; the deadline extended, a
    reminder, closing; a colleague declines; the outsider answers in English, withdraws and opts
    out; HR sees counts per unit only. The link is in no log line of the portal or feedback."""
    (requester, requester_name), (first, first_name), _ = three_employees
    base = f"http://localhost:{dialoog_stack.port('portal')}"
    tag = uuid.uuid4().hex[:6]
    outsider = f"piet.partner.{tag}@voorbeeld.nl"
    wait_until_feedback_knows(dialoog_stack, requester, [first_name])

    employee = browser.new_context()
    page = employee.new_page()
    visit = Visit(page, base)
    login(page, base, requester)
    visit.go("/feedback/vragen")
    page.fill("#zoek", first_name)
    page.get_by_label(first_name).check()
    page.fill("#extern-naam-1", "Piet Partner")
    page.fill("#extern-email-1", outsider)
    page.fill("#doel", f"Samenwerking met ketenpartners ({tag})")
    page.fill("#eigen-vraag-1", "Hoe ervaar je de samenwerking met mij?")
    page.select_option("#eigen-soort-1", "rating")
    page.check("#eigen-toelichting-1")
    page.get_by_label("Anoniem").uncheck()
    page.get_by_label("Ik beantwoord de vragen ook zelf (zelfreflectie)").check()
    page.get_by_role("button", name="Feedback vragen").click()
    expect(page.get_by_role("status").first).to_contain_text("Uw vraag is verstuurd.")
    expect(page.locator("#gevers-sectie")).to_contain_text(f"{first_name}: gevraagd")
    visit.check_accessibility()
    request_url = page.url.split("?")[0]

    # Her self-reflection, a later deadline and a reminder.
    page.locator("#zelfreflectie-sectie").get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Zelfreflectie bewaren").click()
    expect(page.locator("#zelfreflectie-sectie").get_by_label("4", exact=True)).to_be_checked()
    later = page.locator("#nieuwe-deadline").get_attribute("max")
    page.fill("#nieuwe-deadline", later)
    page.get_by_role("button", name="Verlengen").click()
    expect(page.locator(".portal-facts")).to_contain_text(later[:4])
    page.get_by_role("button", name="Herinnering sturen").click()
    expect(page.get_by_role("status").first).to_contain_text("krijgt een herinnering")
    visit.check_accessibility()

    # The colleague declines, with a reason.
    colleague = browser.new_context()
    cpage = colleague.new_page()
    cvisit = Visit(cpage, base)
    login(cpage, base, first)
    cvisit.go("/feedback/gevraagd")
    cpage.get_by_role("link", name=requester_name).click()
    cpage.fill("#reden", "Ik werk te kort met haar samen.")
    cpage.get_by_role("button", name="Afslaan").click()
    expect(cpage.get_by_role("row", name=requester_name)).to_contain_text("afgeslagen")
    cvisit.check_accessibility()
    colleague.close()

    # The outsider, in English: answers, withdraws, and asks never to be asked again.
    link = invitation_link(dialoog_stack, outsider)
    stranger = browser.new_context()
    opage = stranger.new_page()
    ovisit = Visit(opage, base)
    opage.goto(link + "?taal=en")
    expect(opage.get_by_role("heading", level=1)).to_have_text(f"Feedback for {requester_name}")
    ovisit.check_accessibility()
    opage.get_by_label("5", exact=True).check()
    opage.locator("textarea[name^='toelichting-']").fill(f"Always on time ({tag}).")
    opage.get_by_role("button", name="Send answer").click()
    expect(opage.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    opage.get_by_role("button", name="Withdraw my answer").click()
    expect(opage.get_by_role("heading", level=1)).to_have_text("Your answer has been withdrawn")
    ovisit.check_accessibility()
    opage.goto(link)
    opage.get_by_role("button", name="Never ask me for feedback again").click()
    expect(opage.get_by_role("status").last).to_contain_text("you will not be asked for feedback again")
    ovisit.check_accessibility()
    stranger.close()

    page.goto(request_url)
    expect(page.locator("#gevers-sectie")).to_contain_text("Piet Partner: ingetrokken")
    expect(page.locator("#resultaten-sectie")).not_to_contain_text(tag)
    page.get_by_role("button", name="Vraag sluiten").click()
    expect(page.locator(".portal-facts")).to_contain_text("gesloten")
    expect(page.get_by_role("button", name="Herinnering sturen")).to_have_count(0)
    visit.check_accessibility()
    employee.close()

    # HR: counts per unit, no content.
    hr = browser.new_context()
    hpage = hr.new_page()
    hvisit = Visit(hpage, base)
    login(hpage, base, "bel.hr")
    hvisit.go("/hr/feedback")
    expect(hpage.get_by_role("row", name="Team Publiekszaken")).to_be_visible()
    expect(hpage.locator("main")).not_to_contain_text(tag)
    hr.close()

    token = link.rsplit("/f/", 1)[1]
    for name in ("portal", "feedback"):
        assert token not in dialoog_stack.log_file(name).read_text(errors="replace"), name
