"""From real events to what people see: a feedback request made through feedback's API tells the
colleagues asked (inbox item and a Dutch mail with a working portal link and one-click
unsubscribe headers); the salary round's `tasks_assigned` tells the manager; a decision letter
tells the employee at once even when she chose a digest; a redelivered event makes nothing twice;
an event whose recipient is unknown is skipped without a dead letter; the tenant admin's colours
(set in organisatie) dress the HTML part of the next mail, not its plain text (ADR 0037)."""

import asyncio
import uuid
from datetime import timedelta

from dialoog.kit.clock import today
from dialoog.testing.mailbox import html_of, text_of

from .helpers import address, caught_up, inbox_until, letter_issued, publish, relayed, tasks_assigned

BRANDING = "hr.heemstede.organisatie.tenant.branding_changed"


def feedback_request(people, *colleagues):
    return {
        "purpose": "Voorbereiding op mijn ontwikkelgesprek",
        "questions": [{"key": "sterk", "text": "Wat doe ik goed?", "kind": "open"}],
        "givers": [{"person_id": str(people[c])} for c in colleagues],
        "deadline": (today() + timedelta(days=14)).isoformat(),
        "anonymous": False,
        "self_reflection": False,
    }


async def test_a_feedback_request_tells_each_colleague_in_the_inbox_and_by_a_dutch_mail(world, mailbox):
    fb, nt, auth, people = world["fb"], world["nt"], world["auth"], world["people"]
    to = address("bel.leidinggevende")
    before = len(mailbox.messages(to))
    seen = await nt.get("/v1/inbox?limit=200", headers=auth("bel.leidinggevende"))
    earlier = {i["id"] for i in seen.json()["items"]}
    r = await fb.post(
        "/v1/feedback/requests",
        json=feedback_request(people, "bel.leidinggevende", "ruben.vermeer.bel"),
        headers=auth("bel.medewerker"),
    )
    assert r.status_code == 201, r.text
    request_id = r.json()["id"]
    link = "/feedback/gevraagd"

    def new(items):
        return [i for i in items if i["id"] not in earlier and i["kind"] == "feedback.request.created"]

    (item,) = new(await inbox_until(nt, auth("bel.leidinggevende"), new))
    assert item["link"] == link  # the portal's list of the requests asked of her
    assert item["kind"] == "feedback.request.created" and item["category"] == "feedback"
    assert item["title"] == "Er is feedback aan u gevraagd" and item["read_at"] is None
    assert "Voorbereiding" not in item["body"]  # no content of the request
    english = (await nt.get("/v1/inbox?lang=en", headers=auth("bel.leidinggevende"))).json()["items"]
    assert [i["title"] for i in english if i["id"] == item["id"]] == ["Your feedback was asked for"]

    mail = await mailbox.wait_for(to, before + 1)
    assert mail["Subject"] == "Er is feedback aan u gevraagd — BEL Combinatie"
    assert mail["From"].startswith("BEL Combinatie <")
    text = text_of(mail)
    assert text.startswith("Beste Mark Jansen,")
    portal = nt.app.state.settings.public_url.rstrip("/")
    assert f"{portal}{link}" in text and f'href="{portal}{link}"' in html_of(mail)
    assert "Voorbereiding" not in text
    assert mail["Message-ID"] == f"<n.{item['id']}@{nt.app.state.settings.mail_domain}>"
    assert mail["List-Unsubscribe"].startswith(f"<{portal}/u/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The link works: the request is among those the colleague is asked to answer in feedback.
    asked = await fb.get("/v1/feedback/assignments", headers=auth("bel.leidinggevende"))
    assert request_id in [a["request_id"] for a in asked.json()["items"]], asked.text
    # The other colleague (no account) got hers too, by mail.
    await mailbox.wait_until(
        lambda ms: any(
            f"{portal}{link}" in text_of(m) for m in ms if address("ruben.vermeer.bel") in m["To"]
        ),
        what="the second colleague's mail",
    )


async def test_the_manager_s_tasks_and_the_unread_badge_and_marking_read(world, mailbox):
    nt, auth, people = world["nt"], world["auth"], world["people"]
    manager = auth("bel.leidinggevende")
    await nt.post("/v1/inbox/read-all", headers=manager)
    assert (await nt.get("/v1/inbox/unread-count", headers=manager)).json() == {"unread": 0}
    await publish(world["nats"].url, "bel", tasks_assigned(people["bel.leidinggevende"], count=4))
    items = await inbox_until(
        nt,
        manager,
        lambda items: any(
            i["kind"] == "salaris.round.tasks_assigned" and i["read_at"] is None for i in items
        ),
    )
    item = next(i for i in items if i["kind"] == "salaris.round.tasks_assigned" and i["read_at"] is None)
    assert item["title"] == "Er staan salarisbesluiten voor u klaar" and item["link"] == "/team/salaris"
    assert "4 salarisbesluit" in item["body"]
    assert (await nt.get("/v1/inbox/unread-count", headers=manager)).json() == {"unread": 1}
    assert [i["id"] for i in (await nt.get("/v1/inbox?unread=true", headers=manager)).json()["items"]] == [
        item["id"]
    ]
    for _ in range(2):  # idempotent
        r = await nt.post(f"/v1/inbox/{item['id']}/read", headers=manager)
        assert r.status_code == 200 and r.json()["read_at"] is not None, r.text
    assert (await nt.get("/v1/inbox/unread-count", headers=manager)).json() == {"unread": 0}
    mail = await mailbox.wait_until(
        lambda ms: any(m["Message-ID"] == f"<n.{item['id']}@{nt.app.state.settings.mail_domain}>" for m in ms)
    )
    assert mail


async def test_a_redelivered_event_makes_no_second_item_and_no_second_mail(world, mailbox):
    nt, auth, people = world["nt"], world["auth"], world["people"]
    payload = tasks_assigned(people["heemstede.leidinggevende"], count=907)
    event = payload.event_type.envelope(
        "heemstede", payload, time=__import__("dialoog.kit.clock", fromlist=["now"]).now()
    )
    import nats

    nc = await nats.connect(world["nats"].url)
    try:
        js = nc.jetstream()
        for msg_id in (event.id, str(uuid.uuid4()), str(uuid.uuid4())):  # past the stream's duplicate window
            await js.publish(event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": msg_id})
    finally:
        await nc.close()
    manager = auth("heemstede.leidinggevende")
    items = await inbox_until(
        nt, manager, lambda items: any("907 salarisbesluit" in i["body"] for i in items)
    )
    await asyncio.sleep(2)  # the copies have been consumed by now
    items = (await nt.get("/v1/inbox?limit=200", headers=manager)).json()["items"]
    mine = [i for i in items if "907 salarisbesluit" in i["body"]]
    assert len(mine) == 1
    message_id = f"<n.{mine[0]['id']}@{nt.app.state.settings.mail_domain}>"
    await mailbox.wait_until(lambda ms: any(m["Message-ID"] == message_id for m in ms))
    await asyncio.sleep(1)
    assert len(mailbox.by_message_id(address("heemstede.leidinggevende"))[message_id]) == 1


async def test_a_decision_letter_is_mailed_at_once_even_to_someone_who_chose_a_digest_and_no_unsubscribe(
    world, mailbox
):
    nt, signed, people = world["nt"], world["signed"], world["people"]
    employee = signed(address("kees.ouderen.bel"))
    prefs = await nt.get("/v1/preferences/me", headers=employee)
    assert prefs.status_code == 200, prefs.text
    assert "salaris.letter.issued" in prefs.json()["always_sent"]
    off = {"email": False, "mode": "daily"}
    body = {
        "language": "nl",
        "categories": {c: off for c in ("task", "reminder", "decision", "feedback", "information")},
        "digest_hour": 7,
        "digest_weekday": 1,
        "quiet_hours": {"start": "00:00", "end": "23:59"},
    }
    r = await nt.put("/v1/preferences/me", json=body, headers={**employee, "If-Match": prefs.headers["ETag"]})
    assert r.status_code == 200, r.text
    assert r.json()["inherited"] == [] and r.json()["categories"]["decision"] == off
    await publish(world["nats"].url, "bel", letter_issued(people["kees.ouderen.bel"]))
    items = await inbox_until(
        nt, employee, lambda items: any(i["kind"] == "salaris.letter.issued" for i in items)
    )
    item = next(i for i in items if i["kind"] == "salaris.letter.issued")
    assert item["title"] == "Er staat een salarisbesluit voor u klaar" and item["category"] == "decision"
    message_id = f"<n.{item['id']}@{nt.app.state.settings.mail_domain}>"
    (mail,) = [
        m
        for m in await mailbox.wait_until(lambda ms: any(m["Message-ID"] == message_id for m in ms))
        if m["Message-ID"] == message_id
    ]
    assert mail["Subject"].startswith("Er staat een salarisbesluit voor u klaar")
    assert mail["List-Unsubscribe"] is None  # a formal notice cannot be switched off


async def test_an_event_whose_recipient_is_unknown_is_skipped_not_dead_lettered(world):
    import nats

    nt, auth, people = world["nt"], world["auth"], world["people"]
    await publish(world["nats"].url, "bel", tasks_assigned(uuid.uuid4()), tasks_assigned(None))
    marker = tasks_assigned(people["bel.leidinggevende"], count=77)
    await publish(world["nats"].url, "bel", marker)
    await inbox_until(
        nt, auth("bel.leidinggevende"), lambda items: any("77 salarisbesluit" in i["body"] for i in items)
    )
    nc = await nats.connect(world["nats"].url)
    try:
        js = nc.jetstream()
        info = await js.consumer_info("SALARIS", "notificaties-salaris")
        assert info.num_ack_pending == 0 and info.num_redelivered == 0
        try:
            dead = (await js.stream_info("DEAD_LETTERS")).state.messages
        except Exception:
            dead = 0
        assert dead == 0
    finally:
        await nc.close()


async def test_the_tenant_admin_s_colours_reach_the_html_of_the_next_mail_and_not_its_text(world, mailbox):
    org, nt, auth, people = world["org"], world["nt"], world["auth"], world["people"]
    to = address("heemstede.leidinggevende")
    admin = auth("heemstede.beheer")
    portal = nt.app.state.settings.public_url.rstrip("/")

    async def mail_with(count: int):
        """The manager's mail of a `tasks_assigned` of `count` decisions (a count of this test's own)."""
        await publish(
            world["nats"].url, "heemstede", tasks_assigned(people["heemstede.leidinggevende"], count)
        )
        found = await mailbox.wait_until(
            lambda ms: any(f"{count} salarisbesluit" in text_of(m) for m in ms if to in m["To"]),
            what=f"the mail of {count} decisions",
            # behind what the sender still has queued (December's reminders to the session's
            # people: in a clean clone the first of these mails took more than 30 s)
            within=180,
        )
        return next(m for m in reversed(found) if to in m["To"] and f"{count} salarisbesluit" in text_of(m))

    # Before: the default look, no header bar, links in the mail client's own colour.
    before = await mail_with(911)
    plain = html_of(before)
    assert "background-color:" not in plain and f'<a href="{portal}/team/salaris">' in plain
    assert before["Subject"].endswith("— Gemeente Heemstede")

    tenant = await org.get("/v1/tenant", headers=admin)
    # A dark blue, and an accent too light for links on white (they take the primary colour).
    branding = {"primary_color": "#154273", "accent_color": "#FFB612"}
    put = await org.put(
        "/v1/tenant/branding", json=branding, headers={**admin, "If-Match": tenant.headers["etag"]}
    )
    assert put.status_code == 200, put.text
    try:
        # in organisatie's stream (its relay is asynchronous), then taken in by notificaties
        await relayed(world["nats"].url, "organisatie", BRANDING, put.json()["version"])
        await caught_up(world["nats"].url)
        after = await mail_with(912)
        branded = html_of(after)
        bar = (
            '<div style="background-color:#154273;color:#ffffff;padding:16px 24px;font-size:20px;'
            'font-weight:bold;font-family:sans-serif">Gemeente Heemstede</div>'
        )
        assert bar in branded  # white on #154273: 10.2:1
        assert f'<a href="{portal}/team/salaris" style="color:#154273">' in branded
        assert text_of(after) == text_of(before).replace("911", "912")  # the plain text as it was
        assert after["Subject"] == before["Subject"]
    finally:
        reset = await org.put(
            "/v1/tenant/branding", json={}, headers={**admin, "If-Match": put.headers["etag"]}
        )
        assert reset.status_code == 200, reset.text
        await relayed(world["nats"].url, "organisatie", BRANDING, reset.json()["version"])
        await caught_up(world["nats"].url)
    again = html_of(await mail_with(913))
    assert "background-color:" not in again  # back to the default look
