"""Reminders (ADR 0030): what is due when, pure.

A reminder belongs to a subject (a feedback request, a letter whose objection term runs, a tenant's
cycle year) and has an anchor day (the request's deadline, the last day to object, the halfway day
or the last day of the period). The tenant sets, per kind, offsets in days before (negative) or
after (positive) the anchor and whom to tell; each offset is one moment, at 08:00 in Amsterdam on
its day (the Dutch day, like the salary round's reminders, ADR 0013).

What a moment does once it has passed follows ADR 0013: a moment before the subject was known
(the request was made two days before its deadline, so "a week before" never existed for it) is
skipped; of the moments that passed unsent, only the latest is sent (once, late); one ahead waits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SEND_AT = time(8, 0)  # reminders go at 08:00 Amsterdam time, like the salary round's

Kind = Literal["feedback_deadline", "objection_term", "halfway_talk", "talk_this_year", "conclusion_due"]
KINDS: tuple[Kind, ...] = (
    "feedback_deadline",
    "objection_term",
    "halfway_talk",
    "talk_this_year",
    "conclusion_due",
)
CYCLE_KINDS: tuple[Kind, ...] = ("halfway_talk", "talk_this_year", "conclusion_due")

MIN_OFFSET, MAX_OFFSET, MAX_OFFSETS = -120, 60, 4


@dataclass(frozen=True)
class KindSpec:
    audiences: tuple[str, ...]  # whom the tenant may choose to tell
    default_offsets: tuple[int, ...]
    default_audience: str
    latest_offset: int  # the last offset that still makes sense (a term over is over)


SPECS: dict[Kind, KindSpec] = {
    # the colleagues who have not answered (a request that is not anonymous) and/or the asker
    "feedback_deadline": KindSpec(("givers", "requester", "both"), (-2,), "both", -1),
    # the employee; the last day to object is the anchor, a reminder after it is too late
    "objection_term": KindSpec(("employee",), (-7,), "employee", 0),
    # three_talks (seed 002): the progress talk about halfway the period
    "halfway_talk": KindSpec(("employee", "manager", "both"), (0, 30), "both", MAX_OFFSET),
    # continuous (seed 001): a good talk with every employee this year
    "talk_this_year": KindSpec(("employee", "manager", "both"), (-60, -30), "both", 0),
    # four_levels (seed 003): the manager's conclusion, once a year
    "conclusion_due": KindSpec(("employee", "manager", "both"), (-30,), "manager", 0),
}


def defaults() -> dict[str, dict]:
    """The platform's settings, before a tenant admin changed anything."""
    return {
        k: {"enabled": True, "offsets": list(s.default_offsets), "audience": s.default_audience}
        for k, s in SPECS.items()
    }


def merged(stored: dict | None) -> dict[str, dict]:
    """The tenant's stored settings over the platform's (a kind she never set keeps the default)."""
    out = defaults()
    for kind, value in (stored or {}).items():
        if kind in out:
            out[kind] = {**out[kind], **value}
    return out


@dataclass(frozen=True)
class SettingsProblem:
    code: Literal["reminder-offset-too-late", "reminder-audience-not-for-kind"]
    kind: str
    detail_nl: str
    detail_en: str


def settings_problem(settings: dict[str, dict]) -> SettingsProblem | None:
    """What the schema cannot say: an offset past the point where the reminder still helps, an
    audience the kind does not have."""
    for kind, value in settings.items():
        spec = SPECS[kind]  # the schema allows only known kinds
        late = [o for o in value.get("offsets", []) if o > spec.latest_offset]
        if late:
            return SettingsProblem(
                "reminder-offset-too-late",
                kind,
                f"Een herinnering '{kind}' kan uiterlijk {spec.latest_offset} dag(en) na het ijkmoment; "
                f"niet {late[0]}.",
                f"A '{kind}' reminder can be at most {spec.latest_offset} day(s) after its anchor; "
                f"not {late[0]}.",
            )
        audience = value.get("audience")
        if audience is not None and audience not in spec.audiences:
            return SettingsProblem(
                "reminder-audience-not-for-kind",
                kind,
                f"Een herinnering '{kind}' gaat naar een van: {', '.join(spec.audiences)}.",
                f"A '{kind}' reminder goes to one of: {', '.join(spec.audiences)}.",
            )
    return None


@dataclass(frozen=True)
class Moment:
    key: str  # "-7d": which offset it is (the reminder's identity within its subject)
    offset: int
    day: date
    at: datetime  # aware, UTC


def moment_on(day: date) -> datetime:
    """08:00 Amsterdam time on `day`, as UTC (07:00 in winter, 06:00 in summer)."""
    return datetime.combine(day, SEND_AT, tzinfo=AMSTERDAM).astimezone(ZoneInfo("UTC"))


def key_of(offset: int) -> str:
    return f"{offset:+d}d"


def moments(anchor: date, offsets: list[int] | tuple[int, ...]) -> list[Moment]:
    """One moment per distinct offset, earliest first."""
    out = []
    for offset in sorted(set(offsets)):
        day = anchor + timedelta(days=offset)
        out.append(Moment(key_of(offset), offset, day, moment_on(day)))
    return out


Fate = Literal["before_known", "superseded"]


@dataclass(frozen=True)
class Decision:
    send: Moment | None  # the one to send now (once, late if it must)
    skipped: tuple[tuple[Moment, Fate], ...]
    next_at: datetime | None  # the first moment still ahead


def decide(all_moments: list[Moment], known_at: datetime, now: datetime, handled: set[str]) -> Decision:
    """ADR 0013's rule for one subject at `now`: what to send, what to skip and why, when next."""
    passed = [m for m in all_moments if m.at <= now and m.key not in handled]
    ahead = [m for m in all_moments if m.at > now and m.key not in handled]
    skipped: list[tuple[Moment, Fate]] = [(m, "before_known") for m in passed if m.at < known_at]
    missed = [m for m in passed if m.at >= known_at]
    send = missed[-1] if missed else None
    skipped += [(m, "superseded") for m in missed[:-1]]
    return Decision(send, tuple(skipped), ahead[0].at if ahead else None)


# --- the cycle: what the tenant's cycle definition still expects -------------------------------
@dataclass(frozen=True)
class Expectation:
    kind: Kind
    talk_types: tuple[str, ...]  # a talk of one of these types fulfils it (none: a conclusion does)


def expectations(definition: dict | None) -> list[Expectation]:
    """From a cycle definition (organisatie's, as data): a talk type due about halfway (at least
    once) is `halfway_talk`; one due any time, at least once a period, is `talk_this_year`; a talk
    that ends with a conclusion makes `conclusion_due`. Start and end talks have no reminder."""
    out: dict[Kind, list[str]] = {}
    for talk in (definition or {}).get("talk_types", []):
        minimum = (talk.get("per_period") or {}).get("min", 0)
        if talk.get("ends_with_conclusion"):
            out.setdefault("conclusion_due", []).append(talk["key"])
        elif minimum >= 1 and talk.get("timing") == "halfway":
            out.setdefault("halfway_talk", []).append(talk["key"])
        elif minimum >= 1 and talk.get("timing", "any") == "any":
            out.setdefault("talk_this_year", []).append(talk["key"])
    return [
        Expectation(k, tuple(v) if k != "conclusion_due" else ()) for k, v in out.items() if k in CYCLE_KINDS
    ]


def period_anchor(kind: Kind, year: int) -> date:
    """A period runs from 1 January to 31 December (ADR 0013): its halfway day is 1 July (also in a
    leap year), its last day 31 December."""
    return date(year, 7, 1) if kind == "halfway_talk" else date(year, 12, 31)


def period_known_at(year: int) -> datetime:
    """From when a cycle year's expectations hold at the earliest: 1 January, 00:00 in Amsterdam (a
    moment of last year is before it). The service takes the later of this and the moment it
    learned the tenant's cycle, so a new tenant is not told at once of what was due before it."""
    return datetime.combine(date(year, 1, 1), time(0), tzinfo=AMSTERDAM).astimezone(ZoneInfo("UTC"))
