"""Mail from an outbox (ADR 0021): `queue_mail` in the transaction of the change; the sender that
`build_service_app(..., mail_outbox=...)` starts sends it over SMTP after the commit, at least
once, a resend with the same Message-ID."""

from dialoog.kit.mail.message import InvalidMail, OutgoingMail
from dialoog.kit.mail.outbox import MailOutboxRepository, queue_mail
from dialoog.kit.mail.tables import create_mail_outbox, drop_mail_outbox, mail_outbox_table

__all__ = [
    "InvalidMail",
    "MailOutboxRepository",
    "OutgoingMail",
    "create_mail_outbox",
    "drop_mail_outbox",
    "mail_outbox_table",
    "queue_mail",
]
