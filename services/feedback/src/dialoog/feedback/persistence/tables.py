"""The feedback database. Every tenant table has `tenant_id` and forced row level security."""

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, Text, func
from sqlalchemy.dialects.postgresql import UUID

from dialoog.kit.events.tables import inbox_table, outbox_table
from dialoog.kit.mail.tables import mail_outbox_table

metadata = MetaData()
outbox = outbox_table(metadata)
inbox = inbox_table(metadata)
mail_outbox = mail_outbox_table(metadata)

feedback_requests = Table(
    "feedback_requests",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("tenant_id", Text, nullable=False, index=True),
    Column("requester_id", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
