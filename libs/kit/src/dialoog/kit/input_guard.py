"""Text that PostgreSQL cannot store never reaches a service: one check at the edge of every app.

PostgreSQL refuses the NUL character in `text`, and a lone UTF-16 surrogate (which JSON's `\\ud800`
escape can carry) is not Unicode at all. Both used to surface as a 500 from deep inside a query.
`InputGuardMiddleware` looks at the path, the query string and JSON or form bodies before routing
and answers 422 problem+json (`invalid-text`) naming where the bad text was; nothing runs, so
nothing is written. Integers are bounded by the kit's field types (`dialoog.kit.fields`) in the
OpenAPI itself, and an out-of-range value that still reaches the database is answered as 422 by
`install_data_error_handler` rather than 500.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from sqlalchemy.exc import DataError
from starlette.responses import JSONResponse
from starlette.types import Message, Receive, Scope, Send

from dialoog.kit.asgi import HttpMiddleware
from dialoog.kit.errors import Problem, Text, problem_response
from dialoog.kit.problems import invalid, problem
from dialoog.kit.redaction import logged_path

log = logging.getLogger(__name__)

_BAD = re.compile("[\x00\ud800-\udfff]")
_JSON = re.compile(rb"^application/([a-z0-9.+-]*\+)?json", re.IGNORECASE)
_FORM = b"application/x-www-form-urlencoded"


def bad_text(value: str) -> bool:
    """True when `value` holds a NUL character or a lone surrogate."""
    return _BAD.search(value) is not None


def _walk(value: Any, where: str) -> Iterator[str]:
    if isinstance(value, str):
        if bad_text(value):
            yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            if bad_text(key):
                yield f"{where}.{key!r}"
            else:
                yield from _walk(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{where}.{index}")


def _pairs(raw: str, prefix: str) -> Iterator[str]:
    for name, value in parse_qsl(raw, keep_blank_values=True):
        if bad_text(name) or bad_text(value):
            yield f"{prefix}.{name}" if not bad_text(name) else prefix


def bad_places(scope: Scope, body: bytes | None) -> list[str]:
    """Where in this request the unstorable text is ('path', 'query.q', 'body.title', ...)."""
    places: list[str] = []
    if bad_text(scope.get("path", "")):
        places.append("path")
    query = scope.get("query_string", b"").decode("latin-1")
    places.extend(_pairs(query, "query"))
    if body:
        content_type = dict(scope.get("headers") or []).get(b"content-type", b"")
        if _JSON.match(content_type):
            try:
                document = json.loads(body)
            except (ValueError, UnicodeDecodeError):
                return places  # the app answers malformed JSON itself (400)
            places.extend(_walk(document, "body"))
        elif content_type.lower().startswith(_FORM):
            places.extend(_pairs(body.decode("utf-8", errors="replace"), "body"))
    return places


def invalid_text(places: list[str]) -> Problem:
    nl = "bevat een teken dat niet is toegestaan (NUL of een losse surrogaat)"
    en = "contains a character that is not allowed (NUL or a lone surrogate)"
    return invalid([(place, nl, en) for place in places], "invalid-text", kind="invalid_text")


class InputGuardMiddleware(HttpMiddleware):
    """Refuses NUL and lone surrogates in path, query and JSON/form bodies (422) before routing."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        content_type = headers.get(b"content-type", b"")
        inspect_body = bool(_JSON.match(content_type)) or content_type.lower().startswith(_FORM)
        body: bytes | None = None
        messages: list[Message] = []
        if inspect_body:
            chunks: list[bytes] = []
            while True:
                message = await receive()
                messages.append(message)
                if message["type"] != "http.request":
                    break
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    break
            body = b"".join(chunks)
        places = bad_places(scope, body)
        if places:
            await problem_response(invalid_text(places), Request(scope))(scope, receive, send)
            return
        if not inspect_body:
            await self.app(scope, receive, send)
            return

        replay = iter(messages)

        async def replayed() -> Message:
            message = next(replay, None)
            return message if message is not None else await receive()

        await self.app(scope, replayed, send)


async def _on_data_error(request: Request, exc: DataError) -> JSONResponse:
    # A value the database cannot hold (a number past its column's range, a malformed value):
    # the transaction is rolled back by the session boundary, so nothing was written.
    log.warning("data error on %s %s: %s", request.method, logged_path(request), exc.orig)
    found = problem(
        "invalid-value",
        Text(
            "Een waarde in het verzoek valt buiten wat kan worden opgeslagen.",
            "A value in the request is outside what can be stored.",
        ),
    )
    return problem_response(found, request)


def install_input_guard(app: FastAPI) -> None:
    """The middleware and the database's last word; `build_service_app` calls this for every service."""
    app.add_middleware(InputGuardMiddleware)
    app.add_exception_handler(DataError, _on_data_error)  # type: ignore[arg-type]
