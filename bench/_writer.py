"""Load generator for bench/events.py, in a process of its own (like API clients): commits business
rows with their outbox rows through the organisatie service code, and records when each committed.

    python bench/_writer.py bulk  --db URL --count N              (transactions of 100, as fast as possible)
    python bench/_writer.py rate  --db URL --rate R --seconds S --out FILE   (one event per transaction)
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.kit.db import make_sessionmaker, tenant_transaction
from dialoog.organisatie.service.org_units import create_unit, create_units


async def bulk(db: str, count: int) -> None:
    engine = create_async_engine(db, pool_size=10)
    sessions = make_sessionmaker(engine)

    async def write(n: int) -> None:
        async with tenant_transaction(sessions, "bel") as session:
            await create_units(session, "bel", [f"Bench {i}" for i in range(n)])

    for _ in range(count // 1000):
        await asyncio.gather(*[write(100) for _ in range(10)])
    await engine.dispose()


async def rate(db: str, per_second: float, seconds: float, out: str) -> None:
    engine = create_async_engine(db, pool_size=20, max_overflow=20)
    sessions = make_sessionmaker(engine)
    committed: list[str] = []

    async def write_one(i: int) -> None:
        async with tenant_transaction(sessions, "heemstede") as session:
            unit = await create_unit(session, "heemstede", f"Tempo {i}", None)
            # The database's clock as the last statement before COMMIT: unlike this process's
            # clock after the commit returns, it is not delayed when the client is short of CPU.
            at = (await session.execute(text("select extract(epoch from clock_timestamp())"))).scalar_one()
        committed.append(f"{unit.id} {at}")

    total = int(per_second * seconds)
    start = time.perf_counter()
    tasks = []
    for i in range(total):
        delay = start + i / per_second - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(write_one(i)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    Path(out).write_text(f"# achieved {total / elapsed}\n" + "\n".join(committed) + "\n")
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["bulk", "rate"])
    parser.add_argument("--db", required=True)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=500)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.mode == "bulk":
        asyncio.run(bulk(args.db, args.count))
    else:
        asyncio.run(rate(args.db, args.rate, args.seconds, args.out))


if __name__ == "__main__":
    main()
