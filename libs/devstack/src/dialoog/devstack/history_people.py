"""The lived-in demo's colleagues (ADR 0032): three more teams with their own manager and more
people in Mark Jansen's team, imported through organisatie's CSV import like demo_people, with
their salary steps through salaris' import, and a demo password on their accounts (the accounts
are organisatie's; the password is set in Keycloak, as for the other demo logins) so that the
history seed can act as each of them and a visitor can log in as any of them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from dialoog.devstack.config import DEMO_PASSWORD, REALM, StackConfig
from dialoog.devstack.demo_people import HEADER
from dialoog.devstack.realm import admin

MAIL = "demo.dialoog.example"

# (unit, parent unit, manager: (number suffix, first, last), members)
TEAMS = (
    ("Team Publiekszaken", "Afdeling Dienstverlening", None, 8),
    ("Team Vergunningen", "Afdeling Dienstverlening", ("101", "Anouk", "Bos"), 7),
    ("Team Wijkzaken", "Afdeling Dienstverlening", ("102", "Hamid", "Yilmaz"), 7),
    ("Team Financiën", "Afdeling Bedrijfsvoering", ("103", "Ingrid", "Postma"), 7),
)
FIRST = (
    "Daan", "Emma", "Luuk", "Julia", "Sem", "Tess", "Bram", "Fleur", "Milan", "Iris", "Thijs", "Noa",
    "Jesse", "Evi", "Ravi", "Yara", "Stijn", "Lieke", "Mohammed", "Roos", "Gijs", "Maud", "Wouter",
    "Esra", "Koen", "Anna", "Timo", "Nina", "Pieter",
)  # fmt: skip
LAST = (
    "Mulder", "de Boer", "Dekker", "Brouwer", "van Dijk", "Kok", "Hendriks", "Smits", "Peters",
    "van Leeuwen", "Willems", "Koster", "Prins", "Kaya", "Huisman", "de Graaf", "Veenstra", "Kuipers",
    "Bosman", "Sahin", "Jacobs", "van der Linden", "Bos", "Meijer", "Vos", "de Wit", "Groen",
    "Verhoeven", "Hoekstra",
)  # fmt: skip


@dataclass(frozen=True)
class Colleague:
    number: str
    first: str
    last: str
    email: str
    unit: str
    manager_number: str  # "" for a manager of their own team (they report to nobody in the demo)
    is_manager: bool
    born: date
    scale: str
    step: int


def colleagues(tenant: str, today: date, size: int | None = None) -> list[Colleague]:
    """Every extra person of a tenant, the same list on every run (a rerun imports the same);
    `size`: only the first so many (a test's handful, in Mark Jansen's team first)."""
    out: list[Colleague] = []
    n = 0
    for unit, _, manager, members in TEAMS:
        if manager:
            suffix, first, last = manager
            out.append(
                _person(tenant, suffix, first, last, unit, "", True, date(1972 + int(suffix) % 7, 3, 9))
            )
            boss = f"{tenant}-{suffix}"
        else:
            boss = f"{tenant}-001"  # Mark Jansen, the demo manager
        for _ in range(members):
            first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
            # Two people over 50 in every team (the workload topic), the others younger.
            born = date(
                today.year - (54 + n % 6 if n % 4 == 0 else 27 + (n * 3) % 20), 1 + n % 12, 1 + n % 27
            )
            out.append(_person(tenant, str(110 + n), first, last, unit, boss, False, born))
            n += 1
    return out[:size]


def _person(tenant, suffix, first, last, unit, boss, is_manager, born) -> Colleague:
    number = f"{tenant}-{suffix}"
    local = f"{first}.{last}".lower().replace(" ", "").replace("ë", "e")
    seq = int(suffix)
    scale = "10" if is_manager else ("8" if seq % 3 else "7")
    top = 11 if scale == "10" else 10
    step = top if seq % 9 == 0 else (seq * 5) % top  # now and then someone at the maximum
    return Colleague(
        number, first, last, f"{local}.{tenant}@{MAIL}", unit, boss, is_manager, born, scale, step
    )


def people_csv(tenant: str, today: date, size: int | None = None) -> str:
    parents = {unit: parent for unit, parent, _, _ in TEAMS}
    rows = [
        f"{c.number};{c.first};{c.last};{c.email};{c.born.isoformat()};{date(2010 + int(c.number[-2:]) % 14, 2, 1)};;"
        f"{c.unit};{parents[c.unit]};{c.manager_number};{'manager' if c.is_manager else ''}"
        for c in colleagues(tenant, today, size)
    ]
    return "\n".join([HEADER, *rows]) + "\n"


def steps_csv(tenant: str, today: date, year: int, size: int | None = None) -> str:
    lines = ["employee_number;scale;step;valid_from"]
    for c in colleagues(tenant, today, size):
        lines.append(f"{c.number};{c.scale};{c.step};{year}-01-01")
    return "\n".join(lines) + "\n"


def set_passwords(cfg: StackConfig, emails: list[str], timeout: float = 600) -> int:
    """The demo password on each account organisatie made (it provisions them after the import, so
    this waits for each: on a loaded machine a few dozen accounts take minutes). Returns how many
    were set."""
    kc = admin(cfg)
    kc.change_current_realm(REALM)
    deadline = time.monotonic() + timeout
    done = 0
    for email in emails:
        while True:
            found = kc.get_users({"email": email, "exact": "true"})
            if found:
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"organisatie made no account for {email} in time")
            time.sleep(0.3)
        kc.set_user_password(found[0]["id"], DEMO_PASSWORD, temporary=False)
        done += 1
    return done
