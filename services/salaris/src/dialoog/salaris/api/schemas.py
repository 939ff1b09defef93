"""What salaris' routes return, made from the columns its repositories select (kit.schemas):
typed in the OpenAPI, never with `tenant_id`, never with a letter's PDF."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from dialoog.kit.schemas import row_model
from dialoog.salaris.persistence import tables as t
from dialoog.salaris.service.rounds import PUBLIC_ROUND

# Managers and employees see only these columns of a round; HR sees them all. The others are
# declared optional, so that the same model validates both answers.
_HR_ONLY = row_model("RoundHrOnly", [c for c in t.rounds.columns if c.name not in PUBLIC_ROUND])
Round = row_model(
    "Round",
    [c for c in t.rounds.columns if c.name in PUBLIC_ROUND],
    extra={name: (f.annotation | None, None) for name, f in _HR_ONLY.model_fields.items()},
    doc="A salary round. Managers and employees see only id, year, status, deadline, reference date "
    "and guidelines; the other fields are then absent.",
)
LetterSummary = row_model(
    "LetterSummary",
    [t.letters.c.id, t.letters.c.decision_version, t.letters.c.sent_on, t.letters.c.objection_deadline],
    doc="A decision letter (the PDF is its own route)",
)
Objection = row_model(
    "SalaryObjection",
    [*t.objections.c, t.people.c.display_name.label("employee_name")],
    doc="An objection against a salary decision",
)
Decision = row_model(
    "SalaryDecision",
    [
        *t.decisions.c,
        t.people.c.display_name.label("employee_name"),
        t.people.c.employee_number,
        t.org_units.c.name.label("unit_name"),
    ],
    extra={
        "new_step": (int | None, None),
        "advised_outcome": (str | None, None),
        "letters": (list[LetterSummary] | None, None),  # type: ignore[valid-type]
        "objections": (list[Objection] | None, None),  # type: ignore[valid-type]
    },
    doc="A manager's decision on one employee's periodic raise",
)


class Scale(BaseModel):
    name: str
    valid_from: date
    amounts: list[int]
    version: int | None = None


class ImportError_(BaseModel):
    line: int
    reason_nl: str
    reason_en: str


class ImportReport(BaseModel):
    imported: int
    unchanged: int
    errors: list[ImportError_]


class StepHistory(BaseModel):
    scale: str
    step: int
    valid_from: date
    source: str | None
    monthly_amount_cents: int | None
    max_step: int | None


class EmployeeSalary(BaseModel):
    employee_id: UUID
    name: str | None
    history: list[StepHistory]


Settings = row_model("SalarySettings", t.salary_settings, doc="The tenant's rules and letter texts")


class Totals(BaseModel):
    total: int
    decided: int
    approved: int
    yes: int
    applied: int
    final: int
    with_hr: int


class ProgressRow(BaseModel):
    key: UUID | None
    name: str | None
    total: int
    decided: int
    yes: int
    escalated: int
    returned: int
    open: int | None = None
    late: bool | None = None


class RoundSummary(BaseModel):
    """What a home page shows of a round: counts, nobody's data."""

    round: Round  # type: ignore[valid-type]
    waiting_for_me: int | None = Field(
        None,
        description="A manager's own decisions (or delegated to them) still to take: open or returned, "
        "not with HR. None for a caller who is not a manager.",
    )
    totals: Totals | None = Field(None, description="The round's totals (HR only; None for others).")


class Reminder(BaseModel):
    day: date
    days_before: int
    status: str
    managers: int | None
    recorded_at: datetime | None


class Progress(BaseModel):
    round: Round  # type: ignore[valid-type]
    totals: Totals
    letters: int
    by_unit: list[ProgressRow]
    by_manager: list[ProgressRow]
    reminders: list[Reminder]
