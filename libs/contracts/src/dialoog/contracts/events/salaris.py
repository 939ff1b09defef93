"""Events of the salaris service: the year-end round, decisions, letters, objections and the step
increases payroll applies. Payloads carry ids, states and amounts; the motivation (personnel
content) stays in salaris and in the letter."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from dialoog.contracts.registry import event_type


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@event_type(
    "salaris", "round", "opened", 1, "HR opened the year-end salary round with guidelines and a deadline."
)
class RoundOpened(_Payload):
    round_id: UUID
    year: int
    deadline: date
    reference_date: date


@event_type(
    "salaris",
    "round",
    "tasks_assigned",
    1,
    "A manager (or delegate) has salary decisions to make in the round: one event per manager.",
)
class TasksAssigned(_Payload):
    round_id: UUID
    manager_id: UUID | None
    count: int
    deadline: date


@event_type("salaris", "round", "reminder_due", 1, "A reminder to a manager who still has decisions open.")
class ReminderDue(_Payload):
    round_id: UUID
    manager_id: UUID | None
    open: int
    deadline: date
    days_left: int


@event_type(
    "salaris",
    "round",
    "escalated",
    1,
    "The deadline passed with decisions open; they are escalated to the HR advisor.",
)
class RoundEscalated(_Payload):
    round_id: UUID
    open: int
    manager_ids: list[UUID]


@event_type("salaris", "round", "approved", 1, "HR approved every decision of the round; letters follow.")
class RoundApproved(_Payload):
    round_id: UUID
    year: int
    decisions: int


@event_type("salaris", "round", "closed", 1, "The objection term of the round's letters ended.")
class RoundClosed(_Payload):
    round_id: UUID
    year: int


@event_type("salaris", "decision", "made", 1, "A manager decided on an employee's periodic raise.")
class DecisionMade(_Payload):
    decision_id: UUID
    round_id: UUID
    employee_id: UUID
    outcome: Literal["yes", "no"]
    decision_version: int


@event_type("salaris", "decision", "returned", 1, "HR sent a decision back to the manager with a comment.")
class DecisionReturned(_Payload):
    decision_id: UUID
    round_id: UUID
    employee_id: UUID


@event_type(
    "salaris",
    "letter",
    "issued",
    1,
    "A decision letter was generated and sent; it belongs in the personnel file, and the objection term runs.",
)
class LetterIssued(_Payload):
    letter_id: UUID
    decision_id: UUID
    employee_id: UUID
    decision_version: int
    outcome: Literal["yes", "no"]
    sent_on: date
    objection_deadline: date
    round_year: int | None = None  # the year of the round the decision belongs to


@event_type(
    "salaris",
    "step",
    "increased",
    1,
    "An employee moves to a new step from the effective date (for payroll).",
)
class StepIncreased(_Payload):
    employee_id: UUID
    employee_number: str
    scale: str
    old_step: int
    new_step: int
    monthly_amount_cents: int
    effective_on: date
    decision_id: UUID


@event_type(
    "salaris", "objection", "filed", 1, "The employee filed an objection (bezwaar) against a salary decision."
)
class ObjectionFiled(_Payload):
    objection_id: UUID
    decision_id: UUID
    employee_id: UUID
    filed_on: date


@event_type("salaris", "objection", "state_changed", 1, "An objection moved to another state.")
class ObjectionStateChanged(_Payload):
    objection_id: UUID
    decision_id: UUID
    employee_id: UUID
    state: Literal["received", "in_progress", "upheld", "rejected", "withdrawn"]
