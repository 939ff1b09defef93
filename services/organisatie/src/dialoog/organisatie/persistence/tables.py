"""The organisatie database. Every tenant table has `tenant_id` and forced row level security
(see migrations)."""

from sqlalchemy import Column, DateTime, ForeignKey, Integer, MetaData, Table, Text, func
from sqlalchemy.dialects.postgresql import UUID

from dialoog.kit.events.tables import inbox_table, outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)

org_units = Table(
    "org_units",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False, index=True),
    Column("name", Text, nullable=False),
    Column("parent_id", UUID(as_uuid=True), ForeignKey("org_units.id"), nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
