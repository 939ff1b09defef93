"""What portfolio's routes return, made from the columns its repositories select (kit.schemas):
typed in the OpenAPI, never with `tenant_id`, never with a document's bytes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel

from dialoog.contracts.cycle.schema import CycleDefinition, Label, Role
from dialoog.kit.pagination import Page
from dialoog.kit.schemas import row_model
from dialoog.portfolio.persistence import assessments as assessment_rows
from dialoog.portfolio.persistence import attachments as attachment_rows
from dialoog.portfolio.persistence import decisions as decision_rows
from dialoog.portfolio.persistence import follow_up as follow_up_rows
from dialoog.portfolio.persistence import open_items as open_rows
from dialoog.portfolio.persistence import portfolio as portfolio_rows
from dialoog.portfolio.persistence import salary_letters as letter_rows
from dialoog.portfolio.persistence import tables as t

Agreement = row_model("Agreement", t.agreements, doc="A result or development agreement")
Talk = row_model("Talk", t.talks, doc="A talk of the tenant's cycle with its record")
Reaction = row_model("Reaction", t.reactions, doc="The employee's reaction (append-only)")
Period = row_model("Period", t.periods, doc="The employee's period of the cycle")
PeriodListed = row_model(
    "PeriodListed",
    portfolio_rows.PERIOD_LISTED,
    doc="One of the employee's periods (without its snapshot), with its numbers of talks and agreements",
)
Competency = row_model("Competency", t.competencies, doc="A competency of the tenant's catalogue")
ChosenCompetency = row_model(
    "ChosenCompetency",
    [*t.portfolio_competencies.c, t.competencies.c.key, t.competencies.c.name, t.competencies.c.description],
    doc="A competency worked on in the period, with its catalogue key and name",
)
Attachment = row_model("Attachment", attachment_rows.LISTED, doc="A file in the portfolio (without content)")
SharedFeedback = row_model("SharedFeedback", t.shared_feedback, doc="Feedback the employee shared")
SalaryLetter = row_model("SalaryLetter", letter_rows.SHOWN, doc="A salary decision letter sent by salaris")
Escalation = row_model("Escalation", t.escalations, doc="A matter raised to the manager's manager or HR")
Objection = row_model("Objection", t.objections, doc="An objection against an assessment or a decision")

_OBJECTABLE = {
    "objection_deadline": (date | None, None),
    "objections": (list[Objection], []),
}
Assessment = row_model(
    "Assessment", assessment_rows.SUMMARY, extra=_OBJECTABLE, doc="An assessment, with its objections"
)
Decision = row_model(
    "Decision",
    [*decision_rows.SUMMARY, t.agreements.c.title.label("agreement_title")],
    extra=_OBJECTABLE,
    doc="A formal decision on an agreement with legal consequences, with its objections",
)


class PortfolioView(BaseModel):
    employee_id: UUID
    relation: list[str]
    may_lock: bool
    cycle: CycleDefinition
    prompted_topics: dict[str, list[str]]
    period: Period  # type: ignore[valid-type]
    agreements: list[Agreement]  # type: ignore[valid-type]
    talks: list[Talk]  # type: ignore[valid-type]
    reactions: list[Reaction]  # type: ignore[valid-type]
    competencies: list[ChosenCompetency]  # type: ignore[valid-type]
    attachments: list[Attachment]  # type: ignore[valid-type]
    feedback: list[SharedFeedback]  # type: ignore[valid-type]
    salary_letters: list[SalaryLetter]  # type: ignore[valid-type]


class PortfolioOverview(PortfolioView):
    """The portfolio page in one read (ADR 0038): the view, and the first page of each list shown
    beside it; a next_cursor continues at that list's own endpoint."""

    assessments: Page[Assessment]  # type: ignore[valid-type]
    decisions: Page[Decision]  # type: ignore[valid-type]
    periods: Page[PeriodListed]  # type: ignore[valid-type]
    catalogue: Page[Competency]  # type: ignore[valid-type]


OpenPeriod = row_model(
    "OpenPeriod",
    [t.periods.c.id, t.periods.c.status, t.periods.c.starts_on, t.periods.c.ends_on],
    doc="The period covering today: its id, status and dates",
)
AgreementToConfirm = row_model(
    "AgreementToConfirm", open_rows.TO_CONFIRM, doc="An agreement the employee has not confirmed yet"
)
TalkToReactTo = row_model(
    "TalkToReactTo", open_rows.TO_REACT_TO, doc="A concluded talk without a reaction of the employee"
)


class ExpectedTalk(BaseModel):
    key: str
    label: Label
    recorded_by: list[Role]


class PortfolioOpen(BaseModel):
    """What is open for the employee in the running period (ADR 0038): the home's "what's next"
    without the whole view. Talks to react to are empty when the cycle lets her not react."""

    employee_id: UUID
    period: OpenPeriod  # type: ignore[valid-type]
    employee_may_react: bool
    agreements_to_confirm: list[AgreementToConfirm]  # type: ignore[valid-type]
    talks_to_react_to: list[TalkToReactTo]  # type: ignore[valid-type]
    talks_held: dict[str, int]
    expected_talk: ExpectedTalk | None


class TeamMember(BaseModel):
    employee_id: UUID
    period_id: UUID
    status: str
    last_talk: date | None
    open_agreements: int
    agreements: int
    expected: list[str]
    expected_labels: dict[str, dict[str, str]]


class ReportToRead(BaseModel):
    """An employee of the director's units with talks recorded since she last read their reports."""

    employee_id: UUID
    email: str | None
    unread: int
    last_held_on: date


class TalkReports(BaseModel):
    employee_id: UUID
    period: Period  # type: ignore[valid-type]
    talks: list[Talk]  # type: ignore[valid-type]


class LockedPeriod(BaseModel):
    id: UUID
    status: str
    snapshot_hash: str | None
    locked_at: datetime | None
    version: int


class CompletionTotals(BaseModel):
    employees: int
    with_talk: int
    locked: int
    with_agreements: int


class UnitCompletion(CompletionTotals):
    org_unit_id: UUID | None


class LevelCount(BaseModel):
    level: str
    count: int


class UnitFollowUp(BaseModel):
    """HR's follow-up figures of one org unit for the periods running on the day (ADR 0035).
    `workload_raised`, `concluded` and `conclusions` are group figures: null when the group is
    smaller than the minimum group size (then named in `hidden`), or when the cycle does not
    record them (a cycle without the workload topic, or without conclusions)."""

    org_unit_id: UUID | None
    employees: int
    without_talk: int
    overdue_agreements: int
    development_agreements: int
    talked: int
    workload_raised: int | None
    concluded: int | None
    conclusions: list[LevelCount] | None
    hidden: list[Literal["workload_raised", "conclusions"]]


class WithoutTalk(BaseModel):
    """An employee without a talk in the period running on the day."""

    employee_id: UUID
    org_unit_id: UUID | None


FollowUpAgreement = row_model(
    "FollowUpAgreement",
    follow_up_rows.NAMED_AGREEMENT,
    doc="An agreement HR follows up: past its date, or a development agreement (a training need)",
)
