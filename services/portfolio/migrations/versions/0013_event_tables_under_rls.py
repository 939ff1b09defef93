"""event_outbox and event_inbox under forced row level security; the inbox gets its tenant (ADR 0015)

Revision ID: 0013
Revises: 0012
"""

from dialoog.kit.events.tables import put_event_tables_under_rls, take_event_tables_out_of_rls

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    put_event_tables_under_rls()


def downgrade() -> None:
    take_event_tables_out_of_rls()
