"""Decision letters: one PDF per decision version, rendered from the tenant's texts, stored, and
announced for the personnel file. Never commits."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from functools import cache
from importlib.resources import files

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.events.salaris import LetterIssued
from dialoog.kit.documents import render_pdf
from dialoog.kit.objections import last_day
from dialoog.salaris.domain.letters import letter_data
from dialoog.salaris.domain.scales import new_step
from dialoog.salaris.persistence.events import outbox
from dialoog.salaris.persistence.rounds import RoundRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.service.salary import ensure_settings, require_configurer

Renderer = Callable[[list[dict]], Awaitable[list[bytes]]]


@cache
def template() -> str:
    return files("dialoog.salaris.documents").joinpath("decision_letter.typ").read_text()


def render(data: dict) -> bytes:
    return render_pdf(template(), data)


async def render_inline(batch: list[dict]) -> list[bytes]:
    return [render(d) for d in batch]


async def issue(
    session: AsyncSession,
    tenant: str,
    rows: list,
    *,
    reference_date: date,
    sent_on: date,
    renderer: Renderer = render_inline,
) -> int:
    """Letters for these decision rows (decision view rows), each for its current version; a
    version that already has one keeps it. Returns how many were stored."""
    if not rows:
        return 0
    settings = await ensure_settings(session, tenant)
    settings_map = dict(settings._mapping)
    salary = SalaryRepository(session)
    before = await salary.scales_on(reference_date - timedelta(days=1))
    after = await salary.scales_on(reference_date)
    payloads = []
    for r in rows:
        old = before.get(r.scale) or after.get(r.scale)
        new = after.get(r.scale) or old
        payloads.append(
            letter_data(
                settings=settings_map,
                employee_name=r.employee_name or r.employee_number,
                employee_number=r.employee_number,
                decision={**r._mapping, "new_step": new_step(r.step, r.max_step, r.outcome)},
                amounts_before=old.amounts,
                amounts_after=new.amounts,
                sent_on=sent_on,
                effective_on=reference_date,
            )
        )
    pdfs = await renderer(payloads)
    deadline = last_day(sent_on)
    letters = [
        {
            "id": uuid.uuid4(),
            "tenant_id": tenant,
            "decision_id": r.id,
            "decision_version": r.decision_version,
            "sent_on": sent_on,
            "objection_deadline": deadline,
            "pdf": pdf,
        }
        for r, pdf in zip(rows, pdfs, strict=True)
    ]
    stored = set(await RoundRepository(session).add_letters(letters))
    by_id = {r.id: r for r in rows}
    await outbox.add_many(
        session,
        tenant,
        [
            LetterIssued(
                letter_id=letter["id"],
                decision_id=letter["decision_id"],
                employee_id=by_id[letter["decision_id"]].employee_id,
                decision_version=letter["decision_version"],
                outcome=by_id[letter["decision_id"]].outcome,
                sent_on=sent_on,
                objection_deadline=deadline,
                round_year=reference_date.year - 1,  # the round of year Y takes effect in Y + 1
            )
            for letter in letters
            if letter["id"] in stored
        ],
    )
    return len(stored)


SAMPLE_MOTIVATION = {
    "results": "Voorbeeld: de drie resultaatafspraken over doorlooptijden zijn in september gehaald.",
    "behaviour": "Voorbeeld: overlegt tijdig met collega's en begeleidde twee nieuwe collega's bij het inwerken.",
    "development": "Voorbeeld: de opleiding is afgerond; volgend jaar volgt de afgesproken cursus.",
}


async def preview(session: AsyncSession, principal, today: date) -> bytes:
    """A sample letter with the tenant's current texts, for HR and the tenant admin to check
    before a round: a raise from step 4 to 5 of a scale of the tenant (or a made-up one)."""
    require_configurer(principal)
    settings = await ensure_settings(session, principal.tenant)
    scales = await SalaryRepository(session).scales_on(today)
    scale = next(iter(scales.values()), None)
    amounts = scale.amounts if scale and scale.max_step >= 5 else tuple(300000 + 10000 * i for i in range(11))
    effective = date(today.year + 1, 1, 1)
    data = letter_data(
        settings=dict(settings._mapping),
        employee_name="Voorbeeld Medewerker",
        employee_number="000000",
        decision={
            "id": "00000000-voorbeeld",
            "decision_version": 1,
            "scale": scale.name if scale and scale.max_step >= 5 else "8",
            "step": 4,
            "new_step": 5,
            "outcome": "yes",
            "motivation": SAMPLE_MOTIVATION,
        },
        amounts_before=amounts,
        amounts_after=amounts,
        sent_on=today,
        effective_on=effective,
    )
    return await asyncio.to_thread(render, data)
