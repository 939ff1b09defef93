"""How an event travels on NATS: CloudEvents *structured* content mode. The message body is the
whole CloudEvent as JSON; the headers say so (`Content-Type`) and carry no `ce-*` attribute, so a
CloudEvents SDK's auto-detection reads the body (a `ce-` header would make it take the message for
binary mode). The other headers serve NATS (deduplication), routing without parsing (the tenant) and
tracing; none of them contradicts the body.

The relay writes these headers, the AsyncAPI document declares them (`dialoog.contracts.docs`),
and both take them from here. Messages published before this module (until 2026-12) also carry
`Ce-Type`; every reader here takes the type from the body, so they are read as before."""

from __future__ import annotations

from typing import Any

from dialoog.contracts.envelope import CloudEvent

CONTENT_TYPE_HEADER = "Content-Type"
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"
MSG_ID_HEADER = "Nats-Msg-Id"
TENANT_HEADER = "Dialoog-Tenant"
TRACEPARENT_HEADER = "traceparent"


def headers(event_id: str, tenant: str, traceparent: str | None = None) -> dict[str, str]:
    """The NATS headers of one event."""
    result = {
        CONTENT_TYPE_HEADER: CONTENT_TYPE,
        MSG_ID_HEADER: event_id,
        TENANT_HEADER: tenant,
    }
    if traceparent:
        result[TRACEPARENT_HEADER] = traceparent
    return result


def envelope_json(event: CloudEvent) -> dict[str, Any]:
    """The envelope as JSON, without attributes that have no value (the JSON format treats null as
    absent; leaving them out keeps every reader from having to). `data` is kept as it is."""
    return event.model_dump(mode="json", exclude_none=True)
