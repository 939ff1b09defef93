"""Events of the portfolio service. Payloads carry ids and states, no free-text personnel content."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from dialoog.contracts.registry import event_type


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@event_type("portfolio", "talk", "recorded", 1, "A talk was recorded in an employee's portfolio.")
class TalkRecorded(_Payload):
    talk_id: UUID
    period_id: UUID
    employee_id: UUID
    type: str
    held_on: date
    cycle_version: int
    topics: list[str]


@event_type(
    "portfolio",
    "conclusion",
    "recorded",
    1,
    "The manager recorded a conclusion (and a reward advice, where the cycle has one).",
)
class ConclusionRecorded(_Payload):
    talk_id: UUID
    period_id: UUID
    employee_id: UUID
    level: str
    reward_advice: str | None
    improvement_plan: bool


@event_type("portfolio", "improvement_plan", "opened", 1, "A conclusion opened an improvement plan.")
class ImprovementPlanOpened(_Payload):
    talk_id: UUID
    period_id: UUID
    employee_id: UUID


@event_type("portfolio", "agreement", "confirmed", 1, "Both employee and manager confirmed an agreement.")
class AgreementConfirmed(_Payload):
    agreement_id: UUID
    period_id: UUID
    employee_id: UUID
    kind: str
    legal_consequences: bool


@event_type(
    "portfolio",
    "agreement",
    "decision_needed",
    1,
    "An agreement with legal consequences needs a formal decision (besluit) in the personnel file.",
)
class DecisionNeeded(_Payload):
    agreement_id: UUID
    period_id: UUID
    employee_id: UUID


@event_type("portfolio", "reaction", "added", 1, "The employee added a reaction.")
class ReactionAdded(_Payload):
    reaction_id: UUID
    period_id: UUID
    employee_id: UUID
    talk_id: UUID | None


@event_type(
    "portfolio", "period", "locked", 1, "A period reached its definitive moment: its snapshot is fixed."
)
class PeriodLocked(_Payload):
    period_id: UUID
    employee_id: UUID
    snapshot_hash: str
    cycle_version: int


@event_type("portfolio", "assessment", "requested", 1, "An assessment talk was requested (always possible).")
class AssessmentRequested(_Payload):
    assessment_id: UUID
    employee_id: UUID
    requested_by: str


@event_type(
    "portfolio",
    "assessment",
    "established",
    1,
    "The manager established an assessment; the letter was sent and the objection term runs.",
)
class AssessmentEstablished(_Payload):
    assessment_id: UUID
    employee_id: UUID
    letter_sent_on: date
    objection_deadline: date


@event_type(
    "portfolio", "objection", "filed", 1, "The employee filed an objection (bezwaar) against an assessment."
)
class ObjectionFiled(_Payload):
    objection_id: UUID
    assessment_id: UUID
    employee_id: UUID
    filed_on: date


@event_type("portfolio", "objection", "status_changed", 1, "An objection moved to another state.")
class ObjectionStatusChanged(_Payload):
    objection_id: UUID
    assessment_id: UUID
    status: str


@event_type(
    "portfolio",
    "escalation",
    "raised",
    1,
    "A disagreement was escalated to the next-higher manager or the HR advisor.",
)
class EscalationRaised(_Payload):
    escalation_id: UUID
    employee_id: UUID
    target: str
    target_person: UUID | None


@event_type(
    "portfolio",
    "decision",
    "established",
    1,
    "A formal decision (besluit) on an agreement with legal consequences was established; the letter "
    "is in the personnel file and the objection term runs.",
)
class DecisionEstablished(_Payload):
    decision_id: UUID
    agreement_id: UUID
    employee_id: UUID
    letter_sent_on: date
    objection_deadline: date


@event_type(
    "portfolio",
    "decision_objection",
    "filed",
    1,
    "The employee filed an objection (bezwaar) against a formal decision on an agreement.",
)
class DecisionObjectionFiled(_Payload):
    objection_id: UUID
    decision_id: UUID
    employee_id: UUID
    filed_on: date


@event_type(
    "portfolio",
    "decision_objection",
    "status_changed",
    1,
    "An objection against a formal decision moved to another state.",
)
class DecisionObjectionStatusChanged(_Payload):
    objection_id: UUID
    decision_id: UUID
    status: str
