"""People, scales and steps for workflow tests, written straight through salaris's repositories
(the round's rules are what is tested here, not organisatie's events)."""

import uuid
from datetime import date

from dialoog.kit.auth import Principal
from dialoog.kit.clock import today
from dialoog.kit.db import tenant_transaction
from dialoog.salaris.persistence.projections import ProjectionRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.service import rounds as round_service

TENANT = "ts"
HR = Principal("hr", "ts.hr", TENANT, (TENANT,), frozenset({"hr_advisor", "employee"}), email="hr@ts.example")


def manager(n: int) -> Principal:
    return Principal(
        f"m{n}",
        f"ts.manager{n}",
        TENANT,
        (TENANT,),
        frozenset({"manager", "employee"}),
        email=f"m{n}@ts.example",
    )


async def seed(sessions, employees_per_manager: int = 6, managers: int = 3, year: int | None = None) -> dict:
    """Three managers with their people in one unit each, scale 8, all eligible but one at the max;
    scales and steps from 1 January of `year` (the round's; this year by default)."""
    year = year or today().year
    ids: dict = {"managers": [], "employees": {}}
    async with tenant_transaction(sessions, TENANT) as s:
        projections, salary = ProjectionRepository(s), SalaryRepository(s)
        amounts = [300000 + 10000 * i for i in range(11)]
        await salary.upsert_scale(TENANT, "8", date(year, 1, 1), amounts)
        await salary.upsert_scale(TENANT, "8", date(year + 1, 1, 1), [round(a * 1.02) for a in amounts])
        steps = []
        number = 0
        for m in range(managers):
            unit = uuid.uuid4()
            await projections.upsert_unit(TENANT, unit, None, f"Team {m}")
            mid = uuid.uuid4()
            ids["managers"].append(mid)
            await projections.upsert_person(TENANT, person(mid, f"m{m}", unit, ["manager"]))
            for e in range(employees_per_manager):
                number += 1
                eid = uuid.uuid4()
                ids["employees"][eid] = m
                await projections.upsert_person(TENANT, person(eid, f"e{number}", unit, ["employee"]))
                await projections.set_line(TENANT, eid, mid, None, date(year, 1, 1))
                step = 10 if number == 1 else e % 9
                steps.append(
                    {
                        "person_id": eid,
                        "scale": "8",
                        "step": step,
                        "valid_from": date(year, 1, 1),
                        "source": "import",
                    }
                )
        await salary.set_steps(TENANT, steps)
    return ids


def person(pid, name, unit, roles):
    return {
        "person_id": pid,
        "employee_number": name,
        "display_name": f"Persoon {name}",
        "email": f"{name}@ts.example",
        "org_unit_id": unit,
        "roles": roles,
        "probation_end": None,
        "source_version": 1,
    }


async def decide(sessions, principal: Principal, decision, outcome: str = "yes") -> None:
    """A decision with a good motivation, in its own transaction, as the service takes it."""
    from .conftest import GOOD

    async with tenant_transaction(sessions, TENANT) as s:
        await round_service.decide(
            s,
            principal,
            decision.id,
            decision.version,
            outcome=outcome,
            motivation=GOOD,
            deviation_reason=None,
            origin=None,
        )
