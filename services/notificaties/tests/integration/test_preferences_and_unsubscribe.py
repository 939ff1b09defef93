"""Preferences with If-Match over the tenant's defaults, and one-click unsubscribe from a mail's
List-Unsubscribe link without logging in (RFC 8058): the preview changes nothing, the confirmation
switches that category off, an altered token is a problem, and the next reminder sends no mail."""

import asyncio

from .helpers import address, inbox_until, publish, reminder_due

CATEGORIES = ("task", "reminder", "decision", "feedback", "information")


async def test_my_preferences_follow_the_defaults_until_i_set_them_and_writes_need_the_version(world):
    nt, auth = world["nt"], world["auth"]
    admin = auth("heemstede.beheer")
    defaults = await nt.get("/v1/preferences/defaults", headers=admin)
    assert defaults.status_code == 200, defaults.text
    body = {
        "language": "nl",
        "categories": {"information": {"email": False, "mode": "immediate"}},
        "digest_hour": 9,
        "digest_weekday": 5,
        "quiet_hours": None,
    }
    r = await nt.put(
        "/v1/preferences/defaults", json=body, headers={**admin, "If-Match": defaults.headers["ETag"]}
    )
    assert r.status_code == 200, r.text
    assert r.json()["version"] == defaults.json()["version"] + 1
    stale = await nt.put(
        "/v1/preferences/defaults", json=body, headers={**admin, "If-Match": defaults.headers["ETag"]}
    )
    assert stale.status_code == 412 and stale.headers["content-type"].startswith("application/problem+json")
    assert (await nt.put("/v1/preferences/defaults", json=body, headers=admin)).status_code == 428

    someone = world["signed"](address("kees.ouderen.heemstede"), "heemstede")  # whose choices no test sets
    mine = (await nt.get("/v1/preferences/me", headers=someone)).json()
    assert mine["categories"]["information"] == {"email": False, "mode": "immediate"}  # the tenant's
    assert mine["digest_hour"] == 9 and set(mine["inherited"]) == set(CATEGORIES)
    assert {
        "salaris.letter.issued",
        "portfolio.assessment.established",
        "portfolio.decision.established",
    } <= set(mine["always_sent"])


async def test_one_click_unsubscribe_without_login_switches_the_category_off(world, mailbox):
    nt, auth, people = world["nt"], world["auth"], world["people"]
    to = address("bel.leidinggevende")
    manager = auth("bel.leidinggevende")
    before = (await nt.get("/v1/preferences/me", headers=manager)).json()
    assert before["categories"]["reminder"]["email"] is True
    await publish(world["nats"].url, "bel", reminder_due(people["bel.leidinggevende"], open_=5))
    items = await inbox_until(
        nt, manager, lambda items: any("nog 5 salarisbesluit" in i["body"] for i in items)
    )
    item = next(i for i in items if "nog 5 salarisbesluit" in i["body"])
    message_id = f"<n.{item['id']}@{nt.app.state.settings.mail_domain}>"
    messages = await mailbox.wait_until(lambda ms: any(m["Message-ID"] == message_id for m in ms))
    (mail,) = [m for m in messages if m["Message-ID"] == message_id]
    url = mail["List-Unsubscribe"].strip("<>")
    token = url.split("/u/", 1)[1]

    preview = await nt.post("/v1/public/unsubscribe/preview", json={"token": token})
    assert preview.status_code == 200, preview.text
    assert preview.json() == {"category": "reminder", "tenant_name": "BEL Combinatie", "language": "nl"}
    assert (await nt.get("/v1/preferences/me", headers=manager)).json()["categories"]["reminder"][
        "email"
    ] is True

    for _ in range(2):  # no login; idempotent
        done = await nt.post("/v1/public/unsubscribe", json={"token": token})
        assert done.status_code == 200, done.text
        assert done.json()["category"] == "reminder"
    after = (await nt.get("/v1/preferences/me", headers=manager)).json()
    assert after["categories"]["reminder"]["email"] is False
    assert after["version"] == before["version"] + 1 and "reminder" not in after["inherited"]

    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    bad = await nt.post("/v1/public/unsubscribe", json={"token": altered})
    assert bad.status_code == 404 and bad.json()["code"] == "unsubscribe-link-invalid"
    assert bad.headers["content-type"].startswith("application/problem+json")

    # The next reminder is in the inbox, but no mail goes out for it.
    await publish(world["nats"].url, "bel", reminder_due(people["bel.leidinggevende"], open_=6))
    items = await inbox_until(
        nt, manager, lambda items: any("nog 6 salarisbesluit" in i["body"] for i in items)
    )
    second = next(i for i in items if "nog 6 salarisbesluit" in i["body"])
    await asyncio.sleep(2)
    assert f"<n.{second['id']}@{nt.app.state.settings.mail_domain}>" not in mailbox.by_message_id(to)
    # Switch it on again for the other tests.
    fresh = (await nt.get("/v1/preferences/me", headers=manager)).json()
    body = {k: fresh[k] for k in ("language", "digest_hour", "digest_weekday", "quiet_hours")} | {
        "categories": {}
    }
    r = await nt.put(
        "/v1/preferences/me", json=body, headers={**manager, "If-Match": f'"{fresh["version"]}"'}
    )
    assert r.status_code == 200 and r.json()["categories"]["reminder"]["email"] is True, r.text


async def test_quiet_hours_hold_the_mail_back_until_they_end(world, mailbox):
    from datetime import timedelta

    from sqlalchemy import text

    from dialoog.kit import clock
    from dialoog.kit.clock import AMSTERDAM
    from dialoog.kit.db import tenant_transaction

    from .helpers import tasks_assigned

    nt, signed, people = world["nt"], world["signed"], world["people"]
    who = "ruben.vermeer.heemstede"
    person = signed(address(who), "heemstede")
    local = clock.now().astimezone(AMSTERDAM)
    start, end = local - timedelta(hours=1), local + timedelta(hours=2)
    prefs = await nt.get("/v1/preferences/me", headers=person)
    body = {
        "language": "nl",
        "categories": {},
        "digest_hour": 8,
        "digest_weekday": 1,
        "quiet_hours": {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")},
    }
    r = await nt.put("/v1/preferences/me", json=body, headers={**person, "If-Match": prefs.headers["ETag"]})
    assert r.status_code == 200, r.text
    await publish(world["nats"].url, "heemstede", tasks_assigned(people[who], count=808))
    items = await inbox_until(nt, person, lambda xs: any("808 salarisbesluit" in x["body"] for x in xs))
    item = next(x for x in items if "808 salarisbesluit" in x["body"])
    message_id = f"<n.{item['id']}@{nt.app.state.settings.mail_domain}>"
    await asyncio.sleep(2)
    assert message_id not in mailbox.by_message_id()  # the inbox has it; the mail waits
    async with tenant_transaction(nt.app.state.sessions, "heemstede") as session:
        not_before = (
            await session.execute(
                text("select not_before from mail_outbox where message_id = :m"), {"m": message_id}
            )
        ).scalar_one()
    assert not_before.astimezone(AMSTERDAM).strftime("%H:%M") == end.strftime("%H:%M")
    assert not_before > clock.now() + timedelta(hours=1)
