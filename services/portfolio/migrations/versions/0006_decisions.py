"""formal decisions (besluiten) on agreements with legal consequences; objections against them

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from dialoog.kit.rls import enable_tenant_rls

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("employee_id", UUID(as_uuid=True), nullable=False),
        sa.Column("agreement_id", UUID(as_uuid=True), sa.ForeignKey("agreements.id"), nullable=False),
        sa.Column("status", sa.Text, nullable=False, server_default="needed"),
        sa.Column("decision", sa.Text),
        sa.Column("motivation", sa.Text),
        sa.Column("established_by", sa.Text),
        sa.Column("letter", sa.LargeBinary),
        sa.Column("letter_sent_on", sa.Date),
        sa.Column("objection_weeks", sa.Integer, nullable=False, server_default="6"),
        sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("agreement_id", name="one_decision_per_agreement"),
        sa.CheckConstraint("status in ('needed', 'established')", name="decision_status"),
    )
    op.create_index("ix_decisions_employee", "decisions", ["tenant_id", "employee_id"])
    # Agreements confirmed before this revision that need a decision get one (the owner reads
    # across tenants only inside this transaction).
    for table in ("agreements", "periods"):
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(
        """
        INSERT INTO decisions (id, tenant_id, employee_id, agreement_id)
        SELECT gen_random_uuid(), a.tenant_id, p.employee_id, a.id
        FROM agreements a JOIN periods p ON p.id = a.period_id
        WHERE a.legal_consequences AND a.confirmed_by_employee AND a.confirmed_by_manager
        """
    )
    for table in ("agreements", "periods"):
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    enable_tenant_rls("decisions")
    # An objection is against an assessment or against a decision: exactly one of the two.
    op.add_column("objections", sa.Column("decision_id", UUID(as_uuid=True), sa.ForeignKey("decisions.id")))
    op.alter_column("objections", "assessment_id", nullable=True)
    op.create_check_constraint(
        "objection_against_one",
        "objections",
        "(assessment_id IS NULL) <> (decision_id IS NULL)",
    )


def downgrade() -> None:
    op.execute("DELETE FROM objections WHERE decision_id IS NOT NULL")
    op.drop_constraint("objection_against_one", "objections")
    op.alter_column("objections", "assessment_id", nullable=False)
    op.drop_column("objections", "decision_id")
    op.drop_table("decisions")
