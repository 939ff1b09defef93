"""An index on the delegate of a reporting line: `/v1/people/me/reports` finds the current lines
where the caller is the manager or the delegate, and with an index on the manager only, the OR
read the tenant's whole reporting history on every call (EXPLAIN at 5,000 people: a sequential
scan; bench/portal.py, ADR 0038).

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reporting_lines_delegate", "reporting_lines", ["tenant_id", "delegate_id"])


def downgrade() -> None:
    op.drop_index("ix_reporting_lines_delegate", "reporting_lines")
