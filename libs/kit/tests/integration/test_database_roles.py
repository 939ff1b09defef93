"""Asserted from the catalog of every service database: the app role cannot get around RLS."""

import asyncio
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.devstack import postgres
from dialoog.devstack.config import SERVICES
from dialoog.kit.db import make_sessionmaker, platform_transaction, tenant_transaction
from dialoog.kit.events.inbox import InboxRepository
from dialoog.kit.events.outbox import OutboxRepository
from dialoog.kit.migrations import upgrade
from dialoog.organisatie.persistence.tables import inbox, outbox
from dialoog.testing.databases import fresh_database
from dialoog.testing.plugin import in_thread, worker_id

# Tables that hold no tenant data. Anything else must be a tenant table.
GLOBAL_TABLES = frozenset({"alembic_version", "portal_sessions"})
# Every service has these, and they are tenant tables like the others (ADR 0015).
EVENT_TABLES = frozenset({"event_outbox", "event_inbox"})
# The services that send mail have a mail outbox, a tenant table too (ADR 0021).
MAIL_TABLES = {"feedback": frozenset({"mail_outbox"})}


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


async def rls_gaps(owner_url: str, required: frozenset[str] = EVENT_TABLES) -> list[str]:
    """What the catalog of one service database says is missing: tenant tables without
    `tenant_id`, forced RLS or a policy, and `required` tables (the event tables, a mail outbox)
    that are not there at all."""
    tables = await fetch(
        owner_url,
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
    gaps = [f"{name}: missing" for name in sorted(required - {t["name"] for t in tenant_tables})]
    for table in sorted(tenant_tables, key=lambda t: t["name"]):
        if not table["has_tenant"]:
            gaps.append(f"{table['name']}: no tenant_id")
        if not (table["rls"] and table["forced"]):
            gaps.append(f"{table['name']}: RLS not forced")
        if table["policies"] < 1:
            gaps.append(f"{table['name']}: no policy")
    return gaps


@pytest.mark.parametrize("service", SERVICES)
async def test_every_tenant_table_forces_row_level_security(service, test_databases):
    required = EVENT_TABLES | MAIL_TABLES.get(service, frozenset())
    assert await rls_gaps(test_databases(service)["owner"], required) == []


@pytest.fixture
def before_event_rls(dialoog_stack):
    """organisatie's database as it was before the event tables came under RLS (revision 0003)."""
    suffix = f"_t_{worker_id()}_before_rls"
    urls = in_thread(fresh_database, dialoog_stack, "organisatie", suffix, "0003")
    yield urls
    in_thread(asyncio.run, postgres.drop_database(dialoog_stack, "organisatie", suffix))


async def test_the_catalogue_check_catches_event_tables_without_rls_and_the_migration_closes_it(
    before_event_rls,
):
    urls = before_event_rls
    assert await rls_gaps(urls["owner"]) == [
        "event_inbox: no tenant_id",
        "event_inbox: RLS not forced",
        "event_inbox: no policy",
        "event_outbox: RLS not forced",
        "event_outbox: no policy",
    ]
    consumed, unsent = str(uuid.uuid4()), str(uuid.uuid4())
    owner = create_async_engine(urls["owner"])
    try:
        async with owner.begin() as conn:
            await conn.execute(
                text("insert into event_inbox (consumer, event_id) values ('projection', :id)"),
                {"id": consumed},
            )
            await conn.execute(
                text(
                    "insert into event_outbox (event_id, tenant_id, subject, type, envelope) "
                    "values (:id, 'bel', 's', 't', '{}')"
                ),
                {"id": unsent},
            )
    finally:
        await owner.dispose()
    in_thread(upgrade, "organisatie", urls["owner"])
    assert await rls_gaps(urls["owner"]) == []
    engine = create_async_engine(urls["app"])
    sessions = make_sessionmaker(engine)
    try:
        # An event consumed before the migration and delivered again after it is still no news.
        async with tenant_transaction(sessions, "bel") as session:
            assert await InboxRepository(inbox).record(session, "projection", "bel", consumed) is False
            assert (await session.execute(text("select count(*) from event_inbox"))).scalar_one() == 0
        # An event written before the migration and not yet sent: the relay still sees it.
        async with platform_transaction(sessions) as session:
            assert await OutboxRepository(outbox).unsent(session) == 1
    finally:
        await engine.dispose()


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
