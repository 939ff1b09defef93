"""The integrators' webhooks (ADR 0026): endpoints per tenant, one delivery per (endpoint, event)
whose id is the `webhook-id` header, and the log of every attempt. All three are under forced RLS;
their policy also lets platform mode through, for the delivery worker, which serves every tenant
(as the event relay reads the outbox, ADR 0015)."""

from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

from dialoog.notificaties.persistence.tables import metadata

# The channel the delivery worker LISTENs on; new deliveries and redeliveries NOTIFY it.
WEBHOOK_NOTIFY_CHANNEL = "notificaties_webhooks"

webhook_endpoints = Table(
    "webhook_endpoints",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False, index=True),
    Column("url", Text, nullable=False),
    Column("description", Text, nullable=True),
    Column("event_types", ARRAY(Text), nullable=False),  # empty: every event type
    # The signing secret, encrypted (AES-GCM, key from settings, bound to tenant and endpoint).
    Column("secret_sealed", LargeBinary, nullable=False),
    Column("enabled", Boolean, nullable=False, server_default=text("true")),
    Column("disabled_reason", Text, nullable=True),  # gone | failing | manual
    # Deliveries that gave up since the last one that got through (the rule that disables).
    Column("gave_up_in_a_row", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

webhook_deliveries = Table(
    "webhook_deliveries",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),  # the webhook-id header, on every attempt
    Column("tenant_id", Text, nullable=False),
    Column(
        "endpoint_id",
        UUID(as_uuid=True),
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("event_id", Text, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("body", Text, nullable=False),  # the CloudEvent as sent: the same bytes every time
    Column("state", Text, nullable=False),  # pending | delivered | failed | gave_up
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_status", Integer, nullable=True),
    Column("last_response_ms", Integer, nullable=True),
    Column("next_attempt_at", DateTime(timezone=True), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("endpoint_id", "event_id", name="uq_webhook_deliveries_endpoint_event"),
    Index("ix_webhook_deliveries_endpoint", "endpoint_id", "created_at"),
    Index(
        "ix_webhook_deliveries_due",
        "next_attempt_at",
        postgresql_where=text("state IN ('pending', 'failed')"),
    ),
)

webhook_attempts = Table(
    "webhook_attempts",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=True),
    Column("tenant_id", Text, nullable=False),
    Column(
        "delivery_id",
        UUID(as_uuid=True),
        ForeignKey("webhook_deliveries.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("status", Integer, nullable=True),  # the receiver's HTTP status; null: no answer
    Column("response_ms", Integer, nullable=True),
    Column("error", Text, nullable=True),  # what went wrong, in a few words; never a header or body
)
