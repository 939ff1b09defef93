"""Nothing lost, nothing applied twice: the outbox relay and the consumers, with real processes
killed by pid at the worst moments."""

import asyncio

import nats as nats_client
import pytest

from dialoog.devstack.procs import kill
from dialoog.kit.db import platform_transaction
from dialoog.kit.events.outbox import OutboxRepository
from dialoog.kit.events.streams import stream_name
from dialoog.organisatie.persistence.tables import outbox


async def stream_count(world) -> int:
    nc = await nats_client.connect(world.nats.url)
    try:
        return (await nc.jetstream().stream_info(stream_name("organisatie"))).state.messages
    finally:
        await nc.close()


async def unsent(world) -> int:
    async with platform_transaction(world.sessions) as session:
        return await OutboxRepository(outbox).unsent(session)


async def all_applied_once(world, expected: set[str]) -> None:
    async def done():
        return set((await world.effects()).keys()) >= expected

    await world.wait_for(done, 90, f"{len(expected)} effects")
    await asyncio.sleep(1.0)  # room for a late duplicate to show up
    effects = await world.effects()
    assert set(effects) == expected
    assert [e for e, n in effects.items() if n != 1] == []


async def test_relay_killed_after_the_commit_and_before_the_publish(world):
    await world.write_events(20)
    expected = await world.event_ids()
    world.spawn("consumer")
    pid, marker = world.spawn("relay", crash_at="before_publish")
    assert int(await world.wait_marker(marker, pid)) == 20
    kill(pid)
    assert await stream_count(world) == 0
    assert await unsent(world) == 20
    world.spawn("relay")
    await all_applied_once(world, expected)
    assert await unsent(world) == 0
    assert await stream_count(world) == 20


async def test_relay_killed_after_the_publish_and_before_marking_sent(world):
    await world.write_events(20)
    expected = await world.event_ids()
    world.spawn("consumer")
    pid, marker = world.spawn("relay", crash_at="after_publish")
    await world.wait_marker(marker, pid)
    kill(pid)
    assert await stream_count(world) == 20
    assert await unsent(world) == 20  # published, but the relay died before it could say so
    world.spawn("relay")
    await world.wait_for(lambda: _zero(unsent(world)), 30, "outbox drained")
    assert await stream_count(world) == 20  # the second publish was a duplicate, dropped by JetStream
    await all_applied_once(world, expected)


async def _zero(awaitable) -> bool:
    return (await awaitable) == 0


async def test_consumer_killed_after_its_commit_and_before_its_ack(world):
    await world.write_events(5)
    expected = await world.event_ids()
    world.spawn("relay")
    pid, marker = world.spawn("consumer", crash_at="after_commit", ack_wait=1.0)
    first = await world.wait_marker(marker, pid)
    kill(pid)
    committed = await world.effects()  # committed (the first batch), never acked
    assert first in committed and set(committed.values()) == {1}
    world.spawn("consumer", ack_wait=1.0)  # the same durable consumer, redelivers `first`
    await all_applied_once(world, expected)


@pytest.mark.timeout(240)
async def test_nats_server_restarted_while_ten_thousand_events_flow(world):
    from dialoog.kit.events.consumer import EventConsumer
    from dialoog.kit.events.relay import OutboxRelay
    from dialoog.kit.events.streams import ensure_service_streams
    from dialoog.organisatie.persistence.tables import inbox, outbox
    from dialoog.testing.event_processes import consumer_spec, make_handler

    nc = await nats_client.connect(world.nats.url, max_reconnect_attempts=-1, reconnect_time_wait=0.2)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie")
    relay = OutboxRelay(world.engine, world.urls["app"], js, outbox, poll_interval=0.2)
    consumer = EventConsumer(
        js,
        world.sessions,
        inbox,
        consumer_spec("restart-consumer"),
        make_handler("restart-consumer"),
        service="organisatie",
    )
    tasks = [asyncio.create_task(relay.run()), asyncio.create_task(consumer.run())]
    writer = asyncio.create_task(world.write_events(10_000, batch=250))
    try:

        async def some_applied():
            return len(await world.effects()) >= 1_500

        await world.wait_for(some_applied, 120, "the flow to start")
        world.nats.restart()
        await writer
        expected = await world.event_ids()
        assert len(expected) == 10_000
        await all_applied_once(world, expected)
    finally:
        relay.stop()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await relay.close()
        await nc.close()


async def test_a_handler_slower_than_the_ack_wait_still_has_one_effect(world):
    from dialoog.kit.events.consumer import EventConsumer
    from dialoog.organisatie.persistence.tables import inbox
    from dialoog.testing.event_processes import consumer_spec, make_handler

    await world.write_events(3, name="Langzaam")
    expected = await world.event_ids()
    world.spawn("relay")
    nc = await nats_client.connect(world.nats.url)
    spec = consumer_spec("slow-consumer", ack_wait=1.0)
    consumer = EventConsumer(
        nc.jetstream(),
        world.sessions,
        inbox,
        spec,
        make_handler("slow-consumer", slow=2.5, slow_name="Langzaam 1"),
        service="organisatie",
    )
    task = asyncio.create_task(consumer.run())
    try:
        await all_applied_once(world, expected)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await nc.close()


async def test_poison_messages_end_in_dead_letters_with_their_reason_and_the_rest_flows(world):
    from dialoog.kit.events.consumer import EventConsumer
    from dialoog.kit.events.streams import DEAD_LETTER_STREAM, ensure_service_streams
    from dialoog.organisatie.persistence.tables import inbox
    from dialoog.testing.event_processes import POISON_NAME, consumer_spec, make_handler

    nc = await nats_client.connect(world.nats.url)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie")
    await js.publish(
        "hr.bel.organisatie.org_unit.created", b"{not json", headers={"Nats-Msg-Id": "garbage-1"}
    )
    await world.write_events(1, name=POISON_NAME)  # a name the test handler always refuses
    await world.write_events(10, name="Gezond")
    poisoned = await world.event_ids()
    world.spawn("relay")
    spec = consumer_spec("dlq-consumer", ack_wait=2.0, max_deliver=3, backoff=(0.2, 0.2))
    consumer = EventConsumer(
        js, world.sessions, inbox, spec, make_handler("dlq-consumer"), service="organisatie"
    )
    task = asyncio.create_task(consumer.run())
    try:

        async def settled():
            return len(await world.effects()) >= 10 and consumer.dead >= 2

        await world.wait_for(settled, 60, "ten effects and two dead letters")
        effects = await world.effects()
        assert len(effects) == 10 and set(effects.values()) == {1}
        assert len(poisoned - set(effects)) == 1
        dlq = await js.pull_subscribe(">", durable="dlq-reader", stream=DEAD_LETTER_STREAM)
        letters = await dlq.fetch(2, timeout=5)
        reasons = sorted(m.headers["Dialoog-Dead-Reason"] for m in letters)
        assert reasons[0].startswith("failed 3 times: RuntimeError: this event always fails")
        assert reasons[1].startswith("unparseable event")
        assert {m.headers["Dialoog-Original-Subject"] for m in letters} == {
            "hr.bel.organisatie.org_unit.created"
        }
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await nc.close()


async def test_messages_from_before_structured_mode_are_still_consumed(world):
    """Streams keep a year of events: those published with a `Ce-Type` header and no
    `Content-Type` (until 2026-12), with `traceparent: null` in the body, are applied as before."""
    import uuid

    from dialoog.contracts.events.organisatie import OrgUnitCreated
    from dialoog.kit import clock
    from dialoog.kit.events.consumer import EventConsumer
    from dialoog.kit.events.streams import ensure_service_streams
    from dialoog.organisatie.persistence.tables import inbox
    from dialoog.testing.event_processes import consumer_spec, make_handler

    nc = await nats_client.connect(world.nats.url)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie")
    old = [
        OrgUnitCreated.event_type.envelope(
            tenant,
            OrgUnitCreated(org_unit_id=uuid.uuid4(), parent_id=None, name=f"Oud {i}", version=1),
            time=clock.now(),
        )
        for i, tenant in enumerate(["bel", "bel", "heemstede"])
    ]
    for event in old:
        body = event.model_dump_json().encode()  # as the outbox stored it then: with the nulls
        assert b'"traceparent":null' in body
        await js.publish(
            event.subject,
            body,
            headers={"Nats-Msg-Id": event.id, "Dialoog-Tenant": event.tenant, "Ce-Type": event.type},
        )
    consumer = EventConsumer(
        js,
        world.sessions,
        inbox,
        consumer_spec("old-messages"),
        make_handler("old-messages"),
        service="organisatie",
    )
    task = asyncio.create_task(consumer.run())
    try:
        await all_applied_once(world, {event.id for event in old})
        assert consumer.dead == 0
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await nc.close()
