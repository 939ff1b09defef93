"""The portal's notification pages (issue 13, ADR 0027) as a signed-in user, a tenant admin and an
outsider see them, against the real notificaties service (notificaties_world: in this process on a
port of its own, its own nats-server and database). Each test makes its own tenant and people, and
their notifications from the events whose rules make them; what a page did is checked on the page
and read back through notificaties' own API (the inbox's read_at, the preferences, the webhooks
and their deliveries). The portal itself is real (its database of sessions, the person's token
forwarded as the bearer token). Only the badge's fault cases use servers that misbehave on
purpose (served.py): the real service does not fail or hang on request."""

import re
import secrets
import time
from datetime import timedelta

import httpx
import pytest

from dialoog.portal.main import create_app
from dialoog.portal.persistence.sessions import SessionRepository

from .notificaties_world import Person, World
from .served import Receiver, Served, Silent, failing, free_port

pytestmark = pytest.mark.timeout(240)
CSRF = "csrf-test-token"


class Portal:
    def __init__(self, app, client: httpx.AsyncClient, world: World) -> None:
        self.app, self.client, self.world = app, client, world

    async def sign_in(self, person: Person, token: str | None = None) -> None:
        sid = secrets.token_urlsafe(32)
        data = {
            "tokens": {
                "access_token": token or self.world.token(person),
                "refresh_token": "",
                "expires_at": time.time() + 240,
            },
            "user": {
                "sub": person.email,
                "username": person.email,
                "name": person.name,
                "roles": list(person.roles),
                "tenants": [person.tenant],
                "tenant_names": {person.tenant: person.tenant_name},
            },
            "tenant": person.tenant,
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


class portal_on:
    """`async with portal_on(service_settings, world, url) as portal:` the portal app in this
    process, calling notificaties at `url`."""

    def __init__(self, service_settings, world: World, url: str) -> None:
        self.app = create_app(service_settings("portal", notificaties_url=url))
        self.world = world

    async def __aenter__(self) -> Portal:
        self.lifespan = self.app.router.lifespan_context(self.app)
        await self.lifespan.__aenter__()
        transport = httpx.ASGITransport(app=self.app)
        self.client = httpx.AsyncClient(transport=transport, base_url="http://portal.test")
        return Portal(self.app, self.client, self.world)

    async def __aexit__(self, *exc) -> None:
        await self.client.aclose()
        await self.lifespan.__aexit__(*exc)


@pytest.fixture
async def portal(service_settings, notificaties):
    async with portal_on(service_settings, notificaties, notificaties.url) as client:
        yield client


ADMIN = ("employee", "tenant_admin")


# --- the badge ----------------------------------------------------------------------------------
async def test_the_badge_counts_the_users_own_unread_notifications(portal, notificaties):
    tenant = await notificaties.tenant()
    sanne, mark = await notificaties.people(tenant, "Sanne de Vries", "Mark Jansen")
    items = await notificaties.tasks(sanne, 7, 8, 9)

    await portal.sign_in(sanne)
    badge = await portal.get("/meldingen/teller", headers={"HX-Request": "true"})
    assert badge.status_code == 200 and badge.headers["cache-control"] == "no-store"
    assert '<span class="portal-unread" aria-hidden="true">3</span>' in badge.text
    assert "(3 ongelezen meldingen)" in badge.text
    await notificaties.call("POST", f"/v1/inbox/{items[0]['id']}/read", sanne)  # read elsewhere
    assert "(2 ongelezen meldingen)" in (await portal.get("/meldingen/teller")).text

    await portal.sign_in(mark)  # her colleague's count is his own: nothing
    nothing = await portal.get("/meldingen/teller")
    assert nothing.status_code == 200 and "portal-unread" not in nothing.text

    await portal.sign_in(sanne, token="not-a-token")  # a login notificaties refuses (401): no badge
    assert (await portal.get("/meldingen/teller")).status_code == 204
    portal.sign_out()
    assert (await portal.get("/meldingen/teller")).status_code == 204  # signed out: nothing to count


async def test_the_badge_disappears_quietly_when_notificaties_answers_an_error_or_nothing(
    service_settings, notificaties
):
    """notificaties failing (500) and hanging (a server that never answers) are made here on
    purpose (served.py): the real service does neither on request."""
    tenant = await notificaties.tenant()
    (sanne,) = await notificaties.people(tenant, "Sanne de Vries")
    with Served(failing) as broken, Silent() as silent:
        for url in (broken.url, silent.url):
            async with portal_on(service_settings, notificaties, url) as portal:
                await portal.sign_in(sanne)
                started = time.monotonic()
                answer = await portal.get("/meldingen/teller")
                assert answer.status_code == 204 and answer.text == ""  # htmx swaps nothing in
                assert (
                    time.monotonic() - started < 10
                )  # its 1 s timeout (not a page's 30 s), on a busy machine
                home = await portal.get("/")
                assert home.status_code == 200 and 'hx-get="/meldingen/teller"' in home.text


async def test_every_page_renders_with_notificaties_down(service_settings, notificaties):
    tenant = await notificaties.tenant()
    (sanne,) = await notificaties.people(tenant, "Sanne de Vries")
    closed = f"http://127.0.0.1:{free_port()}"  # a port nobody listens on
    async with portal_on(service_settings, notificaties, closed) as down:
        await down.sign_in(sanne)
        home = await down.get("/")
        assert home.status_code == 200 and 'hx-get="/meldingen/teller"' in home.text
        assert (await down.get("/meldingen/teller")).status_code == 204
        inbox = await down.get("/meldingen")  # the page that needs it: the 503 page, not a 500
        assert inbox.status_code == 503 and "Tijdelijk niet beschikbaar" in inbox.text


# --- the inbox ----------------------------------------------------------------------------------
def counts_shown(page: str) -> list[int]:
    """The task counts of the items on an inbox page ("U heeft 107 salarisbesluit(en) ..."), in
    the page's order."""
    return [int(part.split(" ", 1)[0]) for part in page.split("U heeft ")[1:]]


def count_of(item: dict) -> int:
    return int(item["body"].split(" ")[2])


async def test_the_inbox_pages_newest_first_and_marks_read(portal, notificaties):
    tenant = await notificaties.tenant()
    (sanne,) = await notificaties.people(tenant, "Sanne de Vries")
    await notificaties.tasks(sanne, *range(101, 106))  # five older items
    listed = await notificaties.tasks(sanne, *range(106, 126))  # then twenty newer ones
    order = [count_of(i) for i in listed]  # as the service lists them (one batch: one moment)

    await portal.sign_in(sanne)
    first = await portal.get("/meldingen")
    assert first.status_code == 200
    assert counts_shown(first.text) == order[:20] and set(order[:20]) == set(range(106, 126))
    assert 'rel="next"' in first.text and "&amp;pagina=2" in first.text
    next_page = first.text.split('rel="next" href="')[1].split('"')[0].replace("&amp;", "&")
    second = await portal.get(next_page)
    assert counts_shown(second.text) == order[20:] and set(order[20:]) == set(range(101, 106))
    assert 'rel="next"' not in second.text and "Pagina 2" in second.text
    edited = await portal.get("/meldingen?na=zzz&pagina=7")  # an edited cursor: the first page
    assert edited.status_code == 200 and counts_shown(edited.text) == order[:20] and "Pagina 1" in edited.text

    newest, other = listed[0], listed[1]
    opened = await portal.post(f"/meldingen/{newest['id']}/gelezen", {"naar": "item"})
    assert opened.status_code == 303 and opened.headers["location"] == "/team/salaris"  # the rule's link
    read = {i["id"]: i["read_at"] for i in await notificaties.inbox(sanne)}
    assert read[newest["id"]] and sum(1 for at in read.values() if at) == 1  # that one alone

    assert (await portal.post("/meldingen/n01/gelezen", {"naar": "item"})).status_code == 404  # not an id
    forged = await portal.post(f"/meldingen/{other['id']}/gelezen", csrf=False)
    assert forged.status_code == 403
    assert [i["read_at"] for i in await notificaties.inbox(sanne) if i["id"] == other["id"]] == [None]

    unread = await portal.get("/meldingen?alleen=ongelezen")
    assert counts_shown(unread.text) == [c for c in order if c != count_of(newest)][:20]
    everything = await portal.post("/meldingen/alles-gelezen")
    assert everything.status_code == 303 and everything.headers["location"] == "/meldingen?gemarkeerd=24"
    assert all(i["read_at"] for i in await notificaties.inbox(sanne))
    assert (await notificaties.get("/v1/inbox/unread-count", sanne)) == {"unread": 0}
    assert "portal-unread" not in (await portal.get("/meldingen/teller")).text
    done = await portal.get("/meldingen?gemarkeerd=24")
    assert "Alle meldingen zijn gelezen." in done.text and "nieuw" not in done.text.split('id="meldingen"')[1]


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


def shown_etag(etag: str) -> str:
    return f'name="etag" value="{etag.replace(chr(34), "&#34;")}"'


async def test_preferences_are_saved_with_if_match_and_a_stale_save_is_said_plainly(portal, notificaties):
    tenant = await notificaties.tenant()
    (sanne,) = await notificaties.people(tenant, "Sanne de Vries")
    before = await notificaties.call("GET", "/v1/preferences/me", sanne)
    etag = before.headers["etag"]

    await portal.sign_in(sanne)
    shown = await portal.get("/meldingen/voorkeuren")
    assert shown.status_code == 200
    assert "Uw salarisbrief (met bezwaartermijn)" in shown.text  # the formal notices, always sent
    assert shown_etag(etag) in shown.text

    saved = await portal.post(
        "/meldingen/voorkeuren", preferences_form(etag, quiet="on", quiet_start="22:00", quiet_end="07:00")
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/meldingen/voorkeuren?bewaard=1"
    me = await notificaties.get("/v1/preferences/me", sanne)
    assert me["version"] == before.json()["version"] + 1
    assert me["language"] == "en" and me["digest_hour"] == 18 and me["digest_weekday"] == 5
    assert me["categories"]["reminder"] == {"email": True, "mode": "daily"}
    assert me["categories"]["information"] == {"email": False, "mode": "weekly"}
    assert me["quiet_hours"] == {"start": "22:00", "end": "07:00"} and me["inherited"] == []
    assert "Uw voorkeuren zijn bewaard." in (await portal.get("/meldingen/voorkeuren?bewaard=1")).text

    # The same form again (another window's old copy): the service refuses the old version.
    stale = await portal.post("/meldingen/voorkeuren", preferences_form(etag, digest_hour="6"))
    assert stale.status_code == 412 and "intussen ergens anders gewijzigd" in stale.text
    fresh = await notificaties.call("GET", "/v1/preferences/me", sanne)
    assert fresh.json()["digest_hour"] == 18 and fresh.json()["version"] == me["version"]
    assert shown_etag(fresh.headers["etag"]) in stale.text  # the fresh version, to save again

    wrong = await portal.post(
        "/meldingen/voorkeuren", preferences_form(fresh.headers["etag"], digest_hour="24")
    )
    assert wrong.status_code == 422 and "Kies een uur van 0 tot en met 23." in wrong.text
    assert (await notificaties.get("/v1/preferences/me", sanne))["version"] == me["version"]


async def test_the_tenant_defaults_are_the_tenant_admins_alone(portal, notificaties):
    tenant = await notificaties.tenant()
    (sanne,) = await notificaties.people(tenant, "Sanne de Vries")
    (joost,) = await notificaties.people(tenant, "Joost Bakker", roles=ADMIN)
    defaults = await notificaties.call("GET", "/v1/preferences/defaults", joost)
    mine = await notificaties.get("/v1/preferences/me", sanne)
    assert mine["categories"]["task"]["mode"] == "immediate" and "task" in mine["inherited"]

    await portal.sign_in(sanne)
    assert (await portal.get("/beheer/meldingen")).status_code == 403
    refused = await portal.post("/beheer/meldingen", preferences_form(defaults.headers["etag"]))
    assert refused.status_code == 403
    assert (await portal.get("/beheer/webhooks")).status_code == 403
    assert (await notificaties.get("/v1/preferences/defaults", joost))["version"] == defaults.json()[
        "version"
    ]

    await portal.sign_in(joost)
    page = await portal.get("/beheer/meldingen")
    assert page.status_code == 200 and "Standaardinstellingen voor meldingen" in page.text
    saved = await portal.post(
        "/beheer/meldingen", preferences_form(defaults.headers["etag"], **{"mode-task": "weekly"})
    )
    assert saved.status_code == 303 and saved.headers["location"] == "/beheer/meldingen?bewaard=1"
    after = await notificaties.get("/v1/preferences/defaults", joost)
    assert after["categories"]["task"]["mode"] == "weekly"
    assert after["version"] == defaults.json()["version"] + 1
    # Sanne follows the tenant's defaults: she gets the new one; her own choices are untouched.
    hers = await notificaties.get("/v1/preferences/me", sanne)
    assert hers["categories"]["task"]["mode"] == "weekly" and "task" in hers["inherited"]
    assert hers["version"] == mine["version"]


# --- webhooks -----------------------------------------------------------------------------------
async def endpoints(world: World, admin: Person) -> list[dict]:
    return (await world.get("/v1/webhooks", admin))["items"]


async def test_the_tenant_admin_manages_a_webhook_and_its_deliveries(portal, notificaties):
    tenant = await notificaties.tenant()
    (joost,) = await notificaties.people(tenant, "Joost Bakker", roles=ADMIN)
    receiver = Receiver()
    with Served(receiver) as served:
        hook = f"{served.url}/dialoog/hooks"
        await portal.sign_in(joost)
        empty = await portal.get("/beheer/webhooks")
        assert empty.status_code == 200 and "Er zijn nog geen endpoints." in empty.text

        refused = await portal.post("/beheer/webhooks", {"url": "hr.example.org/hook"})
        assert refused.status_code == 422 and "begint met https://" in refused.text
        with_password = await portal.post(
            "/beheer/webhooks", {"url": "https://koppeling:geheim@hr.example.org/"}
        )
        assert with_password.status_code == 422 and "geen gebruikersnaam of wachtwoord" in with_password.text
        assert await endpoints(notificaties, joost) == []  # the service's reason, shown at the field

        created = await portal.post(
            "/beheer/webhooks",
            {"url": hook, "description": "HRM", "event_types": "nl.dialoog.salaris.round.opened.v1"},
        )
        assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
        (endpoint,) = await endpoints(notificaties, joost)
        assert endpoint["url"] == hook and endpoint["description"] == "HRM"
        assert endpoint["event_types"] == ["nl.dialoog.salaris.round.opened.v1"] and endpoint["enabled"]
        endpoint_id = endpoint["id"]
        secret = created.text.split('id="geheim" value="')[1].split('"')[0]
        assert secret.startswith("whsec_") and "maar één keer getoond" in created.text
        listed = await portal.get("/beheer/webhooks")
        assert hook in listed.text and secret not in listed.text
        assert secret not in (await portal.get(f"/beheer/webhooks/{endpoint_id}")).text

        # A test delivery: the receiver answers 500 four times; the log on the page says so.
        tested = await portal.post(f"/beheer/webhooks/{endpoint_id}/test")
        assert tested.status_code == 303
        path = f"/v1/webhooks/{endpoint_id}/deliveries"

        async def gave_up():
            items = (await notificaties.get(path, joost))["items"]
            return items if items and items[0]["state"] == "gave_up" else None

        (delivery,) = await notificaties.eventually(gave_up, what="the test delivery giving up")
        assert delivery["attempts"] == 4 and receiver.ids == [delivery["id"]] * 4
        log = (await portal.get(f"/beheer/webhooks/{endpoint_id}")).text.split('id="bezorgingen-lijst"')[1]
        for shown in ("opgegeven", '<td class="utrecht-table__cell">4</td>', "500", " ms"):
            assert shown in log, shown
        attempts = await portal.get(f"/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery['id']}")
        assert (
            attempts.status_code == 200 and attempts.text.split('id="pogingen"')[1].count("<tr") == 5
        )  # head + 4

        edited = await portal.post(
            f"/beheer/webhooks/{endpoint_id}",
            {"version": str(endpoint["version"]), "url": f"{hook}/v2", "description": "HRM"},
        )
        assert edited.status_code == 303 and edited.headers["location"].endswith("?gedaan=bewaard")
        (endpoint,) = await endpoints(notificaties, joost)
        assert endpoint["url"] == f"{hook}/v2" and endpoint["event_types"] == []  # nothing ticked: all
        stale = await portal.post(
            f"/beheer/webhooks/{endpoint_id}",
            {"version": str(endpoint["version"] - 1), "url": "https://x.example/"},
        )
        assert stale.status_code == 412 and "intussen gewijzigd" in stale.text
        assert (await endpoints(notificaties, joost))[0]["url"] == f"{hook}/v2"

        off = await portal.post(
            f"/beheer/webhooks/{endpoint_id}/aan-uit",
            {"version": str(endpoint["version"]), "enabled": "false"},
        )
        assert off.status_code == 303
        (endpoint,) = await endpoints(notificaties, joost)
        assert endpoint["enabled"] is False and endpoint["disabled_reason"] == "manual"
        assert "uitgezet door een beheerder" in (await portal.get(off.headers["location"])).text
        while_off = await portal.post(f"/beheer/webhooks/{endpoint_id}/test")  # webhook-disabled: said
        assert while_off.status_code == 409 and "Deze webhook staat uit" in while_off.text
        again_off = await portal.post(f"/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery['id']}/opnieuw")
        assert again_off.status_code == 409 and "Deze webhook staat uit" in again_off.text
        assert len((await notificaties.get(path, joost))["items"]) == 1 and len(receiver.ids) == 4
        on = await portal.post(
            f"/beheer/webhooks/{endpoint_id}/aan-uit",
            {"version": str(endpoint["version"]), "enabled": "true"},
        )
        assert on.status_code == 303
        (endpoint,) = await endpoints(notificaties, joost)
        assert endpoint["enabled"] is True

        rotated = await portal.post(
            f"/beheer/webhooks/{endpoint_id}/geheim", {"version": str(endpoint["version"])}
        )
        assert rotated.status_code == 200 and rotated.headers["cache-control"] == "no-store"
        new_secret = rotated.text.split('id="geheim" value="')[1].split('"')[0]
        assert new_secret.startswith("whsec_") and new_secret != secret

        again = await portal.post(f"/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery['id']}/opnieuw")
        assert again.status_code == 303
        assert "dezelfde webhook-id" in (await portal.get(again.headers["location"])).text

        async def sent_again():
            return len(receiver.ids) > 4

        await notificaties.eventually(sent_again, what="the delivery sent again")
        assert set(receiver.ids) == {delivery["id"]}  # the same webhook-id

        (endpoint,) = await endpoints(notificaties, joost)
        confirm = await portal.get(f"/beheer/webhooks/{endpoint_id}/verwijderen")
        assert "Weet u zeker" in confirm.text and len(await endpoints(notificaties, joost)) == 1
        deleted = await portal.post(
            f"/beheer/webhooks/{endpoint_id}/verwijderen", {"version": str(endpoint["version"])}
        )
        assert (
            deleted.status_code == 303 and deleted.headers["location"] == "/beheer/webhooks?gedaan=verwijderd"
        )
        assert await endpoints(notificaties, joost) == []


# --- one-click unsubscribe ----------------------------------------------------------------------
async def test_one_click_unsubscribe_needs_no_login_and_the_get_changes_nothing(portal, notificaties):
    """The link's token from notificaties' own signer (the browser test takes it from a real mail)."""
    tenant = await notificaties.tenant()
    (mark,) = await notificaties.people(tenant, "Mark Jansen")
    token = notificaties.unsubscribe_token(mark, "reminder")

    portal.sign_out()  # an outsider's browser, or a mail client: no cookie at all
    for _ in range(2):  # a link scanner opens it first
        shown = await portal.get(f"/u/{token}")
        assert shown.status_code == 200 and "Ja, afmelden" in shown.text and "Herinneringen" in shown.text
    assert (await notificaties.get("/v1/preferences/me", mark))["categories"]["reminder"]["email"] is True
    assert shown.headers["referrer-policy"] == "no-referrer" and shown.headers["cache-control"] == "no-store"
    assert "Inloggen" not in shown.text and "csrf_token" not in shown.text

    one_click = await portal.client.post(f"/u/{token}", data={"List-Unsubscribe": "One-Click"})
    assert one_click.status_code == 200 and "U bent afgemeld" in one_click.text
    after = await notificaties.get("/v1/preferences/me", mark)
    assert after["categories"]["reminder"]["email"] is False and "reminder" not in after["inherited"]

    english = await portal.get(f"/u/{token}?taal=en")
    assert "Unsubscribe from e-mail" in english.text and "Reminders" in english.text
    altered = await portal.get(f"/u/{token[:-2]}{'AA' if not token.endswith('AA') else 'BB'}")
    assert altered.status_code == 404 and "Ongeldige link" in altered.text
    assert (await portal.client.post("/u/kapot")).status_code == 404  # not token-shaped
    assert "/u/" in portal.app.state.secret_paths


# --- the tenant admin's reminder settings (ADR 0030) ---------------------------------------------
def _reminder_form(page: str, **changes: str) -> dict:
    """The reminder section's form as the page filled it in (its ETag, each kind's checkbox,
    days and audience), with `changes` over it."""
    section = page.split('action="/beheer/meldingen/herinneringen"')[1].split("</form>")[0]
    form = {
        "reminders_etag": section.split('name="reminders_etag" value="')[1]
        .split('"')[0]
        .replace("&#34;", '"')
    }
    for kind in re.findall(r'name="offsets-([a-z_]+)"', section):
        form[f"offsets-{kind}"] = re.search(rf'name="offsets-{kind}" value="([^"]*)"', section).group(1)
        if re.search(rf'id="enabled-{kind}"[^>]*checked', section):
            form[f"enabled-{kind}"] = "on"
        audience = section.split(f'name="audience-{kind}"')[1].split("</select>")[0]
        form[f"audience-{kind}"] = re.search(r'<option value="([a-z]+)" selected', audience).group(1)
    return {**form, **changes}


async def test_the_tenant_admin_sets_the_reminders_on_the_defaults_page(portal, notificaties):
    tenant = await notificaties.tenant()
    (joost,) = await notificaties.people(tenant, "Joost Bakker", roles=ADMIN)
    await portal.sign_in(joost)
    before = await notificaties.get("/v1/reminders/settings", joost)
    page = await portal.get("/beheer/meldingen")
    assert page.status_code == 200 and 'id="herinneringen-tabel"' in page.text
    assert "Termijn van een feedbackvraag" in page.text
    form = _reminder_form(page.text)
    assert form["offsets-feedback_deadline"] == ", ".join(
        str(o) for o in before["kinds"]["feedback_deadline"]["offsets"]
    )

    # Not whole days: said at the field by the portal; a reminder on the deadline: notificaties'
    # rule, said at the field too. Nothing is saved either time.
    words = await portal.post(
        "/beheer/meldingen/herinneringen", _reminder_form(page.text, **{"offsets-feedback_deadline": "veel"})
    )
    assert words.status_code == 422 and 'id="offsets-feedback_deadline-fout"' in words.text
    assert "Geef hele dagen" in words.text
    late = await portal.post(
        "/beheer/meldingen/herinneringen", _reminder_form(page.text, **{"offsets-feedback_deadline": "-2, 0"})
    )
    assert late.status_code == 422 and 'id="offsets-feedback_deadline-fout"' in late.text
    assert 'aria-invalid="true" aria-describedby="offsets-feedback_deadline-fout"' in late.text
    assert await notificaties.get("/v1/reminders/settings", joost) == before

    # Two moments (a typographic minus too), to the asker only, and the objection term off.
    changed = _reminder_form(
        page.text, **{"offsets-feedback_deadline": "-7, −3", "audience-feedback_deadline": "requester"}
    )
    changed.pop("enabled-objection_term", None)
    saved = await portal.post("/beheer/meldingen/herinneringen", changed)
    assert (
        saved.status_code == 303 and saved.headers["location"] == "/beheer/meldingen?bewaard=1#herinneringen"
    )
    after = await notificaties.get("/v1/reminders/settings", joost)
    feedback = after["kinds"]["feedback_deadline"]
    assert (feedback["offsets"], feedback["audience"], feedback["enabled"]) == ([-7, -3], "requester", True)
    assert after["kinds"]["objection_term"]["enabled"] is False
    shown = await portal.get("/beheer/meldingen?bewaard=1")
    assert 'name="offsets-feedback_deadline" value="-7, -3"' in shown.text

    # The page of before (its ETag) sent again after the change: someone else's change, said plainly.
    stale = await portal.post("/beheer/meldingen/herinneringen", _reminder_form(page.text))
    assert stale.status_code == 412 and "intussen ergens anders gewijzigd" in stale.text
    assert await notificaties.get("/v1/reminders/settings", joost) == after
