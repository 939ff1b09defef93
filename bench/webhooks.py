"""Webhook delivery benchmark (issue 13, point 7): notificaties' delivery worker (claim due
deliveries, sign per Standard Webhooks, POST with httpx, record each attempt and move each
delivery on, in PostgreSQL) against raw httpx POSTs of the same body to the same receiver with as
many in flight, measured in the same run on the same machine. The receiver runs in a process of
its own and answers 204. Prints figures; asserts nothing.

    uv run python bench/webhooks.py [--deliveries 5000] [--batch 50]
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import bench_database, postgres_stack, table

from dialoog.contracts.envelope import CloudEvent
from dialoog.devstack.procs import spawn, stop, wait_until
from dialoog.kit.clock import now
from dialoog.kit.db import make_sessionmaker, platform_transaction, tenant_transaction
from dialoog.notificaties.domain import webhook_sealing, webhook_signing
from dialoog.notificaties.persistence.tables import outbox
from dialoog.notificaties.persistence.webhook_tables import webhook_deliveries
from dialoog.notificaties.persistence.webhooks import DeliveryRepository, EndpointRepository
from dialoog.notificaties.service.webhook_context import WebhookContext
from dialoog.notificaties.service.webhook_fanout import body_of, delivery_row
from dialoog.notificaties.service.webhook_worker import CONTENT_TYPE, WebhookWorker

TENANT = "bench"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def event(n: int) -> CloudEvent:
    return CloudEvent(
        source="/dialoog/salaris",
        type="nl.dialoog.salaris.round.tasks_assigned.v1",
        subject=f"hr.{TENANT}.salaris.round.tasks_assigned",
        tenant=TENANT,
        time=now(),
        data={"round_id": str(uuid.uuid4()), "manager_id": str(uuid.uuid4()), "tasks": n % 40},
    )


async def raw_posts(url: str, count: int, in_flight: int, body: bytes) -> float:
    """POSTs of `body` by httpx with `in_flight` at a time, as the worker keeps them."""
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(timeout=10, limits=limits) as client:
        headers = {"content-type": CONTENT_TYPE}
        t0 = time.perf_counter()
        for start in range(0, count, in_flight):
            responses = await asyncio.gather(
                *(
                    client.post(url, content=body, headers=headers)
                    for _ in range(min(in_flight, count - start))
                )
            )
            assert all(r.status_code == 204 for r in responses)
        return count / (time.perf_counter() - t0)


async def worker_run(db: dict[str, str], url: str, count: int, batch: int) -> float:
    engine = create_async_engine(db["app"], pool_size=10, max_overflow=10)
    sessions = make_sessionmaker(engine)
    ctx = WebhookContext(
        key=webhook_sealing.derive_key("bench"), allow_http=True, allow_private=True, max_endpoints=10
    )
    endpoint_id = uuid.uuid4()
    async with tenant_transaction(sessions, TENANT) as session:
        await EndpointRepository(session).add(
            {
                "id": endpoint_id,
                "tenant_id": TENANT,
                "url": url,
                "event_types": [],
                "secret_sealed": webhook_sealing.seal(
                    ctx.key, webhook_signing.new_secret(), TENANT, str(endpoint_id)
                ),
                "created_at": now(),
            }
        )
    for start in range(0, count, 1000):
        async with tenant_transaction(sessions, TENANT) as session:
            rows = []
            for n in range(start, min(start + 1000, count)):
                e = event(n)
                rows.append(delivery_row(TENANT, endpoint_id, e, body_of(e)))
            await DeliveryRepository(session).add_many(rows)

    async def delivered() -> int:
        async with platform_transaction(sessions) as session:
            stmt = (
                select(func.count())
                .select_from(webhook_deliveries)
                .where(webhook_deliveries.c.state == "delivered")
            )
            return (await session.execute(stmt)).scalar_one()

    worker = WebhookWorker(engine, db["app"], ctx, outbox, batch_size=batch, poll_interval=0.5)
    t0 = time.perf_counter()
    task = asyncio.create_task(worker.run())
    try:
        while await delivered() < count:
            await asyncio.sleep(0.05)
        rate = count / (time.perf_counter() - t0)
    finally:
        worker.stop()
        await asyncio.gather(task, return_exceptions=True)
        await worker.close()
        await engine.dispose()
    return rate


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deliveries", type=int, default=5000)
    parser.add_argument(
        "--batch", type=int, default=50, help="the worker's batch: also raw httpx's in flight"
    )
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}/hooks"
    body = body_of(event(0)).encode()
    with tempfile.TemporaryDirectory() as tmp, postgres_stack() as cfg:
        receiver = spawn(
            [sys.executable, str(Path(__file__).resolve().parent / "_webhook_receiver.py"), str(port)],
            Path(tmp) / "receiver.log",
        )
        try:
            wait_until(lambda: _listening(port), 30, what="receiver")
            raw = asyncio.run(raw_posts(url, args.deliveries, args.batch, body))
            with bench_database(cfg, "notificaties", "webhooks") as db:
                hooks = asyncio.run(worker_run(db, url, args.deliveries, args.batch))
        finally:
            stop(receiver)
    print("\nWebhook deliveries (same machine, same run, same receiver)")
    print(
        table(
            [
                ("measure", "figure", "note"),
                ("raw httpx POST", f"{raw:,.0f} req/s", f"{args.batch} in flight, body {len(body)} bytes"),
                (
                    "webhook deliveries",
                    f"{hooks:,.0f} deliveries/s",
                    f"{hooks / raw:.0%} of raw httpx; claim, sign, POST, log each attempt; batch {args.batch}",
                ),
            ]
        )
    )
    return 0


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main())
