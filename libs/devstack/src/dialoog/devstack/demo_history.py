"""The lived-in demo (issue 14 point 1, ADR 0032): per demo tenant a year that happened and a year
under way, made through the services' own APIs as the people concerned would have made it.

- more colleagues in four teams (history_people);
- last year, played on last year's business calendar (business_day): agreements confirmed by both,
  the talks of the tenant's cycle, (Rijk) conclusions with reward advice and reactions, the period
  locked at the definitive moment; the salary round opened, decided, approved, its letters made,
  and Sanne de Vries's objection in progress;
- this year, on today's calendar: agreements in several states, talks per the cycle with some
  expected ones missing, feedback asked, answered and shared, and the salary round open with some
  decisions taken.

Every step looks first whether it happened already, so a second run adds nothing and an
interrupted run is completed by the next."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from dialoog.devstack import history_people
from dialoog.devstack.business_day import business_day
from dialoog.devstack.config import StackConfig
from dialoog.devstack.demo import TENANTS, USERS, DemoTenant
from dialoog.devstack.demo_people import demo_csv, follow_import
from dialoog.devstack.demo_salary import scales_csv, steps_csv
from dialoog.devstack.history_api import Api, SeedError, wait_for
from dialoog.kit import clock

MOTIVATION = {
    "results": "De afgesproken resultaten over doorlooptijden en klanttevredenheid zijn dit jaar ruim op tijd gehaald.",
    "behaviour": "Werkt prettig samen, overlegt tijdig met collega's en hielp twee nieuwe collega's bij het inwerken.",
    "development": "Heeft de geplande cursus afgerond en past het geleerde zichtbaar toe in het dagelijkse werk.",
}
MOTIVATION_NO = {
    "results": "Twee van de drie resultaatafspraken over de achterstand in dossiers zijn dit jaar niet gehaald.",
    "behaviour": "Afspraken over bereikbaarheid en terugkoppeling aan het team werden meerdere keren niet nagekomen.",
    "development": "De afgesproken training timemanagement is uitgesteld en nog niet ingepland, ondanks herinneringen.",
}
# What plays last year: the periods and talks, the round and its workflow. (organisatie's people
# are the same, notificaties takes last year's events on the real day: ADR 0032.)
LAST_YEAR_COMPONENTS = frozenset({"portfolio", "salaris", "salaris-worker"})
GUIDELINES = (
    "Bespreek in het salarisgesprek de resultaatafspraken, houding en gedrag en de persoonlijke "
    "ontwikkeling van het afgelopen jaar; motiveer elk besluit concreet en SMART."
)


@dataclass
class Person:
    id: str
    number: str
    name: str
    user: str  # the Keycloak username to act as
    manager: str | None  # the manager's employee number
    index: int


@dataclass
class Tenant:
    demo: DemoTenant
    people: dict[str, Person] = field(default_factory=dict)
    size: int | None = None  # how many colleagues (history_people) besides the demo people; None: all

    @property
    def alias(self) -> str:
        return self.demo.alias

    @property
    def hr(self) -> str:
        return f"{self.alias}.hr"

    @property
    def admin(self) -> str:
        return f"{self.alias}.beheer"

    def reports(self) -> list[Person]:
        return [p for p in self.people.values() if p.manager and p.manager in self.people]

    def manager_of(self, person: Person) -> Person:
        return self.people[person.manager]  # type: ignore[index]


@dataclass
class Tally:
    made: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per phase, in order (where the time goes)

    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, n: int = 1) -> None:
        with self.lock:
            self.made[what] = self.made.get(what, 0) + n

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        t0 = time.monotonic()
        self.seconds.setdefault(name, 0.0)  # listed in the order the phases start
        try:
            yield
        finally:
            self.seconds[name] += time.monotonic() - t0

    def line(self) -> str:
        return ", ".join(f"{n} {what}" for what, n in sorted(self.made.items())) or "nothing to add"

    def timings(self) -> str:
        return ", ".join(f"{name} {s:.1f}s" for name, s in self.seconds.items())


# --- the people ---------------------------------------------------------------------------------
def _managers(alias: str, today: date, size: int | None = None) -> dict[str, str | None]:
    """employee number -> manager's number, from the two imports' CSVs."""
    out: dict[str, str | None] = {}
    for csv in (demo_csv(alias, today), history_people.people_csv(alias, today, size)):
        for line in csv.splitlines()[1:]:
            cols = line.split(";")
            out[cols[0]] = cols[9] or None
    return out


def _username(tenant: Tenant, email: str) -> str:
    """The demo logins have a username (`bel.medewerker`); the colleagues log in with their e-mail."""
    demo = {u.email: u.username for u in USERS}
    local = email.split("@", 1)[0]
    if email in demo:
        return demo[email]
    return local if local.startswith(f"{tenant.alias}.") and "@demo." in email else email


def people(api: Api, tenant: Tenant, today: date, tally: Tally) -> None:
    wanted = history_people.colleagues(tenant.alias, today, tenant.size)
    known = {p["employee_number"]: p for p in api.every("organisatie", tenant.admin, "/v1/people")}
    if any(c.number not in known for c in wanted):
        started = api.call(
            "organisatie",
            tenant.admin,
            "POST",
            "/v1/imports",
            ok=(202,),
            content=history_people.people_csv(tenant.alias, today, tenant.size).encode(),
            headers={"content-type": "text/csv", "x-filename": "demo-collega's.csv"},
        )
        headers = {"Authorization": f"Bearer {api.token(tenant.admin)}"}
        job = follow_import(api.clients["organisatie"], started.headers["location"], headers, timeout=120)
        if job["status"] != "done" or job["failed"]:
            raise SeedError(f"importing the colleagues of {tenant.alias}: {job}")
        tally.add("people", len([c for c in wanted if c.number not in known]))
        known = {p["employee_number"]: p for p in api.every("organisatie", tenant.admin, "/v1/people")}
    # The passwords and steps again on a run after one that stopped before they were all set.
    history_people.set_passwords(
        api.cfg, [p["email"] for p in known.values() if _username(tenant, p["email"]) == p["email"]]
    )
    # salaris learns the new people from organisatie's events; their steps from payroll.
    wait_for(
        lambda: (
            not api.call(
                "salaris",
                tenant.hr,
                "POST",
                "/v1/salary/steps/import",
                content=history_people.steps_csv(tenant.alias, today, today.year, tenant.size).encode(),
                headers={"content-type": "text/csv"},
            ).json()["errors"]
        ),
        f"salaris to know {tenant.alias}'s colleagues",
    )
    managers = _managers(tenant.alias, today, tenant.size)
    for i, (number, p) in enumerate(sorted(known.items())):
        tenant.people[number] = Person(
            p["id"],
            number,
            f"{p['first_name']} {p['last_name']}",
            _username(tenant, p["email"]),
            managers.get(number),
            i,
        )
    # portfolio learns the reporting lines from organisatie's events: each manager sees their team.
    for boss in {p.manager for p in tenant.reports()}:
        expected = len([p for p in tenant.reports() if p.manager == boss])
        user = tenant.people[boss].user  # type: ignore[index]
        wait_for(
            lambda user=user, expected=expected: len(api.every("portfolio", user, "/v1/team")) >= expected,
            f"portfolio to know the team of {user}",
        )


# --- the portfolio --------------------------------------------------------------------------------
def _between(start: date, end: date, fraction: float) -> date:
    return start + timedelta(days=int((end - start).days * fraction))


def _talks(preset: str, p: Person, start: date, end: date, full: bool) -> list[tuple[str, str, dict]]:
    """(type, who records it: employee|manager, body) of the talks this person had in the period;
    `full`: a finished year (all the cycle expects), else this year so far with gaps."""
    k = p.index % 5
    on = lambda f: _between(start, end, f).isoformat()  # noqa: E731
    if preset == "continuous":
        talks = []
        if full or k in (1, 2):
            talks.append(
                (
                    "start_talk",
                    "employee",
                    {
                        "initiated_by": "employee",
                        "held_on": on(0.08),
                        "fields": {
                            "summary": "Kennismaking met de nieuwe werkwijze; mijn ambities voor dit jaar besproken."
                        },
                    },
                )
            )
        for n, (topics, f) in enumerate(
            ((["a_right_things", "d_development"], 0.35), (["e_workload_balance", "b_strength"], 0.7))
        ):
            if full or (k in (1, 2, 3) and n == 0) or (k == 1 and n == 1):
                talks.append(
                    (
                        "good_talk",
                        "manager",
                        {
                            "initiated_by": "manager" if n else "employee",
                            "held_on": on(f),
                            "topics": topics,
                            "fields": {
                                "summary": "Goed gesprek over werkplezier, de werkdruk en wat ik nodig heb om te groeien."
                            },
                        },
                    )
                )
        return talks
    if preset == "three_talks":
        talks = []
        if full or k in (1, 2, 3):
            talks.append(
                (
                    "planning_talk",
                    "employee",
                    {
                        "initiated_by": "manager",
                        "held_on": on(0.05),
                        "fields": {
                            "expected_results": "Doorlooptijd aanvragen terug naar vier weken; nieuwe balie-instructie.",
                            "development": "Cursus klantgericht schrijven.",
                            "manager_remarks": "Eens; we bespreken de voortgang na de zomer.",
                        },
                    },
                )
            )
        if full or k in (1, 2):
            talks.append(
                (
                    "progress_talk",
                    "manager",
                    {
                        "initiated_by": "manager",
                        "held_on": on(0.5),
                        "fields": {
                            "summary": "Op koers; de cursus is gepland.",
                            "changed_agreements": "Geen.",
                        },
                    },
                )
            )
        if full:
            talks.append(
                (
                    "evaluation_talk",
                    "employee",
                    {
                        "initiated_by": "employee",
                        "held_on": on(0.95),
                        "fields": {
                            "realised": "De doorlooptijd is 3,5 week; de instructie is in gebruik.",
                            "conclusions": "Een goed jaar; volgend jaar meer aandacht voor delegeren.",
                        },
                    },
                )
            )
        return talks
    talks = []  # four_levels
    if full or k in (1, 2, 3):
        talks.append(
            (
                "plan_talk",
                "manager",
                {
                    "initiated_by": "manager",
                    "held_on": on(0.06),
                    "fields": {
                        "result_agreements": "Drie resultaatafspraken over dienstverlening en doorlooptijden.",
                        "development": "Leergang adviesvaardigheden.",
                    },
                },
            )
        )
    if (full and k in (0, 2)) or (not full and k == 1):
        talks.append(
            (
                "reflect_talk",
                "employee",
                {
                    "initiated_by": "employee",
                    "held_on": on(0.5),
                    "fields": {"summary": "Tussenstand: twee van de drie afspraken liggen op schema."},
                },
            )
        )
    if full:
        level = ["+", "++", "+", "+/-", "+"][k] if p.index != 7 else "-"
        advice = "+" if level == "+/-" and p.index % 2 else level
        talks.append(
            (
                "evaluation_talk",
                "manager",
                {
                    "initiated_by": "manager",
                    "held_on": on(0.93),
                    "conclusion": level,
                    "reward_advice": advice,
                    "fields": {
                        "summary": "Jaargesprek met conclusie: de afspraken zijn besproken en gewogen."
                    },
                },
            )
        )
    return talks


def _agreements(p: Person, full: bool) -> list[tuple[str, str, dict, bool]]:
    """(written by: employee|manager, kind, body, confirmed by the other side too). Sanne de Vries
    (-002, index 1), whom a visitor logs in as, has one waiting for her and one for her manager."""
    k = (p.index + 1) % 6
    result = {
        "kind": "result",
        "title": "Doorlooptijd van aanvragen terug naar vier weken",
        "how_measured": "Maandrapportage van het zaaksysteem",
        "goal": "Betere dienstverlening",
    }
    development = {
        "kind": "development",
        "title": "Cursus klantgericht schrijven afronden",
        "how_measured": "Certificaat en twee herschreven standaardbrieven",
    }
    behaviour = {
        "kind": "result",
        "about": "behaviour",
        "title": "Collega's tijdig laten weten waar ik sta",
        "how_measured": "Wekelijkse stand-up en terugkoppeling van het team",
    }
    if full:
        return [("employee", "result", result, True), ("manager", "development", development, True)]
    if k == 0:
        return []  # nothing recorded yet this year
    out = [("employee", "result", result, k in (1, 3, 5))]  # by both, or waiting for the manager
    if k in (2, 3, 4):
        out.append(("manager", "development", development, k == 3))  # waiting for the employee
    if k == 4:
        out.append(("employee", "result", behaviour, False))
    return out


def portfolio(api: Api, tenant: Tenant, p: Person, *, full: bool, lock: bool, tally: Tally) -> None:
    """One person's period (the one covering the business day the services run on)."""
    boss = tenant.manager_of(p)
    view = api.json("portfolio", tenant.hr, "GET", f"/v1/portfolios/{p.id}")
    period = view["period"]
    if period["status"] != "open":
        return
    start, end = date.fromisoformat(period["starts_on"]), date.fromisoformat(period["ends_on"])
    if not full:
        end = clock.today()
    confirmed_by = view["cycle"]["definitive_moment"]["confirmed_by"]
    titles = {a["title"] for a in view["agreements"]}
    for writer, _, body, both in _agreements(p, full):
        if body["title"] in titles:
            continue
        author = p.user if writer == "employee" else boss.user
        made = api.json("portfolio", author, "POST", f"/v1/portfolios/{p.id}/agreements", json=body)
        tally.add("agreements")
        other = "manager" if writer == "employee" else "employee"
        if both and other in confirmed_by:
            api.call(
                "portfolio",
                boss.user if other == "manager" else p.user,
                "POST",
                f"/v1/agreements/{made['id']}/confirm",
                version=made["version"],
            )
    held = {}
    for t in view["talks"]:
        held[t["type"]] = held.get(t["type"], 0) + 1
    seen: dict[str, int] = {}
    for kind, recorder, body in _talks(tenant.demo.preset, p, start, end, full):
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= held.get(kind, 0):
            continue
        who = p.user if recorder == "employee" else boss.user
        api.call("portfolio", who, "POST", f"/v1/portfolios/{p.id}/talks", json={"type": kind, **body})
        tally.add("talks")
    if lock:  # (agreements and talks leave the period's version as it was: only the lock moves it)
        api.call(
            "portfolio", boss.user, "POST", f"/v1/periods/{period['id']}/lock", version=period["version"]
        )
        tally.add("periods locked")


def reaction(api: Api, tenant: Tenant, p: Person, tally: Tally) -> None:
    """(Rijk) the employee's reaction to the conclusion, after the definitive moment."""
    view = api.json("portfolio", tenant.hr, "GET", f"/v1/portfolios/{p.id}")
    if view["reactions"]:
        return
    talk = next((t for t in view["talks"] if t.get("conclusion")), None)
    if talk is None:
        return
    text = (
        "Ik herken me in de conclusie en ben blij met de waardering voor het afgelopen jaar."
        if talk["conclusion"] in ("+", "++")
        else "Ik herken de verbeterpunten deels; de werkdruk in het voorjaar is onvoldoende meegewogen."
    )
    api.call(
        "portfolio",
        p.user,
        "POST",
        f"/v1/portfolios/{p.id}/reactions",
        json={"text": text, "talk_id": talk["id"]},
    )
    tally.add("reactions")


# --- feedback ---------------------------------------------------------------------------------------
QUESTIONS = [
    {"key": "sterk", "text": "Wat doe ik goed in onze samenwerking?", "kind": "open"},
    {"key": "beter", "text": "Wat kan ik beter doen?", "kind": "open"},
    {"key": "samen", "text": {"nl": "Hoe werken we samen?", "en": "How do we work together?"},
     "kind": "rating", "comment": True},
]  # fmt: skip


def feedback(api: Api, tenant: Tenant, p: Person, today: date, tally: Tally) -> None:
    """A named request to three colleagues: two answer, the third has not yet; she shares a summary."""
    if api.every("feedback", p.user, "/v1/feedback/requests"):
        return
    team = [c for c in tenant.reports() if c.manager == p.manager and c.number != p.number][:2]
    givers = [tenant.manager_of(p), *team]
    made = api.json("feedback", p.user, "POST", "/v1/feedback/requests", json={
        "purpose": "Voorbereiding op mijn volgende gesprek",
        "questions": QUESTIONS,
        "givers": [{"person_id": g.id} for g in givers],
        "deadline": (today + timedelta(days=14)).isoformat(),
        "anonymous": False,
        "self_reflection": True,
    })  # fmt: skip
    tally.add("feedback requests")
    for giver in givers[:2]:
        mine = api.every("feedback", giver.user, "/v1/feedback/assignments")
        assignment = next(a for a in mine if a["request_id"] == made["id"])
        api.call("feedback", giver.user, "POST", f"/v1/feedback/assignments/{assignment['id']}/answer", json={
            "answers": [
                {"question_key": "sterk", "text": f"{p.name.split()[0]} legt ingewikkelde regels helder uit."},
                {"question_key": "beter", "text": "Vraag eerder hulp als het druk wordt."},
                {"question_key": "samen", "rating": 4, "comment": "Prettig en betrouwbaar."},
            ]
        })  # fmt: skip
        tally.add("feedback answers")
    results = api.json("feedback", p.user, "GET", f"/v1/feedback/requests/{made['id']}/results")
    answer_ids = [a["answer_id"] for g in results.get("groups", []) for a in g["answers"]][:1]
    if answer_ids:
        api.call(
            "feedback",
            p.user,
            "POST",
            f"/v1/feedback/requests/{made['id']}/shares",
            json={"answer_ids": answer_ids},
        )
    api.call(
        "feedback",
        p.user,
        "POST",
        f"/v1/feedback/requests/{made['id']}/shares",
        json={"summary": "Sterk in uitleggen; ik ga eerder om hulp vragen als het druk is."},
    )
    tally.add("feedback shared")


# --- the salary round -------------------------------------------------------------------------------
def _round(api: Api, tenant: Tenant, year: int) -> dict | None:
    r = api.call("salaris", tenant.hr, "GET", f"/v1/salary/rounds/{year}", ok=(200, 404))
    return r.json() if r.status_code == 200 else None


def _decide(api: Api, tenant: Tenant, d: dict, outcome: str, by_number: dict[str, Person]) -> None:
    if d["escalated"] or not d.get("manager_id"):
        user = tenant.hr
    else:
        manager = next(p for p in tenant.people.values() if p.id == d["manager_id"])
        user = manager.user
    body = {"outcome": outcome, "motivation": MOTIVATION if outcome == "yes" else MOTIVATION_NO}
    r = api.call(
        "salaris",
        user,
        "PUT",
        f"/v1/salary/decisions/{d['id']}",
        json=body,
        version=d["version"],
        ok=(200, 422),
    )
    if r.status_code == 422:  # against the reward advice: say why
        body["deviation_reason"] = (
            "Het beloningsadvies is besproken; de resultaten van het najaar wegen zwaarder."
        )
        api.call("salaris", user, "PUT", f"/v1/salary/decisions/{d['id']}", json=body, version=d["version"])


def _opened(api: Api, tenant: Tenant, year: int, deadline: date, tally: Tally) -> dict:
    rnd = _round(api, tenant, year)
    if rnd is None:
        api.call(
            "salaris",
            tenant.hr,
            "POST",
            "/v1/salary/rounds",
            json={"year": year, "guidelines": GUIDELINES, "deadline": deadline.isoformat()},
        )
        tally.add("salary rounds opened")
    return wait_for(
        lambda: (r := _round(api, tenant, year)) and r["status"] != "opening" and r,
        f"the {year} round of {tenant.alias} to assign its decisions",
    )


def last_round(api: Api, tenant: Tenant, year: int, day: date, tally: Tally) -> None:
    """Opened, every decision taken (Sanne: no), approved, letters made, her objection in progress."""
    rnd = _opened(api, tenant, year, day, tally)
    if rnd["status"] in ("deciding", "escalated"):
        decisions = api.every("salaris", tenant.hr, f"/v1/salary/rounds/{year}/decisions")
        for d in decisions:
            if d["status"] in ("open", "returned"):
                _decide(api, tenant, d, "no" if d["employee_number"] == f"{tenant.alias}-002" else "yes", {})
                tally.add("salary decisions")
        current = api.call("salaris", tenant.hr, "GET", f"/v1/salary/rounds/{year}")
        api.call(
            "salaris",
            tenant.hr,
            "POST",
            f"/v1/salary/rounds/{year}/approval",
            headers={"If-Match": current.headers["etag"]},
        )
    wait_for(
        lambda: _round(api, tenant, year)["status"] not in ("deciding", "escalated", "approved"),
        f"the letters of {tenant.alias}'s {year} round",
        timeout=300,
    )
    sanne = tenant.people[f"{tenant.alias}-002"]
    # Her decision reaches her with its letter (salaris shows a decision to its employee only then).
    decision = wait_for(
        lambda: next(
            (
                d
                for d in api.every("salaris", sanne.user, "/v1/salary/me/decisions")
                if d["round_id"] == rnd["id"]
            ),
            None,
        ),
        f"Sanne de Vries of {tenant.alias} to see her decision of the {year} round",
        timeout=60,
    )
    if decision["objections"]:
        return
    objection = api.json(
        "salaris",
        sanne.user,
        "POST",
        f"/v1/salary/decisions/{decision['id']}/objections",
        json={
            "grounds": "Mijn resultaten zijn wel gehaald; zie het verslag van het goede gesprek in oktober."
        },
    )
    api.call(
        "salaris",
        tenant.hr,
        "PATCH",
        f"/v1/salary/objections/{objection['id']}",
        json={"state": "in_progress"},
        version=objection["version"],
    )
    tally.add("objections")


def this_round(api: Api, tenant: Tenant, year: int, today: date, tally: Tally) -> None:
    """Open, with about a third of the managers' decisions taken."""
    fresh = _round(api, tenant, year) is None
    _opened(api, tenant, year, min(today + timedelta(days=28), date(year, 12, 31)), tally)
    if not fresh:
        return
    decisions = api.every("salaris", tenant.hr, f"/v1/salary/rounds/{year}/decisions")
    for i, d in enumerate(d for d in decisions if not d["escalated"] and d["status"] == "open"):
        if i % 3 == 0:
            _decide(api, tenant, d, "yes", {})
            tally.add("salary decisions")


# --- the whole history ---------------------------------------------------------------------------
def _last_day(today: date) -> date:
    """The business day last year is played on: 31 December (30 December late in the evening, so
    that the day does not turn while the seed runs)."""
    hour = clock.now().astimezone(clock.AMSTERDAM).hour
    return date(today.year - 1, 12, 30 if hour >= 20 else 31)


def _last_year_done(api: Api, tenant: Tenant, year: int) -> bool:
    """Last year's round is past its approval and Sanne's objection (its last step) was filed."""
    rnd = _round(api, tenant, year)
    if rnd is None or rnd["status"] in _BEFORE_LETTERS:
        return False
    return bool(api.json("salaris", tenant.hr, "GET", "/v1/salary/objections?limit=1")["items"])


_BEFORE_LETTERS = ("opening", "deciding", "escalated", "approved")
WORKERS = 6  # people acted for at the same time (the calls wait mostly on the services)


def _each(pool: ThreadPoolExecutor, fn, items) -> None:
    """`fn(*item)` for every item, several at a time; the first failure is raised."""
    for future in [pool.submit(fn, *item) for item in items]:
        future.result()


def _last_year_of(api: Api, tenant: Tenant, p: Person, tally: Tally) -> None:
    portfolio(api, tenant, p, full=True, lock=True, tally=tally)
    if tenant.demo.preset == "four_levels" and p.index % 3 == 0:
        reaction(api, tenant, p, tally)


def _this_year_of(api: Api, tenant: Tenant, p: Person, tally: Tally) -> None:
    portfolio(api, tenant, p, full=False, lock=False, tally=tally)


def _asking(tenant: Tenant) -> list[Person]:
    """Who asked feedback this year: Sanne de Vries and three colleagues."""
    return [tenant.people[f"{tenant.alias}-002"]] + [p for p in tenant.reports() if p.index % 7 == 2][:3]


def _seeded(api: Api, tenant: Tenant, year: int) -> bool:
    """Whether an earlier run completed this tenant's history for `year`, in two reads: the seed's
    last step opens this year's round, and last year's work ends with Sanne's objection. (A run
    that stopped earlier is completed step by step: each step looks whether it happened.)"""
    rounds = api.json("salaris", tenant.hr, "GET", "/v1/salary/rounds?limit=200")["items"]
    if not any(r["year"] == year for r in rounds):
        return False
    return bool(api.json("salaris", tenant.hr, "GET", "/v1/salary/objections?limit=1")["items"])


def seed(
    cfg: StackConfig,
    today: date | None = None,
    tenants: tuple[DemoTenant, ...] = TENANTS,
    size: int | None = None,
) -> str:
    """Make what is missing of the history; returns the summary line. `size`: how many colleagues
    each tenant gets besides the demo people (a handful keeps a test fast); None, the default, is
    the whole demo (a few dozen per tenant, in several teams)."""
    today = today or clock.today()
    t0 = time.monotonic()
    tally = Tally()
    api = Api(cfg)
    last = today.year - 1
    try:
        with ThreadPoolExecutor(WORKERS) as pool:
            with tally.phase("check"):
                world = [Tenant(t, size=size) for t in tenants]
                done = list(pool.map(lambda t: _seeded(api, t, today.year), world))
                world = [t for t, seeded in zip(world, done, strict=True) if not seeded]
            if world:
                _history(api, pool, world, today, last, tally)
    finally:
        api.close()
    took = time.monotonic() - t0
    return f"- demo history: {tally.line()} ({api.calls} calls, {took:.1f}s: {tally.timings()})"


def _history(
    api: Api, pool: ThreadPoolExecutor, world: list[Tenant], today: date, last: int, tally: Tally
) -> None:
    with tally.phase("people"):
        _each(pool, lambda t: people(api, t, today, tally), [(t,) for t in world])
        behind = [t for t in world if not _last_year_done(api, t, last)]
    if behind:
        day = _last_day(today)
        print(f"  demo history: last year on {day} for {', '.join(t.alias for t in behind)}", flush=True)
        # "last year" includes restarting portfolio and salaris on that day and back.
        with tally.phase("last year"), business_day(api.cfg, day, LAST_YEAR_COMPONENTS):
            with tally.phase("its salary data"):
                _each(pool, lambda t: _import_last_year_salary(api, t, last, today), [(t,) for t in behind])
            with tally.phase("its portfolios"):
                _each(
                    pool,
                    lambda t, p: _last_year_of(api, t, p, tally),
                    [(t, p) for t in behind for p in t.reports() if not p.number.endswith("-004")],
                )  # Lotte Nieuw (-004) started this year
            with tally.phase("its round"):
                _each(pool, lambda t: last_round(api, t, last, day, tally), [(t,) for t in behind])
    with tally.phase("this year's portfolios"):
        _each(
            pool, lambda t, p: _this_year_of(api, t, p, tally), [(t, p) for t in world for p in t.reports()]
        )
    with tally.phase("feedback"):
        _each(
            pool, lambda t, p: feedback(api, t, p, today, tally), [(t, p) for t in world for p in _asking(t)]
        )
    with tally.phase("this year's round"):
        _each(pool, lambda t: this_round(api, t, today.year, today, tally), [(t,) for t in world])


def _import_last_year_salary(api: Api, tenant: Tenant, year: int, today: date) -> None:
    """Last year's scales (2% lower) and steps: the step before the round's raise, for payroll's
    history (a person at 0 or at the maximum stays where they are)."""
    hr = tenant.hr
    lines = ["scale;valid_from;step;amount"]
    for row in scales_csv(year + 1).splitlines()[1:]:
        scale, valid, step, amount = row.split(";")
        if valid == f"{year + 1}-01-01":
            value = float(amount.replace(",", ".")) / 1.02
            lines.append(f"{scale};{year}-01-01;{step};{value:.2f}".replace(".", ","))
    api.call(
        "salaris",
        hr,
        "POST",
        "/v1/salary/scales/import",
        content=("\n".join(lines) + "\n").encode(),
        headers={"content-type": "text/csv"},
    )
    steps = ["employee_number;scale;step;valid_from"]
    for csv in (
        steps_csv(tenant.alias, year + 1),
        history_people.steps_csv(tenant.alias, today, year + 1, tenant.size),
    ):
        for row in csv.splitlines()[1:]:
            number, scale, step, _ = row.split(";")
            steps.append(f"{number};{scale};{max(0, int(step) - 1)};{year}-01-01")
    api.call(
        "salaris",
        hr,
        "POST",
        "/v1/salary/steps/import",
        content=("\n".join(steps) + "\n").encode(),
        headers={"content-type": "text/csv"},
    )
