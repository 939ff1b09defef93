"""Events of the notificaties service. They carry ids and states: never a webhook's URL query,
its secret, or the content of a notification."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from dialoog.contracts.registry import event_type


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@event_type(
    "notificaties",
    "webhook",
    "disabled",
    1,
    "A tenant's webhook endpoint was disabled: it answered 410 Gone, or it kept failing. The tenant "
    "admin is told; no delivery is tried until the admin enables it again.",
)
class WebhookDisabled(_Payload):
    endpoint_id: UUID = Field(description="The webhook endpoint that was disabled")
    reason: Literal["gone", "failing"] = Field(
        description="gone: the receiver answered 410; failing: deliveries kept failing"
    )
    failed_deliveries: int = Field(ge=0, description="Deliveries that had given up when it was disabled")
