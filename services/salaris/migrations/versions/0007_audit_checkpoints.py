"""The checkpoints of the audit chain (ADR 0042): a check that finds the chain intact marks its last
entry, so that the next check re-hashes only what came after it. Append-only, under forced RLS.

Revision ID: 0007
Revises: 0006
"""

from dialoog.kit.audit import create_audit_checkpoints, drop_audit_checkpoints

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_checkpoints("audit_log")


def downgrade() -> None:
    drop_audit_checkpoints("audit_log")
