"""From real events to what people see: a feedback request made through feedback's API tells the
colleagues asked (inbox item and a Dutch mail with a working portal link and one-click
unsubscribe headers); the salary round's `tasks_assigned` tells the manager; a decision letter
tells the employee at once even when she chose a digest; a redelivered event makes nothing twice;
an event whose recipient is unknown is skipped without a dead letter."""

import asyncio
import uuid
from datetime import timedelta

from dialoog.kit.clock import today
from dialoog.testing.mailbox import html_of, text_of

from .helpers import address, inbox_until, letter_issued, publish, tasks_assigned


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
