"""Portfolio read paths: the manager's team page (50 reports) and HR's completion dashboard (a
tenant of 5,000 employees), p50/p95 over repeated calls of the service code on PostgreSQL, beside
the raw PostgreSQL round trip and a raw count over the same people in the same run.
Target: both under 300 ms at the 95th percentile. Prints figures; asserts nothing.

    uv run python bench/portfolio.py [--employees 5000] [--team 50] [--runs 30]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _infra import bench_database, postgres_stack, table, timed_in_transactions

from dialoog.contracts.cycle import preset
from dialoog.kit.auth import Principal
from dialoog.kit.clock import today
from dialoog.kit.db import make_sessionmaker, tenant_transaction
from dialoog.portfolio.persistence.portfolio import DashboardRepository
from dialoog.portfolio.persistence.tables import cycle_versions, org_units, people, reporting
from dialoog.portfolio.service import reading, talks

TENANT = "bench"


async def seed(sessions, employees: int, team: int) -> None:
    units = [uuid.uuid4() for _ in range(20)]
    manager = uuid.uuid4()
    async with tenant_transaction(sessions, TENANT) as session:
        await session.execute(
            insert(cycle_versions).values(
                tenant_id=TENANT,
                number=1,
                effective_from=date(2020, 1, 1),
                definition=preset("continuous").model_dump(mode="json"),
            )
        )
        await session.execute(
            insert(org_units), [{"tenant_id": TENANT, "id": u, "parent_id": None} for u in units]
        )
        rows = [
            {
                "tenant_id": TENANT,
                "person_id": manager,
                "email": "manager@bench.example",
                "org_unit_id": units[0],
                "roles": ["employee", "manager"],
                "source_version": 1,
            }
        ]
        ids = [uuid.uuid4() for _ in range(employees - 1)]
        rows += [
            {
                "tenant_id": TENANT,
                "person_id": p,
                "email": f"p{i}@bench.example",
                "org_unit_id": units[i % 20],
                "roles": ["employee"],
                "date_of_birth": date(1980, 1, 1),
                "source_version": 1,
            }
            for i, p in enumerate(ids)
        ]
        await session.execute(insert(people), rows)
        await session.execute(
            insert(reporting),
            [
                {
                    "tenant_id": TENANT,
                    "employee_id": p,
                    "manager_id": manager,
                    "delegate_id": None,
                    "valid_from": date(2020, 1, 1),
                }
                for p in ids[:team]
            ],
        )


async def run(db: dict[str, str], employees: int, team: int, runs: int) -> dict:
    engine = create_async_engine(db["app"], pool_size=5)
    sessions = make_sessionmaker(engine)
    await seed(sessions, employees, team)
    manager = Principal(
        user_id="m",
        username="manager",
        tenant=TENANT,
        tenants=(TENANT,),
        roles=frozenset({"employee", "manager"}),
        email="manager@bench.example",
    )
    day = today()
    # Some activity: talks and agreements for a third of the team, through the service code.
    members = await _team_ids(sessions)
    for employee in members[: team // 3]:
        async with tenant_transaction(sessions, TENANT) as session:
            await talks.record_talk(
                session,
                manager,
                employee,
                {"type": "good_talk", "initiated_by": "manager", "topics": ["a_right_things"]},
                day,
                None,
            )
    calls = (
        ("team", lambda s: reading.team(s, manager, day)),
        ("dashboard", lambda s: DashboardRepository(s).completion(day)),
        ("raw_select_1", lambda s: s.execute(text("select 1"))),
        (
            "raw_count",
            lambda s: s.execute(text("select org_unit_id, count(*) from people group by org_unit_id")),
        ),
    )
    results = await timed_in_transactions(sessions, TENANT, calls, runs)
    await engine.dispose()
    return results


async def _team_ids(sessions) -> list:
    async with tenant_transaction(sessions, TENANT) as session:
        return [
            r[0]
            for r in await session.execute(text("select employee_id from reporting order by employee_id"))
        ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=5000)
    parser.add_argument("--team", type=int, default=50)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with postgres_stack() as cfg:
        with bench_database(cfg, "portfolio", "reads") as db:
            r = asyncio.run(run(db, args.employees, args.team, args.runs))
    print("\nPortfolio reads (service code on PostgreSQL, same machine, same run)")
    print(
        table(
            [
                ("measure", "p50 / p95", "note"),
                (
                    "raw PostgreSQL round trip",
                    f"{r['raw_select_1'][0]:.1f} / {r['raw_select_1'][1]:.1f} ms",
                    "select 1 in a transaction",
                ),
                (
                    f"raw count of {args.employees:,} people by unit",
                    f"{r['raw_count'][0]:.1f} / {r['raw_count'][1]:.1f} ms",
                    "",
                ),
                (
                    f"manager's team page ({args.team} reports)",
                    f"{r['team'][0]:.1f} / {r['team'][1]:.1f} ms",
                    f"{r['team'][1] / r['raw_select_1'][1]:.0f}x a round trip; target p95 < 300 ms",
                ),
                (
                    f"HR dashboard ({args.employees:,} employees)",
                    f"{r['dashboard'][0]:.1f} / {r['dashboard'][1]:.1f} ms",
                    f"{r['dashboard'][1] / r['raw_count'][1]:.1f}x the raw count; target p95 < 300 ms",
                ),
            ]
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
