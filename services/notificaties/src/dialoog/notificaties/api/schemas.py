"""What notificaties' routes read and return. Inputs refuse unknown fields and are bounded;
outputs never carry `tenant_id`, an event's payload, or a token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from dialoog.notificaties.domain.rules import Category

Language = Literal["nl", "en"]
Mode = Literal["immediate", "daily", "weekly"]
Clock = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["22:00"])]
Token = Annotated[
    str,
    Field(
        min_length=10,
        max_length=600,
        pattern=r"^[A-Za-z0-9_.-]+$",
        description="The token of the link (after /u/)",
    ),
]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InboxItem(BaseModel):
    id: UUID
    category: Category
    kind: str = Field(description="The rule's key, e.g. salaris.round.tasks_assigned")
    title: str
    body: str
    link: str = Field(description="A path in the portal")
    created_at: datetime
    read_at: datetime | None


class UnreadCount(BaseModel):
    unread: int


class Marked(BaseModel):
    marked: int


class CategoryChoice(_In):
    email: StrictBool
    mode: Mode


class QuietHours(_In):
    start: Clock
    end: Clock


class Categories(_In):
    """Per category; a category left out follows the tenant's default (`inherited`)."""

    task: CategoryChoice | None = None
    reminder: CategoryChoice | None = None
    decision: CategoryChoice | None = None
    feedback: CategoryChoice | None = None
    information: CategoryChoice | None = None


class PreferencesIn(_In):
    language: Language
    categories: Categories
    digest_hour: int = Field(ge=0, le=23)
    digest_weekday: int = Field(ge=1, le=7, description="ISO weekday of the weekly digest (1 = Monday)")
    quiet_hours: QuietHours | None


class ChoiceOut(BaseModel):
    email: bool
    mode: Mode


class QuietHoursOut(BaseModel):
    start: str
    end: str


class Preferences(BaseModel):
    language: Language
    categories: dict[Category, ChoiceOut]
    digest_hour: int
    digest_weekday: int
    quiet_hours: QuietHoursOut | None
    always_sent: list[str] = Field(description="The kinds that are always e-mailed at once (formal notices)")
    inherited: list[Category] = Field(description="Categories that follow the tenant's default")
    version: int


class UnsubscribeIn(_In):
    token: Token


class Unsubscribed(BaseModel):
    category: Category
    tenant_name: str | None
    language: Language


# --- reminders (ADR 0030) ------------------------------------------------------------------------
Offset = Annotated[int, Field(ge=-120, le=60, description="Days before (negative) or after the anchor")]
ReminderAudience = Literal["employee", "manager", "both", "givers", "requester"]


class ReminderSettingIn(_In):
    enabled: StrictBool
    offsets: Annotated[list[Offset], Field(max_length=4, description="At most four moments, 08:00 Amsterdam")]
    audience: ReminderAudience


class ReminderSettingsIn(_In):
    """Every kind; a kind left out goes back to the platform's default."""

    feedback_deadline: ReminderSettingIn | None = None
    objection_term: ReminderSettingIn | None = None
    halfway_talk: ReminderSettingIn | None = None
    talk_this_year: ReminderSettingIn | None = None
    conclusion_due: ReminderSettingIn | None = None


class ReminderSettingOut(BaseModel):
    enabled: bool
    offsets: list[int]
    audience: ReminderAudience
    audiences: list[ReminderAudience] = Field(description="Whom this kind can go to")
    anchor: str = Field(description="What the offsets count from")
    latest_offset: int = Field(description="The last offset this kind accepts")
    always_sent: bool = Field(description="A formal notice: e-mailed at once whatever the preference")


class ReminderSettings(BaseModel):
    kinds: dict[str, ReminderSettingOut]
    inherited: list[str] = Field(description="Kinds that follow the platform's default")
    version: int
