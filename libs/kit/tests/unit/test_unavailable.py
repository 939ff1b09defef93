"""Which errors are an outage (503 with Retry-After) and which stay a 500 (unit test; the real
outages are in libs/kit/tests/integration/test_dependency_outages.py)."""

import socket

import asyncpg
import httpx
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.kit.errors import install_problem_handlers
from dialoog.kit.unavailable import DependencyUnavailable, dependency_of, install_unavailable_handlers


def wrapped(orig: Exception, invalidated: bool) -> sa_exc.DBAPIError:
    return sa_exc.DBAPIError("select 1", {}, orig, connection_invalidated=invalidated)


@pytest.mark.parametrize(
    ("error", "dependency"),
    [
        (wrapped(asyncpg.ConnectionDoesNotExistError("closed in the middle"), True), "database"),
        (wrapped(asyncpg.AdminShutdownError("terminating connection"), False), "database"),
        (asyncpg.CannotConnectNowError("the database system is starting up"), "database"),
        (sa_exc.TimeoutError("QueuePool limit of size 5 overflow 0 reached"), "database"),
        (DependencyUnavailable("identity"), "identity"),
        (httpx.ConnectError("refused"), "service"),
        (httpx.ReadTimeout("slow"), "service"),
        # not outages: data errors, a statement timeout, a socket error elsewhere, a bug
        (wrapped(asyncpg.UniqueViolationError("duplicate key"), False), None),
        (wrapped(asyncpg.QueryCanceledError("canceling statement due to statement timeout"), False), None),
        (FileNotFoundError("template.typ"), None),
        (httpx.UnsupportedProtocol("ftp://"), None),
        (RuntimeError("bug"), None),
    ],
)
def test_what_counts_as_an_outage(error, dependency):
    assert dependency_of(error) == dependency


async def test_a_refused_connect_from_the_pool_counts_and_a_refused_socket_elsewhere_not():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = create_async_engine(f"postgresql+asyncpg://u:p@127.0.0.1:{port}/db")
    try:
        async with engine.connect():
            pass
    except OSError as exc:  # SQLAlchemy lets the driver's socket error through unwrapped
        assert dependency_of(exc) == "database"
    else:
        raise AssertionError("connected to nothing")
    finally:
        await engine.dispose()
    assert dependency_of(ConnectionRefusedError(111, "somewhere else")) is None


def test_a_cause_further_down_the_chain_counts():
    try:
        try:
            raise DependencyUnavailable("database")
        except DependencyUnavailable as inner:
            raise RuntimeError("while loading the page") from inner
    except RuntimeError as outer:
        assert dependency_of(outer) == "database"


def make_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    install_unavailable_handlers(app)

    @app.get("/lost")
    async def lost() -> None:
        raise wrapped(asyncpg.ConnectionDoesNotExistError("closed in the middle of operation"), True)

    @app.get("/duplicate")
    async def duplicate() -> None:
        raise wrapped(asyncpg.UniqueViolationError("duplicate key"), False)

    @app.middleware("http")
    async def session_store(request: Request, call_next):
        if request.url.path == "/middleware":
            raise asyncpg.CannotConnectNowError("the database system is shutting down")
        return await call_next(request)

    return app


def test_an_outage_answers_503_problem_json_with_retry_after():
    response = TestClient(make_app()).get("/lost", headers={"Accept-Language": "en"})
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"] == "5"
    body = response.json()
    assert body["code"] == "dependency-unavailable" and body["dependency"] == "database"
    assert body["title"] == "Temporarily unavailable"
    assert body["i18n"]["nl"]["title"] == "Tijdelijk niet beschikbaar"


def test_an_outage_met_in_a_middleware_is_a_503_too():
    response = TestClient(make_app(), raise_server_exceptions=False).get("/middleware")
    assert response.status_code == 503 and response.headers["retry-after"] == "5"
    assert response.json()["code"] == "dependency-unavailable"


def test_a_data_error_stays_a_500():
    response = TestClient(make_app(), raise_server_exceptions=False).get("/duplicate")
    assert response.status_code == 500 and "retry-after" not in response.headers
    assert response.json()["code"] == "internal"
