"""reminders: the tenant's reminder settings, the subjects reminders are about (with who has done
what they ask), the talks of each employee per year, the tenant's cycle, and the log of each moment
sent or skipped; every table under forced RLS (ADR 0030)

Revision ID: 0101
Revises: 0100
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from dialoog.kit.rls import disable_tenant_rls, enable_tenant_rls

revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None

TABLES = (
    "reminder_settings",
    "reminder_subjects",
    "reminder_done",
    "cycle_talks",
    "tenant_cycles",
    "reminder_log",
)


def _key(name: str, kind=sa.Text) -> sa.Column:
    return sa.Column(name, kind, primary_key=True)


def upgrade() -> None:
    op.create_table(
        "reminder_settings",
        _key("tenant_id"),
        sa.Column("settings", JSONB, nullable=False, server_default="{}"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "reminder_subjects",
        _key("tenant_id"),
        _key("kind"),
        _key("subject_id"),
        sa.Column("anchor", sa.Date, nullable=False),
        sa.Column("known_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", JSONB, nullable=False, server_default="{}"),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "reminder_done",
        _key("tenant_id"),
        _key("kind"),
        _key("subject_id"),
        _key("person_id", UUID(as_uuid=True)),
    )
    op.create_table(
        "cycle_talks",
        _key("tenant_id"),
        _key("employee_id", UUID(as_uuid=True)),
        _key("year", sa.Integer),
        _key("talk_type"),
    )
    op.create_table(
        "tenant_cycles",
        _key("tenant_id"),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("definition", JSONB, nullable=False, server_default="{}"),
    )
    op.create_table(
        "reminder_log",
        _key("tenant_id"),
        _key("kind"),
        _key("subject_id"),
        _key("moment_key"),
        sa.Column("moment_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fate", sa.Text, nullable=False),
        sa.Column("recipients", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    for table in TABLES:
        enable_tenant_rls(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        disable_tenant_rls(table)
        op.drop_table(table)
