"""salary letters: the year of their round (letter.issued carries it now)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("salary_letters", sa.Column("round_year", sa.Integer, nullable=True))


def downgrade() -> None:
    op.drop_column("salary_letters", "round_year")
