"""Asserted from the catalog of every service database: the app role cannot get around RLS."""

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.devstack.config import SERVICES

# Tables that hold no tenant data (ADR 0006). Anything else must be a tenant table.
GLOBAL_TABLES = frozenset({"alembic_version", "event_outbox", "event_inbox", "portal_sessions"})


async def fetch(url, sql):
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            return (await conn.execute(text(sql))).mappings().all()
    finally:
        await engine.dispose()


@pytest.mark.parametrize("service", SERVICES)
async def test_app_role_is_neither_superuser_nor_bypassrls_nor_owner(service, test_databases):
    urls = test_databases(service)
    role = (
        await fetch(
            urls["app"],
            "select rolsuper, rolbypassrls, rolcreaterole, rolcreatedb from pg_roles "
            "where rolname = current_user",
        )
    )[0]
    assert dict(role) == {
        "rolsuper": False,
        "rolbypassrls": False,
        "rolcreaterole": False,
        "rolcreatedb": False,
    }
    owned = await fetch(
        urls["app"],
        "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
        "where c.relowner = (select oid from pg_roles where rolname = current_user) "
        "and n.nspname not in ('pg_catalog', 'information_schema')",
    )
    assert owned == []


@pytest.mark.parametrize("service", SERVICES)
async def test_every_tenant_table_forces_row_level_security(service, test_databases):
    tables = await fetch(
        test_databases(service)["owner"],
        """
        select c.relname as name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
               exists (select 1 from information_schema.columns col
                       where col.table_schema = 'public' and col.table_name = c.relname
                         and col.column_name = 'tenant_id') as has_tenant,
               (select count(*) from pg_policies p where p.tablename = c.relname) as policies
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind in ('r', 'p')
        """,
    )
    tenant_tables = [t for t in tables if t["name"] not in GLOBAL_TABLES]
    assert tenant_tables, f"{service} has no tenant table"
    for table in tenant_tables:
        assert table["has_tenant"], f"{service}.{table['name']} has no tenant_id"
        assert table["rls"] and table["forced"], f"{service}.{table['name']} does not force RLS"
        assert table["policies"] >= 1, f"{service}.{table['name']} has no policy"


async def test_app_role_cannot_turn_rls_off(test_databases):
    engine = create_async_engine(test_databases("organisatie")["app"])
    try:
        async with engine.connect() as conn:
            with pytest.raises(Exception, match="must be owner"):
                await conn.execute(text("alter table org_units disable row level security"))
            await conn.rollback()
            await conn.execute(text("set row_security = off"))
            with pytest.raises(Exception, match="would be affected by row-level security"):
                await conn.execute(text("select count(*) from org_units"))
    finally:
        await engine.dispose()
