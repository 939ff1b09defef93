"""Events of the feedback service (360 feedback). They carry ids, counts and states: never an
answer's text (except `feedback.shared`, which the employee chose to share), never an outsider's
name, address or personal link, and never which giver answered an anonymous request."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from dialoog.contracts.registry import event_type


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@event_type(
    "feedback",
    "feedback",
    "shared",
    1,
    "The employee chose to add feedback she received to her portfolio. Unlike other events this one "
    "carries free text (the answer), because the employee chose to share it; it carries nothing about "
    "the giver beyond the ids.",
)
class FeedbackShared(_Payload):
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "description": "Ids and the answer text only. The text is personnel content: it is in the "
            "event only because the employee chose to add this feedback to her portfolio."
        },
    )

    feedback_id: UUID = Field(description="The answer that is shared (unique: sharing twice is one item)")
    request_id: UUID = Field(description="The feedback request the answer belongs to")
    employee_id: UUID = Field(description="The employee (organisatie's person id) whose portfolio gets it")
    text: Annotated[
        str, Field(min_length=1, max_length=8000, description="The answer, as shared by the employee")
    ]


@event_type(
    "feedback",
    "request",
    "created",
    1,
    "An employee asked colleagues and/or outsiders for feedback. Colleagues are listed by person id "
    "(notificaties mails them); outsiders are only counted (the feedback service mails them itself).",
)
class FeedbackRequestCreated(_Payload):
    request_id: UUID
    requester_id: UUID = Field(description="organisatie's person id of the employee who asks")
    colleague_ids: list[UUID] = Field(description="The colleagues asked (to be notified in the portal)")
    outsiders: int = Field(ge=0, description="How many people outside the organisation were invited by mail")
    anonymous: bool
    deadline: date


@event_type(
    "feedback",
    "request",
    "givers_added",
    1,
    "More givers were asked for an open request (colleagues by person id, outsiders counted).",
)
class FeedbackGiversAdded(_Payload):
    request_id: UUID
    requester_id: UUID
    colleague_ids: list[UUID]
    outsiders: int = Field(ge=0)


@event_type(
    "feedback",
    "request",
    "reminded",
    1,
    "The employee reminded those who have not answered: the colleagues by person id (notificaties "
    "reminds them); outsiders were mailed by the feedback service itself and are only counted.",
)
class FeedbackRequestReminded(_Payload):
    request_id: UUID
    requester_id: UUID
    colleague_ids: list[UUID]
    outsiders: int = Field(ge=0)


@event_type(
    "feedback",
    "request",
    "answered",
    1,
    "A giver answered. No content; the giver only for a request that is not anonymous. For an anonymous request it is published only once "
    "the threshold is reached (the anonymity rule applies to notifications too).",
)
class FeedbackRequestAnswered(_Payload):
    request_id: UUID
    requester_id: UUID
    answered: int = Field(ge=0, description="How many givers have answered so far")
    threshold_reached: bool = Field(description="For an anonymous request: the answers can be shown")
    giver_id: UUID | None = Field(
        None,
        description="The colleague who answered, for a request that is NOT anonymous (so that she is "
        "not reminded); null for an anonymous request and for an outsider",
    )


@event_type(
    "feedback",
    "request",
    "declined",
    1,
    "A giver declined to answer. The giver only for a request that is not anonymous, never the reason.",
)
class FeedbackRequestDeclined(_Payload):
    request_id: UUID
    requester_id: UUID
    declined: int = Field(ge=0, description="How many givers have declined so far")
    giver_id: UUID | None = Field(
        None,
        description="The colleague who declined, for a request that is NOT anonymous; null for an "
        "anonymous request and for an outsider",
    )


@event_type(
    "feedback",
    "request",
    "deadline_changed",
    1,
    "The employee moved her request's deadline (an expired request that gets a new one is open again).",
)
class FeedbackDeadlineChanged(_Payload):
    request_id: UUID
    requester_id: UUID
    deadline: date = Field(description="The new last day to answer")
    version: int = Field(ge=1, description="The request's version after the change")


@event_type("feedback", "request", "expired", 1, "The deadline of an open request passed.")
class FeedbackRequestExpired(_Payload):
    request_id: UUID
    requester_id: UUID
    answered: int = Field(ge=0)


@event_type("feedback", "request", "closed", 1, "The employee closed her request.")
class FeedbackRequestClosed(_Payload):
    request_id: UUID
    requester_id: UUID
    answered: int = Field(ge=0)
