"""Webhook deliveries as an integrator sees them (issue 13, point 6): every request verified by a
receiver written here with the `standardwebhooks` package; 500 three times and then 200 is one
delivery with four attempts under one webhook-id, all in the log; 410 disables the endpoint; an
endpoint whose deliveries keep giving up is disabled; both publish `webhook.disabled`; a body
altered on the way fails verification; a rotated secret signs from then on."""

import itertools
import json
import logging
from datetime import datetime

import nats

from dialoog.contracts.registry import parse

from .conftest import SCHEDULE
from .helpers import delivery, eventually, make_endpoint, settled
from .receiver import Receiver, running

ADMIN = "bel.beheer"


async def test_500_three_times_then_200_is_one_delivery_of_four_attempts_under_one_webhook_id(hooks):
    client, auth = hooks["client"], hooks["auth"]
    async with running(Receiver(answers=[500, 500, 500])) as receiver:
        endpoint = await make_endpoint(hooks, receiver, description="HR-koppeling")
        assert endpoint["enabled"] and endpoint["secret"].startswith("whsec_")
        ping = await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))
        assert ping.status_code == 202, ping.text
        done = await settled(hooks, endpoint["id"], ping.json()["id"])

        assert done["state"] == "delivered" and done["attempts"] == 4
        assert [a["status"] for a in done["attempts_log"]] == [500, 500, 500, 200]
        assert all(a["response_ms"] is not None for a in done["attempts_log"])
        assert [a["error"] for a in done["attempts_log"]] == ["HTTP 500"] * 3 + [None]
        requests = receiver.for_delivery(done["id"])
        assert len(requests) == 4 and len(receiver.received) == 4  # one webhook-id, every time
        assert all(r.verified for r in requests)
        assert [r.answered for r in requests] == [500, 500, 500, 200]
        # The waits grow as the schedule says (0.2 s, 0.2 s, 0.3 s at least).
        times = [a["at"] for a in done["attempts_log"]]

        gaps = [
            (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()
            for a, b in itertools.pairwise(times)
        ]
        assert all(gap >= wait - 0.05 for gap, wait in zip(gaps, SCHEDULE, strict=True)), gaps
        # The body is the CloudEvent, structured mode.
        event = requests[-1].event
        assert requests[-1].headers["content-type"].startswith("application/cloudevents+json")
        assert event["type"] == "nl.dialoog.notificaties.webhook.test.v1" and event["tenant"] == "bel"
        assert event["specversion"] == "1.0" and event["data"] == {"endpoint_id": endpoint["id"]}
        assert event["id"] == done["event_id"]

        # The log lists it, newest first; deliver again: a fifth attempt, the same webhook-id.
        listed = (await client.get(f"/v1/webhooks/{endpoint['id']}/deliveries", headers=auth(ADMIN))).json()
        assert [d["id"] for d in listed["items"]] == [done["id"]] and listed["next_cursor"] is None
        again = await client.post(
            f"/v1/webhooks/{endpoint['id']}/deliveries/{done['id']}/redeliver", headers=auth(ADMIN)
        )
        assert again.status_code == 202 and again.json()["id"] == done["id"]

        async def fifth():
            found = await delivery(hooks, endpoint["id"], done["id"])
            return found if found["attempts"] == 5 and found["state"] == "delivered" else None

        await eventually(fifth)
        assert [r.webhook_id for r in receiver.received] == [done["id"]] * 5
        assert all(r.verified for r in receiver.received)


async def _disabled_events(hooks, endpoint_id: str) -> list:
    """`webhook.disabled` events for this endpoint on notificaties' stream (what the outbox relay
    published; another part of notificaties tells the tenant admins)."""
    settings = hooks["client"].app.state.settings
    nc = await nats.connect(settings.nats_url)
    try:
        js = nc.jetstream()
        sub = await js.subscribe("hr.bel.notificaties.webhook.disabled", ordered_consumer=True)
        found = []
        try:
            while True:
                msg = await sub.next_msg(timeout=0.5)
                event, payload = parse(msg.data)
                if str(payload.endpoint_id) == endpoint_id:
                    found.append((event, payload))
        except nats.errors.TimeoutError:
            pass
        return found
    finally:
        await nc.close()


async def test_a_receiver_answering_410_disables_the_endpoint(hooks):
    client, auth = hooks["client"], hooks["auth"]
    async with running(Receiver(answers=[410])) as receiver:
        endpoint = await make_endpoint(hooks, receiver)
        ping = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        done = await settled(hooks, endpoint["id"], ping["id"])
        assert done["state"] == "gave_up" and done["attempts"] == 1 and done["last_status"] == 410

        shown = await client.get(f"/v1/webhooks/{endpoint['id']}", headers=auth(ADMIN))
        assert shown.json()["enabled"] is False and shown.json()["disabled_reason"] == "gone"
        assert shown.headers["etag"] == f'"{shown.json()["version"]}"'
        events = await eventually(lambda: _disabled_events(hooks, endpoint["id"]))
        assert len(events) == 1 and events[0][1].reason == "gone" and events[0][0].tenant == "bel"

        # Nothing more is sent to it: a test is refused until the admin enables it again.
        refused = await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))
        assert refused.status_code == 409 and refused.json()["code"] == "webhook-disabled"
        assert refused.headers["content-type"].startswith("application/problem+json")
        on = await client.patch(
            f"/v1/webhooks/{endpoint['id']}",
            json={"enabled": True},
            headers={**auth(ADMIN), "If-Match": shown.headers["etag"]},
        )
        assert on.status_code == 200 and on.json()["enabled"] and on.json()["disabled_reason"] is None
        ping = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        assert (await settled(hooks, endpoint["id"], ping["id"]))["state"] == "delivered"
        assert len(receiver.received) == 2 and all(r.verified for r in receiver.received)


async def test_an_endpoint_whose_deliveries_keep_giving_up_is_disabled(hooks):
    client, auth = hooks["client"], hooks["auth"]
    attempts = len(SCHEDULE) + 1
    async with running(Receiver(answers=[503] * (2 * attempts))) as receiver:
        endpoint = await make_endpoint(hooks, receiver)
        first = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        gave_up = await settled(hooks, endpoint["id"], first["id"])
        assert gave_up["state"] == "gave_up" and gave_up["attempts"] == attempts
        still = (await client.get(f"/v1/webhooks/{endpoint['id']}", headers=auth(ADMIN))).json()
        assert still["enabled"]  # one delivery gave up; the rule is two in a row (this stack's setting)
        second = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        assert (await settled(hooks, endpoint["id"], second["id"]))["state"] == "gave_up"

        off = (await client.get(f"/v1/webhooks/{endpoint['id']}", headers=auth(ADMIN))).json()
        assert off["enabled"] is False and off["disabled_reason"] == "failing"
        events = await eventually(lambda: _disabled_events(hooks, endpoint["id"]))
        assert [(p.reason, p.failed_deliveries) for _, p in events] == [("failing", 2)]
        assert len(receiver.received) == 2 * attempts and all(r.verified for r in receiver.received)


async def test_a_body_altered_on_the_way_fails_verification_at_the_receiver(hooks):
    client, auth = hooks["client"], hooks["auth"]
    async with running(Receiver(tamper=True)) as receiver:
        endpoint = await make_endpoint(hooks, receiver)
        ping = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        done = await settled(hooks, endpoint["id"], ping["id"])
        assert done["state"] == "gave_up"
        assert [a["status"] for a in done["attempts_log"]] == [401] * (len(SCHEDULE) + 1)
        assert receiver.received and not any(r.verified for r in receiver.received)
    # The same request, unaltered, verifies: it is the alteration that fails.
    async with running(Receiver()) as honest:
        endpoint = await make_endpoint(hooks, honest)
        ping = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        assert (await settled(hooks, endpoint["id"], ping["id"]))["state"] == "delivered"
        assert [r.verified for r in honest.received] == [True]


async def test_a_new_secret_signs_from_then_on_and_is_never_shown_again(hooks, caplog):
    caplog.set_level(logging.DEBUG)
    client, auth = hooks["client"], hooks["auth"]
    async with running(Receiver()) as receiver:
        endpoint = await make_endpoint(hooks, receiver)
        old = receiver.secret
        shown = (await client.get(f"/v1/webhooks/{endpoint['id']}", headers=auth(ADMIN))).json()
        listed = (await client.get("/v1/webhooks", headers=auth(ADMIN))).json()
        assert "secret" not in shown and all("secret" not in e for e in listed["items"])
        assert old not in json.dumps(listed) and "secret_sealed" not in json.dumps(listed)
        rotated = await client.post(
            f"/v1/webhooks/{endpoint['id']}/secret",
            headers={**auth(ADMIN), "If-Match": f'"{shown["version"]}"'},
        )
        assert rotated.status_code == 200, rotated.text
        new = rotated.json()["secret"]
        assert new != old and new.startswith("whsec_") and rotated.json()["version"] == shown["version"] + 1
        receiver.secret = new
        ping = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        assert (await settled(hooks, endpoint["id"], ping["id"]))["state"] == "delivered"
        receiver.secret = old  # the old secret no longer verifies what is sent now
        ping = (await client.post(f"/v1/webhooks/{endpoint['id']}/test", headers=auth(ADMIN))).json()
        assert (await settled(hooks, endpoint["id"], ping["id"]))["state"] == "gave_up"
        assert next(r.verified for r in receiver.received) is True
        assert not any(r.verified for r in receiver.received[1:])
    # Neither secret nor any signature in the log (the worker logs every attempt).
    assert "webhook delivery" in caplog.text
    signatures = [r.headers["webhook-signature"].removeprefix("v1,") for r in receiver.received]
    for secret in (old, new, *signatures):
        assert secret not in caplog.text
    assert "whsec_" not in caplog.text
