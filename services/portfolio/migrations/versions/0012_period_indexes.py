"""indexes on period_id: talks, agreements and reactions are read per period (the portfolio, the
team overview, the definitive moment, the export); the audit trail by object (the export, HR's filter)

Revision ID: 0012
Revises: 0011
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# portfolio_competencies needs none: its unique (period_id, competency_id) already leads with period_id.
TABLES = ("agreements", "talks", "reactions")


def upgrade() -> None:
    for table in TABLES:
        op.create_index(f"ix_{table}_period", table, ["tenant_id", "period_id"])
    op.create_index("ix_audit_object", "audit_log", ["tenant_id", "object_id"])


def downgrade() -> None:
    op.drop_index("ix_audit_object", table_name="audit_log")
    for table in TABLES:
        op.drop_index(f"ix_{table}_period", table_name=table)
