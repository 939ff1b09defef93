"""The CloudEvents 1.0 envelope (JSON structured mode) with Dialoog's extensions: `tenant` and
`traceparent` (W3C trace context). How it travels on NATS: `dialoog.contracts.wire`."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

TYPE_PATTERN = r"^nl\.dialoog\.[a-z]+\.[a-z_]+\.[a-z_]+\.v[1-9][0-9]*$"
TENANT_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"

# Attributes with a default that every published event carries all the same: the schema requires
# them, as CloudEvents does `id` and `specversion`.
ALWAYS_PRESENT = ("specversion", "id", "datacontenttype")


def _require_what_is_always_present(schema: dict[str, Any]) -> None:
    required = list(schema.get("required", []))
    schema["required"] = [*ALWAYS_PRESENT, *(name for name in required if name not in ALWAYS_PRESENT)]


class CloudEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_require_what_is_always_present)

    specversion: Literal["1.0"] = "1.0"
    id: str = Field(default_factory=lambda: str(uuid.uuid4()), min_length=1)
    source: str = Field(pattern=r"^/dialoog/[a-z]+$", description="/dialoog/<service>")
    type: str = Field(pattern=TYPE_PATTERN, description="nl.dialoog.<service>.<entity>.<event>.v<N>")
    subject: str = Field(description="hr.<tenant>.<service>.<entity>.<event>")
    time: datetime = Field(description="when it happened, on the platform's business clock (UTC)")
    datacontenttype: Literal["application/json"] = Field(
        default="application/json",
        description="the media type of `data`; the message itself is application/cloudevents+json",
    )
    tenant: str = Field(pattern=TENANT_PATTERN)
    traceparent: str | None = Field(
        default=None, pattern=r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$"
    )
    data: dict[str, Any]

    @property
    def service(self) -> str:
        return self.type.split(".")[2]


def subject_for(tenant: str, type_name: str) -> str:
    """nl.dialoog.organisatie.org_unit.created.v1 -> hr.<tenant>.organisatie.org_unit.created"""
    if not re.match(TENANT_PATTERN, tenant):
        raise ValueError(f"not a tenant key: {tenant!r}")
    _, _, service, entity, event, _version = type_name.split(".")
    return f"hr.{tenant}.{service}.{entity}.{event}"
