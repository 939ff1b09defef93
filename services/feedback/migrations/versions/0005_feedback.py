"""feedback: requests with their questions, givers, answers, shares, opt-outs, question sets, the
tenant's feedback settings and the projection of organisatie; every table under forced RLS

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
    "cycle_settings",
    "feedback_givers",
    "feedback_answers",
    "feedback_shares",
    "feedback_opt_outs",
    "question_sets",
)


def _created() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now())


def upgrade() -> None:
    # The shell's request table held no rows: it gets the columns of a request.
    op.execute("ALTER TABLE feedback_requests ALTER COLUMN requester_id TYPE uuid USING requester_id::uuid")
    for column in (
        sa.Column("requester_unit_id", UUID(as_uuid=True), nullable=True),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("questions", JSONB, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("anonymous", sa.Boolean, nullable=False),
        sa.Column("self_reflection", sa.Boolean, nullable=False),
        sa.Column("threshold", sa.Integer, nullable=False),
        sa.Column("state", sa.Text, nullable=False, server_default="open"),
        sa.Column("created_on", sa.Date, nullable=False),
        sa.Column("last_reminded_on", sa.Date, nullable=True),
        sa.Column("answers_deleted_on", sa.Date, nullable=True),
    ):
        op.add_column("feedback_requests", column)
    op.create_index("ix_feedback_requests_requester", "feedback_requests", ["requester_id", "created_at"])

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
        sa.Column("name", sa.Text, nullable=False),
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
        "cycle_settings",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("effective_from", sa.Date, nullable=False),
        sa.Column("feedback", JSONB, nullable=False),
    )
    op.create_table(
        "tenant_settings",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=True),
        sa.Column("colours", JSONB, nullable=True),
        sa.Column("retention_months", sa.Integer, nullable=False, server_default="12"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    )
    op.create_table(
        "feedback_givers",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("request_id", UUID(as_uuid=True), nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("grp", sa.Text, nullable=False),
        sa.Column("person_id", UUID(as_uuid=True), nullable=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=True),
        sa.Column("state", sa.Text, nullable=False, server_default="asked"),
        sa.Column("decline_reason", sa.Text, nullable=True),
        sa.Column("draft", JSONB, nullable=True),
        sa.Column("invited_on", sa.Date, nullable=False),
        sa.Column("link_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("message_ids", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.UniqueConstraint("request_id", "person_id"),
        sa.UniqueConstraint("request_id", "email"),
    )
    op.create_index("ix_feedback_givers_request_id", "feedback_givers", ["request_id"])
    op.create_index("ix_feedback_givers_person", "feedback_givers", ["person_id"])
    op.create_index("ix_feedback_givers_invited", "feedback_givers", ["tenant_id", "invited_on", "kind"])
    op.create_table(
        "feedback_answers",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("request_id", UUID(as_uuid=True), nullable=False),
        sa.Column("giver_id", UUID(as_uuid=True), nullable=True),
        sa.Column("question_key", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("rating", sa.Integer, nullable=True),
        sa.Column("comment", sa.Text, nullable=True),
    )
    op.create_index("ix_feedback_answers_request_id", "feedback_answers", ["request_id"])
    op.create_table(
        "feedback_shares",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("request_id", UUID(as_uuid=True), nullable=False),
        sa.Column("answer_id", UUID(as_uuid=True), nullable=True, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _created(),
    )
    op.create_index("ix_feedback_shares_request_id", "feedback_shares", ["request_id"])
    op.create_table(
        "feedback_opt_outs",
        sa.Column("tenant_id", sa.Text, primary_key=True),
        sa.Column("address_hash", sa.Text, primary_key=True),
        _created(),
    )
    op.create_table(
        "question_sets",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("name", JSONB, nullable=False),
        sa.Column("questions", JSONB, nullable=False),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        _created(),
    )
    for table in TABLES:
        enable_tenant_rls(table)
    # The sweep (deadlines, retention) lists the tenants in platform mode, then works in each.
    enable_tenant_rls_with_platform_access("tenant_settings")


def downgrade() -> None:
    op.drop_table("tenant_settings")
    for table in reversed(TABLES):
        op.drop_table(table)
    op.drop_index("ix_feedback_requests_requester", "feedback_requests")
    for column in (
        "answers_deleted_on",
        "last_reminded_on",
        "created_on",
        "state",
        "threshold",
        "self_reflection",
        "anonymous",
        "deadline",
        "questions",
        "purpose",
        "requester_unit_id",
    ):
        op.drop_column("feedback_requests", column)
    op.execute("ALTER TABLE feedback_requests ALTER COLUMN requester_id TYPE text USING requester_id::text")
