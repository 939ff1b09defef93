"""Event pipeline benchmark: end to end (business row + outbox committed -> relay -> JetStream ->
consumer effect + inbox committed) against raw nats-py JetStream publish and pull+ack, measured
in the same run on the same machine. Prints figures; asserts nothing.

    uv run python bench/events.py [--events 10000] [--rate 500] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nats
from nats.js.api import StorageType, StreamConfig
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import bench_database, postgres_stack, private_nats, table

from dialoog.devstack.procs import spawn, stop
from dialoog.kit.events.relay import OutboxRelay
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.organisatie.persistence.tables import outbox
from dialoog.testing.event_processes import create_scratch

PAYLOAD = b'{"specversion":"1.0","id":"x","data":{"org_unit_id":"00000000-0000-0000-0000-000000000000"}}' * 3


async def raw_nats(url: str, count: int) -> dict[str, float]:
    nc = await nats.connect(url)
    js = nc.jetstream()
    await js.add_stream(StreamConfig(name="RAW", subjects=["raw.>"], storage=StorageType.FILE))
    t0 = time.perf_counter()
    for i in range(count // 10):
        await js.publish("raw.one", PAYLOAD, headers={"Nats-Msg-Id": f"one-{i}"})
    one_by_one = (count // 10) / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    futures = [
        await js.publish_async("raw.async", PAYLOAD, headers={"Nats-Msg-Id": f"a-{i}"}) for i in range(count)
    ]
    await asyncio.gather(*futures)
    publish_async = count / (time.perf_counter() - t0)
    sub = await js.pull_subscribe("raw.async", durable="raw", stream="RAW")
    t0 = time.perf_counter()
    got = 0
    while got < count:
        for msg in await sub.fetch(500, timeout=5):
            await msg.ack()
            got += 1
    pull_ack = count / (time.perf_counter() - t0)
    await nc.close()
    return {"publish": one_by_one, "publish_async": publish_async, "pull_ack": pull_ack}


async def pipeline(db: dict[str, str], url: str, count: int, rate: float, seconds: float, tmp: Path) -> dict:
    """Three processes, as in production: clients writing through the service code, the
    service's outbox relay (here), and the consuming service."""
    await create_scratch(db)
    engine = create_async_engine(db["app"], pool_size=20, max_overflow=20)
    nc = await nats.connect(url)
    js = nc.jetstream()
    await ensure_service_streams(js, "organisatie")
    times = tmp / "effects.times"
    consumer = spawn(
        [
            sys.executable,
            "-m",
            "dialoog.testing.event_processes",
            "consumer",
            "--db",
            db["app"],
            "--nats",
            url,
            "--name",
            "bench",
            "--batch",
            "500",
            "--batch-effects",
            "--times",
            str(times),
        ],
        tmp / "consumer.log",
    )
    relay = OutboxRelay(engine, db["app"], js, outbox, poll_interval=0.5)
    relay_task = asyncio.create_task(relay.run())

    async def applied() -> int:
        async with engine.connect() as conn:
            return (await conn.execute(text("select count(*) from test_scratch.effects"))).scalar_one()

    async def wait_applied(expected: int, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while await applied() < expected and time.perf_counter() < deadline:
            await asyncio.sleep(0.02)

    writer = [sys.executable, str(Path(__file__).resolve().parent / "_writer.py")]
    try:
        # 1. Throughput: a client process commits business rows and their events in transactions
        #    of 100 as fast as it can; timed until the consuming service committed every effect.
        t0 = time.perf_counter()
        await asyncio.to_thread(
            subprocess.run, [*writer, "bulk", "--db", db["app"], "--count", str(count)], check=True
        )
        await wait_applied(count, 300)
        throughput = count / (time.perf_counter() - t0)

        # 2. Latency at a fixed rate: the client process commits one event per transaction,
        #    `rate` per second, each started on schedule; commit -> effect committed.
        #    Two client processes share the rate, so that the clients' own CPU does not delay
        #    the moment they record a commit.
        clients = 2
        commit_files = [tmp / f"commits-{n}.times" for n in range(clients)]
        procs = [
            subprocess.Popen(
                [
                    *writer,
                    "rate",
                    "--db",
                    db["app"],
                    "--rate",
                    str(rate / clients),
                    "--seconds",
                    str(seconds),
                    "--out",
                    str(path),
                ]
            )
            for path in commit_files
        ]
        for proc in procs:
            await asyncio.to_thread(proc.wait)
        total = int(rate * seconds)
        await wait_applied(count + total, 60)
        await asyncio.sleep(0.2)
    finally:
        relay.stop()
        await asyncio.gather(relay_task, return_exceptions=True)
        await relay.close()
        stop(consumer)
        await nc.close()
        await engine.dispose()

    def read_times(path: Path) -> dict[str, float]:
        return {
            k: float(v)
            for k, v in (line.split() for line in path.read_text().splitlines() if line[:1] != "#")
        }

    done = read_times(times)
    committed: dict[str, float] = {}
    achieved = 0.0
    for path in commit_files:
        committed.update(read_times(path))
        achieved += float(path.read_text().splitlines()[0].split()[-1])
    latencies = sorted((done[u] - at) * 1000 for u, at in committed.items() if u in done)
    return {
        "throughput": throughput,
        "p50": statistics.median(latencies),
        "p99": latencies[max(0, int(len(latencies) * 0.99) - 1)],
        "achieved_rate": achieved,
        "samples": len(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=500.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    with postgres_stack() as cfg:
        with bench_database(cfg, "organisatie", "events") as db:
            with private_nats() as server:
                raw = asyncio.run(raw_nats(server.url, args.events * 2))
            with private_nats() as server, tempfile.TemporaryDirectory() as tmp:
                result = asyncio.run(
                    pipeline(db, server.url, args.events, args.rate, args.seconds, Path(tmp))
                )
    ratio = result["throughput"] / raw["pull_ack"]
    print("\nEvent pipeline (same machine, same run)")
    print(
        table(
            [
                ("measure", "figure", "note"),
                (
                    "raw JetStream publish, awaited",
                    f"{raw['publish']:,.0f} msg/s",
                    "nats-py js.publish one by one",
                ),
                (
                    "raw JetStream publish_async",
                    f"{raw['publish_async']:,.0f} msg/s",
                    "nats-py, all in flight",
                ),
                ("raw JetStream pull + ack", f"{raw['pull_ack']:,.0f} msg/s", "fetch 500, ack each"),
                (
                    "pipeline end to end",
                    f"{result['throughput']:,.0f} events/s",
                    f"{ratio:.0%} of raw pull+ack (target >= 15%)",
                ),
                (
                    f"latency at {args.rate:.0f} events/s, p50",
                    f"{result['p50']:.1f} ms",
                    f"commit -> consumer effect committed; {result['samples']} events",
                ),
                (f"latency at {args.rate:.0f} events/s, p99", f"{result['p99']:.1f} ms", "target < 100 ms"),
                ("achieved write rate", f"{result['achieved_rate']:,.0f} events/s", ""),
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
