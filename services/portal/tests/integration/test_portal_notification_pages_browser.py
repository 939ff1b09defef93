"""The notification pages in headless Chromium, with axe on every page (as tests/e2e does): the
header's badge appears after the page and reads "3 ongelezen meldingen"; opening an item marks it
read; preferences are saved; the tenant admin adds a webhook, sees its secret once, its delivery
log and a delivery's attempts, and is asked before deleting; an outsider unsubscribes in one
click without a login.

The portal runs in this process (uvicorn, real database and Keycloak token), notificaties is the
in-test server of notificaties_fake (the real service is being built at the same time).
TO SWITCH after the merge: run these steps against the stack's portal and notificaties."""

import asyncio
import os
import re
import secrets
import time
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.portal.main import create_app
from dialoog.portal.persistence.sessions import SessionRepository
from dialoog.testing.plugin import in_thread

from .notificaties_fake import VALID_TOKEN, FakeNotificaties, Served

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-sync",
    "--no-first-run",
]


def check_accessibility(page: Page, axe: Axe) -> None:
    results = axe.run(page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == [], f"{page.url}: " + "; ".join(f"{v['id']}: {v['help']}" for v in bad)


async def _save_session(database_url: str, data: dict) -> str:
    engine = create_async_engine(database_url)
    try:
        sid = secrets.token_urlsafe(32)
        await SessionRepository(engine).save(sid, data, timedelta(minutes=30), True)
        return sid
    finally:
        await engine.dispose()


@pytest.fixture
def served(service_settings):
    fake = FakeNotificaties().start()
    settings = service_settings("portal", notificaties_url=fake.url, database_pool_size=2)
    portal = Served(create_app(settings)).start()
    yield settings, portal, fake
    portal.stop()
    fake.stop()


def signed_in(browser, settings, base: str, token: str, roles: list[str]):
    data = {
        "tokens": {"access_token": token, "refresh_token": "", "expires_at": time.time() + 280},
        "user": {
            "sub": "bel.beheer",
            "username": "bel.beheer",
            "name": "Beheerder BEL",
            "roles": roles,
            "tenants": ["bel"],
            "tenant_names": {"bel": "BEL Combinatie"},
        },
        "tenant": "bel",
    }
    sid = in_thread(asyncio.run, _save_session(settings.database_url, data))
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [{"name": settings.cookie_name, "value": sid, "url": base, "secure": True, "httpOnly": True}]
    )
    return context


def test_the_notification_pages_in_a_browser_pass_axe(served, keycloak_token):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    settings, portal, fake = served
    base = f"http://localhost:{portal.port}"
    axe = Axe()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = signed_in(
            browser, settings, base, keycloak_token("bel.beheer"), ["employee", "tenant_admin"]
        )
        page = context.new_page()

        # The badge comes after the page; its name says the count in words.
        page.goto(base + "/meldingen")
        expect(page.get_by_role("link", name="Meldingen (3 ongelezen meldingen)")).to_be_visible()
        expect(page.locator(".portal-unread")).to_have_text("3")
        expect(page.get_by_role("heading", level=2, name="nieuw Melding 01")).to_be_visible()
        check_accessibility(page, axe)
        page.get_by_role("button", name=re.compile(r"^Openen ?: Melding 01$")).click()
        expect(page).to_have_url(base + "/salaris")
        assert fake.state.items[1]["read_at"]
        page.goto(base + "/meldingen")
        expect(page.get_by_role("link", name="Meldingen (2 ongelezen meldingen)")).to_be_visible()

        # Preferences: a daily digest for reminders.
        page.get_by_role("link", name="Mijn voorkeuren voor meldingen en e-mail").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Voorkeuren voor meldingen")
        check_accessibility(page, axe)
        page.get_by_label("Wanneer: Herinneringen").select_option("daily")
        page.get_by_role("button", name="Voorkeuren bewaren").click()
        expect(page.get_by_role("status")).to_contain_text("Uw voorkeuren zijn bewaard.")
        assert fake.state.me["categories"]["reminder"]["mode"] == "daily"
        assert fake.state.me["inherited"] == ["task", "decision", "feedback", "information"]  # untouched
        check_accessibility(page, axe)
        page.goto(base + "/beheer/meldingen")
        expect(page.get_by_role("heading", level=1)).to_have_text("Standaardinstellingen voor meldingen")
        check_accessibility(page, axe)

        # Webhooks: add one, its secret once, its log, a delivery's attempts, delete after asking.
        page.goto(base + "/beheer/webhooks")
        check_accessibility(page, axe)
        page.get_by_label("Adres (URL)").fill("https://hr.example.org/hook")
        page.get_by_label("nl.dialoog.salaris.round.opened.v1").check()
        page.get_by_role("button", name="Endpoint toevoegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Endpoint toegevoegd")
        secret_field = page.get_by_label("Geheim voor het controleren van de handtekening")
        expect(secret_field).to_have_value(re.compile(r"^whsec_"))
        expect(secret_field).to_have_attribute("readonly", "")
        secret = secret_field.input_value()
        check_accessibility(page, axe)
        page.get_by_role("link", name="Naar het endpoint").click()
        expect(page.locator("#bezorgingen-lijst")).to_contain_text("opgegeven")
        assert secret not in page.content()
        check_accessibility(page, axe)
        page.locator("#bezorgingen-lijst").get_by_role("link").first.click()
        expect(page.locator("#pogingen tbody tr")).to_have_count(4)
        check_accessibility(page, axe)
        page.get_by_role("button", name="Opnieuw bezorgen").click()
        expect(page.get_by_role("status")).to_contain_text("dezelfde webhook-id")
        page.get_by_role("link", name="Terug naar het endpoint").click()
        page.get_by_role("link", name="Verwijderen", exact=True).click()
        check_accessibility(page, axe)
        page.get_by_role("button", name="Ja, verwijderen").click()
        expect(page.get_by_role("status")).to_contain_text("Het endpoint is verwijderd.")
        assert fake.state.webhooks == {}
        context.close()

        # An outsider's browser: no login, no cookie.
        stranger = browser.new_context(locale="nl-NL")
        opage = stranger.new_page()
        opage.goto(f"{base}/u/{VALID_TOKEN}")
        expect(opage.get_by_role("heading", level=1)).to_have_text("Afmelden voor e-mail")
        expect(opage.get_by_role("link", name="Inloggen")).to_have_count(0)
        check_accessibility(opage, axe)
        assert fake.state.me["categories"]["reminder"]["email"] is True  # opening changes nothing
        opage.get_by_role("button", name="Ja, afmelden").click()
        expect(opage.get_by_role("heading", level=1)).to_have_text("U bent afgemeld")
        assert fake.state.me["categories"]["reminder"]["email"] is False
        check_accessibility(opage, axe)
        opage.goto(f"{base}/u/{VALID_TOKEN[:-1]}A")
        expect(opage.get_by_role("heading", level=1)).to_have_text("Ongeldige link")
        check_accessibility(opage, axe)
        stranger.close()
        browser.close()
