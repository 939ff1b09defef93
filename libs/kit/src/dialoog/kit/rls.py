"""Helpers for migrations: tenant tables get row level security, forced, keyed on `app.tenant_id`."""

from __future__ import annotations

from alembic import op

POLICY = "tenant_isolation"
CURRENT_TENANT = "nullif(current_setting('app.tenant_id', true), '')"


def enable_tenant_rls(table: str, column: str = "tenant_id") -> None:
    """Enable and FORCE row level security on `table`, so that even the owner is filtered, and
    allow only rows of the tenant set in the current transaction. With no tenant set, no rows."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    op.execute(
        f"CREATE POLICY {POLICY} ON {table} "
        f"USING ({column} = {CURRENT_TENANT}) WITH CHECK ({column} = {CURRENT_TENANT})"
    )


PLATFORM = "current_setting('app.platform', true) = 'on'"


def enable_tenant_rls_with_platform_access(table: str, column: str = "tenant_id") -> None:
    """Like `enable_tenant_rls`, and platform administration (a transaction that set
    `app.platform`) sees and writes every tenant's rows. Only for what platform code must read
    across tenants: the tenants register itself and the event outbox (its relay, ADR 0015)."""
    op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
    check = f"({column} = {CURRENT_TENANT} OR {PLATFORM})"
    op.execute(f"CREATE POLICY {POLICY} ON {table} USING {check} WITH CHECK {check}")


def disable_tenant_rls(table: str) -> None:
    op.execute(f"DROP POLICY IF EXISTS {POLICY} ON {table}")
    op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
    op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
