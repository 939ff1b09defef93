"""attachments: files in the portfolio, in PostgreSQL (bytea) under RLS

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

from dialoog.kit.rls import enable_tenant_rls

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "attachments",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("tenant_id", sa.Text, nullable=False),
        sa.Column("period_id", UUID(as_uuid=True), sa.ForeignKey("periods.id"), nullable=False),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("media_type", sa.Text, nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("sha256", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("size <= 10485760", name="attachment_size"),
    )
    op.create_index("ix_attachments_period", "attachments", ["tenant_id", "period_id"])
    # Already compressed formats: keep PostgreSQL from trying to compress them again.
    op.execute("ALTER TABLE attachments ALTER COLUMN content SET STORAGE EXTERNAL")
    enable_tenant_rls("attachments")


def downgrade() -> None:
    op.drop_table("attachments")
