"""The workflow's and activities' inputs and outputs: plain dataclasses of strings and numbers, so
histories stay small and readable (dates as ISO strings)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RoundInput:
    tenant: str
    round_id: str
    year: int
    deadline: str
    reminders: list[str]
    reference_date: str
    stage: str = "assign"
    cursor: str | None = None
    approved: bool = False
    assign_batch: int = 5000
    letter_batch: int = 100
    apply_batch: int = 2000
    continue_every: int = 0  # continue-as-new after this many batches (0: when Temporal suggests)
    # The business clock's distance from Temporal's when the round started (kit.clock.offset(): zero
    # unless the clock is pinned, as in `pytest --today`), and when the tasks were announced.
    clock_offset_seconds: int = 0
    announced_at: str | None = None


@dataclass
class RoundRef:
    tenant: str
    round_id: str


@dataclass
class AssignIn:
    tenant: str
    round_id: str
    after: str | None
    limit: int


@dataclass
class AssignOut:
    after: str | None
    scanned: int
    assigned: int


@dataclass
class BatchIn:
    tenant: str
    round_id: str
    limit: int
    on: str | None = None  # the workflow's date, for letters and reminders
    at: str | None = None  # the workflow's moment (ISO), recorded with a reminder


@dataclass
class ReminderSkipIn:
    tenant: str
    round_id: str
    on: str
    fate: str
    at: str


@dataclass
class StatusIn:
    tenant: str
    round_id: str
    status: str


@dataclass
class Progress:
    stage: str = "assign"
    eligible: int = 0
    letters: int = 0
    applied: int = 0
    escalated: int = 0
    by_unit: list[dict] = field(default_factory=list)
    by_manager: list[dict] = field(default_factory=list)
