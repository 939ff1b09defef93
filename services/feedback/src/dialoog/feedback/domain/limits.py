"""Limits against misuse (issue 12 point 5), pure: outsider invitations per requester and per
tenant per day, reminders at most once a day, and the bounds of a request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dialoog.kit.clock import AMSTERDAM

MAX_QUESTIONS = 20
MAX_GIVERS = 30
MAX_DEADLINE_DAYS = 90
LINK_DAYS = 30


@dataclass(frozen=True)
class Caps:
    per_requester: int
    per_tenant: int


@dataclass(frozen=True)
class Over:
    which: str  # "requester" | "tenant"
    cap: int
    used: int


def over_cap(caps: Caps, requester_today: int, tenant_today: int, adding: int) -> Over | None:
    """None when `adding` more outsider invitations today stay within both caps."""
    if adding <= 0:
        return None
    if requester_today + adding > caps.per_requester:
        return Over("requester", caps.per_requester, requester_today)
    if tenant_today + adding > caps.per_tenant:
        return Over("tenant", caps.per_tenant, tenant_today)
    return None


def seconds_until_tomorrow(now: datetime) -> int:
    """Retry-After for a daily cap: until midnight in the Netherlands (at least a second)."""
    local = now.astimezone(AMSTERDAM)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), AMSTERDAM)
    return max(1, int((midnight - local).total_seconds()))


def deadline_fits(deadline: date, today: date) -> bool:
    return today <= deadline <= today + timedelta(days=MAX_DEADLINE_DAYS)


def may_remind(last_reminded: date | None, today: date) -> bool:
    return last_reminded is None or last_reminded < today
