"""OpenTelemetry: one tracer provider per process; FastAPI, SQLAlchemy and httpx instrumented.
The exporter is chosen by settings (`none`, `console`, `otlp`)."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from dialoog.kit.redaction import span_hook
from dialoog.kit.settings import ServiceSettings

_provider: TracerProvider | None = None


def _exporter(settings: ServiceSettings) -> SpanExporter | None:
    if settings.otel_exporter == "console":
        return ConsoleSpanExporter()
    if settings.otel_exporter == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return (
            OTLPSpanExporter(endpoint=settings.otel_endpoint)
            if settings.otel_endpoint
            else OTLPSpanExporter()
        )
    return None


def setup_tracing(settings: ServiceSettings) -> TracerProvider:
    """Idempotent per process: the first service app made in a process sets the provider."""
    global _provider
    if _provider is None:
        provider = TracerProvider(
            resource=Resource.create({"service.name": f"dialoog-{settings.service_name}"})
        )
        exporter = _exporter(settings)
        if exporter is not None:
            provider.add_span_processor(BatchSpanProcessor(exporter))
        trace.set_tracer_provider(provider)
        HTTPXClientInstrumentor().instrument()
        _provider = provider
    return _provider


def instrument_app(app: FastAPI, settings: ServiceSettings) -> None:
    provider = setup_tracing(settings)
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=provider,
        excluded_urls="healthz,readyz",
        server_request_hook=span_hook(settings.secret_path_prefixes),
        # One span per request, not three: the ASGI `http send` spans (the response's start and
        # body) say nothing the request's span does not, and cost each request (capacity.md run H).
        exclude_spans=["receive", "send"],
    )


def instrument_engine(engine: AsyncEngine) -> None:
    SQLAlchemyInstrumentor().instrument(engine=engine.sync_engine, tracer_provider=_provider)
