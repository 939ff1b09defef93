"""Tenant and trace context on every hop: contextvars in-process, headers on NATS."""

from __future__ import annotations

from contextvars import ContextVar

from opentelemetry import context as otel_context
from opentelemetry import propagate

from dialoog.contracts.wire import CONTENT_TYPE_HEADER, MSG_ID_HEADER, TENANT_HEADER

current_tenant: ContextVar[str | None] = ContextVar("dialoog_tenant", default=None)

__all__ = ["CONTENT_TYPE_HEADER", "MSG_ID_HEADER", "TENANT_HEADER", "current_tenant"]


def current_traceparent() -> str | None:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier.get("traceparent")


def context_from_headers(headers: dict[str, str] | None) -> otel_context.Context:
    return propagate.extract(headers or {})


def reraise_if_cancelled(exc: BaseException) -> None:
    """Drivers sometimes turn a cancellation into their own error (asyncpg, nats); a loop that
    retries on errors must not swallow the cancellation of its task."""
    import asyncio

    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError from exc
