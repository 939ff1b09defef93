"""The portal's client for the services' APIs (ADR 0041 addendum): aiohttp's, which costs
under a millisecond of CPU a call where httpx's cost 3-4 on the bench machine; a home asks up to
seven services. Each answer is handed on as an `httpx.Response` (read whole: the portal streams
nothing from a service), so the pages and `ServiceError` read it as before. A client span per
call carries the trace on to the service (`traceparent`), as httpx's instrumentation did."""

from __future__ import annotations

import json as jsonlib
from collections.abc import Mapping
from typing import Any

import aiohttp
import httpx
from opentelemetry import propagate, trace
from yarl import URL

tracer = trace.get_tracer("dialoog.portal.service_http")

# Headers that describe the body as it travelled; the body handed on is already decoded.
_TRANSPORT = {"content-encoding", "content-length", "transfer-encoding"}


class Unreachable(Exception):
    """The service refused, reset, did not answer in time, or broke off its answer."""


def query(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Query parameters as httpx writes them: a list repeats its key, True and False are `true`
    and `false`, None is empty."""
    pairs = []
    for key, value in (params or {}).items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item is None:
                text = ""
            elif isinstance(item, bool):
                text = "true" if item else "false"
            else:
                text = str(item)
            pairs.append((key, text))
    return pairs


class ServiceHttp:
    """One connection pool for the process, opened and closed with the app."""

    def __init__(self, connections: int = 100) -> None:
        self.connections = connections
        self.session: aiohttp.ClientSession | None = None

    async def open(self) -> None:
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.connections), cookie_jar=aiohttp.DummyCookieJar()
        )

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        time_limit: float,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        if self.session is None:
            raise RuntimeError("the portal's service client is not open")
        headers = dict(headers)
        body = content
        if json is not None:
            body = jsonlib.dumps(json).encode()
            headers.setdefault("Content-Type", "application/json")
        target = URL(url)  # quoted as httpx quotes: a space or a non-ASCII letter percent-encoded
        if params:
            target = target.extend_query(query(params))
        with tracer.start_as_current_span(
            method, kind=trace.SpanKind.CLIENT, attributes={"http.request.method": method}
        ) as span:
            span.set_attribute("url.full", str(target.with_query(None)))  # no query: it may name people
            propagate.inject(headers)
            try:
                async with self.session.request(
                    method,
                    target,
                    data=body,
                    headers=headers,
                    timeout=aiohttp.ClientTimeout(total=time_limit),
                    allow_redirects=False,
                ) as answer:
                    read = await answer.read()
            except (TimeoutError, aiohttp.ClientError) as exc:
                span.set_attribute("error.type", type(exc).__name__)
                raise Unreachable(f"{type(exc).__name__}: {exc}") from exc
            span.set_attribute("http.response.status_code", answer.status)
        kept = [(k, v) for k, v in answer.headers.items() if k.lower() not in _TRANSPORT]
        return httpx.Response(
            answer.status, headers=kept, content=read, request=httpx.Request(method, str(target))
        )
