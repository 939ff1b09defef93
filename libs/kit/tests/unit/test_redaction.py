"""A secret path (the portal's outsider link `/f/<token>`) never reaches the access log or a span."""

import logging

import httpx
import pytest
from fastapi import FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from dialoog.kit.redaction import AccessLogRedaction, redact_path, redact_url, span_hook

TOKEN = "c2VjcmV0.MTc5OTk5.bWFjbWFjbWFj"


def test_paths_after_a_secret_prefix_are_redacted_query_included():
    assert redact_path(f"/f/{TOKEN}?taal=en", ["/f/"]) == "/f/[redacted]"
    assert redact_path("/feedback/123", ["/f/"]) == "/feedback/123"
    assert redact_url(f"http://portal.example/f/{TOKEN}?x=1", ["/f/"]) == "http://portal.example/f/[redacted]"
    assert redact_url("http://portal.example/feedback", ["/f/"]) == "http://portal.example/feedback"


def test_the_access_log_line_holds_no_token():
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/f/{TOKEN}", "1.1", 200),
        None,
    )
    assert AccessLogRedaction(["/f/"]).filter(record)
    line = record.getMessage()
    assert TOKEN not in line and '"GET /f/[redacted] HTTP/1.1" 200' in line


@pytest.mark.asyncio
async def test_the_server_span_holds_no_token():
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = FastAPI()

    @app.get("/f/{token}")
    async def public(token: str) -> dict:
        return {"ok": True}

    @app.get("/feedback/{request_id}")
    async def other(request_id: str) -> dict:
        return {"ok": True}

    FastAPIInstrumentor.instrument_app(app, tracer_provider=provider, server_request_hook=span_hook(["/f/"]))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://portal.test") as client:
        assert (await client.get(f"/f/{TOKEN}?taal=en")).status_code == 200
        assert (await client.get(f"/f/{TOKEN}/extra")).status_code == 404  # no route: still redacted
        assert (await client.get("/feedback/42")).status_code == 200
    spans = exporter.get_finished_spans()
    dumped = [(s.name, dict(s.attributes or {})) for s in spans]
    assert TOKEN not in repr(dumped)
    public_span = next(
        a for name, a in dumped if name == "GET /f/{token}" and a.get("http.status_code") == 200
    )
    target = public_span.get("http.target", public_span.get("url.path"))
    assert target == "/f/[redacted]"
    assert "42" in repr(dumped)  # other paths are left as they are
