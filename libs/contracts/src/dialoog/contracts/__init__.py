"""dialoog.contracts: the single source of every event schema (CloudEvents 1.0 envelope and
versioned payloads) and the integrators' Python SDK."""

from dialoog.contracts import events
from dialoog.contracts.envelope import CloudEvent
from dialoog.contracts.registry import REGISTRY, EventType, event_type

__all__ = ["REGISTRY", "CloudEvent", "EventType", "event_type", "events"]
