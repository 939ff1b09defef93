"""Indexes for HR's search of the audit trail by person: entries by them (actor) or about their
objects (object_id). Without them every search read the tenant's whole trail, which grows with
every read and write (bench/portal.py, docs/capacity.md "Portal pages").

Revision ID: 0014
Revises: 0013
"""

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_object", "audit_log", ["tenant_id", "object_id", "seq"])
    op.create_index("ix_audit_log_actor", "audit_log", ["tenant_id", "actor", "seq"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_actor", "audit_log")
    op.drop_index("ix_audit_log_object", "audit_log")
