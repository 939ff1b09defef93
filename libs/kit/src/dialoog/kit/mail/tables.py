"""The mail outbox every service that sends mail has, and the migration helpers that create it.

A tenant table like any other, under forced RLS: a service queues its mail in the tenant
transaction of the change (`dialoog.kit.mail.queue_mail`); the sender, which serves every tenant,
reads it in platform mode, as the event relay reads the event outbox (ADR 0015, ADR 0021)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

NOTIFY_CHANNEL = "dialoog_mail_outbox"
TABLE_NAME = "mail_outbox"


def mail_outbox_table(metadata: sa.MetaData) -> sa.Table:
    return sa.Table(
        TABLE_NAME,
        metadata,
        sa.Column("id", UUID(as_uuid=False), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False, unique=True),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("to_address", sa.Text, nullable=False),
        sa.Column("to_name", sa.Text, nullable=True),
        sa.Column("from_name", sa.Text, nullable=True),
        sa.Column("subject", sa.Text, nullable=False),
        # Both bodies are cleared once the mail is sent: the row stays as the record of what went
        # to whom and when, without the content (which may hold a personal link).
        sa.Column("text_body", sa.Text, nullable=True),
        sa.Column("html_body", sa.Text, nullable=True),
        sa.Column("headers", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text, nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
    )


def create_mail_outbox() -> None:
    """A service's migration: the mail outbox, its index of what is still to send, a NOTIFY on
    insert (so the sender wakes at commit) and forced RLS that lets platform mode through."""
    from alembic import op

    from dialoog.kit.rls import enable_tenant_rls_with_platform_access

    mail_outbox_table(sa.MetaData()).create(op.get_bind())
    op.execute(
        f"CREATE INDEX ix_{TABLE_NAME}_due ON {TABLE_NAME} (created_at) "
        "WHERE sent_at IS NULL AND failed_at IS NULL"
    )
    op.execute(
        f"""
        CREATE FUNCTION {TABLE_NAME}_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('{NOTIFY_CHANNEL}', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        f"CREATE TRIGGER {TABLE_NAME}_notify AFTER INSERT ON {TABLE_NAME} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE_NAME}_notify()"
    )
    enable_tenant_rls_with_platform_access(TABLE_NAME)


def drop_mail_outbox() -> None:
    from alembic import op

    op.execute(f"DROP TABLE IF EXISTS {TABLE_NAME}")
    op.execute(f"DROP FUNCTION IF EXISTS {TABLE_NAME}_notify()")
