"""A dependency that is down is a 503, not a 500: the one place that decides which errors mean
"PostgreSQL, Keycloak or another service cannot be reached right now", and answers them with
problem+json `dependency-unavailable` and a `Retry-After` header (ADR 0016). NATS is not among
them: no request publishes; events wait in the outbox until the relay reaches NATS again.

Only connection-level failures count: refused or lost connections, a server shutting down or
starting up, a pool that hands out no connection in time, an identity provider that does not
answer. Data errors (a constraint, a bad value, a statement timeout) stay what they are.

Nothing here keeps state: a transaction's first statement run once more on a fresh connection
(kit/db.py) and the invalidation of a connection that broke mid-use (SQLAlchemy) let the next
request find the database again once it is back, the JWKS
cache fetches keys again on the next request, and the NATS client reconnects by itself.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

import asyncpg
import httpx
from fastapi import FastAPI, Request
from sqlalchemy import exc as sa_exc
from starlette.responses import Response

from dialoog.kit.errors import Problem, Text, problem_response
from dialoog.kit.problems import problem
from dialoog.kit.redaction import logged_path

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Dependency:
    name: str
    what: Text
    retry_after: int  # seconds, the hint in the Retry-After header


DEPENDENCIES = {
    d.name: d
    for d in (
        Dependency("database", Text("De database", "The database"), 5),
        Dependency("identity", Text("De aanmelddienst (Keycloak)", "The identity provider (Keycloak)"), 10),
        Dependency("service", Text("Een andere dienst van Dialoog", "Another Dialoog service"), 5),
    )
}


class DependencyUnavailable(Exception):
    """Raise this where code knows which dependency failed (the JWKS cache, a Keycloak client)."""

    def __init__(self, dependency: str, reason: str = "") -> None:
        if dependency not in DEPENDENCIES:
            raise ValueError(f"unknown dependency {dependency!r}")
        self.dependency = dependency
        super().__init__(f"{dependency} unavailable" + (f": {reason}" if reason else ""))


def unavailable_problem(dependency: str) -> Problem:
    d = DEPENDENCIES[dependency]
    return problem(
        "dependency-unavailable",
        Text(
            f"{d.what.nl} is tijdelijk niet bereikbaar. Probeer het over {d.retry_after} seconden opnieuw.",
            f"{d.what.en} is temporarily unreachable. Try again in {d.retry_after} seconds.",
        ),
        headers={"Retry-After": str(d.retry_after)},
        dependency=d.name,
    )


# PostgreSQL's own words for "no connection": SQLSTATE class 08 (connection exception), a server
# shutting down, crashed or still starting (57P01-57P03), too many connections (53300); and
# asyncpg's "the connection was closed in the middle of an operation".
_DATABASE_DOWN = (
    asyncpg.PostgresConnectionError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.ConnectionDoesNotExistError,
)
# Socket errors count only when raised inside the database driver (a refused connect surfaces
# unwrapped from SQLAlchemy's pool); elsewhere they are somebody else's business.
_SOCKET_DOWN = (ConnectionError, socket.gaierror, TimeoutError)
_DRIVER_MODULES = ("asyncpg", "sqlalchemy")
# Another service (the portal's calls) not answering; a malformed URL is a bug, not an outage.
_HTTP_DOWN = (httpx.NetworkError, httpx.TimeoutException, httpx.RemoteProtocolError)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend([getattr(current, "orig", None), current.__cause__, current.__context__])


def _raised_in_driver(exc: BaseException) -> bool:
    tb = exc.__traceback__
    while tb is not None:
        module = tb.tb_frame.f_globals.get("__name__", "")
        if module.split(".")[0] in _DRIVER_MODULES:
            return True
        tb = tb.tb_next
    return False


def _one(exc: BaseException) -> str | None:
    if isinstance(exc, DependencyUnavailable):
        return exc.dependency
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return "database"
    if isinstance(exc, sa_exc.TimeoutError | sa_exc.DisconnectionError):  # pool exhausted, ping failed
        return "database"
    if isinstance(exc, asyncpg.QueryCanceledError):  # statement timeout: not an outage
        return None
    if isinstance(exc, _DATABASE_DOWN):
        return "database"
    if isinstance(exc, _SOCKET_DOWN) and _raised_in_driver(exc):
        return "database"
    if isinstance(exc, _HTTP_DOWN):
        return "service"
    return None


def dependency_of(exc: BaseException) -> str | None:
    """The dependency whose outage `exc` is ("database", "identity", ...), or None when it is any
    other error. Looks through the exception's causes (SQLAlchemy wraps asyncpg's errors)."""
    for link in _chain(exc):
        found = _one(link)
        if found:
            return found
    return None


Responder = Callable[[Request, str], Awaitable[Response]]


async def problem_json(request: Request, dependency: str) -> Response:
    return problem_response(unavailable_problem(dependency), request)


def install_unavailable_handlers(app: FastAPI, respond: Responder = problem_json) -> None:
    """Answer outages with 503 on every route. Registered for the exception classes an outage
    raises (so the response is an ordinary handled one), and around the app's catch-all handler
    for those raised outside the routes (a middleware that reads the database). `respond` makes
    the answer: problem+json for the APIs, an HTML page for the portal."""
    fallback = app.exception_handlers.get(Exception)

    async def on_error(request: Request, exc: Exception) -> Response:
        dependency = dependency_of(exc)
        if dependency is None:
            if fallback is None:
                raise exc
            return await fallback(request, exc)
        log.warning(
            "%s %s: %s unavailable (%s: %s)",
            request.method,
            logged_path(request),
            dependency,
            type(exc).__name__,
            exc,
        )
        return await respond(request, dependency)

    for kind in (
        DependencyUnavailable,
        sa_exc.DBAPIError,
        sa_exc.TimeoutError,
        sa_exc.DisconnectionError,
        asyncpg.PostgresError,
        asyncpg.InterfaceError,
        OSError,
        httpx.TransportError,
    ):
        app.add_exception_handler(kind, on_error)
    app.add_exception_handler(Exception, on_error)
