"""The service app factory: lifespan (engine, NATS, JWKS), health and readiness, problem+json,
body limit, OpenTelemetry. Each service's `create_app()` calls `build_service_app`."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from nats.js import JetStreamContext
from pydantic import BaseModel
from sqlalchemy import Table

from dialoog.kit import problems as catalogue
from dialoog.kit.auth import JwksCache, TokenVerifier
from dialoog.kit.db import make_engine, make_sessionmaker, ping
from dialoog.kit.errors import Text, install_problem_handlers, problem_response
from dialoog.kit.events.consumer import EventConsumer
from dialoog.kit.events.context import reraise_if_cancelled
from dialoog.kit.events.relay import OutboxRelay
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.kit.input_guard import install_input_guard
from dialoog.kit.limits import BodyLimitMiddleware
from dialoog.kit.mail.outbox import session_info
from dialoog.kit.mail.sender import MailSender
from dialoog.kit.mail.smtp import MailConfig
from dialoog.kit.methods import AllowHeaderMiddleware
from dialoog.kit.nats_link import NatsLink
from dialoog.kit.openapi import install_problem_openapi
from dialoog.kit.redaction import install_access_log_redaction
from dialoog.kit.settings import ServiceSettings
from dialoog.kit.telemetry import instrument_app, instrument_engine
from dialoog.kit.unavailable import install_unavailable_handlers

log = logging.getLogger(__name__)
health = APIRouter(tags=["health"])


@health.get("/healthz", summary="The process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


async def _check(name: str, probe) -> tuple[str, str]:
    try:
        await asyncio.wait_for(probe(), timeout=3.0)
        return name, "ok"
    except Exception as exc:
        return name, f"error: {type(exc).__name__}"


class Readiness(BaseModel):
    status: str
    checks: dict[str, str]


@health.get(
    "/readyz",
    response_model=Readiness,
    summary="Database, NATS and the identity provider are reachable",
    responses={503: {"description": "A dependency is not reachable"}},
)
async def readyz(request: Request) -> JSONResponse:
    state = request.app.state

    async def nats_probe() -> None:
        if not state.nats.connected:
            raise ConnectionError("not connected")
        await state.nats.client.flush(timeout=2)

    async def idp_probe() -> None:
        # Keys in hand verify tokens even while Keycloak blips; fetch only when none were loaded
        # (probes are unauthenticated and must not make us hammer the identity provider).
        if not state.jwks.loaded:
            await state.jwks.refresh()

    checks = dict(
        await asyncio.gather(
            _check("database", lambda: ping(state.engine)),
            _check("nats", nats_probe),
            _check("identity", idp_probe),
        )
    )
    if all(v == "ok" for v in checks.values()):
        return JSONResponse({"status": "ready", "checks": checks})
    failing = ", ".join(name for name, v in checks.items() if v != "ok")
    problem = catalogue.problem(
        "not-ready", Text(f"Niet bereikbaar: {failing}.", f"Not reachable: {failing}."), checks=checks
    )
    return problem_response(problem, request)


async def _until(stop: asyncio.Event, awaitable) -> bool:
    """Await `awaitable` unless `stop` is set first. True when it completed."""
    work = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stop.wait())
    await asyncio.wait({work, stopper}, return_when=asyncio.FIRST_COMPLETED)
    stopper.cancel()
    if not work.done():
        work.cancel()
        return False
    work.result()
    return True


ConsumerFactory = Callable[[FastAPI, JetStreamContext], list[EventConsumer]]


async def _run_events(
    app: FastAPI,
    settings: ServiceSettings,
    outbox: Table,
    stop: asyncio.Event,
    consumers: ConsumerFactory | None,
) -> None:
    """Once NATS is up: make sure the streams exist, then relay the outbox until `stop`."""
    link: NatsLink = app.state.nats
    if not await _until(stop, link.wait_connected()):
        return
    js = link.client.jetstream()
    while not stop.is_set():
        try:
            if await _until(
                stop,
                ensure_service_streams(
                    js,
                    settings.service_name,
                    settings.events_duplicate_window_seconds,
                    settings.stream_replicas,
                ),
            ):
                break
        except Exception as exc:
            reraise_if_cancelled(exc)
            log.warning("%s: streams not ready (%s); retrying", settings.service_name, exc)
            await _until(stop, asyncio.sleep(1.0))
    if stop.is_set():
        return
    relay = OutboxRelay(
        app.state.engine, settings.database_url, js, outbox, batch_size=settings.relay_batch_size
    )
    app.state.relay = relay
    workers = [asyncio.create_task(c.run()) for c in (consumers(app, js) if consumers else [])]
    try:
        await relay.run()
    finally:
        for worker in workers:
            worker.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await relay.close()


async def _run_mail(sender: MailSender) -> None:
    """Send the mail outbox until stopped (no NATS needed: mail goes out while NATS is away)."""
    try:
        await sender.run()
    finally:
        await sender.close()


async def _stop_background(app: FastAPI, stop: asyncio.Event, tasks: list[asyncio.Task[None]]) -> None:
    """Ask the relay and the mail sender to stop, give them a moment to finish their batch, then
    cancel what is left."""
    stop.set()
    for loop in (getattr(app.state, "relay", None), getattr(app.state, "mail_sender", None)):
        if loop is not None:
            loop.stop()
    if tasks:
        _, pending = await asyncio.wait(tasks, timeout=10)
        for task in pending:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task


@functools.cache
def _freeze_start_up() -> None:
    """What start-up made (modules, routes, schemas: most of a process's objects) lives as long as
    the process: out of the collector's reach, a full collection walks only what requests made (a
    page's pause of 100 ms every 20 requests; capacity.md run H). Once per process: a test process
    starts many apps, and each full collection there costs more than it saves."""
    gc.collect()
    gc.freeze()


def build_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter] = (),
    version: str = "0.1.0",
    openapi_tags: list[dict[str, Any]] | None = None,
    outbox: Table | None = None,
    consumers: ConsumerFactory | None = None,
    mail_outbox: Table | None = None,
) -> FastAPI:
    """`outbox`: relay the event outbox to NATS (and run `consumers`); `mail_outbox`: send the mail
    outbox over SMTP (`dialoog.kit.mail`, ADR 0021)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings)
        instrument_engine(engine)
        http = httpx.AsyncClient()
        jwks = JwksCache(settings.jwks_url, http)
        link = NatsLink(settings.nats_url, f"dialoog-{settings.service_name}")
        link.start()
        app.state.settings = settings
        app.state.engine = engine
        app.state.sessions = make_sessionmaker(engine, info=session_info(settings.mail_domain))
        app.state.http = http
        app.state.jwks = jwks
        app.state.token_verifier = TokenVerifier(
            settings.oidc_issuer, settings.oidc_audience, jwks, settings.oidc_leeway_seconds
        )
        app.state.nats = link
        app.state.tasks = set()  # work a service starts after a request (e.g. imports); ended at shutdown
        stop = asyncio.Event()
        background = (
            [asyncio.create_task(_run_events(app, settings, outbox, stop, consumers))]
            if outbox is not None
            else []
        )
        if mail_outbox is not None:
            app.state.mail_sender = MailSender(
                engine, settings.database_url, MailConfig.from_settings(settings), mail_outbox
            )
            background.append(asyncio.create_task(_run_mail(app.state.mail_sender)))
        _freeze_start_up()
        try:
            yield
        finally:
            await _stop_background(app, stop, background + list(app.state.tasks))
            await link.close()
            await http.aclose()
            await engine.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
        # Responses are documented as validated (kit.schemas: a column not selected is absent, which
        # a serialization-mode schema of a wrap serializer cannot say).
        separate_input_output_schemas=False,
    )
    app.state.secret_paths = tuple(settings.secret_path_prefixes)
    install_access_log_redaction(settings.secret_path_prefixes)
    install_problem_handlers(app)
    install_unavailable_handlers(app)  # after: it wraps the catch-all 500 handler
    install_input_guard(app)  # inside the body limit: it reads only bodies the limit let through
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(AllowHeaderMiddleware, routes=app.router.routes)
    app.include_router(health)
    for router in routers:
        app.include_router(router)
    install_problem_openapi(app, settings.oidc_issuer)
    instrument_app(app, settings)
    return app
