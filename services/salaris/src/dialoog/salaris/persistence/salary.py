"""All SQL about salary data: scales with their steps, each employee's step with history, and the
tenant's own salary settings (rules and letter texts)."""

from __future__ import annotations

import uuid
from datetime import date
from uuid import UUID

from sqlalchemy import select, true, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.salaris.domain.scales import Scale
from dialoog.salaris.persistence.tables import employee_steps, people, salary_scales, salary_settings


class SalaryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # --- scales ---------------------------------------------------------------------------------
    async def upsert_scale(self, tenant: str, name: str, valid_from: date, amounts: list[int]) -> bool:
        """True when a new scale version was stored, False when one with these amounts existed."""
        stmt = insert(salary_scales).values(
            id=uuid.uuid4(), tenant_id=tenant, name=name, valid_from=valid_from, amounts=amounts
        )
        result = await self.session.execute(
            stmt.on_conflict_do_update(
                index_elements=[salary_scales.c.tenant_id, salary_scales.c.name, salary_scales.c.valid_from],
                set_={"amounts": amounts, "version": salary_scales.c.version + 1},
                where=salary_scales.c.amounts != stmt.excluded.amounts,
            ).returning(salary_scales.c.id)
        )
        return result.first() is not None

    async def put_scale(
        self, tenant: str, name: str, valid_from: date, amounts: list[int], expected: int | None
    ) -> int | None:
        """Store one scale version as given: a new one (`expected` None) or over the one at
        `expected`. Its version, or None when it exists (new) or has another version."""
        if expected is None:
            stmt = (
                insert(salary_scales)
                .values(id=uuid.uuid4(), tenant_id=tenant, name=name, valid_from=valid_from, amounts=amounts)
                .on_conflict_do_nothing(
                    index_elements=[
                        salary_scales.c.tenant_id,
                        salary_scales.c.name,
                        salary_scales.c.valid_from,
                    ]
                )
                .returning(salary_scales.c.version)
            )
        else:
            stmt = (
                update(salary_scales)
                .where(
                    salary_scales.c.name == name,
                    salary_scales.c.valid_from == valid_from,
                    salary_scales.c.version == expected,
                )
                .values(amounts=amounts, version=salary_scales.c.version + 1)
                .returning(salary_scales.c.version)
            )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def scales(self) -> list:
        rows = await self.session.execute(
            select(salary_scales).order_by(salary_scales.c.name, salary_scales.c.valid_from)
        )
        return list(rows)

    async def scale_versions(self) -> dict[str, list[Scale]]:
        """Every version of every scale, by name, in order of valid-from date."""
        versions: dict[str, list[Scale]] = {}
        for r in await self.scales():
            versions.setdefault(r.name, []).append(Scale(r.name, r.valid_from, tuple(r.amounts)))
        return versions

    async def scales_on(self, on: date) -> dict[str, Scale]:
        rows = await self.session.execute(
            select(salary_scales)
            .distinct(salary_scales.c.name)
            .where(salary_scales.c.valid_from <= on)
            .order_by(salary_scales.c.name, salary_scales.c.valid_from.desc())
        )
        return {r.name: Scale(r.name, r.valid_from, tuple(r.amounts)) for r in rows}

    # --- steps ----------------------------------------------------------------------------------
    async def set_steps(self, tenant: str, rows: list[dict]) -> int:
        """rows: person_id, scale, step, valid_from, source[, decision_id]. Idempotent per
        (person, valid_from): the same line again changes nothing; a changed one replaces it."""
        if not rows:
            return 0
        stmt = insert(employee_steps)
        stmt = stmt.on_conflict_do_update(
            index_elements=[employee_steps.c.person_id, employee_steps.c.valid_from],
            set_={"scale": stmt.excluded.scale, "step": stmt.excluded.step, "source": stmt.excluded.source},
            where=(employee_steps.c.scale != stmt.excluded.scale)
            | (employee_steps.c.step != stmt.excluded.step),
        ).returning(employee_steps.c.id)
        result = await self.session.execute(
            stmt, [{"id": uuid.uuid4(), "tenant_id": tenant, "decision_id": None, **r} for r in rows]
        )
        return len(result.all())

    async def add_steps(self, tenant: str, rows: list[dict]) -> set[UUID]:
        """Steps from decisions (person_id, scale, step, valid_from, source, decision_id), each stored
        once: the same decision again is a no-op, a lower step never replaces a higher one. Returns
        the decisions whose step was stored now."""
        if not rows:
            return set()
        stmt = insert(employee_steps)
        stmt = stmt.on_conflict_do_update(
            index_elements=[employee_steps.c.person_id, employee_steps.c.valid_from],
            set_={
                "step": stmt.excluded.step,
                "source": stmt.excluded.source,
                "decision_id": stmt.excluded.decision_id,
            },
            where=employee_steps.c.step < stmt.excluded.step,
        ).returning(employee_steps.c.decision_id)
        result = await self.session.execute(
            stmt, [{"id": uuid.uuid4(), "tenant_id": tenant, **r} for r in rows]
        )
        return {r[0] for r in result}

    async def history(self, person: UUID) -> list:
        rows = await self.session.execute(
            select(employee_steps)
            .where(employee_steps.c.person_id == person)
            .order_by(employee_steps.c.valid_from.desc())
        )
        return list(rows)

    async def candidates(self, after: UUID | None, limit: int, before: date) -> list:
        """A batch of people in id order with their step in force before `before` (or none)."""
        current = (
            select(employee_steps.c.scale, employee_steps.c.step)
            .where(employee_steps.c.person_id == people.c.person_id, employee_steps.c.valid_from < before)
            .order_by(employee_steps.c.valid_from.desc())
            .limit(1)
            .lateral()
        )
        stmt = (
            select(people, current.c.scale, current.c.step)
            .select_from(people.outerjoin(current, true()))
            .order_by(people.c.person_id)
            .limit(limit)
        )
        if after is not None:
            stmt = stmt.where(people.c.person_id > after)
        return list(await self.session.execute(stmt))

    # --- settings -------------------------------------------------------------------------------
    async def settings(self):
        return (await self.session.execute(select(salary_settings))).first()

    async def create_settings(self, tenant: str, values: dict) -> None:
        await self.session.execute(
            insert(salary_settings).values(tenant_id=tenant, **values).on_conflict_do_nothing()
        )

    async def update_settings(self, expected: int, values: dict):
        return (
            await self.session.execute(
                update(salary_settings)
                .where(salary_settings.c.version == expected)
                .values(**values, version=salary_settings.c.version + 1)
                .returning(salary_settings)
            )
        ).first()
