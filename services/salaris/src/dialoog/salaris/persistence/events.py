from dialoog.kit.audit import AuditRepository
from dialoog.kit.events.outbox import Outbox
from dialoog.salaris.persistence.tables import audit_log
from dialoog.salaris.persistence.tables import outbox as outbox_table

outbox = Outbox(outbox_table)


def audit_repository(session) -> AuditRepository:
    return AuditRepository(session, audit_log)
