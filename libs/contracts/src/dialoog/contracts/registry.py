"""The registry of event types: each a versioned, typed payload model. A breaking change to a
payload is a new version (v2) registered beside the old one, never an edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from dialoog.contracts.envelope import CloudEvent, subject_for


@dataclass(frozen=True)
class EventType:
    service: str
    entity: str
    event: str
    version: int
    payload: type[BaseModel]
    summary: str

    @property
    def name(self) -> str:
        return f"nl.dialoog.{self.service}.{self.entity}.{self.event}.v{self.version}"

    @property
    def subject_pattern(self) -> str:
        return f"hr.{{tenant}}.{self.service}.{self.entity}.{self.event}"

    def envelope(
        self, tenant: str, payload: BaseModel, *, time: datetime, traceparent: str | None = None
    ) -> CloudEvent:
        if not isinstance(payload, self.payload):
            raise TypeError(f"{self.name} carries {self.payload.__name__}, not {type(payload).__name__}")
        return CloudEvent(
            source=f"/dialoog/{self.service}",
            type=self.name,
            subject=subject_for(tenant, self.name),
            tenant=tenant,
            time=time,
            traceparent=traceparent,
            data=payload.model_dump(mode="json"),
        )

    def parse(self, event: CloudEvent) -> BaseModel:
        return self.payload.model_validate(event.data)


REGISTRY: dict[str, EventType] = {}


def event_type(service: str, entity: str, event: str, version: int, summary: str):
    """Class decorator: register a payload model as an event type."""

    def register(model: type[BaseModel]) -> type[BaseModel]:
        kind = EventType(service, entity, event, version, model, summary)
        if kind.name in REGISTRY:
            raise ValueError(f"event type {kind.name} registered twice")
        REGISTRY[kind.name] = kind
        model.event_type = kind  # type: ignore[attr-defined]
        return model

    return register


def lookup(type_name: str) -> EventType:
    try:
        return REGISTRY[type_name]
    except KeyError as exc:
        raise KeyError(f"unknown event type {type_name}") from exc


def parse(raw: bytes | str | dict[str, Any]) -> tuple[CloudEvent, BaseModel]:
    """Validate an envelope and its payload against the registry."""
    event = CloudEvent.model_validate(raw) if isinstance(raw, dict) else CloudEvent.model_validate_json(raw)
    return event, lookup(event.type).parse(event)
