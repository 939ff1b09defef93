"""The service app factory: lifespan (engine, NATS, JWKS), health and readiness, problem+json,
body limit, OpenTelemetry. Each service's `create_app()` calls `build_service_app`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse

from dialoog.kit.auth import JwksCache, TokenVerifier
from dialoog.kit.db import make_engine, make_sessionmaker, ping
from dialoog.kit.errors import Problem, Text, install_problem_handlers, problem_response
from dialoog.kit.limits import BodyLimitMiddleware
from dialoog.kit.nats_link import NatsLink
from dialoog.kit.openapi import install_problem_openapi
from dialoog.kit.settings import ServiceSettings
from dialoog.kit.telemetry import instrument_app, instrument_engine

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


@health.get(
    "/readyz",
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
    problem = Problem(
        503,
        "not-ready",
        Text("Nog niet gereed", "Not ready"),
        Text(f"Niet bereikbaar: {failing}.", f"Not reachable: {failing}."),
        {"checks": checks},
    )
    return problem_response(problem, request)


def build_service_app(
    settings: ServiceSettings,
    *,
    title: str,
    description: str,
    routers: Sequence[APIRouter] = (),
    version: str = "0.1.0",
    openapi_tags: list[dict[str, Any]] | None = None,
) -> FastAPI:
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
        app.state.sessions = make_sessionmaker(engine)
        app.state.http = http
        app.state.jwks = jwks
        app.state.token_verifier = TokenVerifier(
            settings.oidc_issuer, settings.oidc_audience, jwks, settings.oidc_leeway_seconds
        )
        app.state.nats = link
        try:
            yield
        finally:
            await link.close()
            await http.aclose()
            await engine.dispose()

    app = FastAPI(
        title=title,
        description=description,
        version=version,
        lifespan=lifespan,
        openapi_tags=openapi_tags,
    )
    install_problem_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.include_router(health)
    for router in routers:
        app.include_router(router)
    install_problem_openapi(app)
    instrument_app(app, settings)
    return app
