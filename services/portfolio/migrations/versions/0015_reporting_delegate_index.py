"""An index on the delegate of a reporting line: a manager's reports are the lines where she is the
manager or the delegate (`reports_of`, behind the team page and the manager's home), and with an
index on the manager only, the OR read the tenant's whole reporting table on every call
(EXPLAIN at 5,000 people: a sequential scan of 5,004 rows; bench/portal.py, ADR 0038).

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_reporting_delegate", "reporting", ["tenant_id", "delegate_id"])


def downgrade() -> None:
    op.drop_index("ix_reporting_delegate", "reporting")
