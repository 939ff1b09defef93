"""The outbox and the inbox under forced RLS (ADR 0015), as the app role sees them: a tenant reads
and writes its own rows only; the relay reads every tenant's in platform mode and publishes them as
CloudEvents in structured mode; the inbox still catches a repeat that its policy hides."""

import uuid

import nats as nats_client
import pytest
from nats.js.api import ConsumerConfig, DeliverPolicy
from sqlalchemy import func, insert, select, update
from sqlalchemy.exc import DBAPIError

from dialoog.contracts import wire
from dialoog.contracts.events.organisatie import OrgUnitCreated
from dialoog.kit import clock
from dialoog.kit.db import platform_transaction, tenant_transaction
from dialoog.kit.events.inbox import InboxRepository
from dialoog.kit.events.outbox import OutboxRepository
from dialoog.kit.events.relay import OutboxRelay
from dialoog.kit.events.streams import ensure_service_streams, stream_name
from dialoog.organisatie.persistence.tables import inbox, outbox


class RolledBack(Exception):
    pass


async def outbox_tenants(world, tenant: str | None) -> list[str]:
    async with tenant_transaction(world.sessions, tenant) as session:
        return list((await session.execute(select(outbox.c.tenant_id).order_by(outbox.c.seq))).scalars())


async def test_a_tenant_reads_and_writes_only_its_own_outbox_rows(world):
    await world.write_events(2, tenant="bel")
    await world.write_events(3, tenant="heemstede")
    assert await outbox_tenants(world, "bel") == ["bel", "bel"]
    assert await outbox_tenants(world, "heemstede") == ["heemstede"] * 3
    assert await outbox_tenants(world, None) == []
    async with platform_transaction(world.sessions) as session:
        assert await OutboxRepository(outbox).unsent(session) == 5
    with pytest.raises(RolledBack):
        async with tenant_transaction(world.sessions, "bel") as session:
            marked = await session.execute(update(outbox).values(sent_at=func.now()))
            assert marked.rowcount == 2  # heemstede's rows are not there to mark
            raise RolledBack
    stray = OrgUnitCreated(org_unit_id=uuid.uuid4(), parent_id=None, name="Elders", version=1)
    event = OrgUnitCreated.event_type.envelope("heemstede", stray, time=clock.now())
    with pytest.raises(DBAPIError, match="row-level security"):
        async with tenant_transaction(world.sessions, "bel") as session:
            await session.execute(
                insert(outbox).values(
                    event_id=event.id,
                    tenant_id="heemstede",
                    subject=event.subject,
                    type=event.type,
                    envelope=wire.envelope_json(event),
                )
            )


async def test_the_relay_publishes_every_tenants_rows_in_platform_mode(world):
    await world.write_events(2, tenant="bel")
    await world.write_events(2, tenant="heemstede")
    expected = await world.event_ids()
    nc = await nats_client.connect(world.nats.url)
    try:
        js = nc.jetstream()
        await ensure_service_streams(js, "organisatie")
        relay = OutboxRelay(world.engine, world.urls["app"], js, outbox)
        assert await relay.relay_once() == 4
        async with platform_transaction(world.sessions) as session:
            assert await OutboxRepository(outbox).unsent(session) == 0
        sub = await js.pull_subscribe(
            "hr.*.organisatie.>",
            stream=stream_name("organisatie"),
            config=ConsumerConfig(deliver_policy=DeliverPolicy.ALL),
        )
        messages = await sub.fetch(4, timeout=5)
    finally:
        await nc.close()
    assert {m.headers[wire.MSG_ID_HEADER] for m in messages} == expected
    assert sorted(m.headers[wire.TENANT_HEADER] for m in messages) == ["bel", "bel", "heemstede", "heemstede"]
    for msg in messages:
        # Structured mode, and nothing that says otherwise (no `ce-*` header).
        assert set(msg.headers) == {wire.CONTENT_TYPE_HEADER, wire.MSG_ID_HEADER, wire.TENANT_HEADER}
        assert msg.headers[wire.CONTENT_TYPE_HEADER] == "application/cloudevents+json; charset=utf-8"


async def test_an_inbox_row_is_its_tenants_and_a_repeat_is_caught_under_any_tenant(world):
    repository, event_id = InboxRepository(inbox), str(uuid.uuid4())
    async with tenant_transaction(world.sessions, "bel") as session:
        assert await repository.record(session, "probe", "bel", event_id) is True
    async with tenant_transaction(world.sessions, "bel") as session:
        assert (await session.execute(select(func.count()).select_from(inbox))).scalar_one() == 1
    async with tenant_transaction(world.sessions, "heemstede") as session:
        assert (await session.execute(select(func.count()).select_from(inbox))).scalar_one() == 0
        # Hidden from heemstede, yet the primary key holds: recorded before, so not new.
        assert await repository.record(session, "probe", "heemstede", event_id) is False
        assert await repository.record_many(session, "probe", "heemstede", [event_id]) == set()
    with pytest.raises(DBAPIError, match="row-level security"):
        async with tenant_transaction(world.sessions, "bel") as session:
            await repository.record(session, "probe", "heemstede", str(uuid.uuid4()))
