"""The portal's client for the services (web/service_http.py) against a small HTTP server of its
own: what a service receives (query, body, trace header) and what a page reads back (an
httpx.Response, decoded), and an unreachable or silent service as `Unreachable`."""

import asyncio
import gzip
import json
import socket

import pytest
from aiohttp import web
from opentelemetry.sdk.trace import TracerProvider

from dialoog.portal.web.service_http import ServiceHttp, Unreachable, query


def test_query_is_written_as_httpx_writes_it():
    assert query({"on": "2026-12-03", "limit": 200, "open": True, "done": False, "x": None}) == [
        ("on", "2026-12-03"),
        ("limit", "200"),
        ("open", "true"),
        ("done", "false"),
        ("x", ""),
    ]
    assert query({"kind": ["talk", "agreement"]}) == [("kind", "talk"), ("kind", "agreement")]
    assert query(None) == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
async def service():
    seen: list[dict] = []

    async def echo(request: web.Request) -> web.Response:
        seen.append(
            {
                "path": request.path,
                "query": list(request.query.items()),
                "body": await request.read(),
                "headers": dict(request.headers),
            }
        )
        body = gzip.compress(json.dumps({"items": [], "next_cursor": None}).encode())
        return web.Response(
            body=body,
            status=201 if request.method == "POST" else 200,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json", "ETag": '"3"'},
        )

    async def silent(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    app = web.Application()
    app.router.add_route("*", "/v1/{tail:.*}", echo)
    app.router.add_get("/silent", silent)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    client = ServiceHttp()
    await client.open()
    try:
        yield f"http://127.0.0.1:{port}", client, seen
    finally:
        await client.close()
        await runner.cleanup()


async def test_the_service_receives_the_query_body_and_trace_and_the_page_reads_it_decoded(service):
    base, client, seen = service
    tracer = TracerProvider().get_tracer("test")
    with tracer.start_as_current_span("page") as page:
        answer = await client.request(
            "POST",
            base + "/v1/people/Jan de Vries?report=errors",
            headers={"Authorization": "Bearer t"},
            time_limit=5,
            params={"limit": 2, "open": True},
            json={"naam": "Zoë"},
        )
    assert answer.status_code == 201
    assert answer.json() == {"items": [], "next_cursor": None}
    assert answer.headers["etag"] == '"3"' and "content-encoding" not in answer.headers
    (got,) = seen
    assert got["path"] == "/v1/people/Jan de Vries"  # sent percent-encoded, as httpx sends it
    assert got["query"] == [("report", "errors"), ("limit", "2"), ("open", "true")]
    assert json.loads(got["body"]) == {"naam": "Zoë"}
    assert got["headers"]["Content-Type"] == "application/json"
    assert got["headers"]["Authorization"] == "Bearer t"
    trace_id = format(page.get_span_context().trace_id, "032x")
    assert got["headers"]["traceparent"].split("-")[1] == trace_id  # the page's trace goes on


async def test_raw_content_is_sent_as_it_is(service):
    base, client, seen = service
    answer = await client.request(
        "PUT",
        base + "/v1/attachments",
        headers={"Content-Type": "application/pdf"},
        time_limit=5,
        content=b"%PDF",
    )
    assert answer.status_code == 200 and seen[-1]["body"] == b"%PDF"


async def test_a_refused_or_silent_service_is_unreachable(service):
    base, client, _ = service
    with pytest.raises(Unreachable):
        await client.request("GET", f"http://127.0.0.1:{free_port()}/v1/x", headers={}, time_limit=2)
    with pytest.raises(Unreachable, match="Timeout"):
        await client.request("GET", base + "/silent", headers={}, time_limit=0.3)
