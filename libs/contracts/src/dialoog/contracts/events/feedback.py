"""Events of the feedback service (360 feedback). The service itself comes later; this event is
fixed now so that portfolio can keep the feedback archive (DOMAIN.md: "the employee decides what
goes into the portfolio")."""

from __future__ import annotations

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
