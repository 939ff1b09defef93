"""HR import benchmark: 10,000 people in 20 units through organisatie's import (parse, validate,
units, people, reporting lines, events), beside raw PostgreSQL inserts of the same rows in the
same run. Target: 10,000 rows in under 30 s. Prints figures; asserts nothing.

    uv run python bench/imports.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import date
from pathlib import Path

import asyncpg
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import bench_database, postgres_stack, table

from dialoog.kit.clock import today
from dialoog.kit.db import make_sessionmaker, platform_transaction, tenant_transaction
from dialoog.organisatie.persistence.tenants import TenantRepository
from dialoog.organisatie.service.imports import run_import, start_import


def make_csv(rows: int) -> bytes:
    lines = [
        "employee_number;first_name;last_name;email;date_of_birth;appointment_start;unit;parent_unit;"
        "manager_employee_number;roles"
    ]
    for i in range(rows):
        unit = f"Team {i % 20:02d}"
        manager = "" if i < 20 else f"b-{i % 20:05d}"
        roles = "manager" if i < 20 else ""
        lines.append(
            f"b-{i:05d};Voornaam{i};Achternaam{i};p{i}@bench.example;1980-01-01;2015-01-01;{unit};"
            f"Afdeling {i % 4};{manager};{roles}"
        )
    return ("\n".join(lines) + "\n").encode()


async def raw_insert(dsn: str, rows: int) -> float:
    conn = await asyncpg.connect(dsn)
    await conn.execute("create temp table raw_people (n text, f text, l text, e text, b date, s date)")
    records = [(f"b-{i}", "V", "A", f"p{i}@x", date(1980, 1, 1), date(2015, 1, 1)) for i in range(rows)]
    t0 = time.perf_counter()
    async with conn.transaction():
        await conn.executemany("insert into raw_people values ($1, $2, $3, $4, $5, $6)", records)
    elapsed = time.perf_counter() - t0
    await conn.close()
    return rows / elapsed


async def run(db: dict[str, str], rows: int) -> dict[str, float]:
    engine = create_async_engine(db["app"], pool_size=5)
    sessions = make_sessionmaker(engine)
    async with platform_transaction(sessions) as session:
        await TenantRepository(session).add("bench", "Bench", None)
    content = make_csv(rows)
    t0 = time.perf_counter()
    async with tenant_transaction(sessions, "bench") as session:
        job = await start_import(session, "bench", "bench.csv", content, "bench")
    await run_import(lambda: tenant_transaction(sessions, "bench"), "bench", job, today())
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    async with tenant_transaction(sessions, "bench") as session:
        job2 = await start_import(session, "bench", "bench.csv", content, "bench")
    await run_import(lambda: tenant_transaction(sessions, "bench"), "bench", job2, today())
    again = time.perf_counter() - t0
    await engine.dispose()
    return {"first": first, "again": again}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with postgres_stack() as cfg:
        with bench_database(cfg, "organisatie", "imports") as db:
            raw = asyncio.run(raw_insert(db["app"].replace("+asyncpg", ""), args.rows))
            result = asyncio.run(run(db, args.rows))
    print("\nHR import (same machine, same run)")
    print(
        table(
            [
                ("measure", "figure", "note"),
                ("raw PostgreSQL executemany", f"{raw:,.0f} rows/s", "one table, no checks, one transaction"),
                (
                    f"import of {args.rows:,} rows",
                    f"{result['first']:.1f} s",
                    f"{args.rows / result['first']:,.0f} rows/s = {args.rows / result['first'] / raw:.0%} of raw (target < 30 s)",
                ),
                ("the same file again", f"{result['again']:.1f} s", "every row unchanged (idempotent)"),
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
