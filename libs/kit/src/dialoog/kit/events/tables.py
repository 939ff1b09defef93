"""The outbox and inbox tables every service has, and the migration helpers that create them and
put them under row level security.

Both hold tenant rows like any other table, under forced RLS (ADR 0015, replacing what ADR 0006 said):
a service writes its outbox rows in the tenant transaction of the change, a consumer its inbox row
in the tenant transaction of the event; the relay, which serves every tenant, reads the outbox in
platform mode (`dialoog.kit.db.platform_transaction`). They carry ids and states only
(ARCHITECTURE: no free-text personnel content in events)."""

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
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def create_event_tables() -> None:
    """Migration 0002 of every service: outbox (with a NOTIFY on insert, so the relay wakes at
    commit) and inbox, as they were then (`put_event_tables_under_rls` comes after it)."""
    from alembic import op

    metadata = sa.MetaData()
    outbox_table(metadata).create(op.get_bind())
    op.execute(
        "CREATE TABLE event_inbox (consumer TEXT NOT NULL, event_id TEXT NOT NULL, "
        "processed_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL, PRIMARY KEY (consumer, event_id))"
    )
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


def put_event_tables_under_rls() -> None:
    """A service's migration after 0002: the inbox gets its tenant, both tables forced RLS.

    The outbox's policy also lets platform mode through (the relay). The inbox's is the plain
    tenant policy: rows recorded before this migration get the tenant `''`, which no transaction
    sees, and still stop a redelivered event (the primary key holds whatever the policy hides)."""
    from alembic import op

    from dialoog.kit.rls import enable_tenant_rls, enable_tenant_rls_with_platform_access

    op.execute("ALTER TABLE event_inbox ADD COLUMN tenant_id TEXT NOT NULL DEFAULT ''")
    op.execute("ALTER TABLE event_inbox ALTER COLUMN tenant_id DROP DEFAULT")
    enable_tenant_rls_with_platform_access("event_outbox")
    enable_tenant_rls("event_inbox")


def take_event_tables_out_of_rls() -> None:
    from alembic import op

    from dialoog.kit.rls import disable_tenant_rls

    disable_tenant_rls("event_inbox")
    disable_tenant_rls("event_outbox")
    op.execute("ALTER TABLE event_inbox DROP COLUMN tenant_id")
