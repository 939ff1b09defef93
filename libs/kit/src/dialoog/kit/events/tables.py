"""The outbox and inbox tables every service has, and the migration helpers that create them.

Both are infrastructure, not tenant data: the relay reads the outbox across tenants, a consumer
checks the inbox before it knows whether an event is new. They carry ids and states only
(ARCHITECTURE: no free-text personnel content in events) and no RLS (ADR 0006)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

NOTIFY_CHANNEL = "dialoog_outbox"


def outbox_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "event_outbox",
        metadata,
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("event_id", UUID(as_uuid=False), nullable=False, unique=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("envelope", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    )


def inbox_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        "event_inbox",
        metadata,
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def create_event_tables() -> None:
    """Call from a service's migration: outbox (with a NOTIFY on insert, so the relay wakes at
    commit) and inbox."""
    from alembic import op

    metadata = sa.MetaData()
    outbox_table(metadata).create(op.get_bind())
    inbox_table(metadata).create(op.get_bind())
    op.execute("CREATE INDEX ix_event_outbox_unsent ON event_outbox (seq) WHERE sent_at IS NULL")
    op.execute(
        f"""
        CREATE FUNCTION event_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        "CREATE TRIGGER event_outbox_notify AFTER INSERT ON event_outbox "
        "FOR EACH STATEMENT EXECUTE FUNCTION event_outbox_notify()"
    )


def drop_event_tables() -> None:
    from alembic import op

    op.execute("DROP TABLE IF EXISTS event_inbox")
    op.execute("DROP TABLE IF EXISTS event_outbox")
    op.execute("DROP FUNCTION IF EXISTS event_outbox_notify()")
