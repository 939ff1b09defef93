"""Thousands of rows in one batch (a payroll import, the round's assignment) stay under
PostgreSQL's limit of 32,767 parameters per statement, and are idempotent."""

import uuid
from datetime import date

from sqlalchemy import insert

from dialoog.kit.db import make_engine, make_sessionmaker, tenant_transaction
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.persistence.tables import people

N = 6000
TENANT = "large"


async def test_six_thousand_steps_and_decisions_in_one_batch(service_settings, test_databases):
    settings = service_settings("salaris", database_url=test_databases("salaris", label="large")["app"])
    engine = make_engine(settings)
    sessions = make_sessionmaker(engine)
    ids = [uuid.uuid4() for _ in range(N)]
    try:
        async with tenant_transaction(sessions, TENANT) as s:
            await s.execute(
                insert(people),
                [
                    {
                        "tenant_id": TENANT,
                        "person_id": i,
                        "employee_number": f"n{n}",
                        "roles": [],
                        "source_version": 1,
                    }
                    for n, i in enumerate(ids)
                ],
            )
            steps = [
                {"person_id": i, "scale": "8", "step": 3, "valid_from": date(2026, 1, 1), "source": "import"}
                for i in ids
            ]
            repo = SalaryRepository(s)
            assert await repo.set_steps(TENANT, steps) == N
            assert await repo.set_steps(TENANT, steps) == 0  # the same lines again change nothing
            rounds = RoundRepository(s)
            rnd = await rounds.create(
                {
                    "tenant_id": TENANT,
                    "year": 2026,
                    "status": "opening",
                    "guidelines": "x",
                    "deadline": date(2026, 12, 15),
                    "reminder_days": [],
                    "reference_date": date(2027, 1, 1),
                    "workflow_id": "w",
                    "opened_by": "t",
                }
            )
            rows = [
                {
                    "tenant_id": TENANT,
                    "round_id": rnd.id,
                    "employee_id": i,
                    "scale": "8",
                    "step": 3,
                    "max_step": 10,
                }
                for i in ids
            ]
            assert await rounds.add_decisions(rows) == N
            assert await rounds.add_decisions(rows) == 0
    finally:
        await engine.dispose()
