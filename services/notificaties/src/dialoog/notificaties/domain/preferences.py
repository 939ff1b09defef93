"""Preferences: what a person chose, over the tenant's defaults, over the platform's; and what
that means for one notification's e-mail (at once, held for a digest, or not at all) and for when
a digest is due. Pure: times in, decisions out (ADR 0025).

A stored settings document holds only what was set: `language`, `categories` ({category: {email,
mode}}), `digest_hour`, `digest_weekday`, `quiet_hours` ({start, end} as "HH:MM", or null)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Literal

from dialoog.kit.clock import AMSTERDAM
from dialoog.notificaties.domain.rules import CATEGORIES, Rule

Mode = Literal["immediate", "daily", "weekly"]

PLATFORM_DEFAULTS: dict = {
    "language": "nl",
    "categories": {c: {"email": True, "mode": "immediate"} for c in CATEGORIES},
    "digest_hour": 8,
    "digest_weekday": 1,
    "quiet_hours": None,
}


@dataclass(frozen=True)
class Effective:
    language: str
    categories: dict[str, dict]
    digest_hour: int
    digest_weekday: int
    quiet_hours: dict | None
    inherited: tuple[str, ...]  # categories the person did not set herself


def merged_defaults(tenant: dict | None) -> dict:
    """The tenant's defaults over the platform's (every key present)."""
    tenant = tenant or {}
    categories = {c: dict(v) for c, v in PLATFORM_DEFAULTS["categories"].items()}
    for c, v in (tenant.get("categories") or {}).items():
        if c in categories:
            categories[c] = {**categories[c], **v}
    out = {**PLATFORM_DEFAULTS, **{k: v for k, v in tenant.items() if k != "categories"}}
    out["categories"] = categories
    return out


def effective(tenant: dict | None, person: dict | None) -> Effective:
    base = merged_defaults(tenant)
    person = person or {}
    own = person.get("categories") or {}
    categories = {c: {**v, **own.get(c, {})} for c, v in base["categories"].items()}
    return Effective(
        language=person.get("language") or base["language"],
        categories=categories,
        digest_hour=person.get("digest_hour", base["digest_hour"]),
        digest_weekday=person.get("digest_weekday", base["digest_weekday"]),
        quiet_hours=person["quiet_hours"] if "quiet_hours" in person else base["quiet_hours"],
        inherited=tuple(c for c in CATEGORIES if c not in own),
    )


def _hm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def quiet_until(quiet: dict | None, now: datetime) -> datetime | None:
    """The end of the quiet hours `now` falls in (Amsterdam time; a span may pass midnight), or
    None when `now` is not quiet."""
    if not quiet:
        return None
    start, end = _hm(quiet["start"]), _hm(quiet["end"])
    if start == end:
        return None
    local = now.astimezone(AMSTERDAM)
    t = local.time().replace(tzinfo=None)
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() if t < end else local.date() + timedelta(days=1)
    return datetime.combine(day, end, tzinfo=AMSTERDAM).astimezone(UTC)


def next_digest(prefs: Effective, mode: Mode, now: datetime) -> datetime:
    """The first digest moment after `now`: the chosen hour (Amsterdam) of today or the next day
    (daily), or of the chosen ISO weekday (weekly)."""
    local = now.astimezone(AMSTERDAM)
    day = local.date()
    for add in range(0, 8):
        candidate_day = day + timedelta(days=add)
        if mode == "weekly" and candidate_day.isoweekday() != prefs.digest_weekday:
            continue
        moment = datetime.combine(candidate_day, time(prefs.digest_hour), tzinfo=AMSTERDAM)
        if moment > local:
            return moment.astimezone(UTC)
    raise AssertionError("a digest moment is always within eight days")  # pragma: no cover


@dataclass(frozen=True)
class MailPlan:
    state: Literal["immediate", "held", "suppressed"]
    not_before: datetime | None = None  # immediate: after the quiet hours
    due_at: datetime | None = None  # held: the digest's moment


def plan_mail(rule: Rule, prefs: Effective, now: datetime) -> MailPlan:
    """What becomes of a notification's e-mail: a formal notice (or one about the platform) goes at
    once whatever was chosen; otherwise the category's choice, with quiet hours holding an
    immediate mail back to their end."""
    if rule.always_sent:
        return MailPlan("immediate")
    choice = prefs.categories[rule.category]
    if not choice.get("email", True):
        return MailPlan("suppressed")
    mode = choice.get("mode", "immediate")
    if mode in ("daily", "weekly"):
        return MailPlan("held", due_at=next_digest(prefs, mode, now))
    return MailPlan("immediate", not_before=quiet_until(prefs.quiet_hours, now))
