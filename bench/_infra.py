"""What the benchmarks need, started the way the tests do: the running `make up` stack when there
is one, else PostgreSQL of our own under .dialoog/bench; always a private nats-server."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from dialoog.devstack import postgres, stack
from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import stop, wait_until
from dialoog.kit.db import tenant_transaction
from dialoog.testing.databases import fresh_database
from dialoog.testing.nats_server import NatsServer

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def postgres_stack() -> Iterator[StackConfig]:
    dev = StackConfig.from_env(os.environ.get("DIALOOG_STATE_DIR") or ROOT / ".dialoog")
    if stack.running_pid(dev, "postgres"):
        yield dev
        return
    own = StackConfig.from_env(ROOT / ".dialoog" / "bench")
    if stack.running_pid(own, "postgres"):  # left running by `bench/keycloak_scale.py --keep`
        yield own
        return
    pid = postgres.start(own)
    try:
        wait_until(lambda: postgres.healthy(own), 60, what="postgres")
        yield own
    finally:
        stop(pid, sig=stack.POSTGRES.stop_signal, group=False)


@contextlib.contextmanager
def bench_database(cfg: StackConfig, service: str, label: str) -> Iterator[dict[str, str]]:
    """A freshly migrated database of the service for one benchmark, dropped when it is done."""
    db = fresh_database(cfg, service, f"_bench_{label}")
    try:
        yield db
        if os.environ.get("DIALOOG_BENCH_SIZES"):
            print(f"\n{service} database after the benchmark ({label}): size per table")
            print(table(asyncio.run(table_sizes(cfg, cfg.database_name(service, db["suffix"])))))
    finally:
        asyncio.run(postgres.drop_database(cfg, service, db["suffix"]))


async def table_sizes(cfg: StackConfig, database: str) -> list[tuple[str, ...]]:
    """Rows, bytes on disk (table, TOAST and indexes: pg_total_relation_size) and bytes per row
    of every table with rows, counted as the superuser (row level security does not hide any).
    Printed by `bench_database` when DIALOOG_BENCH_SIZES is set: the capacity model's per-row
    costs (docs/capacity.md)."""
    conn = await postgres.superuser_connect(cfg, database)
    try:
        names = await conn.fetch(
            "select schemaname, relname from pg_stat_user_tables order by pg_total_relation_size(relid) desc"
        )
        rows: list[tuple[str, ...]] = [("table", "rows", "bytes", "bytes/row")]
        for name in names:
            qualified = f'"{name["schemaname"]}"."{name["relname"]}"'
            count = await conn.fetchval(f"select count(*) from {qualified}")  # noqa: S608 (catalogue names)
            size = await conn.fetchval("select pg_total_relation_size($1::regclass)", qualified)
            if count:
                rows.append((name["relname"], f"{count:,}", f"{size:,}", f"{size / count:,.0f}"))
        return rows
    finally:
        await conn.close()


@contextlib.contextmanager
def private_nats() -> Iterator[NatsServer]:
    with tempfile.TemporaryDirectory(prefix="dialoog-bench-nats-") as directory:
        server = NatsServer(Path(directory)).start()
        try:
            yield server
        finally:
            server.stop()


def table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows)


@contextlib.contextmanager
def temporal_server(cfg: StackConfig) -> Iterator[str]:
    """The Temporal dev server of the running stack, else one of our own for the run."""
    from dialoog.devstack import temporal

    if stack.running_pid(cfg, "temporal"):
        yield cfg.temporal_address
        return
    pid = temporal.start(cfg)
    try:
        wait_until(lambda: temporal.healthy(cfg), 60, what="temporal")
        yield cfg.temporal_address
    finally:
        stop(pid)


@contextlib.contextmanager
def keycloak_stack(keep: bool = False) -> Iterator[StackConfig]:
    """PostgreSQL and Keycloak of the benchmarks' own, under .dialoog/bench and recorded there like
    a stack (`dialoog --state-dir .dialoog/bench down` stops them), never the dev or test stack's:
    what a benchmark provisions in it stays for the next run. Stopped afterwards unless `keep`."""
    from dialoog.devstack import stack as devstack

    own = StackConfig.from_env(ROOT / ".dialoog" / "bench")
    started = not devstack.running_pid(own, "keycloak")
    devstack.start_one(own, "postgres")
    asyncio.run(postgres.ensure_keycloak_database(own))
    devstack.start_one(own, "keycloak")
    try:
        yield own
    finally:
        if started and not keep:
            devstack.down(own)


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 (milliseconds) of the samples."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, int(len(ordered) * 0.95) - 1)]


async def timed_in_transactions(sessions, tenant: str, calls, runs: int) -> dict[str, tuple[float, float]]:
    """Each `(name, call)` run `runs` times in a tenant transaction of its own; p50/p95 per name
    (the first two runs warm caches and are not counted)."""
    results = {}
    for name, call in calls:
        samples = []
        for _ in range(runs):
            t0 = time.perf_counter()
            async with tenant_transaction(sessions, tenant) as session:
                await call(session)
            samples.append((time.perf_counter() - t0) * 1000)
        results[name] = percentiles(samples[2:])
    return results
