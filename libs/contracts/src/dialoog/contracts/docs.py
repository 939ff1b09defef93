"""Generate docs/events from the registry: AsyncAPI 3, one JSON Schema per event type, and a
readable catalogue. `python -m dialoog.contracts.docs [DIR]` writes them; a test fails when stale."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from dialoog.contracts import wire
from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.registry import REGISTRY, EventType


def _channel_name(kind: EventType) -> str:
    return "".join(p.capitalize() for p in f"{kind.service}_{kind.entity}_{kind.event}".split("_"))


def _message_name(kind: EventType) -> str:
    return f"{_channel_name(kind)}V{kind.version}"


def event_schema(kind: EventType) -> dict:
    """The whole CloudEvent with `data` fixed to this type's payload."""
    envelope = CloudEvent.model_json_schema()
    payload = kind.payload.model_json_schema()
    envelope["title"] = kind.name
    envelope["description"] = kind.summary
    envelope["properties"]["type"] = {"const": kind.name, "type": "string"}
    envelope["properties"]["data"] = payload
    envelope["$id"] = f"urn:dialoog:event:{kind.name}"
    return envelope


def message_headers() -> dict:
    """The NATS headers exactly as the relay writes them (`dialoog.contracts.wire`)."""
    return {
        "type": "object",
        "required": [wire.CONTENT_TYPE_HEADER, wire.MSG_ID_HEADER, wire.TENANT_HEADER],
        "properties": {
            wire.CONTENT_TYPE_HEADER: {
                "type": "string",
                "const": wire.CONTENT_TYPE,
                "description": "CloudEvents structured mode: the body is the whole event. No `ce-*` "
                "headers are sent.",
            },
            wire.MSG_ID_HEADER: {"type": "string", "description": "The event `id` (deduplication)"},
            wire.TENANT_HEADER: {
                "type": "string",
                "description": "The event's `tenant` (also the second token of the subject)",
            },
            wire.TRACEPARENT_HEADER: {
                "type": "string",
                "description": "W3C trace context of the change, when it was traced (= `traceparent`)",
            },
        },
    }


def asyncapi() -> dict:
    channels: dict[str, dict] = {}
    operations: dict[str, dict] = {}
    messages: dict[str, dict] = {}
    by_channel: dict[str, list[EventType]] = defaultdict(list)
    for kind in sorted(REGISTRY.values(), key=lambda k: k.name):
        by_channel[_channel_name(kind)].append(kind)
    for channel, kinds in sorted(by_channel.items()):
        first = kinds[0]
        channels[channel] = {
            "address": first.subject_pattern,
            "description": first.summary,
            "parameters": {
                "tenant": {"description": "The tenant (Keycloak organization alias), e.g. `bel`."}
            },
            "messages": {
                _message_name(k): {"$ref": f"#/components/messages/{_message_name(k)}"} for k in kinds
            },
        }
        operations[f"receive{channel}"] = {
            "action": "receive",
            "channel": {"$ref": f"#/channels/{channel}"},
            "summary": f"Consume {first.service}.{first.entity}.{first.event}",
            "messages": [{"$ref": f"#/channels/{channel}/messages/{_message_name(k)}"} for k in kinds],
        }
        for kind in kinds:
            messages[_message_name(kind)] = {
                "name": kind.name,
                "title": kind.name,
                "summary": kind.summary,
                "contentType": wire.CONTENT_TYPE,
                "headers": {"$ref": "#/components/schemas/EventHeaders"},
                "payload": {"$ref": f"schemas/{kind.name}.json"},
            }
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Dialoog events",
            "version": "1.0.0",
            "description": (
                "Every event is a CloudEvents 1.0 JSON document on NATS JetStream in structured "
                "content mode (the body is the whole event; `Content-Type: "
                f"{wire.CONTENT_TYPE}`; no `ce-*` headers), subject "
                "`hr.<tenant>.<service>.<entity>.<event>`, one stream per service. Generated from "
                "libs/contracts; do not edit by hand."
            ),
        },
        "defaultContentType": wire.CONTENT_TYPE,
        "servers": {
            "development": {"host": "127.0.0.1:4244", "protocol": "nats", "description": "make up"},
        },
        "channels": channels,
        "operations": operations,
        "components": {"schemas": {"EventHeaders": message_headers()}, "messages": messages},
    }


def catalogue() -> str:
    lines = [
        "# Event catalogue",
        "",
        "Generated from `libs/contracts` (`python -m dialoog.contracts.docs`); do not edit by hand.",
        "Every event is a CloudEvents 1.0 envelope; `data` is the payload below. See",
        "[`../integrators.md`](../integrators.md) for subjects, replay and the SDK.",
        "",
        "| type | subject | summary |",
        "|---|---|---|",
    ]
    for kind in sorted(REGISTRY.values(), key=lambda k: k.name):
        lines.append(f"| `{kind.name}` | `{kind.subject_pattern}` | {kind.summary} |")
    for kind in sorted(REGISTRY.values(), key=lambda k: k.name):
        lines += [
            "",
            f"## `{kind.name}`",
            "",
            kind.summary,
            "",
            "| field | type | required |",
            "|---|---|---|",
        ]
        schema = kind.payload.model_json_schema()
        required = set(schema.get("required", []))
        for field, spec in schema.get("properties", {}).items():
            if "anyOf" in spec:
                kind_text = " or ".join(s.get("format", s.get("type", "?")) for s in spec["anyOf"])
            else:
                kind_text = spec.get("format", spec.get("type", "?"))
            lines.append(f"| `{field}` | {kind_text} | {'yes' if field in required else 'no'} |")
        lines += ["", f"Schema: [`schemas/{kind.name}.json`](schemas/{kind.name}.json)"]
    return "\n".join(lines) + "\n"


def render() -> dict[str, str]:
    """Relative path -> content of every generated file."""
    files = {
        "asyncapi.yaml": yaml.safe_dump(asyncapi(), sort_keys=False, allow_unicode=True, width=110),
        "catalogue.md": catalogue(),
    }
    for kind in REGISTRY.values():
        files[f"schemas/{kind.name}.json"] = json.dumps(event_schema(kind), indent=2, sort_keys=True) + "\n"
    return files


def write(directory: Path) -> None:
    for relative, content in render().items():
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    known = set(render())
    for stale in (directory / "schemas").glob("*.json"):
        if f"schemas/{stale.name}" not in known:
            stale.unlink()


if __name__ == "__main__":
    write(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/events"))
