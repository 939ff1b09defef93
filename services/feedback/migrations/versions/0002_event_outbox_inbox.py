"""event outbox (with NOTIFY) and inbox

Revision ID: 0002
Revises: 0001
"""

from dialoog.kit.events.tables import create_event_tables, drop_event_tables

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_event_tables()


def downgrade() -> None:
    drop_event_tables()
