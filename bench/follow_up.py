"""HR's follow-up (ADR 0035) at 5,000 employees: the unit figures (one aggregate query per figure
set, with the conclusion distribution) and the named lists of one unit, p50/p95 over repeated
calls of the service code on PostgreSQL, beside the raw PostgreSQL round trip and a raw count of
the same people by unit. Target: p95 under 100 ms. Prints figures; asserts nothing.

The tenant is written straight into the tables (a bench, not a service): a Rijk cycle, every
employee with this year's period, four in five with a talk, three in five with a conclusion, two
agreements each (one a development agreement, one past its date for a tenth of them).

    uv run python bench/follow_up.py [--employees 5000] [--units 40] [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import bench_database, postgres_stack, table, timed_in_transactions

from dialoog.contracts.cycle import preset
from dialoog.kit.auth import Principal
from dialoog.kit.clock import today
from dialoog.kit.db import make_sessionmaker, tenant_transaction
from dialoog.kit.pagination import PageRequest
from dialoog.portfolio.domain.periods import period_bounds
from dialoog.portfolio.persistence.tables import agreements, cycle_versions, org_units, people, periods, talks
from dialoog.portfolio.service import follow_up

TENANT = "bench"
LEVELS = ("++", "+", "+", "+", "+/-", "-")


async def seed(sessions, employees: int, units: int, day: date) -> uuid.UUID:
    definition = preset("four_levels")
    start, end = period_bounds(day, definition.period_months)
    unit_ids = [uuid.uuid4() for _ in range(units)]
    person_ids = [uuid.uuid4() for _ in range(employees)]
    period_ids = [uuid.uuid4() for _ in range(employees)]
    async with tenant_transaction(sessions, TENANT) as session:
        await session.execute(
            insert(cycle_versions).values(
                tenant_id=TENANT,
                number=1,
                effective_from=date(2020, 1, 1),
                definition=definition.model_dump(mode="json"),
            )
        )
        await session.execute(
            insert(org_units), [{"tenant_id": TENANT, "id": u, "parent_id": None} for u in unit_ids]
        )
        await session.execute(
            insert(people),
            [
                {
                    "tenant_id": TENANT,
                    "person_id": p,
                    "email": f"p{i}@bench.example",
                    "org_unit_id": unit_ids[i % units],
                    "roles": ["employee"],
                    "source_version": 1,
                }
                for i, p in enumerate(person_ids)
            ],
        )
        await session.execute(
            insert(periods),
            [
                {
                    "tenant_id": TENANT,
                    "id": period_ids[i],
                    "employee_id": p,
                    "starts_on": start,
                    "ends_on": end,
                    "cycle_version": 1,
                }
                for i, p in enumerate(person_ids)
            ],
        )
        talk_rows = []
        for i, period in enumerate(period_ids):
            if i % 5 == 4:
                continue  # one in five without a talk
            concluded = i % 5 < 3
            talk_rows.append(
                {
                    "tenant_id": TENANT,
                    "id": uuid.uuid4(),
                    "period_id": period,
                    "type": "evaluation_talk" if concluded else "plan_talk",
                    "held_on": start,
                    "initiated_by": "manager",
                    "recorded_by": "manager",
                    "recorded_by_person": "bench",
                    "record": {},
                    "conclusion": LEVELS[i % len(LEVELS)] if concluded else None,
                }
            )
        await session.execute(insert(talks), talk_rows)
        await session.execute(
            insert(agreements),
            [
                {
                    "tenant_id": TENANT,
                    "id": uuid.uuid4(),
                    "period_id": period,
                    "kind": kind,
                    "title": f"{kind} {i}",
                    "due_on": day - timedelta(days=1) if kind == "result" and i % 10 == 0 else end,
                    "written_by": "employee",
                }
                for i, period in enumerate(period_ids)
                for kind in ("result", "development")
            ],
        )
    return unit_ids[0]


async def analyze(owner_url: str) -> None:
    """Statistics, as autovacuum would have them (only the tables' owner may ANALYZE)."""
    engine = create_async_engine(owner_url)
    async with engine.begin() as connection:
        for name in ("people", "periods", "talks", "agreements"):
            await connection.execute(text(f"analyze {name}"))
    await engine.dispose()


async def run(db: dict[str, str], employees: int, units: int, runs: int, analysed: bool = True) -> dict:
    engine = create_async_engine(db["app"], pool_size=5)
    sessions = make_sessionmaker(engine)
    day = today()
    unit = await seed(sessions, employees, units, day)
    if analysed:
        await analyze(db["owner"])
    hr = Principal(
        user_id="hr",
        username="hr",
        tenant=TENANT,
        tenants=(TENANT,),
        roles=frozenset({"employee", "hr_advisor"}),
    )
    page = PageRequest(after=None, limit=200)
    calls = (
        ("units", lambda s: follow_up.units(s, hr, day)),
        ("without_talk", lambda s: follow_up.named_list(s, hr, "without_talk", day, page, unit)),
        ("overdue", lambda s: follow_up.named_list(s, hr, "overdue_agreements", day, page, unit)),
        ("development", lambda s: follow_up.named_list(s, hr, "development_needs", day, page, unit)),
        ("raw_select_1", lambda s: s.execute(text("select 1"))),
        (
            "raw_count",
            lambda s: s.execute(text("select org_unit_id, count(*) from people group by org_unit_id")),
        ),
    )
    results = await timed_in_transactions(sessions, TENANT, calls, runs)
    await engine.dispose()
    return results


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--runs", type=int, default=30)
    args, _ = parser.parse_known_args()
    with postgres_stack() as cfg:
        with bench_database(cfg, "portfolio", "follow_up") as db:
            r = asyncio.run(run(db, args.employees, args.units, args.runs))
    per_unit = args.employees // args.units

    def row(label: str, key: str, note: str) -> tuple[str, str, str]:
        return (label, f"{r[key][0]:.1f} / {r[key][1]:.1f} ms", note)

    print("\nHR follow-up (service code on PostgreSQL, same machine, same run)")
    print(
        table(
            [
                ("measure", "p50 / p95", "note"),
                row("raw PostgreSQL round trip", "raw_select_1", "select 1 in a transaction"),
                row(f"raw count of {args.employees:,} people by unit", "raw_count", ""),
                row(
                    f"unit figures ({args.employees:,} employees, {args.units} units)",
                    "units",
                    f"{r['units'][1] / r['raw_count'][1]:.1f}x the raw count; target p95 < 100 ms",
                ),
                row(
                    f"without a talk, one unit ({per_unit})",
                    "without_talk",
                    "audited read; target p95 < 100 ms",
                ),
                row(
                    f"past their date, one unit ({per_unit})", "overdue", "audited read; target p95 < 100 ms"
                ),
                row(
                    f"development needs, one unit ({per_unit})",
                    "development",
                    "audited read; target p95 < 100 ms",
                ),
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
