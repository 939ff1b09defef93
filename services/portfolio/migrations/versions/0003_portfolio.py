"""projections, periods, agreements, talks, reactions, audit log

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from dialoog.kit.rls import enable_tenant_rls

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = (
    "people",
    "org_units",
    "reporting",
    "cycle_versions",
    "periods",
    "agreements",
    "talks",
    "reactions",
    "audit_log",
)


def stamps():
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    ]


def upgrade() -> None:
    op.create_table(
        "people",
        sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("email", sa.Text),
        sa.Column("org_unit_id", UUID(as_uuid=True)),
        sa.Column("roles", ARRAY(sa.Text), nullable=False),
        sa.Column("date_of_birth", sa.Date),
        sa.Column("appointment_start", sa.Date),
        sa.Column("probation_end", sa.Date),
        sa.Column("source_version", sa.Integer, nullable=False),
    )
    op.create_index("ix_people_email", "people", ["tenant_id", "email"])
    op.create_table(
        "org_units",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("parent_id", UUID(as_uuid=True)),
    )
    op.create_table(
        "reporting",
        sa.Column("employee_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("manager_id", UUID(as_uuid=True), nullable=False),
        sa.Column("delegate_id", UUID(as_uuid=True)),
        sa.Column("valid_from", sa.Date, nullable=False),
    )
    op.create_index("ix_reporting_manager", "reporting", ["tenant_id", "manager_id"])
    op.create_table(
        "cycle_versions",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("definition", JSONB, nullable=False),
    )
    op.create_table(
        "periods",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("employee_id", UUID(as_uuid=True), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("cycle_version", sa.Integer, nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="open"),
        sa.Column("locked_at", sa.DateTime(timezone=True)),
        sa.Column("locked_by", sa.Text),
        sa.Column("snapshot", JSONB),
        sa.Column("snapshot_hash", sa.Text),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *stamps(),
        sa.UniqueConstraint("tenant_id", "employee_id", "starts_on", name="one_period_per_start"),
    )
    op.create_table(
        "agreements",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("period_id", UUID(as_uuid=True), sa.ForeignKey("periods.id"), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("how_measured", sa.Text),
        sa.Column("due_on", sa.Date),
        sa.Column("about", sa.Text, nullable=False, server_default="content"),
        sa.Column("goal", sa.Text),
        sa.Column("legal_consequences", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("talk_id", UUID(as_uuid=True)),
        sa.Column("written_by", sa.Text, nullable=False),
        sa.Column("confirmed_by_employee", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("confirmed_by_manager", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *stamps(),
        sa.CheckConstraint("kind in ('result', 'development')", name="agreement_kind"),
        sa.CheckConstraint("about in ('content', 'behaviour')", name="agreement_about"),
    )
    op.create_table(
        "talks",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("period_id", UUID(as_uuid=True), sa.ForeignKey("periods.id"), nullable=False),
        sa.Column("type", sa.Text, nullable=False),
        sa.Column("held_on", sa.Date, nullable=False),
        sa.Column("initiated_by", sa.Text, nullable=False),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_by_person", sa.Text, nullable=False),
        sa.Column("record", JSONB, nullable=False),
        sa.Column("topics", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("conclusion", sa.Text),
        sa.Column("reward_advice", sa.Text),
        sa.Column("improvement_plan", sa.Boolean, nullable=False, server_default="false"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        *stamps(),
    )
    op.create_table(
        "reactions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("period_id", UUID(as_uuid=True), sa.ForeignKey("periods.id"), nullable=False),
        sa.Column("talk_id", UUID(as_uuid=True)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("written_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger, sa.Identity(always=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("object_type", sa.Text, nullable=False),
        sa.Column("object_id", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("origin", sa.Text),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("hash", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_tenant_seq", "audit_log", ["tenant_id", "seq"])
    # Append-only, whoever asks: the app role gets no UPDATE or DELETE through the trigger.
    for table in ("audit_log", "reactions"):
        op.execute(
            f"""
            CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '{table} is append-only'; END $$
            """
        )
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
        )
    for table in TABLES:
        enable_tenant_rls(table)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.execute(f"DROP TABLE IF EXISTS {table} CASCADE")
    op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
    op.execute("DROP FUNCTION IF EXISTS reactions_append_only()")
