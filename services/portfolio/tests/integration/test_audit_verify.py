"""The chain check in PostgreSQL (kit's AuditRepository.verify) says what the check in Python
says (`first_break` over the whole chain): on entries with quotes, backslashes, control
characters, non-ASCII text, no origin and a whole second; and after an entry is changed, or one
is taken out, it names the same first broken link. On portfolio's own audit_log, in a database of
this file's own."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.devstack import postgres
from dialoog.kit import clock
from dialoog.kit.audit import first_break
from dialoog.kit.db import make_sessionmaker, tenant_transaction
from dialoog.portfolio.persistence.audit import AuditRepository

ODD = [
    'een "aanhaling" en een \\ backslash',
    "regel\neen\ttab\r\x01\x1f\x7f",
    "Zoë, café, Ĳsselmeer, 日本, \u2028, 😀",
    "/schuine/streep/ & <html>",
]


@pytest.fixture
async def trail(test_databases, dialoog_stack, monkeypatch):
    urls = test_databases("portfolio", "verify")
    engine = create_async_engine(urls["app"], pool_size=2)
    sessions = make_sessionmaker(engine)

    async def append(tenant: str, n: int, at: datetime | None = None) -> None:
        async with tenant_transaction(sessions, tenant) as session:
            repo = AuditRepository(session)
            for i in range(n):
                text = ODD[i % len(ODD)]
                if at is not None:
                    monkeypatch.setattr(clock, "now", lambda: at)
                    await repo.append(
                        tenant, actor=text, action="read", object_type="x", object_id=str(i), purpose=text
                    )
                    monkeypatch.undo()
                else:
                    await repo.append(
                        tenant,
                        actor=f"actor {i}",
                        action="update",
                        object_type="agreement",
                        object_id=text,
                        origin=None if i % 2 else "10.0.0.1",
                        purpose=text,
                    )

    async def both(tenant: str) -> tuple[tuple[int, int | None], int | None]:
        async with tenant_transaction(sessions, tenant) as session:
            repo = AuditRepository(session)
            return await repo.verify(), first_break(await repo.chain())

    async def tamper(sql: str) -> None:
        name = dialoog_stack.database_name("portfolio", urls["suffix"])
        conn = await postgres.superuser_connect(dialoog_stack, name)
        try:
            await conn.execute("SET session_replication_role = replica")
            await conn.execute(sql)
        finally:
            await conn.close()

    yield append, both, tamper
    await engine.dispose()


async def test_the_check_in_postgresql_agrees_with_the_check_in_python(trail):
    append, both, tamper = trail
    await append("bel", 12)
    await append("bel", 3, at=datetime(2026, 12, 1, 8, 0, 0, tzinfo=UTC))  # no microseconds
    await append("heemstede", 4)
    (entries, broken), in_python = await both("bel")
    assert (entries, broken, in_python) == (15, None, None)
    assert await both("heemstede") == ((4, None), None)
    assert await both("rijk") == ((0, None), None)

    await tamper(
        "update audit_log set purpose = 'anders' where seq = "
        "(select seq from audit_log where tenant_id = 'bel' order by seq offset 5 limit 1)"
    )
    (entries, broken), in_python = await both("bel")
    assert (entries, broken, in_python) == (15, 5, 5)
    assert await both("heemstede") == ((4, None), None)  # another tenant's chain is its own

    await tamper(
        "delete from audit_log where seq = "
        "(select seq from audit_log where tenant_id = 'heemstede' order by seq offset 2 limit 1)"
    )
    assert await both("heemstede") == ((3, 2), 2)
