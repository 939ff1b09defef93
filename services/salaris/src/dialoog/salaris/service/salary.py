"""Salary data: scales with their steps (CSV or API), each employee's step (CSV), the tenant's
salary settings and letter texts, and an employee's own salary history. Never commits."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.kit.concurrency import stale_version
from dialoog.kit.problems import forbidden, invalid, not_found
from dialoog.salaris.domain.letters import default_settings
from dialoog.salaris.domain.scales import in_force, validate_amounts
from dialoog.salaris.persistence.projections import ProjectionRepository
from dialoog.salaris.persistence.salary import SalaryRepository
from dialoog.salaris.service.access import audit, caller_person, is_hr, require_hr

MAX_ROWS = 100_000


@dataclass
class ImportReport:
    imported: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)


def _rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    sample = text[:2000]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter, restkey="*extra", strict=True)
    try:
        rows = [
            {(k or "").strip().lower(): v.strip() if isinstance(v, str) else "" for k, v in r.items()}
            for r in reader
        ]
    except csv.Error as exc:  # a stray quote or carriage return the csv module cannot place
        raise invalid(
            [("body", f"het bestand is geen leesbare CSV ({exc})", f"the file is not readable CSV ({exc})")],
            "csv-header",
        ) from None
    return [h.strip().lower() for h in (reader.fieldnames or [])], rows


def _need(header: list[str], required: tuple[str, ...]) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        raise invalid(
            [
                (
                    "body",
                    f"kolommen ontbreken: {', '.join(missing)} (verwacht: {';'.join(required)})",
                    f"columns missing: {', '.join(missing)} (expected: {';'.join(required)})",
                )
            ],
            "csv-header",
        )


def _date(value: str) -> date:
    return date.fromisoformat(value)


def _cents(value: str) -> int:
    """`3456,78`, `3456.78` or `3.456,78` euros to cents."""
    v = value.replace("€", "").replace(" ", "")
    if "," in v:
        v = v.replace(".", "").replace(",", ".")
    return round(float(v) * 100)


async def import_scales(session: AsyncSession, principal: Principal, text: str, origin) -> ImportReport:
    """CSV `scale;valid_from;step;amount` (one line per step, amount in euros per month)."""
    require_hr(principal)
    header, rows = _rows(text)
    _need(header, ("scale", "valid_from", "step", "amount"))
    report = ImportReport()
    grouped: dict[tuple[str, date], dict[int, int]] = {}
    for line, row in enumerate(rows[:MAX_ROWS], start=2):
        try:
            key = (row["scale"], _date(row["valid_from"]))
            step, amount = int(row["step"]), _cents(row["amount"])
            if not key[0] or step < 0 or step > 60:
                raise ValueError
        except (ValueError, KeyError):
            report.errors.append(
                {
                    "line": line,
                    "reason_nl": "schaal, datum (JJJJ-MM-DD), trede (0-60) of bedrag klopt niet",
                    "reason_en": "scale, date (YYYY-MM-DD), step (0-60) or amount is not valid",
                }
            )
            continue
        grouped.setdefault(key, {})[step] = amount
    repo = SalaryRepository(session)
    for (name, valid_from), steps in grouped.items():
        amounts = [steps.get(i, 0) for i in range(max(steps) + 1)]
        problem = (
            validate_amounts(amounts) if sorted(steps) == list(range(len(amounts))) else "steps are not 0..n"
        )
        if problem:
            report.errors.append(
                {
                    "scale": name,
                    "reason_nl": f"schaal {name}: treden moeten 0..n zijn en elk meer betalen dan de vorige",
                    "reason_en": f"scale {name}: {problem}",
                }
            )
            continue
        stored = await repo.upsert_scale(principal.tenant, name, valid_from, amounts)
        report.imported += stored
        report.unchanged += not stored
    await audit(session, principal, "import", "salary_scales", "csv", origin=origin, purpose="salary data")
    return report


async def put_scale(
    session, principal, name: str, valid_from: date, amounts: list[int], expected: int | None, origin
) -> dict:
    """One scale from a date: new (`expected` None: `If-None-Match: *`) or over the version the
    caller read (`If-Match`); 412 otherwise."""
    require_hr(principal)
    problem = validate_amounts(amounts)
    if problem:
        raise invalid(
            [
                (
                    "body.amounts",
                    "treden moeten elk meer betalen dan de vorige, alle bedragen positief",
                    problem,
                )
            ],
            "scale-amounts",
        )
    version = await SalaryRepository(session).put_scale(principal.tenant, name, valid_from, amounts, expected)
    if version is None:
        raise stale_version()
    await audit(
        session,
        principal,
        "write",
        "salary_scale",
        f"{name}@{valid_from}",
        origin=origin,
        purpose="salary data",
    )
    return {"name": name, "valid_from": valid_from, "amounts": amounts, "version": version}


async def scales(session, principal) -> list[dict]:
    require_hr(principal)
    return [
        {"name": r.name, "valid_from": r.valid_from, "amounts": list(r.amounts), "version": r.version}
        for r in await SalaryRepository(session).scales()
    ]


async def import_steps(session: AsyncSession, principal: Principal, text: str, origin) -> ImportReport:
    """CSV `employee_number;scale;step;valid_from`: each employee's step, from payroll."""
    require_hr(principal)
    header, rows = _rows(text)
    _need(header, ("employee_number", "scale", "step", "valid_from"))
    numbers = await ProjectionRepository(session).numbers()
    repo = SalaryRepository(session)
    scales = await repo.scale_versions()
    report = ImportReport()
    good: list[dict] = []
    for line, row in enumerate(rows[:MAX_ROWS], start=2):
        person = numbers.get(row.get("employee_number", ""))
        if person is None:
            report.errors.append(
                {
                    "line": line,
                    "reason_nl": f"personeelsnummer {row.get('employee_number')!r} is onbekend",
                    "reason_en": f"employee number {row.get('employee_number')!r} is unknown",
                }
            )
            continue
        try:
            valid_from, step = _date(row["valid_from"]), int(row["step"])
            scale = in_force(scales.get(row["scale"], []), valid_from)
            if scale is None or not 0 <= step <= scale.max_step:
                raise LookupError
        except ValueError:
            report.errors.append(
                {
                    "line": line,
                    "reason_nl": "trede of datum klopt niet",
                    "reason_en": "step or date is not valid",
                }
            )
            continue
        except LookupError:
            report.errors.append(
                {
                    "line": line,
                    "reason_nl": f"schaal {row['scale']} met trede {row['step']} bestaat niet op {row['valid_from']}",
                    "reason_en": f"scale {row['scale']} has no step {row['step']} on {row['valid_from']}",
                }
            )
            continue
        good.append(
            {
                "person_id": person,
                "scale": row["scale"],
                "step": step,
                "valid_from": valid_from,
                "source": "import",
            }
        )
    for start in range(0, len(good), 5000):
        report.imported += await repo.set_steps(principal.tenant, good[start : start + 5000])
    report.unchanged = len(good) - report.imported
    await audit(session, principal, "import", "employee_steps", "csv", origin=origin, purpose="salary data")
    return report


async def salary_of(session, principal, employee_id: UUID, origin) -> dict:
    """An employee's scale and step with history: the employee themselves and HR."""
    me = await caller_person(session, principal)
    if me != employee_id and not is_hr(principal):
        raise not_found()
    person = await ProjectionRepository(session).person(employee_id)
    if person is None:
        raise not_found()
    repo = SalaryRepository(session)
    history = await repo.history(employee_id)
    scales = await repo.scale_versions()
    out = []
    for h in history:
        scale = in_force(scales.get(h.scale, []), h.valid_from)
        out.append(
            {
                "scale": h.scale,
                "step": h.step,
                "valid_from": h.valid_from,
                "source": h.source,
                "monthly_amount_cents": scale.amount(h.step) if scale else None,
                "max_step": scale.max_step if scale else None,
            }
        )
    await audit(session, principal, "read", "salary", employee_id, origin=origin)
    return {"employee_id": employee_id, "name": person.display_name, "history": out}


SETTINGS_FIELDS = (
    "probation_eligible",
    "organisation_name",
    "signatory_name",
    "signatory_title",
    "objection_address",
    "intro",
    "closing",
)


async def ensure_settings(session, tenant: str, organisation_name: str | None = None):
    repo = SalaryRepository(session)
    row = await repo.settings()
    if row is None:
        await repo.create_settings(tenant, default_settings(organisation_name or tenant))
        row = await repo.settings()
    return row


def require_configurer(principal) -> None:
    """The tenant's rules and letter texts: HR and the tenant admin."""
    if not (is_hr(principal) or principal.has_role("tenant_admin")):
        raise forbidden("Alleen HR of beheer.", "HR or tenant admin only.")


async def get_settings(session, principal) -> dict:
    require_configurer(principal)
    row = await ensure_settings(session, principal.tenant)
    return {k: getattr(row, k) for k in (*SETTINGS_FIELDS, "version")}


async def update_settings(session, principal, expected: int, values: dict, origin) -> dict:
    require_configurer(principal)
    await ensure_settings(session, principal.tenant)
    row = await SalaryRepository(session).update_settings(expected, values)
    if row is None:
        raise stale_version()
    await audit(
        session, principal, "write", "salary_settings", principal.tenant, origin=origin, purpose="salary data"
    )
    return {k: getattr(row, k) for k in (*SETTINGS_FIELDS, "version")}
