"""the tenant's branding: a primary and an accent colour and a short name for mails (ADR 0037)

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLOURS = ("primary_color", "accent_color")


def upgrade() -> None:
    for column in COLOURS:
        op.add_column("tenants", sa.Column(column, sa.Text, nullable=True))
        op.create_check_constraint(f"{column}_format", "tenants", f"{column} ~ '^#[0-9a-f]{{6}}$'")
    op.add_column("tenants", sa.Column("mail_name", sa.Text, nullable=True))


def downgrade() -> None:
    op.drop_column("tenants", "mail_name")
    for column in COLOURS:
        op.drop_constraint(f"{column}_format", "tenants")
        op.drop_column("tenants", column)
