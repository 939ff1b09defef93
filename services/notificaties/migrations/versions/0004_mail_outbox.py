"""mail_outbox: notifications leave over SMTP from rows committed with them (ADR 0021, ADR 0025)

Revision ID: 0004
Revises: 0003
"""

from dialoog.kit.mail.tables import create_mail_outbox, drop_mail_outbox

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_mail_outbox()


def downgrade() -> None:
    drop_mail_outbox()
