"""What feedback's routes read and return. Inputs refuse unknown fields and are bounded; outputs
never carry `tenant_id`, a giver of an anonymous answer, an answer's time, or a link."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    EmailStr,
    Field,
    StrictBool,
    Tag,
    model_validator,
)

from dialoog.feedback.domain.limits import MAX_GIVERS, MAX_QUESTIONS

Name = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[^\r\n]*\S[^\r\n]*$")]
Purpose = Annotated[str, Field(min_length=3, max_length=2000)]
QuestionText = Annotated[str, Field(min_length=3, max_length=500)]
AnswerText = Annotated[str, Field(max_length=4000)]
Reason = Annotated[str, Field(max_length=1000)]
Key = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
Rating = Annotated[int, Field(ge=1, le=5)]
Link = Annotated[
    str,
    Field(
        min_length=10,
        max_length=300,
        description="The personal link's token, as in the mail (the part after /f/)",
    ),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Texts(_In):
    nl: QuestionText
    en: QuestionText | None = None


class SetName(_In):
    nl: Name
    en: Name | None = None


class QuestionIn(_In):
    key: Key | None = None
    text: Texts | QuestionText
    kind: Literal["open", "rating"] = "open"
    comment: StrictBool = False


class Colleague(_In):
    person_id: UUID


class Outsider(_In):
    name: Name
    email: Annotated[EmailStr, Field(max_length=254)]


def _giver_kind(value) -> str:
    colleague = isinstance(value, Colleague) or (isinstance(value, dict) and "person_id" in value)
    return "colleague" if colleague else "outsider"


# A colleague by person id, or an outsider by name and address (errors name only the one meant).
Giver = Annotated[
    Annotated[Colleague, Tag("colleague")] | Annotated[Outsider, Tag("outsider")], Discriminator(_giver_kind)
]


class RequestIn(_In):
    purpose: Purpose
    questions: Annotated[list[QuestionIn], Field(min_length=1, max_length=MAX_QUESTIONS)]
    givers: Annotated[list[Giver], Field(min_length=1, max_length=MAX_GIVERS)]
    deadline: date
    anonymous: StrictBool = False
    self_reflection: StrictBool = False


class DeadlineIn(_In):
    deadline: date


class GiversIn(_In):
    givers: Annotated[list[Giver], Field(min_length=1, max_length=MAX_GIVERS)]


class AnswerIn(_In):
    question_key: Key
    text: AnswerText | None = None
    rating: Rating | None = None
    comment: AnswerText | None = None


class AnswersIn(_In):
    answers: Annotated[list[AnswerIn], Field(max_length=MAX_QUESTIONS)]


class DeclineIn(_In):
    reason: Reason | None = None


class ShareIn(_In):
    answer_ids: Annotated[list[UUID], Field(min_length=1, max_length=100)] | None = None
    summary: Annotated[str, Field(min_length=1, max_length=8000)] | None = None

    @model_validator(mode="after")
    def _one(self) -> ShareIn:
        if (self.answer_ids is None) == (self.summary is None):
            raise ValueError("give either answer_ids or summary")
        return self


class LinkIn(_In):
    link: Link


class PublicAnswerIn(_In):
    link: Link
    answers: Annotated[list[AnswerIn], Field(max_length=MAX_QUESTIONS)]


class QuestionSetIn(_In):
    name: SetName
    questions: Annotated[list[QuestionIn], Field(min_length=1, max_length=MAX_QUESTIONS)]


class Colours(_In):
    primary: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]
    primary_text: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#ffffff"


class SettingsIn(_In):
    colours: Colours | None = None
    retention_months: Annotated[int, Field(ge=1, le=120)] = 12


# --- out -------------------------------------------------------------------------------------
class Question(BaseModel):
    key: str
    text: dict[str, str | None] = Field(description="{nl, en}")
    kind: str
    comment: bool


class GiverOut(BaseModel):
    kind: Literal["colleague", "outsider"]
    name: str
    email: str | None = None
    person_id: UUID | None = None
    id: UUID | None = Field(None, description="Named requests only")
    state: str | None = Field(
        None, description="Named requests only: asked|draft|answered|declined|withdrawn"
    )
    group: str | None = Field(None, description="Named requests only: colleagues|outsiders|manager")


class Counts(BaseModel):
    asked: int
    answered: int
    declined: int


class Request(BaseModel):
    id: UUID
    purpose: str
    questions: list[Question]
    deadline: date
    anonymous: bool
    self_reflection: bool
    state: Literal["open", "closed", "expired"]
    created_at: datetime
    threshold: int
    counts: Counts
    givers: list[GiverOut]
    answers_deleted: bool
    version: int


class AnswerOut(BaseModel):
    answer_id: UUID
    question_key: str
    text: str | None
    rating: int | None
    comment: str | None


class ResultGroup(BaseModel):
    group: Literal["all", "colleagues", "outsiders", "manager"]
    giver_name: str | None = Field(None, description="Named requests only")
    answers: list[AnswerOut]


class Results(BaseModel):
    answered: int
    threshold: int
    needed: int = Field(description="Answers still needed before anything is shown (0 when visible)")
    visible: bool
    groups: list[ResultGroup]
    self_reflection: list[AnswerOut]


class SelfReflection(BaseModel):
    answers: list[AnswerOut]


class Reminded(BaseModel):
    reminded: int = Field(description="Givers who have not answered yet")
    mailed: int = Field(description="Outsiders among them who got a mail with a fresh link")


class Share(BaseModel):
    id: UUID = Field(description="The feedback_id of the feedback.shared event (the portfolio item)")
    answer_id: UUID | None
    kind: Literal["answer", "summary"]
    text: str
    created_at: datetime


class Shares(BaseModel):
    items: list[Share]


class AssignmentSummary(BaseModel):
    id: UUID
    request_id: UUID
    requester_name: str | None
    purpose: str
    deadline: date
    anonymous: bool
    state: Literal["asked", "draft", "answered", "declined", "withdrawn"]
    request_state: Literal["open", "closed", "expired"]


class OwnAnswer(BaseModel):
    question_key: str
    text: str | None = None
    rating: int | None = None
    comment: str | None = None


class Assignment(AssignmentSummary):
    questions: list[Question]
    draft: list[OwnAnswer]
    answers: list[OwnAnswer]
    version: int


class Tenant(BaseModel):
    name: str
    colours: dict


class PublicLink(BaseModel):
    state: Literal["open", "answered", "expired", "withdrawn", "declined", "closed"]
    tenant: Tenant
    requester_name: str | None
    giver_name: str
    purpose: str
    questions: list[Question]
    deadline: date
    anonymous: bool
    retention_months: int
    link_expires_at: datetime


class PublicState(BaseModel):
    state: Literal["answered", "withdrawn", "declined", "open", "closed", "expired"]
    opted_out: bool = False


class QuestionSet(BaseModel):
    id: UUID
    name: dict
    questions: list[Question]
    version: int
    builtin: bool


class FeedbackSettings(BaseModel):
    name: str
    colours: dict
    retention_months: int
    version: int


class UnitCount(BaseModel):
    org_unit_id: UUID | None
    org_unit_name: str | None
    requests: int
    answers: int


class ColleagueOut(BaseModel):
    person_id: UUID
    name: str
    org_unit_name: str | None
    relation: Literal["manager", "team", "other"]
