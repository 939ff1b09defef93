"""Every table of notificaties is under forced row level security, keyed on the tenant: a
transaction of one tenant sees none of another's rows, and one without a tenant sees nothing."""

from sqlalchemy import text

from dialoog.kit.db import make_engine, make_sessionmaker, tenant_transaction

from .helpers import inbox_until, publish, tasks_assigned


async def test_every_table_is_under_forced_rls_and_a_tenant_sees_only_its_own_rows(world, test_databases):
    nt, auth, people = world["nt"], world["auth"], world["people"]
    for tenant, manager in (("heemstede", "heemstede.leidinggevende"), ("bel", "bel.leidinggevende")):
        await publish(world["nats"].url, tenant, tasks_assigned(people[manager], count=613))
        await inbox_until(nt, auth(manager), lambda xs: any("613 salarisbesluit" in x["body"] for x in xs))
    engine = make_engine(nt.app.state.settings)
    sessions = make_sessionmaker(engine)
    try:
        async with sessions() as session:
            rows = await session.execute(
                text(
                    "select c.relname, c.relrowsecurity, c.relforcerowsecurity from pg_class c "
                    "join pg_namespace n on n.oid = c.relnamespace "
                    "where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'alembic_version'"
                )
            )
            tables = {r.relname: (r.relrowsecurity, r.relforcerowsecurity) for r in rows}
        assert {
            "notifications",
            "notification_emails",
            "preferences",
            "tenant_defaults",
            "digests",
            "people",
        } <= set(tables)
        assert {t: v for t, v in tables.items() if v != (True, True)} == {}
        for table in ("notifications", "notification_emails", "people", "preferences"):
            distinct = text(f"select distinct tenant_id from {table}")  # noqa: S608 - a fixed name
            count = text(f"select count(*) from {table}")  # noqa: S608 - a fixed name
            async with tenant_transaction(sessions, "bel") as session:
                assert {r[0] for r in await session.execute(distinct)} == {"bel"}, table
            async with tenant_transaction(sessions, None) as session:
                assert (await session.execute(count)).scalar_one() == 0, table
    finally:
        await engine.dispose()
