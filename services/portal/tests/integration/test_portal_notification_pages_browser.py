"""The notification pages in headless Chromium, with axe on every page (as tests/e2e does): the
header's badge appears after the page and reads "3 ongelezen meldingen"; opening an item marks it
read; preferences are saved; the tenant admin adds a webhook, sees its secret once, sends a test
delivery and sees its log and its attempts, and is asked before deleting; an outsider unsubscribes
in one click, from the link of a real mail, without a login.

The portal runs in this process (uvicorn, its real database, the person's token in a saved
session); notificaties is the real service (notificaties_world), with this test's own tenant and
people; each step's effect is read back through notificaties' API."""

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

from .notificaties_world import Person, World
from .served import Receiver, Served

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-sync",
    "--no-first-run",
]
ADMIN = ("employee", "tenant_admin")


def run(coro):
    """An async step (notificaties' API, an event, the mailbox) from this synchronous test."""
    return in_thread(asyncio.run, coro)


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
def served(service_settings, notificaties):
    settings = service_settings("portal", notificaties_url=notificaties.url, database_pool_size=2)
    with Served(create_app(settings)) as portal:
        yield settings, portal


def signed_in(browser, settings, base: str, world: World, person: Person):
    data = {
        "tokens": {"access_token": world.token(person), "refresh_token": "", "expires_at": time.time() + 280},
        "user": {
            "sub": person.email,
            "username": person.email,
            "name": person.name,
            "roles": list(person.roles),
            "tenants": [person.tenant],
            "tenant_names": {person.tenant: person.tenant_name},
        },
        "tenant": person.tenant,
    }
    sid = in_thread(asyncio.run, _save_session(settings.database_url, data))
    context = browser.new_context(locale="nl-NL")
    context.add_cookies(
        [{"name": settings.cookie_name, "value": sid, "url": base, "secure": True, "httpOnly": True}]
    )
    return context


def test_the_notification_pages_in_a_browser_pass_axe(served, notificaties, mailbox):
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: `make test` installs it (apt-get install chromium)")
    settings, portal = served
    world = notificaties
    tenant = run(world.tenant())
    (joost,) = run(world.people(tenant, "Joost Bakker", roles=ADMIN))
    (mark,) = run(world.people(tenant, "Mark Jansen"))
    items = run(world.tasks(joost, 7, 8, 9))  # as notificaties lists them, newest first
    reminder = run(world.reminder(mark, 5))  # its mail carries the unsubscribe link used below
    base = f"http://localhost:{portal.port}"
    axe = Axe()
    receiver = Receiver()
    with sync_playwright() as p, Served(receiver) as hooks:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = signed_in(browser, settings, base, world, joost)
        page = context.new_page()

        # The badge comes after the page; its name says the count in words.
        page.goto(base + "/meldingen")
        expect(page.get_by_role("link", name="Meldingen (3 ongelezen meldingen)")).to_be_visible()
        expect(page.locator(".portal-unread")).to_have_text("3")
        expect(page.locator("#meldingen > li").first).to_contain_text(items[0]["body"])
        expect(page.get_by_role("heading", level=2).first).to_have_text(
            "nieuw Er staan salarisbesluiten voor u klaar"
        )
        check_accessibility(page, axe)
        page.get_by_role("button", name=re.compile(r"^Openen ?: Er staan salarisbesluiten")).first.click()
        expect(page).to_have_url(base + "/team/salaris")  # the item's link
        read = {i["id"]: i["read_at"] for i in run(world.inbox(joost))}
        assert read[items[0]["id"]] and not read[items[1]["id"]] and not read[items[2]["id"]]
        page.goto(base + "/meldingen")
        expect(page.get_by_role("link", name="Meldingen (2 ongelezen meldingen)")).to_be_visible()

        # Preferences: a daily digest for reminders.
        page.get_by_role("link", name="Mijn voorkeuren voor meldingen en e-mail").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Voorkeuren voor meldingen")
        check_accessibility(page, axe)
        page.get_by_label("Wanneer: Herinneringen").select_option("daily")
        page.get_by_role("button", name="Voorkeuren bewaren").click()
        expect(page.get_by_role("status")).to_contain_text("Uw voorkeuren zijn bewaard.")
        mine = run(world.get("/v1/preferences/me", joost))
        assert mine["categories"]["reminder"] == {"email": True, "mode": "daily"}
        assert sorted(mine["inherited"]) == ["decision", "feedback", "information", "task"]  # untouched
        check_accessibility(page, axe)
        page.goto(base + "/beheer/meldingen")
        expect(page.get_by_role("heading", level=1)).to_have_text("Standaardinstellingen voor meldingen")
        check_accessibility(page, axe)

        # Webhooks: add one, its secret once, a test delivery's log and attempts, delete after asking.
        page.goto(base + "/beheer/webhooks")
        check_accessibility(page, axe)
        page.get_by_label("Adres (URL)").fill(f"{hooks.url}/dialoog/hooks")
        page.get_by_label("nl.dialoog.salaris.round.opened.v1").check()
        page.get_by_role("button", name="Endpoint toevoegen").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Endpoint toegevoegd")
        secret_field = page.get_by_label("Geheim voor het controleren van de handtekening")
        expect(secret_field).to_have_value(re.compile(r"^whsec_"))
        expect(secret_field).to_have_attribute("readonly", "")
        secret = secret_field.input_value()
        check_accessibility(page, axe)
        (endpoint,) = run(world.get("/v1/webhooks", joost))["items"]
        assert endpoint["url"] == f"{hooks.url}/dialoog/hooks"
        assert endpoint["event_types"] == ["nl.dialoog.salaris.round.opened.v1"]
        page.get_by_role("link", name="Naar het endpoint").click()
        assert secret not in page.content()
        page.get_by_role("button", name="Testbericht sturen").click()
        deliveries = f"/v1/webhooks/{endpoint['id']}/deliveries"

        async def gave_up():
            found = (await world.get(deliveries, joost))["items"]
            return found if found and found[0]["state"] == "gave_up" else None

        (delivery,) = run(world.eventually(gave_up, what="the test delivery giving up"))
        page.reload()
        expect(page.locator("#bezorgingen-lijst")).to_contain_text("opgegeven")
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
        assert run(world.get("/v1/webhooks", joost))["items"] == []
        assert receiver.ids[:4] == [delivery["id"]] * 4
        context.close()

        # An outsider's browser: no login, no cookie; the link from Mark's reminder mail.
        message_id = f"<n.{reminder['id']}@{world.mail_domain}>"
        messages = run(
            mailbox.wait_until(lambda ms: any(m["Message-ID"] == message_id for m in ms), what="the mail")
        )
        (mail,) = [m for m in messages if m["Message-ID"] == message_id]
        link = mail["List-Unsubscribe"].strip("<>")
        token = link.split("/u/", 1)[1]
        stranger = browser.new_context(locale="nl-NL")
        opage = stranger.new_page()
        opage.goto(f"{base}/u/{token}")
        expect(opage.get_by_role("heading", level=1)).to_have_text("Afmelden voor e-mail")
        expect(opage.get_by_role("link", name="Inloggen")).to_have_count(0)
        check_accessibility(opage, axe)
        reminders = run(world.get("/v1/preferences/me", mark))["categories"]["reminder"]
        assert reminders["email"] is True  # opening changes nothing
        opage.get_by_role("button", name="Ja, afmelden").click()
        expect(opage.get_by_role("heading", level=1)).to_have_text("U bent afgemeld")
        assert run(world.get("/v1/preferences/me", mark))["categories"]["reminder"]["email"] is False
        check_accessibility(opage, axe)
        opage.goto(f"{base}/u/{token[:-2]}{'AA' if not token.endswith('AA') else 'BB'}")
        expect(opage.get_by_role("heading", level=1)).to_have_text("Ongeldige link")
        check_accessibility(opage, axe)
        stranger.close()
        browser.close()
