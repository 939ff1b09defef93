"""Tenant A's admin sees and manages only A's webhooks, and A's events never reach B's endpoint
(issue 13, "What it must show"). The events are real: organisatie (in this process) makes the demo
tenants and their people, and notificaties' consumers turn what it publishes into deliveries."""

import uuid

import pytest

from dialoog.devstack.demo_people import HEADER
from dialoog.testing.world import create_demo_tenants

from .helpers import eventually, make_endpoint
from .receiver import Receiver, running

UNIT_CREATED = "nl.dialoog.organisatie.org_unit.created.v1"


async def test_each_admin_sees_and_manages_only_her_own_tenants_webhooks(hooks):
    client, auth = hooks["client"], hooks["auth"]
    async with running(Receiver()) as bel_receiver, running(Receiver()) as heemstede_receiver:
        bel = await make_endpoint(hooks, bel_receiver, "bel.beheer")
        heemstede = await make_endpoint(hooks, heemstede_receiver, "heemstede.beheer")

        seen = (await client.get("/v1/webhooks?limit=200", headers=auth("heemstede.beheer"))).json()
        assert heemstede["id"] in [e["id"] for e in seen["items"]]
        assert bel["id"] not in [e["id"] for e in seen["items"]]
        assert all("tenant_id" not in e for e in seen["items"])
        other = f"/v1/webhooks/{bel['id']}"
        as_heemstede = {**auth("heemstede.beheer"), "If-Match": f'"{bel["version"]}"'}
        for method, path, body in (
            ("GET", other, None),
            ("PATCH", other, {"description": "overgenomen"}),
            ("POST", other + "/secret", None),
            ("GET", other + "/deliveries", None),
            ("POST", other + "/test", None),
            ("DELETE", other, None),
        ):
            r = await client.request(method, path, json=body, headers=as_heemstede)
            assert r.status_code == 404, (method, path, r.text)
            assert r.json()["code"] == "webhook-not-found"
        still = await client.get(other, headers=auth("bel.beheer"))
        assert still.status_code == 200 and still.json()["version"] == bel["version"]
        assert still.json()["description"] is None


@pytest.mark.timeout(600)
async def test_a_tenants_events_reach_only_its_own_endpoints(hooks, service_client):
    client, auth = hooks["client"], hooks["auth"]
    async with running(Receiver()) as bel_receiver, running(Receiver()) as heemstede_receiver:
        bel = await make_endpoint(hooks, bel_receiver, "bel.beheer", event_types=[])  # every type
        heemstede = await make_endpoint(
            hooks, heemstede_receiver, "heemstede.beheer", event_types=[UNIT_CREATED]
        )
        assert heemstede["event_types"] == [UNIT_CREATED]
        # organisatie makes the demo tenants (or finds them made by an earlier test), then a unit in
        # each and a person in bel that no test made before: events after the endpoints exist.
        async with service_client("organisatie", provision_keycloak=False) as org:
            await create_demo_tenants(org, auth)
            tag = uuid.uuid4().hex[:8]
            for tenant in ("bel", "heemstede"):
                r = await org.post(
                    "/v1/org-units", json={"name": f"Team Webhooks {tag}"}, headers=auth(f"{tenant}.beheer")
                )
                assert r.status_code == 201, r.text
            row = f"wh-{tag};Wil;Haak {tag};wh.{tag}@demo.dialoog.example;1990-01-01;2020-01-01;;Team HR;Afdeling Bedrijfsvoering;;"
            started = await org.post(
                "/v1/imports",
                content=f"{HEADER}\n{row}\n".encode(),
                headers={**auth("bel.beheer"), "content-type": "text/csv"},
            )
            assert started.status_code == 202, started.text

            async def some_of_each():
                bel_types = {r.event["type"] for r in bel_receiver.received}
                got_units = any(r.event["type"] == UNIT_CREATED for r in heemstede_receiver.received)
                return "nl.dialoog.organisatie.person.created.v1" in bel_types and got_units

            await eventually(some_of_each, within=120, every=0.5)

        assert all(r.verified for r in bel_receiver.received + heemstede_receiver.received)
        assert {r.event["tenant"] for r in bel_receiver.received} == {"bel"}
        assert {r.event["tenant"] for r in heemstede_receiver.received} == {"heemstede"}
        assert {r.event["type"] for r in heemstede_receiver.received} == {UNIT_CREATED}  # its filter
        assert all(r.event["subject"].startswith("hr.bel.") for r in bel_receiver.received)
        # One delivery per event: no event twice at one endpoint.
        event_ids = [r.event["id"] for r in bel_receiver.received]
        assert len(event_ids) == len(set(event_ids))

        # And each admin's log holds her own tenant's deliveries only, each delivered once.
        async def all_delivered():
            r = await client.get(
                f"/v1/webhooks/{heemstede['id']}/deliveries?limit=200", headers=auth("heemstede.beheer")
            )
            items = r.json()["items"]
            return items if all(d["state"] == "delivered" for d in items) else None

        log = await eventually(all_delivered, within=60)
        assert {d["event_type"] for d in log} == {UNIT_CREATED}
        assert sorted(d["event_id"] for d in log) == sorted(
            r.event["id"] for r in heemstede_receiver.received
        )
        across = await client.get(f"/v1/webhooks/{bel['id']}/deliveries", headers=auth("heemstede.beheer"))
        assert across.status_code == 404
