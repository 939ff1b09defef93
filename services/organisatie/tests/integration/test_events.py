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
