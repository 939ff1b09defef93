"""Replicas on one machine, for real (issue 15, ADR 0028): the stack in cluster mode (a 3-node
nats-server cluster with every stream at 3 replicas, two processes of every service, two of each
Temporal worker). While DIALOOG_CLUSTER_EVENTS org-unit events (default 10,000) flow from
organisatie's outbox through both of its relays to the consumers of salaris, portfolio and feedback
(two processes each, sharing one durable pull consumer per name) and a salary round of
DIALOOG_CLUSTER_EMPLOYEES (default 2,000) runs on the two salaris workers, the test kills a NATS
node and starts it again, SIGKILLs the second process of every service and a salaris worker while
it makes letters, and starts them again (DIALOOG_CLUSTER_KILLS=0: nothing is killed). Afterwards
every event was applied exactly once by every consumer, the stream holds each once, no dead
letter, the round has one decision per employee and one letter per decision version, and portfolio
keeps each letter once. It prints the counts it checked and how long each part took."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import uuid

import nats
import pytest
from sqlalchemy import func

from dialoog.devstack import stack
from dialoog.devstack.config import SERVICES
from dialoog.devstack.procs import alive
from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.kit.events.streams import DEAD_LETTER_STREAM, stream_name
from dialoog.kit.settings import ServiceSettings
from dialoog.salaris.workflows.starter import connect, start_round

from . import checks, load

EVENTS = int(os.environ.get("DIALOOG_CLUSTER_EVENTS", "10000"))
EMPLOYEES = int(os.environ.get("DIALOOG_CLUSTER_EMPLOYEES", "2000"))
KILLS = os.environ.get("DIALOOG_CLUSTER_KILLS", "1") != "0"
# About 100 organisatie transactions spread over DIALOOG_CLUSTER_PUBLISH_SECONDS, so the events
# still flow while things are killed.
BATCH = min(100, max(5, EVENTS // 100))
PUBLISH_SECONDS = float(os.environ.get("DIALOOG_CLUSTER_PUBLISH_SECONDS", "240"))
# The consumers of org_unit.created and their projection of the units.
UNIT_CONSUMERS = {
    "salaris": "salaris-organisatie",
    "portfolio": "portfolio-organisatie",
    "feedback": "feedback-organisatie",
}
UNIT_EVENT = "nl.dialoog.organisatie.org_unit.created.v1"
LETTER_EVENT = "nl.dialoog.salaris.letter.issued.v1"

pytestmark = pytest.mark.timeout(3600)


def log(message: str) -> None:
    print(f"[cluster {time.strftime('%H:%M:%S')}] {message}", flush=True)


def sessions_of(cfg, service: str):
    engine = make_engine(ServiceSettings(database_url=cfg.database_url(service), database_pool_size=3))
    return engine, make_sessionmaker(engine)


def sigkill(cfg, name: str) -> None:
    """SIGKILL a component and its process group (a worker's letter processes die with it)."""
    pid = stack.running_pid(cfg, name)
    assert pid, f"{name} does not run"
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(pid), name


async def restart(cfg, name: str) -> float:
    t0 = time.monotonic()
    await asyncio.to_thread(stack.start_one, cfg, name)
    return time.monotonic() - t0


async def test_replicas_survive_kills_and_apply_every_event_once(cluster):
    cfg = cluster
    tenant = f"cl{uuid.uuid4().hex[:8]}"
    engines, sessions = {}, {}
    for service in ("organisatie", "salaris", "portfolio", "feedback"):
        engines[service], sessions[service] = sessions_of(cfg, service)
    nc = await nats.connect(cfg.nats_servers, max_reconnect_attempts=-1, reconnect_time_wait=0.5)
    js = nc.jetstream()
    timings: dict[str, float] = {}
    handle = None
    kills: list[str] = []
    try:
        # Every stream at 3 replicas, on the three nodes.
        for service in ("organisatie", "salaris"):
            info = await js.stream_info(stream_name(service))
            assert info.config.num_replicas == 3, service
            assert len(info.cluster.replicas or []) == 2, info.cluster  # the leader and two followers

        from dialoog.organisatie.persistence.tables import outbox as organisatie_outbox
        from dialoog.portfolio.persistence.tables import inbox as portfolio_inbox
        from dialoog.portfolio.persistence.tables import salary_letters as portfolio_letters
        from dialoog.salaris.persistence.tables import decisions, letters
        from dialoog.salaris.persistence.tables import outbox as salaris_outbox

        t0 = time.monotonic()
        await load.seed_round(sessions["salaris"], tenant, EMPLOYEES)
        rnd = await load.open_round(sessions["salaris"], tenant)
        client = await connect(cfg.temporal_address, "default")
        async with make_session(sessions["salaris"], tenant) as s:
            handle = await start_round(s, client, "salaris", tenant, rnd.id, letter_batch=50)
        log(f"tenant {tenant}: {EMPLOYEES} employees seeded, round opened")

        published: list[str] = []
        pause = PUBLISH_SECONDS / max(1, EVENTS // BATCH)
        publisher = asyncio.create_task(
            load.publish_units(sessions["organisatie"], tenant, EVENTS, BATCH, pause, published)
        )

        async def at_least(fraction: float) -> None:
            while len(published) < EVENTS * fraction and not publisher.done():
                await asyncio.sleep(0.1)

        await load.wait_for_status(sessions["salaris"], tenant, rnd.id, "deciding", 900)
        timings["round opened (assigned)"] = time.monotonic() - t0
        eligible = await load.decide_all_and_approve(sessions["salaris"], tenant, rnd.id)
        await handle.signal("approve")
        letters_sent = asyncio.create_task(
            load.wait_for_status(sessions["salaris"], tenant, rnd.id, "letters_sent", 1800)
        )
        log(f"round approved: {eligible} decisions; letters start")

        if KILLS:
            # The salaris worker, while the letters are being made.
            while await checks.row_count(sessions["salaris"], tenant, letters) < max(1, eligible // 10):
                await asyncio.sleep(0.1)
            sigkill(cfg, "salaris-worker-2")
            made = await checks.row_count(sessions["salaris"], tenant, letters)
            kills.append(f"salaris-worker-2 (SIGKILL) at {made} of {eligible} letters")
            log(kills[-1])
            await at_least(0.3)
            wire = await asyncio.to_thread(traffic, cfg)  # both processes of each at work
            sigkill(cfg, "nats-2")
            kills.append(f"nats-2 (SIGKILL) at {len(published)} events published")
            log(kills[-1])
            await asyncio.sleep(5)
            timings["nats-2 back"] = await restart(cfg, "nats-2")
            timings["salaris-worker-2 back"] = await restart(cfg, "salaris-worker-2")
            await at_least(0.5)
            for service in SERVICES:
                sigkill(cfg, f"{service}-2")
            kills.append(
                f"the second process of every service (SIGKILL) at {len(published)} events published"
            )
            log(kills[-1])
            await asyncio.sleep(3)
            for name in [f"{service}-2" for service in SERVICES]:
                timings[f"{name} back"] = await restart(cfg, name)
        else:
            await at_least(0.3)
            wire = await asyncio.to_thread(traffic, cfg)

        await publisher
        timings["events published"] = time.monotonic() - t0
        await letters_sent
        timings["letters sent (from the approval)"] = letters_sent.result()
        log(f"{len(published)} events published, round letters_sent; waiting for the consumers")

        # Until every consumer caught up (or the time is up): then compare.
        deadline = time.monotonic() + float(os.environ.get("DIALOOG_CLUSTER_DRAIN_SECONDS", "900"))
        letter_ids = await checks.event_ids(sessions["salaris"], tenant, salaris_outbox, LETTER_EVENT)
        while time.monotonic() < deadline:
            counts = await applied(sessions, tenant, portfolio_inbox, letter_ids)
            if all(n >= EVENTS for n in counts["units"].values()) and counts["letters"] >= len(letter_ids):
                break
            await asyncio.sleep(1)
        timings["consumers caught up"] = time.monotonic() - t0

        unit_ids = await checks.event_ids(sessions["organisatie"], tenant, organisatie_outbox, UNIT_EVENT)
        report = {
            "events published (organisatie outbox)": len(unit_ids),
            "organisatie outbox unsent": await checks.unsent(
                sessions["organisatie"], tenant, organisatie_outbox
            ),
            "salaris outbox unsent": await checks.unsent(sessions["salaris"], tenant, salaris_outbox),
            "ORGANISATIE stream, this tenant's org_unit.created": await checks.stream_count(
                js, stream_name("organisatie"), f"hr.{tenant}.organisatie.org_unit.created"
            ),
            "SALARIS stream, this tenant's letter.issued": await checks.stream_count(
                js, stream_name("salaris"), f"hr.{tenant}.salaris.letter.issued"
            ),
            "dead letters": await checks.stream_count(js, DEAD_LETTER_STREAM, "dlq.>"),
        }
        for service, consumer in UNIT_CONSUMERS.items():
            inbox = _tables(service).inbox
            report[f"{consumer} inbox rows"] = await checks.inbox_count(
                sessions[service], tenant, inbox, consumer, unit_ids
            )
            units = _tables(service).org_units
            # The published units (salaris also has the round's own team, seeded with it).
            published_only = [units.c.name.like("Eenheid %")] if "name" in units.c else []
            report[f"{service} projection: units"] = await checks.row_count(
                sessions[service], tenant, units, *published_only
            )
        report["decisions"] = await checks.row_count(sessions["salaris"], tenant, decisions)
        report["employees with a decision"] = await checks.distinct_count(
            sessions["salaris"], tenant, decisions.c.employee_id
        )
        report["letters"] = await checks.row_count(sessions["salaris"], tenant, letters)
        report["decision versions with a letter"] = await checks.distinct_count(
            sessions["salaris"], tenant, func.concat(letters.c.decision_id, letters.c.decision_version)
        )
        report["letter.issued events"] = len(letter_ids)
        report["portfolio-salaris inbox rows"] = await checks.inbox_count(
            sessions["portfolio"], tenant, portfolio_inbox, "portfolio-salaris", letter_ids
        )
        report["portfolio: letters kept"] = await checks.row_count(
            sessions["portfolio"], tenant, portfolio_letters
        )

        width = max(map(len, report))
        print(f"\ncluster test: {EVENTS} events, a round of {EMPLOYEES} employees ({eligible} eligible)")
        for what in kills or ["nothing killed (DIALOOG_CLUSTER_KILLS=0)"]:
            print(f"  killed: {what}")
        for key, value in report.items():
            print(f"  {key:<{width}} {value}")
        print(
            "  on the wire per process, at 30% published, before NATS was killed (in: to NATS, e.g. a relay's publishes; out: deliveries):"
        )
        for name, rows in sorted(wire.items()):
            print(
                f"    {name}: " + "; ".join(f"in {i} msgs/{b // 1024} KiB, out {o} msgs" for i, b, o in rows)
            )
        for key, value in timings.items():
            print(f"  {key:<{width}} {value:.1f} s")

        assert report["events published (organisatie outbox)"] == EVENTS
        assert report["organisatie outbox unsent"] == report["salaris outbox unsent"] == 0
        assert report["ORGANISATIE stream, this tenant's org_unit.created"] == EVENTS  # each once
        assert report["dead letters"] == 0
        for service, consumer in UNIT_CONSUMERS.items():
            assert report[f"{consumer} inbox rows"] == EVENTS, consumer
            assert report[f"{service} projection: units"] == EVENTS, service
        assert report["decisions"] == report["employees with a decision"] == eligible
        assert report["letters"] == report["decision versions with a letter"] == eligible
        assert report["letter.issued events"] == eligible
        assert report["SALARIS stream, this tenant's letter.issued"] == eligible
        assert report["portfolio-salaris inbox rows"] == report["portfolio: letters kept"] == eligible
        assert await load.round_status(sessions["salaris"], tenant, rnd.id) == "letters_sent"
    finally:
        if handle is not None:
            with contextlib.suppress(Exception):  # a round that finished needs no ending
                await handle.terminate("test done")
        await nc.close()
        for engine in engines.values():
            await engine.dispose()


async def applied(sessions, tenant, portfolio_inbox, letter_ids) -> dict:
    units = {}
    for service, consumer in UNIT_CONSUMERS.items():
        units[consumer] = await checks.inbox_count(
            sessions[service], tenant, _tables(service).inbox, consumer
        )
    letters = await checks.inbox_count(sessions["portfolio"], tenant, portfolio_inbox, "portfolio-salaris")
    return {"units": units, "letters": letters}


def traffic(cfg) -> dict[str, list[tuple[int, int, int]]]:
    """Per service connection (one per process) on any node: messages and bytes it sent to NATS
    and messages NATS delivered to it (monitoring endpoint /connz of each node)."""
    import httpx

    found: dict[str, list[tuple[int, int, int]]] = {}
    for node in range(1, cfg.nats_nodes + 1):
        url = f"http://{cfg.host}:{cfg.nats_port(node, 'nats_monitor')}/connz?limit=1024"
        for conn in httpx.get(url, timeout=5).json().get("connections", []):
            name = conn.get("name") or ""
            if name.startswith("dialoog-"):
                found.setdefault(name, []).append((conn["in_msgs"], conn["in_bytes"], conn["out_msgs"]))
    return found


def _tables(service: str):
    import importlib

    return importlib.import_module(f"dialoog.{service}.persistence.tables")


def make_session(sessions, tenant):
    from dialoog.kit.db import tenant_transaction

    return tenant_transaction(sessions, tenant)
