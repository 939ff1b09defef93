"""The portal's notification pages (issue 13, ADR 0027) as a signed-in user and an outsider see
them, against a small in-test server that answers the notificaties contract (notificaties_fake):
the real service is being built at the same time. The portal itself is real (its database of
sessions, a real Keycloak token per user, forwarded as the user's bearer token).
TO SWITCH after the merge: point `notificaties_url` at the real service and seed its data."""

import secrets
import time
from datetime import timedelta

import httpx
import pytest

from dialoog.kit.auth import TENANT_HEADER
from dialoog.portal.main import create_app
from dialoog.portal.persistence.sessions import SessionRepository

from .notificaties_fake import VALID_TOKEN, FakeNotificaties

pytestmark = pytest.mark.timeout(240)
CSRF = "csrf-test-token"
ROLES = {"bel.beheer": ["employee", "tenant_admin"], "bel.medewerker": ["employee"]}


@pytest.fixture
def fake():
    server = FakeNotificaties().start()
    yield server
    server.stop()


class Portal:
    def __init__(self, app, client: httpx.AsyncClient, tokens) -> None:
        self.app, self.client, self.tokens = app, client, tokens
        self.token = ""

    async def sign_in(self, username: str) -> None:
        self.token = self.tokens(username)
        sid = secrets.token_urlsafe(32)
        data = {
            "tokens": {"access_token": self.token, "refresh_token": "", "expires_at": time.time() + 240},
            "user": {
                "sub": username,
                "username": username,
                "name": username,
                "roles": ROLES[username],
                "tenants": ["bel"],
                "tenant_names": {"bel": "BEL Combinatie"},
            },
            "tenant": "bel",
            "csrf": CSRF,
        }
        await SessionRepository(self.app.state.engine).save(sid, data, timedelta(minutes=30), True)
        self.client.headers["cookie"] = f"{self.app.state.settings.cookie_name}={sid}"

    def sign_out(self) -> None:
        self.client.headers.pop("cookie", None)

    async def get(self, path: str, **kwargs) -> httpx.Response:
        return await self.client.get(path, **kwargs)

    async def post(self, path: str, data: dict | None = None, csrf: bool = True) -> httpx.Response:
        return await self.client.post(path, data={**({"csrf_token": CSRF} if csrf else {}), **(data or {})})


@pytest.fixture
async def portal(service_settings, keycloak_token, fake):
    app = create_app(service_settings("portal", notificaties_url=fake.url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
            yield Portal(app, client, keycloak_token)


# --- the badge ----------------------------------------------------------------------------------
async def test_the_badge_counts_unread_as_the_user_and_disappears_quietly_when_notificaties_fails(
    portal, fake
):
    await portal.sign_in("bel.medewerker")
    badge = await portal.get("/meldingen/teller", headers={"HX-Request": "true"})
    assert badge.status_code == 200
    assert '<span class="portal-unread" aria-hidden="true">3</span>' in badge.text
    assert "3 ongelezen meldingen" in badge.text
    asked = fake.asked("GET", "/v1/inbox/unread-count")[-1]
    assert asked["headers"]["authorization"] == f"Bearer {portal.token}"
    assert asked["headers"][TENANT_HEADER.lower()] == "bel"

    fake.state.badge = "error"  # an error answer: no badge, the plain link stays (204: htmx swaps nothing)
    assert (await portal.get("/meldingen/teller")).status_code == 204
    fake.state.badge = "slow"  # slower than the badge's timeout: no badge, and no waiting for it
    started = time.monotonic()
    assert (await portal.get("/meldingen/teller")).status_code == 204
    assert time.monotonic() - started < 3
    fake.state.badge = "ok"

    portal.sign_out()
    assert (await portal.get("/meldingen/teller")).status_code == 204  # signed out: nothing to count


async def test_every_page_renders_with_notificaties_down(service_settings, keycloak_token):
    with __import__("socket").socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    app = create_app(service_settings("portal", notificaties_url=f"http://127.0.0.1:{closed}"))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
            down = Portal(app, client, keycloak_token)
            await down.sign_in("bel.medewerker")
            home = await down.get("/")
            assert home.status_code == 200 and 'hx-get="/meldingen/teller"' in home.text
            assert (await down.get("/meldingen/teller")).status_code == 204
            inbox = await down.get("/meldingen")  # the page that needs it: the 503 page, not a 500
            assert inbox.status_code == 503 and "Tijdelijk niet beschikbaar" in inbox.text


# --- the inbox ----------------------------------------------------------------------------------
async def test_the_inbox_pages_newest_first_and_marks_read(portal, fake):
    await portal.sign_in("bel.medewerker")
    first = await portal.get("/meldingen")
    assert first.status_code == 200
    shown = [f"Melding {i:02d}" for i in range(25) if f"Melding {i:02d}" in first.text]
    assert shown == [f"Melding {i:02d}" for i in range(20)]
    assert 'href="/meldingen?na=20&amp;pagina=2"' in first.text
    assert "elders.example" not in first.text  # an item linking outside the portal gets no link
    second = await portal.get("/meldingen?na=20&pagina=2")
    assert "Melding 20" in second.text and "Melding 24" in second.text and "Melding 19" not in second.text
    assert 'rel="next"' not in second.text and "Pagina 2" in second.text
    edited = await portal.get("/meldingen?na=zzz&pagina=7")  # an edited cursor: the first page
    assert edited.status_code == 200 and "Melding 00" in edited.text and "Pagina 1" in edited.text

    opened = await portal.post(f"/meldingen/{fake.state.items[1]['id']}/gelezen", {"naar": "item"})
    assert opened.status_code == 303 and opened.headers["location"] == "/salaris"
    assert fake.state.items[1]["read_at"]
    elsewhere = await portal.post(f"/meldingen/{fake.state.items[0]['id']}/gelezen", {"naar": "item"})
    assert elsewhere.headers["location"] == "/meldingen"  # never to another site

    asked = len(fake.state.requests)
    assert (await portal.post("/meldingen/n01/gelezen", {"naar": "item"})).status_code == 404  # not an id
    assert len(fake.state.requests) == asked  # never sent on
    forged = await portal.post(f"/meldingen/{fake.state.items[2]['id']}/gelezen", csrf=False)
    assert forged.status_code == 403 and fake.state.items[2]["read_at"] is None

    unread = await portal.get("/meldingen?alleen=ongelezen")
    assert "unread=true" in fake.asked("GET", "/v1/inbox")[-1]["query"]
    assert "Melding 02" in unread.text and "Melding 01" not in unread.text
    everything = await portal.post("/meldingen/alles-gelezen")
    assert everything.status_code == 303 and everything.headers["location"] == "/meldingen?gemarkeerd=1"
    badge = await portal.get("/meldingen/teller")
    assert "portal-unread" not in badge.text
    assert "Alle meldingen zijn gelezen." in (await portal.get("/meldingen?gemarkeerd=1")).text


# --- preferences --------------------------------------------------------------------------------
def preferences_form(etag: str, **changes) -> dict:
    form = {"etag": etag, "language": "en", "digest_hour": "18", "digest_weekday": "5"}
    for category in ("task", "reminder", "decision", "feedback"):
        form[f"email-{category}"] = "on"
        form[f"mode-{category}"] = "immediate"
    form["mode-reminder"] = "daily"
    form["mode-information"] = "weekly"  # e-mail unticked
    form.update(changes)
    return form


async def test_preferences_are_saved_with_if_match_and_a_stale_save_is_said_plainly(portal, fake):
    await portal.sign_in("bel.medewerker")
    shown = await portal.get("/meldingen/voorkeuren")
    assert shown.status_code == 200
    assert "Uw salarisbrief (met bezwaartermijn)" in shown.text  # the formal notices, always sent
    assert 'name="etag" value="&#34;1&#34;"' in shown.text

    saved = await portal.post(
        "/meldingen/voorkeuren", preferences_form('"1"', quiet="on", quiet_start="22:00", quiet_end="07:00")
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/meldingen/voorkeuren?bewaard=1"
    put = fake.asked("PUT", "/v1/preferences/me")[-1]
    assert put["headers"]["if-match"] == '"1"'
    me = fake.state.me
    assert me["version"] == 2 and me["language"] == "en" and me["digest_hour"] == 18
    assert me["categories"]["reminder"] == {"email": True, "mode": "daily"}
    assert me["categories"]["information"] == {"email": False, "mode": "weekly"}
    assert me["quiet_hours"] == {"start": "22:00", "end": "07:00"}
    assert "Uw voorkeuren zijn bewaard." in (await portal.get("/meldingen/voorkeuren?bewaard=1")).text

    stale = await portal.post("/meldingen/voorkeuren", preferences_form('"1"', digest_hour="6"))
    assert stale.status_code == 412 and "intussen ergens anders gewijzigd" in stale.text
    assert fake.state.me["digest_hour"] == 18 and 'value="&#34;2&#34;"' in stale.text  # the fresh version

    puts = len(fake.asked("PUT", "/v1/preferences/me"))
    wrong = await portal.post("/meldingen/voorkeuren", preferences_form('"2"', digest_hour="24"))
    assert wrong.status_code == 422 and "Kies een uur van 0 tot en met 23." in wrong.text
    assert len(fake.asked("PUT", "/v1/preferences/me")) == puts  # refused before the service


async def test_the_tenant_defaults_are_the_tenant_admins_alone(portal, fake):
    await portal.sign_in("bel.medewerker")
    assert (await portal.get("/beheer/meldingen")).status_code == 403
    assert (await portal.post("/beheer/meldingen", preferences_form('"1"'))).status_code == 403
    assert (await portal.get("/beheer/webhooks")).status_code == 403
    assert fake.asked("PUT", "/v1/preferences/defaults") == []

    await portal.sign_in("bel.beheer")
    page = await portal.get("/beheer/meldingen")
    assert page.status_code == 200 and "Standaardinstellingen voor meldingen" in page.text
    saved = await portal.post("/beheer/meldingen", preferences_form('"1"', **{"mode-task": "weekly"}))
    assert saved.status_code == 303 and saved.headers["location"] == "/beheer/meldingen?bewaard=1"
    assert fake.state.defaults["categories"]["task"]["mode"] == "weekly"
    assert fake.state.me["version"] == 1  # the defaults, not her own


# --- webhooks -----------------------------------------------------------------------------------
async def test_the_tenant_admin_manages_a_webhook_and_its_deliveries(portal, fake):
    await portal.sign_in("bel.beheer")
    empty = await portal.get("/beheer/webhooks")
    assert empty.status_code == 200 and "Er zijn nog geen endpoints." in empty.text

    refused = await portal.post("/beheer/webhooks", {"url": "hr.example.org/hook"})
    assert refused.status_code == 422 and "begint met https://" in refused.text
    assert fake.asked("POST", "/v1/webhooks") == []
    private = await portal.post("/beheer/webhooks", {"url": "https://127.0.0.1/hook"})
    assert private.status_code == 422 and "privé-adres" in private.text  # the service's reason, at the field

    created = await portal.post(
        "/beheer/webhooks",
        {
            "url": "https://hr.example.org/hook",
            "description": "HRM",
            "event_types": "nl.dialoog.salaris.round.opened.v1",
        },
    )
    assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
    (endpoint_id,) = fake.state.webhooks
    assert fake.state.webhooks[endpoint_id]["event_types"] == ["nl.dialoog.salaris.round.opened.v1"]
    secret = created.text.split('id="geheim" value="')[1].split('"')[0]
    assert secret.startswith("whsec_") and "maar één keer getoond" in created.text
    listed = await portal.get("/beheer/webhooks")
    assert "https://hr.example.org/hook" in listed.text and secret not in listed.text
    detail = await portal.get(f"/beheer/webhooks/{endpoint_id}")
    assert secret not in detail.text

    log = detail.text.split('id="bezorgingen-lijst"')[1]
    for shown in ("opgegeven", '<td class="utrecht-table__cell">4</td>', "500", "1,5 s"):
        assert shown in log, shown

    edited = await portal.post(
        f"/beheer/webhooks/{endpoint_id}",
        {"version": "1", "url": "https://hr.example.org/v2", "description": "HRM"},
    )
    assert edited.status_code == 303 and edited.headers["location"].endswith("?gedaan=bewaard")
    assert fake.asked("PATCH", f"/v1/webhooks/{endpoint_id}")[-1]["headers"]["if-match"] == '"1"'
    assert fake.state.webhooks[endpoint_id]["url"] == "https://hr.example.org/v2"
    assert fake.state.webhooks[endpoint_id]["event_types"] == []  # nothing ticked: all
    stale = await portal.post(
        f"/beheer/webhooks/{endpoint_id}", {"version": "1", "url": "https://x.example/"}
    )
    assert stale.status_code == 412 and "intussen gewijzigd" in stale.text
    assert fake.state.webhooks[endpoint_id]["url"] == "https://hr.example.org/v2"

    off = await portal.post(f"/beheer/webhooks/{endpoint_id}/aan-uit", {"version": "2", "enabled": "false"})
    assert off.status_code == 303 and fake.state.webhooks[endpoint_id]["enabled"] is False
    assert "uitgezet door een beheerder" in (await portal.get(off.headers["location"])).text
    delivery_id = fake.state.deliveries[endpoint_id][0]["id"]
    while_off = await portal.post(f"/beheer/webhooks/{endpoint_id}/test")  # webhook-disabled: said, not a 502
    assert (
        while_off.status_code == 409 and "Het endpoint staat uit" in while_off.text and fake.state.pings == []
    )
    again_off = await portal.post(f"/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery_id}/opnieuw")
    assert again_off.status_code == 409 and "Het endpoint staat uit" in again_off.text
    on = await portal.post(f"/beheer/webhooks/{endpoint_id}/aan-uit", {"version": "3", "enabled": "true"})
    assert on.status_code == 303 and fake.state.webhooks[endpoint_id]["enabled"] is True

    rotated = await portal.post(f"/beheer/webhooks/{endpoint_id}/geheim", {"version": "4"})
    assert rotated.status_code == 200 and "whsec_rotated" in rotated.text and secret not in rotated.text
    assert rotated.headers["cache-control"] == "no-store"

    tested = await portal.post(f"/beheer/webhooks/{endpoint_id}/test")
    assert tested.status_code == 303 and fake.state.pings == [endpoint_id]

    attempts = await portal.get(f"/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery_id}")
    assert (
        attempts.status_code == 200 and attempts.text.split('id="pogingen"')[1].count("<tr") == 5
    )  # head + 4
    again = await portal.post(f"/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery_id}/opnieuw")
    assert again.status_code == 303 and fake.state.redelivered == [delivery_id]
    assert "dezelfde webhook-id" in (await portal.get(again.headers["location"])).text

    confirm = await portal.get(f"/beheer/webhooks/{endpoint_id}/verwijderen")
    assert "Weet u zeker" in confirm.text and endpoint_id in fake.state.webhooks  # asking deletes nothing
    deleted = await portal.post(f"/beheer/webhooks/{endpoint_id}/verwijderen", {"version": "5"})
    assert deleted.status_code == 303 and deleted.headers["location"] == "/beheer/webhooks?gedaan=verwijderd"
    assert fake.state.webhooks == {}


# --- one-click unsubscribe ----------------------------------------------------------------------
async def test_one_click_unsubscribe_needs_no_login_and_the_get_changes_nothing(portal, fake):
    portal.sign_out()  # an outsider's browser, or a mail client: no cookie at all
    for _ in range(2):  # a link scanner opens it first
        shown = await portal.get(f"/u/{VALID_TOKEN}")
        assert shown.status_code == 200 and "Ja, afmelden" in shown.text and "Herinneringen" in shown.text
    assert fake.state.me["categories"]["reminder"]["email"] is True
    assert shown.headers["referrer-policy"] == "no-referrer" and shown.headers["cache-control"] == "no-store"
    assert "Inloggen" not in shown.text and "csrf_token" not in shown.text

    one_click = await portal.client.post(f"/u/{VALID_TOKEN}", data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and "U bent afgemeld" in one_click.text
    assert fake.state.me["categories"]["reminder"]["email"] is False
    assert all(VALID_TOKEN not in r["path"] + r["query"] for r in fake.state.requests)  # only in bodies
    assert VALID_TOKEN in fake.asked("POST", "/v1/public/unsubscribe")[-1]["body"]

    english = await portal.get(f"/u/{VALID_TOKEN}?taal=en")
    assert "Unsubscribe from e-mail" in english.text and "Reminders" in english.text
    altered = await portal.get(f"/u/{VALID_TOKEN[:-1]}A")
    assert altered.status_code == 404 and "Ongeldige link" in altered.text
    asked = len(fake.state.requests)
    assert (await portal.client.post("/u/kapot")).status_code == 404
    assert len(fake.state.requests) == asked  # not token-shaped: never sent
    assert "/u/" in portal.app.state.secret_paths
