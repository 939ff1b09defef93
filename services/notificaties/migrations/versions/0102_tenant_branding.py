"""the tenant's branding in notificaties' projection of tenants, for its mails (ADR 0037)

Revision ID: 0102
Revises: 0101
"""

import sqlalchemy as sa
from alembic import op

revision = "0102"
down_revision = "0101"
branch_labels = None
depends_on = None

COLUMNS = ("primary_color", "accent_color", "mail_name")


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("tenants", sa.Column(column, sa.Text, nullable=True))
    # The tenant's version of the branding applied: an older event delivered late changes nothing.
    op.add_column("tenants", sa.Column("branding_version", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    for column in (*COLUMNS, "branding_version"):
        op.drop_column("tenants", column)
