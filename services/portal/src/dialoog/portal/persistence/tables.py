"""The portal database: user preferences (per tenant, RLS) and server-side sessions."""

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB, UUID

from dialoog.kit.events.tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

user_preferences = Table(
    "user_preferences",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False, index=True),
    Column("user_id", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Infrastructure (ADR 0009): a session exists before anyone logs in, so before there is a tenant.
# It holds the user's tokens; the session id in the cookie is random (256 bits), HttpOnly.
portal_sessions = Table(
    "portal_sessions",
    metadata,
    Column("id", Text, primary_key=True),
    Column("data", JSONB, nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
