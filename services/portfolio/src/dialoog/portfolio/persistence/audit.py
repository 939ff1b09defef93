"""The audit trail (BIO 8.15.01) of the portfolio: kit's shared AuditRepository (append-only,
hash-chained per tenant, appends serialised per tenant with an advisory lock) on portfolio's own
`audit_log` table (migration 0003)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.audit import AuditRepository as _KitAuditRepository
from dialoog.portfolio.persistence.tables import audit_log


class AuditRepository(_KitAuditRepository):
    def __init__(self, session: AsyncSession) -> None:
        super().__init__(session, audit_log)
