"""Creating and renaming an org unit publishes typed events, with the tenant and the trace."""

import asyncio

import nats
from nats.js.api import ConsumerConfig, DeliverPolicy

from dialoog.contracts.sdk import parse
from dialoog.kit.events.streams import ensure_service_streams


async def test_org_unit_events_reach_jetstream_with_tenant_and_trace(
    service_client, keycloak_token, test_nats
):
    nc = await nats.connect(test_nats.url)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie")
    headers = {"Authorization": f"Bearer {keycloak_token('heemstede.beheer')}"}
    try:
        async with service_client("organisatie") as client:
            sub = await js.pull_subscribe(
                "hr.heemstede.organisatie.org_unit.>",
                stream="ORGANISATIE",
                config=ConsumerConfig(deliver_policy=DeliverPolicy.NEW),
            )
            created = (
                await client.post("/v1/org-units", json={"name": "Team Vergunningen"}, headers=headers)
            ).json()
            await client.patch(
                f"/v1/org-units/{created['id']}",
                json={"name": "Team Vergunningen en Handhaving"},
                headers={**headers, "If-Match": '"1"'},
            )
            seen = {}
            for _ in range(20):
                try:
                    for msg in await sub.fetch(10, timeout=1):
                        event, payload = parse(msg.data)
                        await msg.ack()
                        if str(payload.org_unit_id) == created["id"]:
                            seen[event.type] = (event, payload, msg.headers)
                except TimeoutError:
                    pass
                if len(seen) == 2:
                    break
                await asyncio.sleep(0.1)
    finally:
        await nc.close()
    made, renamed = (
        seen["nl.dialoog.organisatie.org_unit.created.v1"],
        seen["nl.dialoog.organisatie.org_unit.renamed.v1"],
    )
    assert made[0].tenant == "heemstede" and made[0].subject == "hr.heemstede.organisatie.org_unit.created"
    assert made[1].name == "Team Vergunningen" and renamed[1].name == "Team Vergunningen en Handhaving"
    assert renamed[1].version == 2
    assert made[2]["Nats-Msg-Id"] == made[0].id
    assert made[2]["Dialoog-Tenant"] == "heemstede"
    assert made[0].traceparent and made[0].traceparent.startswith("00-")


async def test_the_official_cloudevents_sdk_reads_the_messages_off_nats(
    service_client, keycloak_token, test_nats
):
    """An integrator's reader that nobody here wrote: the `cloudevents` SDK's auto-detection (new
    `cloudevents.core` API and the v1 `from_http`), given the NATS headers and body as they arrive,
    finds structured mode and reads every attribute; the relay of the service app published them."""
    from cloudevents.core.bindings.http import HTTPMessage, from_http_event
    from cloudevents.v1.http import from_http

    nc = await nats.connect(test_nats.url)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie")
    headers = {"Authorization": f"Bearer {keycloak_token('heemstede.beheer')}"}
    try:
        async with service_client("organisatie") as client:
            sub = await js.pull_subscribe(
                "hr.heemstede.organisatie.org_unit.created",
                stream="ORGANISATIE",
                config=ConsumerConfig(deliver_policy=DeliverPolicy.NEW),
            )
            created = (
                await client.post("/v1/org-units", json={"name": "Team Cloudevents"}, headers=headers)
            ).json()
            message = None
            for _ in range(20):
                try:
                    for msg in await sub.fetch(10, timeout=1):
                        await msg.ack()
                        if created["id"] in msg.data.decode():
                            message = msg
                except TimeoutError:
                    pass
                if message is not None:
                    break
    finally:
        await nc.close()
    assert message is not None, "the event never reached JetStream"
    assert not [h for h in message.headers if h.lower().startswith("ce-")]
    assert message.headers["Content-Type"] == "application/cloudevents+json; charset=utf-8"
    ours, _ = parse(message.data)

    event = from_http_event(HTTPMessage(headers=dict(message.headers), body=message.data))
    assert event.get_specversion() == "1.0"
    assert event.get_type() == "nl.dialoog.organisatie.org_unit.created.v1"
    assert event.get_source() == "/dialoog/organisatie"
    assert event.get_id() == message.headers["Nats-Msg-Id"] == ours.id
    assert event.get_subject() == "hr.heemstede.organisatie.org_unit.created" == message.subject
    assert event.get_time() == ours.time
    assert event.get_datacontenttype() == "application/json"
    assert event.get_extension("tenant") == "heemstede"
    assert event.get_extension("traceparent") == message.headers["traceparent"] == ours.traceparent
    assert event.get_data() == {
        "org_unit_id": created["id"],
        "parent_id": None,
        "name": "Team Cloudevents",
        "version": 1,
    }

    legacy = from_http(dict(message.headers), message.data)
    assert (legacy["specversion"], legacy["type"], legacy["source"], legacy["id"]) == (
        "1.0",
        event.get_type(),
        event.get_source(),
        ours.id,
    )
    assert (legacy["subject"], legacy["tenant"]) == (message.subject, "heemstede")
    assert legacy.get_data() == event.get_data()
