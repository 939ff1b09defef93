"""The webhook delivery worker, in the service process (ADR 0026).

It claims due deliveries across tenants in a platform transaction (FOR UPDATE SKIP LOCKED, so two
workers never take the same row) and leases them (their next attempt moved past the timeout) in
that short transaction; then POSTs each CloudEvent, signed per Standard Webhooks, with a timeout;
then, in a second transaction, logs every attempt and moves each delivery on as the domain's
schedule says, disabling an endpoint that answered 410 or kept failing (and publishing
`webhook.disabled` through the outbox in that same transaction). A crash between the two leaves
the lease: the delivery is tried again when it ends, with the same webhook-id (at least once).
Wakes on NOTIFY (new deliveries, a redelivery) and polls as a safety net (retries come due).

Logged: the delivery id, the endpoint id and the outcome; never a secret, a signature or a body."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from dialoog.contracts.events.notificaties import WebhookDisabled
from dialoog.kit.clock import wall_now
from dialoog.kit.db import platform_transaction
from dialoog.kit.events.context import reraise_if_cancelled
from dialoog.kit.events.outbox import Outbox
from dialoog.kit.notified_loop import NotifiedLoop
from dialoog.notificaties.domain import webhook_sealing, webhook_signing
from dialoog.notificaties.domain.webhook_schedule import after_attempt
from dialoog.notificaties.persistence.webhook_tables import WEBHOOK_NOTIFY_CHANNEL
from dialoog.notificaties.persistence.webhooks import WebhookWorkerRepository
from dialoog.notificaties.service import webhook_targets
from dialoog.notificaties.service.webhook_context import WebhookContext
from dialoog.notificaties.settings import Settings

log = logging.getLogger(__name__)
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
USER_AGENT = "Dialoog-Webhooks/1"


@dataclass(frozen=True)
class Attempt:
    status: int | None
    response_ms: int | None
    error: str | None


def _describe(exc: Exception) -> str:
    """A few words about a failed request: its kind, never its URL, headers or body."""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, httpx.ConnectError):
        return "could not connect"
    return type(exc).__name__


class WebhookWorker(NotifiedLoop):
    name = "webhook worker"

    def __init__(
        self,
        engine: AsyncEngine,
        database_url: str,
        ctx: WebhookContext,
        outbox: Table,
        *,
        batch_size: int = 50,
        poll_interval: float = 1.0,
    ) -> None:
        super().__init__(database_url, WEBHOOK_NOTIFY_CHANNEL, poll_interval)
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.ctx = ctx
        self.outbox = Outbox(outbox)
        self.batch_size = batch_size
        self.lease = timedelta(seconds=ctx.timeout * 3 + 30)
        self.http = httpx.AsyncClient(
            timeout=ctx.timeout,
            follow_redirects=False,
            headers={"user-agent": USER_AGENT},
            limits=httpx.Limits(max_connections=100, max_keepalive_connections=100),
        )
        self.counts: Counter[str] = Counter()  # delivered, failed, gave_up, gone: since the start

    async def _post(self, row) -> Attempt:
        if not self.ctx.allow_private:  # the name may point elsewhere since it was registered
            refused = await webhook_targets.refusal(
                row.url, allow_http=self.ctx.allow_http, allow_private=False
            )
            if refused is not None:
                return Attempt(None, None, f"refused: {refused.en}")
        try:
            secret = webhook_sealing.unseal(
                self.ctx.key, row.secret_sealed, row.tenant_id, str(row.endpoint_id)
            )
        except Exception:
            return Attempt(None, None, "the endpoint's secret cannot be opened (wrong webhook_secret_key?)")
        body = row.body.encode()
        headers = webhook_signing.headers(secret, str(row.id), int(time.time()), body)
        headers["content-type"] = CONTENT_TYPE
        started = time.perf_counter()
        try:
            async with self.http.stream("POST", row.url, content=body, headers=headers) as response:
                status = response.status_code  # the body is not read: nothing in it matters
        except Exception as exc:
            reraise_if_cancelled(exc)
            return Attempt(None, round((time.perf_counter() - started) * 1000), _describe(exc))
        elapsed = round((time.perf_counter() - started) * 1000)
        return Attempt(status, elapsed, None if 200 <= status < 300 else f"HTTP {status}")

    async def deliver_once(self) -> int:
        """Try one batch of due deliveries. Returns how many it took."""
        async with platform_transaction(self.sessions) as session:
            rows = await WebhookWorkerRepository(session).claim(self.batch_size, wall_now(), self.lease)
        if not rows:
            return 0
        results = await asyncio.gather(*(self._post(row) for row in rows))
        await self._record(rows, results)
        return len(rows)

    async def _record(self, rows: list, results: list[Attempt]) -> None:
        disabled: list[tuple[str, object, str, int]] = []
        async with platform_transaction(self.sessions) as session:
            repo = WebhookWorkerRepository(session)
            endpoints = await repo.endpoints_for_update({row.endpoint_id for row in rows})
            counts = {eid: e.gave_up_in_a_row for eid, e in endpoints.items()}
            enabled = {eid: e.enabled for eid, e in endpoints.items()}
            at = wall_now()
            for row, attempt in zip(rows, results, strict=True):
                if row.endpoint_id not in endpoints:  # deleted meanwhile: its deliveries went with it
                    continue
                step = after_attempt(
                    attempt.status,
                    row.attempts + 1,
                    counts[row.endpoint_id],
                    schedule=self.ctx.schedule,
                    disable_after=self.ctx.disable_after,
                )
                counts[row.endpoint_id] = step.gave_up_in_a_row
                due = at + timedelta(seconds=step.retry_in) if step.retry_in is not None else None
                await repo.record_attempt(
                    row.id,
                    row.tenant_id,
                    at,
                    attempt.status,
                    attempt.response_ms,
                    attempt.error,
                    step.state,
                    due,
                )
                self.counts[step.state] += 1
                log.info(
                    "webhook delivery %s to endpoint %s: attempt %d, %s (%s)",
                    row.id,
                    row.endpoint_id,
                    row.attempts + 1,
                    step.state,
                    attempt.error or attempt.status,
                )
                if step.disable and enabled[row.endpoint_id]:
                    enabled[row.endpoint_id] = False
                    disabled.append((row.tenant_id, row.endpoint_id, step.disable, step.gave_up_in_a_row))
            for eid, count in counts.items():
                reason = next((r for _, e, r, _ in disabled if e == eid), None)
                await repo.update_endpoint(eid, count, reason)
            for tenant, eid, reason, count in disabled:
                await self.outbox.add(
                    session,
                    tenant,
                    WebhookDisabled(endpoint_id=eid, reason=reason, failed_deliveries=count),  # type: ignore[arg-type]
                )
        for tenant, eid, reason, _ in disabled:
            self.counts[f"disabled_{reason}"] += 1
            log.warning("webhook endpoint %s of tenant %s disabled: %s", eid, tenant, reason)

    async def _pause_seconds(self) -> float:
        async with platform_transaction(self.sessions) as session:
            due = await WebhookWorkerRepository(session).next_due()
        if due is None:
            return self.poll_interval
        return max(0.05, min(self.poll_interval, (due - wall_now()).total_seconds()))

    async def once(self) -> int:
        return await self.deliver_once()

    async def idle_seconds(self) -> float:
        return await self._pause_seconds()

    async def close(self) -> None:
        await super().close()
        await self.http.aclose()


def run_beside(app: FastAPI, settings: Settings, outbox: Table) -> None:
    """Run a worker while `app` lives, inside its lifespan (after the engine is made, stopped
    before it is disposed)."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with inner(app):
            worker = WebhookWorker(
                app.state.engine,
                settings.database_url,
                WebhookContext.of(settings),
                outbox,
                batch_size=settings.webhook_batch_size,
                poll_interval=settings.webhook_poll_seconds,
            )
            app.state.webhook_worker = worker
            task = asyncio.create_task(worker.run())
            try:
                yield
            finally:
                worker.stop()
                await asyncio.wait({task}, timeout=10)
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
                await worker.close()

    app.router.lifespan_context = lifespan
