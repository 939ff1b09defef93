"""The audit trail of personnel data (BIO 8.15.01), shared by the services that hold it: who did
what to which object, with what result, from where, when and why. Append-only (a trigger refuses
UPDATE, DELETE and TRUNCATE) and hash-chained per tenant; appends are serialised per tenant with an
advisory lock so the chain never forks. `first_break` finds the first link that does not hold.

A check that finds the chain intact leaves a checkpoint (the last entry's number and hash, ADR
0042): later checks link and re-hash only the entries after the newest checkpoint, and hold every
checkpoint against the entry it names; a full check links and re-hashes every entry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Identity,
    MetaData,
    Table,
    Text,
    any_,
    bindparam,
    false,
    func,
    insert,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit import clock
from dialoog.kit.errors import Text as Words
from dialoog.kit.pagination import PageRequest, keyset
from dialoog.kit.problems import problem

GENESIS = "0" * 64
CONTENT = ("tenant_id", "at", "actor", "action", "object_type", "object_id", "result", "origin", "purpose")


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def chain_hash(previous: str, record: dict) -> str:
    return hashlib.sha256(previous.encode() + canonical(record)).hexdigest()


def _content(row) -> dict:
    """An entry's hashed content as `append` made it (its instant read back as ISO 8601)."""
    return {k: (row.at.isoformat() if k == "at" else getattr(row, k)) for k in CONTENT}


def _json_text(column: str) -> str:
    return f"coalesce(to_json({column})::text, 'null')"


# `canonical(content)` in SQL: the keys sorted, no spaces; to_json escapes a string as json.dumps
# with ensure_ascii=False does (the quote, the backslash and control characters), and the instant
# is written as datetime.isoformat writes a UTC one (microseconds only when there are some).
_AT = (
    "to_char(at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
    " || case when extract(microseconds from at)::bigint % 1000000 = 0 then ''"
    " else '.' || to_char(at at time zone 'UTC', 'US') end || '+00:00'"
)
_SQL_CONTENT = " || ".join(
    [
        "'{'",
        *(
            f"'{',' if i else ''}\"{key}\":' || "
            + (f"'\"' || {_AT} || '\"'" if key == "at" else _json_text(key))
            for i, key in enumerate(sorted(CONTENT))
        ),
        "'}'",
    ]
)
SUSPECTS = 50


def first_break(records: list[tuple[dict, str, str]]) -> int | None:
    """records: (content, prev_hash, hash) in order. The index of the first record whose link or
    hash does not hold, or None when the chain is intact."""
    previous = GENESIS
    for index, (content, prev_hash, stored) in enumerate(records):
        if prev_hash != previous or chain_hash(prev_hash, content) != stored:
            return index
        previous = stored
    return None


@dataclass(frozen=True)
class Verdict:
    """A chain check: how many entries, the index of the first that does not hold (None when
    intact), how many had their hash re-computed, and when a full check last found it intact."""

    entries: int
    first_break: int | None
    rehashed: int
    last_full_check: datetime | None


@dataclass(frozen=True)
class AuditFilter:
    """What HR searches the trail for; every part given must hold. `person` is who a person is to
    the trail: the actor names they act under and the ids of the objects about them; an entry BY
    or ABOUT them matches (a person the service knows nothing of matches nothing). `since` and
    `before` are instants (`window` makes them from business dates)."""

    person: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    actor: str | None = None
    object_type: str | None = None
    object_id: str | None = None
    since: datetime | None = None
    before: datetime | None = None


EARLIEST, LATEST = date(2000, 1, 1), date(9000, 1, 1)


def window(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    """The dates `first` up to and including `last` (business dates, Europe/Amsterdam) as the
    instants [since, before). A `last` before `first` is the rule `audit-range-reversed`."""
    if first and last and last < first:
        raise problem(
            "audit-range-reversed",
            Words(
                f"De einddatum ({last.isoformat()}) ligt voor de begindatum ({first.isoformat()}).",
                f"The end date ({last.isoformat()}) lies before the start date ({first.isoformat()}).",
            ),
        )

    def midnight(day: date) -> datetime:
        return datetime.combine(day, time(0), tzinfo=clock.AMSTERDAM)

    # No entry is older than Dialoog or younger than year 9999: dates past those are open ends
    # (and the day after 9999-12-31 does not exist).
    return (
        midnight(first) if first and first > EARLIEST else None,
        midnight(last + timedelta(days=1)) if last and last < LATEST else None,
    )


def audit_table(metadata: MetaData, name: str = "audit_log") -> Table:
    return Table(
        name,
        metadata,
        Column("seq", BigInteger, Identity(always=True), primary_key=True),
        Column("tenant_id", Text, nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
        Column("actor", Text, nullable=False),
        Column("action", Text, nullable=False),
        Column("object_type", Text, nullable=False),
        Column("object_id", Text, nullable=False),
        Column("result", Text, nullable=False),
        Column("origin", Text, nullable=True),
        Column("purpose", Text, nullable=False),
        Column("prev_hash", Text, nullable=False),
        Column("hash", Text, nullable=False),
    )


def checkpoint_table(metadata: MetaData, audit: str = "audit_log") -> Table:
    """Where a check that found the chain intact left its mark: the last entry it covered (`seq`,
    `hash`), how many entries the chain had up to it, and whether it re-hashed every entry."""
    return Table(
        f"{audit}_checkpoints",
        metadata,
        Column("id", BigInteger, Identity(always=True), primary_key=True),
        Column("tenant_id", Text, nullable=False),
        Column("seq", BigInteger, nullable=False),
        Column("hash", Text, nullable=False),
        Column("entries", BigInteger, nullable=False),
        Column("full", Boolean, nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
    )


def create_audit_log(name: str = "audit_log") -> None:
    """For a migration: the table, its index, the append-only trigger and forced RLS."""
    import sqlalchemy as sa
    from alembic import op

    from dialoog.kit.rls import enable_tenant_rls

    audit_table(sa.MetaData(), name).create(op.get_bind())
    op.create_index(f"ix_{name}_tenant_seq", name, ["tenant_id", "seq"])
    append_only(name)
    enable_tenant_rls(name)


def create_audit_checkpoints(audit: str = "audit_log") -> None:
    """For a migration: the checkpoints of `audit`'s chain, append-only and under forced RLS."""
    import sqlalchemy as sa
    from alembic import op

    from dialoog.kit.rls import enable_tenant_rls

    table = checkpoint_table(sa.MetaData(), audit)
    table.create(op.get_bind())
    op.create_index(f"ix_{table.name}_tenant_seq", table.name, ["tenant_id", "seq"])
    append_only(table.name)
    enable_tenant_rls(table.name)


def drop_audit_checkpoints(audit: str = "audit_log") -> None:
    """For a migration's downgrade: what `create_audit_checkpoints` made."""
    from alembic import op

    op.drop_table(f"{audit}_checkpoints")
    op.execute(f"DROP FUNCTION {audit}_checkpoints_append_only()")


def append_only(table: str) -> None:
    """For a migration: refuse UPDATE, DELETE and TRUNCATE on `table`, whoever asks."""
    from alembic import op

    op.execute(
        f"CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{table} is append-only'; END $$"
    )
    op.execute(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_append_only()"
    )


class AuditRepository:
    def __init__(self, session: AsyncSession, table: Table) -> None:
        self.session = session
        self.table = table

    async def append(
        self,
        tenant: str,
        *,
        actor: str,
        action: str,
        object_type: str,
        object_id: str,
        result: str = "ok",
        origin: str | None = None,
        purpose: str,
    ) -> None:
        t = self.table
        previous = self._held(tenant)
        if previous is None:
            # The key portfolio used before this module existed, so old and new processes
            # serialise on the same lock during a rolling deploy.
            key = f"audit:{tenant}" if t.name == "audit_log" else f"{t.name}:{tenant}"
            await self.session.execute(text("select pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
            last = select(t.c.hash).order_by(t.c.seq.desc()).limit(1)
            previous = (await self.session.execute(last)).scalar() or GENESIS
        now = clock.now()
        record = {
            "tenant_id": tenant,
            "at": now.isoformat(),
            "actor": actor,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "result": result,
            "origin": origin,
            "purpose": purpose,
        }
        digest = chain_hash(previous, record)
        await self.session.execute(insert(t).values(**{**record, "at": now}, prev_hash=previous, hash=digest))
        self._hold(tenant, digest)

    # Within one transaction the lock, once taken, is held until it ends, and the chain's last
    # entry is the one this transaction appended: a second append in it needs neither the lock
    # nor the read again (the portfolio overview appends three). Kept per transaction, and not
    # within a savepoint, whose rollback would take the entry back.
    def _held(self, tenant: str) -> str | None:
        held = self.session.info.get(("audit_chain", self.table.name, tenant))
        if held is None or self.session.in_nested_transaction():
            return None
        transaction, digest = held
        return digest if transaction is self.session.sync_session.get_transaction() else None

    def _hold(self, tenant: str, digest: str) -> None:
        marker = ("audit_chain", self.table.name, tenant)
        if self.session.in_nested_transaction():
            self.session.info.pop(marker, None)
        else:
            self.session.info[marker] = (self.session.sync_session.get_transaction(), digest)

    async def append_for(
        self,
        principal,
        action: str,
        object_type: str,
        object_id,
        *,
        origin: str | None = None,
        result: str = "ok",
        purpose: str,
    ) -> None:
        """`append` for a signed-in caller: the actor is their username, the tenant theirs."""
        await self.append(
            principal.tenant or "",
            actor=principal.username,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            result=result,
            origin=origin,
            purpose=purpose,
        )

    async def entries(self, page: PageRequest, where: AuditFilter | None = None):
        """A page of the entries that match, newest first (one more than the page holds)."""
        t = self.table
        where = where or AuditFilter()
        stmt = select(t)
        if where.person is not None:
            actors, about = (sorted(set(part)) for part in where.person)
            either = []
            if actors:
                either.append(t.c.actor == any_(bindparam("actors", actors, type_=ARRAY(Text))))
            if about:
                either.append(t.c.object_id == any_(bindparam("about", about, type_=ARRAY(Text))))
            stmt = stmt.where(or_(*either) if either else false())
        if where.actor:
            stmt = stmt.where(t.c.actor == where.actor)
        if where.object_type:
            stmt = stmt.where(t.c.object_type == where.object_type)
        if where.object_id:
            stmt = stmt.where(t.c.object_id == where.object_id)
        if where.since:
            stmt = stmt.where(t.c.at >= where.since)
        if where.before:
            stmt = stmt.where(t.c.at < where.before)
        return list(await self.session.execute(keyset(stmt, (t.c.seq,), page, descending=True)))

    async def entries_about(self, object_ids) -> list:
        """Every entry of the tenant about any of `object_ids`, in order (no limit: an access
        request gets the whole history of its objects)."""
        t = self.table
        ids = sorted({str(i) for i in object_ids})
        if not ids:
            return []
        wanted = any_(bindparam("object_ids", ids, type_=ARRAY(Text)))
        return list(await self.session.execute(select(t).where(t.c.object_id == wanted).order_by(t.c.seq)))

    async def chain(self) -> list[tuple[dict, str, str]]:
        """Every entry of the tenant, in order, as (content, prev_hash, hash)."""
        rows = await self.session.execute(select(self.table).order_by(self.table.c.seq))
        return [(_content(r), r.prev_hash, r.hash) for r in rows]

    def _checkpoints(self) -> Table | None:
        """The checkpoints of this chain, when the service's tables declare them."""
        return self.table.metadata.tables.get(f"{self.table.name}_checkpoints")

    async def verify(self, *, full: bool = False) -> Verdict:
        """The chain checked in PostgreSQL. Every check holds each checkpoint against the entry it
        names, and checks the link and re-computes the hash of each entry after the newest
        checkpoint; a full check (or the first, without a checkpoint) does so for every entry.
        Entries appended while it runs wait for the next check. PostgreSQL recomputes the hashes
        (the same canonical JSON, by `_SQL_CONTENT`) and names the suspects; each is confirmed
        here with `chain_hash` itself, so a record the SQL text renders differently is never
        reported as broken. More false suspects than `SUSPECTS` (never seen) fall back to reading
        the whole chain. An intact chain gets a new checkpoint at its last entry (ADR 0042)."""
        t, marks = self.table, self._checkpoints()
        last = (
            await self.session.execute(select(t.c.seq, t.c.hash).order_by(t.c.seq.desc()).limit(1))
        ).first()
        newest, last_full, mark_break = None, None, None
        if marks is not None:
            newest = (
                await self.session.execute(
                    select(marks.c.seq, marks.c.entries)
                    .order_by(marks.c.seq.desc(), marks.c.id.desc())
                    .limit(1)
                )
            ).first()
            last_full = (
                await self.session.execute(select(func.max(marks.c.at)).where(marks.c.full))
            ).scalar()
            mark_break = await self._first_broken_mark(marks)
        upto = last.seq if last is not None else 0
        # From the newest checkpoint's entry (which supplies the first new entry's link), or from
        # the first entry; `base` is the index of where it starts.
        start, base = (0, 0) if full or newest is None else (newest.seq, newest.entries - 1)
        rehashed, counted = (
            await self.session.execute(
                select(func.count().filter(t.c.seq > start), func.count()).where(
                    t.c.seq >= start, t.c.seq <= upto
                )
            )
        ).one()
        entries = counted if start == 0 else newest.entries + rehashed
        broken, undecided = await self._first_broken_link_or_hash(start, upto, base)
        if undecided:
            chain = await self.chain()
            entries, rehashed, broken = len(chain), len(chain), first_break(chain)
        broken = min((b for b in (broken, mark_break) if b is not None), default=None)
        if broken is None and last is not None and marks is not None and (start == 0 or upto > start):
            now = clock.now()
            await self.session.execute(
                insert(marks).values(
                    tenant_id=text("current_setting('app.tenant_id')"),
                    seq=last.seq,
                    hash=last.hash,
                    entries=entries,
                    full=start == 0,
                    at=now,
                )
            )
            last_full = now if start == 0 else last_full
        return Verdict(entries, broken, rehashed, last_full)

    async def _first_broken_mark(self, marks: Table) -> int | None:
        """The index of the entry named by the earliest checkpoint that no longer holds: its entry
        is gone or has another hash (the chain was rewritten, consistently, up to there)."""
        t = self.table
        seq = (
            await self.session.execute(
                select(marks.c.seq)
                .select_from(marks.outerjoin(t, t.c.seq == marks.c.seq))
                .where(t.c.hash.is_distinct_from(marks.c.hash))
                .order_by(marks.c.seq)
                .limit(1)
            )
        ).scalar()
        if seq is None:
            return None
        return (await self.session.execute(select(func.count()).where(t.c.seq < seq))).scalar()

    async def _first_broken_link_or_hash(self, start: int, upto: int, base: int) -> tuple[int | None, bool]:
        """(index of the first entry after `start` up to `upto` whose link or hash does not hold;
        whether the suspects ran out before one was confirmed). The entry at `start` (index
        `base`) is a checkpoint's, checked before: it only supplies the next one's link."""
        t = self.table.name
        suspects = (
            await self.session.execute(
                text(  # the table is the repository's own (a fixed name), never input
                    f"""
            select * from (
                select seq, prev_hash, hash, tenant_id, at, actor, action, object_type, object_id,
                       result, origin, purpose,
                       :base + row_number() over (order by seq) - 1 as index,
                       coalesce(lag(hash) over (order by seq),
                                case when :start = 0 then :genesis else prev_hash end) as previous
                from {t} where seq >= :start and seq <= :upto
            ) as chain
            where prev_hash <> previous
               or (seq > :start
                   and hash <> encode(sha256(convert_to(prev_hash || {_SQL_CONTENT}, 'UTF8')), 'hex'))
            order by seq limit :suspects
            """  # noqa: S608
                ),
                {"genesis": GENESIS, "start": start, "upto": upto, "base": base, "suspects": SUSPECTS},
            )
        ).all()
        for r in suspects:
            if r.prev_hash != r.previous or (
                r.seq > start and chain_hash(r.prev_hash, _content(r)) != r.hash
            ):
                return r.index, False
        return None, len(suspects) == SUSPECTS
