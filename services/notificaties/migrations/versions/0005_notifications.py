"""notifications: the projection of organisatie, notifications with their e-mail state,
preferences, tenant defaults and digests, every table under forced RLS; the shell's empty
inbox_items table goes (ADR 0025)

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from dialoog.kit.rls import enable_tenant_rls, enable_tenant_rls_with_platform_access

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = (
    "people",
    "org_units",
    "reporting",
    "subjects",
    "notifications",
    "notification_emails",
    "preferences",
    "tenant_defaults",
    "digests",
)


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade() -> None:
    op.drop_table("inbox_items")
    op.create_table(
        "people",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("employee_number", sa.Text, nullable=False),
        sa.Column("display_name", sa.Text, nullable=True),
        sa.Column("email", sa.Text, nullable=True),
        sa.Column("org_unit_id", UUID(as_uuid=True), nullable=True),
        sa.Column("roles", ARRAY(sa.Text), nullable=False),
        sa.Column("source_version", sa.Integer, nullable=False),
    )
    op.create_index("ix_people_email", "people", ["tenant_id", "email"])
    op.create_table(
        "org_units",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("parent_id", UUID(as_uuid=True), nullable=True),
    )
    op.create_table(
        "reporting",
        sa.Column("employee_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("manager_id", UUID(as_uuid=True), nullable=False),
        sa.Column("delegate_id", UUID(as_uuid=True), nullable=True),
        sa.Column("valid_from", sa.Date, nullable=False),
    )
    op.create_table(
        "tenants",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=True),
    )
    op.create_table(
        "subjects",
        sa.Column("object_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("employee_id", UUID(as_uuid=True), nullable=False),
    )
    op.create_table(
        "notifications",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("recipient_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("category", sa.Text, nullable=False),
        sa.Column("link", sa.Text, nullable=False),
        sa.Column("params", JSONB, nullable=False, server_default="{}"),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        _created(),
        sa.UniqueConstraint("event_id", "recipient_id", name="uq_notifications_event_recipient"),
    )
    op.create_index("ix_notifications_recipient", "notifications", ["recipient_id", "created_at", "id"])
    op.create_index(
        "ix_notifications_unread",
        "notifications",
        ["recipient_id"],
        postgresql_where=sa.text("read_at IS NULL"),
    )
    op.create_table(
        "notification_emails",
        sa.Column("notification_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("recipient_id", UUID(as_uuid=True), nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_id", sa.Text, nullable=True),
        sa.Column("digest_id", UUID(as_uuid=True), nullable=True),
        _created(),
    )
    op.create_index(
        "ix_notification_emails_held",
        "notification_emails",
        ["due_at"],
        postgresql_where=sa.text("state = 'held'"),
    )
    op.create_table(
        "preferences",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("settings", JSONB, nullable=False, server_default="{}"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "tenant_defaults",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("settings", JSONB, nullable=False, server_default="{}"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "digests",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("recipient_id", UUID(as_uuid=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("items", sa.Integer, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False),
        _created(),
    )
    for table in TABLES:
        enable_tenant_rls(table)
    # The digest schedule lists the tenants it serves across tenants (platform mode).
    enable_tenant_rls_with_platform_access("tenants")


def downgrade() -> None:
    for table in reversed((*TABLES, "tenants")):
        op.drop_table(table)
    op.create_table(
        "inbox_items",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("recipient_id", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_inbox_items_tenant_id", "inbox_items", ["tenant_id"])
    enable_tenant_rls("inbox_items")
