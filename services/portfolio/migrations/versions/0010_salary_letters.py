"""salary decision letters in the personnel file, from the salaris service's letter.issued events

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from dialoog.kit.rls import enable_tenant_rls

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "salary_letters",
        sa.Column("letter_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("employee_id", UUID(as_uuid=True), nullable=False),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("decision_version", sa.Integer, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("sent_on", sa.Date, nullable=False),
        sa.Column("objection_deadline", sa.Date, nullable=False),
        sa.Column("event_id", sa.Text, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )
    op.create_index("ix_salary_letters_employee", "salary_letters", ["tenant_id", "employee_id"])
    enable_tenant_rls("salary_letters")


def downgrade() -> None:
    op.drop_table("salary_letters")
