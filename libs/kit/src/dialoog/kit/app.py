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
from dialoog.kit.errors import install_problem_handlers
from dialoog.kit.limits import BodyLimitMiddleware
from dialoog.kit.nats_link import NatsLink
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
    ready = all(v == "ok" for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not-ready", "checks": checks}, status_code=200 if ready else 503
    )


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
    instrument_app(app, settings)
    return app
