"""Integrator credentials are scoped to one tenant by nats-server itself."""

import asyncio
import uuid

import nats
import pytest

from dialoog.contracts.events.organisatie import OrgUnitCreated
from dialoog.contracts.sdk import open_consumer, subscribe
from dialoog.devstack import integrators
from dialoog.devstack.config import StackConfig
from dialoog.kit.clock import now
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.testing.nats_server import NatsServer


@pytest.fixture
async def secured(tmp_path):
    server = NatsServer(tmp_path)
    cfg: StackConfig = server.cfg
    bel = integrators.add(cfg, "bel", "payroll", None)
    heemstede = integrators.add(cfg, "heemstede", "dossier", None)
    server.auth = integrators.authorization_block(cfg)
    server.start()
    service = await nats.connect(server.url)
    js = service.jetstream()
    await ensure_service_streams(js, "organisatie")
    for tenant in ("bel", "heemstede", "bel"):
        payload = OrgUnitCreated(org_unit_id=uuid.uuid4(), parent_id=None, name=f"Team {tenant}", version=1)
        event = OrgUnitCreated.event_type.envelope(tenant, payload, time=now())
        await js.publish(event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id})
    yield server, js, bel, heemstede
    await service.close()
    server.stop()


async def connect_as(server, integrator, errors):
    async def on_error(exc):
        errors.append(str(exc))

    return await nats.connect(
        server.cfg.nats_address,
        user=integrator.user,
        password=integrator.password,
        inbox_prefix=integrator.inbox_prefix,
        error_cb=on_error,
        allow_reconnect=False,
    )


async def test_an_integrator_reads_its_own_tenants_events_with_the_sdk(secured):
    server, _, bel, _ = secured
    nc = await connect_as(server, bel, [])
    seen = []
    stop = asyncio.Event()

    async def on_event(event, payload):
        seen.append((event.tenant, payload.name))
        if len(seen) == 2:
            stop.set()

    try:
        await asyncio.wait_for(
            subscribe(
                nc.jetstream(),
                tenant="bel",
                service="organisatie",
                consumer=bel.user,
                handler=on_event,
                stop=stop,
            ),
            timeout=20,
        )
    finally:
        await nc.close()
    assert seen == [("bel", "Team bel"), ("bel", "Team bel")]


async def test_an_integrator_of_tenant_a_cannot_consume_tenant_b(secured):
    server, js, bel, heemstede = secured
    errors: list[str] = []
    nc = await connect_as(server, bel, errors)
    try:
        # A durable consumer on the other tenant's subjects is refused by the server.
        with pytest.raises(Exception):
            await open_consumer(
                nc.jetstream(timeout=2), tenant="heemstede", service="organisatie", consumer=bel.user
            )
        await asyncio.sleep(0.2)
        assert any(f"consumer.create.organisatie.{bel.user}.hr.heemstede" in e.lower() for e in errors), (
            errors
        )
        # A plain subscription on the other tenant's subjects is refused and receives nothing.
        received = []

        async def collect(msg):
            received.append(msg)

        await nc.subscribe("hr.heemstede.>", cb=collect)
        await nc.flush()
        await js.publish("hr.heemstede.organisatie.org_unit.created", b"{}", headers={"Nats-Msg-Id": "x-1"})
        await asyncio.sleep(0.5)
        assert received == []
        assert any("permissions violation" in e.lower() for e in errors), errors
        # Nor can it read through the other integrator's consumer.
        heemstede_nc = await connect_as(server, heemstede, [])
        await open_consumer(
            heemstede_nc.jetstream(), tenant="heemstede", service="organisatie", consumer=heemstede.user
        )
        await heemstede_nc.close()
        with pytest.raises(Exception):
            sub = await nc.jetstream(timeout=2).pull_subscribe_bind(
                durable=heemstede.user, stream="ORGANISATIE"
            )
            await sub.fetch(1, timeout=2)
        await asyncio.sleep(0.2)
        assert any(f"msg.next.organisatie.{heemstede.user}" in e.lower() for e in errors), errors
    finally:
        await nc.close()
