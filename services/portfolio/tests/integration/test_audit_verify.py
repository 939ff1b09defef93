"""The chain check in PostgreSQL (kit's AuditRepository.verify) says what the check in Python
says (`first_break` over the whole chain): on entries with quotes, backslashes, control
characters, non-ASCII text, no origin and a whole second; and after an entry is changed, or one
is taken out, it names the same first broken link. After a check that found the chain intact (its checkpoint,
ADR 0042) the next re-hashes and links only the new entries: a change to one of them is found, a
change to an older one or its deletion only by a full check, and a chain rewritten consistently up
to a checkpoint by every check. On portfolio's own audit_log, in a database of this file's
own."""

from datetime import UTC, datetime

import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.devstack import postgres
from dialoog.kit import clock
from dialoog.kit.audit import chain_hash, first_break
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
            verdict = await repo.verify(full=True)
            return (verdict.entries, verdict.first_break), first_break(await repo.chain())

    async def check(tenant: str, full: bool = False):
        async with tenant_transaction(sessions, tenant) as session:
            return await AuditRepository(session).verify(full=full)

    async def tamper(sql: str) -> None:
        name = dialoog_stack.database_name("portfolio", urls["suffix"])
        conn = await postgres.superuser_connect(dialoog_stack, name)
        try:
            await conn.execute("SET session_replication_role = replica")
            await conn.execute(sql)
        finally:
            await conn.close()

    async def chain(tenant: str):
        async with tenant_transaction(sessions, tenant) as session:
            return await AuditRepository(session).chain()

    trail = {
        "append": append,
        "both": both,
        "check": check,
        "tamper": tamper,
        "chain": chain,
        "sessions": sessions,
    }
    yield trail
    await engine.dispose()


async def test_the_check_in_postgresql_agrees_with_the_check_in_python(trail):
    append, both, tamper = trail["append"], trail["both"], trail["tamper"]
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


def nth(tenant: str, n: int) -> str:
    return f"(select seq from audit_log where tenant_id = '{tenant}' order by seq offset {n} limit 1)"  # noqa: S608


async def test_after_a_checkpoint_only_the_new_entries_are_rehashed_and_a_change_to_one_is_found(trail):
    append, check, tamper = trail["append"], trail["check"], trail["tamper"]
    await append("nieuw", 6)
    first = await check("nieuw")  # no checkpoint yet: every entry is re-hashed
    assert (first.entries, first.first_break, first.rehashed) == (6, None, 6)
    assert first.last_full_check is not None
    await append("nieuw", 3)
    quick = await check("nieuw")
    assert (quick.entries, quick.first_break, quick.rehashed) == (9, None, 3)
    assert quick.last_full_check == first.last_full_check
    again = await check("nieuw")  # nothing new: nothing re-hashed, and still intact
    assert (again.entries, again.first_break, again.rehashed) == (9, None, 0)

    await append("nieuw", 2)
    await tamper(f"update audit_log set purpose = 'anders' where seq = {nth('nieuw', 10)}")  # noqa: S608
    changed = await check("nieuw")
    assert (changed.entries, changed.first_break, changed.rehashed) == (11, 10, 2)


async def test_a_change_to_an_entry_before_the_checkpoint_is_found_by_the_full_check(trail):
    append, check, tamper = trail["append"], trail["check"], trail["tamper"]
    await append("oud", 6)
    assert (await check("oud")).first_break is None
    await tamper(f"update audit_log set purpose = 'anders' where seq = {nth('oud', 2)}")  # noqa: S608
    quick = await check("oud")
    assert (quick.first_break, quick.rehashed) == (None, 0)  # its hash is not re-computed
    full = await check("oud", full=True)
    assert (full.entries, full.first_break, full.rehashed) == (6, 2, 6)
    assert full.last_full_check == quick.last_full_check  # a full check that failed marks nothing


async def test_a_deletion_before_the_checkpoint_is_found_by_the_full_check(trail):
    append, check, tamper = trail["append"], trail["check"], trail["tamper"]
    await append("weg", 6)
    assert (await check("weg")).first_break is None
    await tamper(f"delete from audit_log where seq = {nth('weg', 3)}")  # noqa: S608
    await append("weg", 2)  # the new entries link to the checkpoint's: the quick check holds
    quick = await check("weg")
    assert (quick.first_break, quick.rehashed) == (None, 2)
    full = await check("weg", full=True)
    assert (full.entries, full.first_break) == (7, 3)


async def test_a_chain_rewritten_consistently_is_found_at_the_checkpoint_it_no_longer_matches(trail):
    """Whoever changes entry 1 and re-computes every hash from there on leaves links and hashes
    that hold; only the checkpoint, which names entry 3 by its old hash, shows it."""
    append, check, tamper = trail["append"], trail["check"], trail["tamper"]
    await append("herschreven", 4)
    assert (await check("herschreven")).first_break is None
    await append("herschreven", 2)
    await tamper(f"update audit_log set purpose = 'anders' where seq = {nth('herschreven', 1)}")  # noqa: S608
    previous = None
    for index, (content, prev_hash, _) in enumerate(await trail["chain"]("herschreven")):
        previous = previous or prev_hash
        digest = chain_hash(previous, content)
        await tamper(
            f"update audit_log set prev_hash = '{previous}', hash = '{digest}' "  # noqa: S608
            f"where seq = {nth('herschreven', index)}"
        )
        previous = digest
    assert first_break(await trail["chain"]("herschreven")) is None  # links and hashes hold
    for full in (False, True):
        verdict = await check("herschreven", full=full)
        assert (verdict.entries, verdict.first_break) == (6, 3)


async def test_appends_in_one_transaction_in_a_savepoint_and_side_by_side_keep_one_chain(trail):
    """A transaction's second append reuses the lock and the hash of its first (kit's audit
    `_held`); one in a savepoint that is rolled back is gone, and the next links to what stayed;
    transactions appending at the same time never fork the chain."""
    import asyncio

    sessions = trail["sessions"]

    async def entry(repo, i) -> None:
        await repo.append("samen", actor="a", action="read", object_type="x", object_id=str(i), purpose="p")

    async with tenant_transaction(sessions, "samen") as session:
        repo = AuditRepository(session)
        await entry(repo, 1)
        await entry(repo, 2)
        savepoint = await session.begin_nested()
        await entry(repo, 3)
        await savepoint.rollback()
        await entry(repo, 4)

    async def writer(first: int) -> None:
        for i in range(first, first + 5):
            async with tenant_transaction(sessions, "samen") as session:
                repo = AuditRepository(session)
                await entry(repo, i)
                await entry(repo, i + 100)

    await asyncio.gather(writer(10), writer(20))
    chain = await trail["chain"]("samen")
    assert [c["object_id"] for c, _, _ in chain[:3]] == ["1", "2", "4"]
    assert len(chain) == 3 + 20 and first_break(chain) is None
    assert (await trail["check"]("samen", full=True)).first_break is None
