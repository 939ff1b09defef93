"""round_reminders: each reminder of a round, sent or skipped, with when and to how many (ADR 0013)

Revision ID: 0004
Revises: 0003
"""

from alembic import op

from dialoog.kit.rls import enable_tenant_rls

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE round_reminders (
            tenant_id TEXT NOT NULL,
            round_id UUID NOT NULL,
            day DATE NOT NULL,
            status TEXT NOT NULL,
            managers INTEGER NOT NULL DEFAULT 0,
            recorded_at TIMESTAMP WITH TIME ZONE,
            created_at TIMESTAMP WITH TIME ZONE DEFAULT now() NOT NULL,
            PRIMARY KEY (round_id, day)
        )
        """
    )
    enable_tenant_rls("round_reminders")
    # What rounds recorded before: the days sent (not when, nor to how many).
    op.execute(
        """
        INSERT INTO round_reminders (tenant_id, round_id, day, status)
        SELECT tenant_id, id, unnest(reminders_sent), 'sent' FROM rounds
        ON CONFLICT DO NOTHING
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS round_reminders")
