"""The demo tenants' units and people, imported through organisatie's own CSV import (so the
demo is made the way a tenant admin would make it). Dates are relative to today: one employee is
on probation, one is over 50."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

import httpx

from dialoog.devstack.config import StackConfig
from dialoog.devstack.demo import TENANTS
from dialoog.devstack.tokens import password_token
from dialoog.kit import clock

HEADER = (
    "employee_number;first_name;last_name;email;date_of_birth;appointment_start;probation_end;"
    "unit;parent_unit;manager_employee_number;roles"
)


def demo_csv(tenant: str, today: date) -> str:
    t = tenant
    mail = "demo.dialoog.example"
    probation_start = today - timedelta(days=120)
    # On probation today and still on the next 1 January (the salary round's reference date), on
    # whatever day the demo is made.
    probation_end = max(probation_start + timedelta(days=365), date(today.year + 1, 2, 1))
    rows = [
        f"{t}-001;Mark;Jansen;{t}.leidinggevende@{mail};1975-04-12;2012-03-01;;Team Publiekszaken;Afdeling Dienstverlening;;manager",
        f"{t}-002;Sanne;de Vries;{t}.medewerker@{mail};1991-09-23;2019-06-01;;Team Publiekszaken;Afdeling Dienstverlening;{t}-001;",
        f"{t}-003;Kees;Ouderen;kees.ouderen.{t}@{mail};{today.year - 58}-02-14;1998-01-01;;Team Publiekszaken;Afdeling Dienstverlening;{t}-001;",
        f"{t}-004;Lotte;Nieuw;lotte.nieuw.{t}@{mail};1999-11-30;{probation_start.isoformat()};"
        f"{probation_end.isoformat()};Team Publiekszaken;Afdeling Dienstverlening;{t}-001;",
        f"{t}-005;Fatima;El Amrani;{t}.hr@{mail};1983-07-07;2015-09-01;;Team HR;Afdeling Bedrijfsvoering;;hr_advisor",
        f"{t}-006;Joost;Bakker;{t}.beheer@{mail};1988-01-19;2017-02-01;;Team Informatievoorziening;Afdeling Bedrijfsvoering;;tenant_admin",
        f"{t}-007;Ruben;Vermeer;ruben.vermeer.{t}@{mail};1986-05-05;2016-05-01;;Team Vergunningen;Afdeling Dienstverlening;{t}-001;",
    ]
    if tenant in ("bel", "heemstede"):
        rows.append(
            f"{t}-008;Noor;Smit;adviseur.multi@{mail};1980-10-10;2014-01-01;;Team HR;Afdeling Bedrijfsvoering;;hr_advisor"
        )
    if tenant == "heemstede":
        rows.append(
            f"{t}-009;Els;Visser;directeur.heemstede@{mail};1968-03-03;2005-01-01;;Afdeling Dienstverlening;;;director"
        )
    return "\n".join([HEADER, *rows]) + "\n"


def follow_import(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    *,
    interval: float = 0.1,
    timeout: float | None = None,
    progress: Callable[[dict], None] | None = None,
) -> dict:
    """Poll an import job (its `location`) until it is no longer running, or `timeout` seconds have
    passed; returns its last state. `progress` sees every state polled."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        job = client.get(url, headers=headers).json()
        if progress is not None:
            progress(job)
        if job["status"] != "running" or (deadline is not None and time.monotonic() >= deadline):
            return job
        time.sleep(interval)


def seed(cfg: StackConfig, today: date | None = None) -> None:
    today = today or clock.today()
    base = cfg.service_url("organisatie")
    platform = {"Authorization": f"Bearer {password_token(cfg, 'platform')}"}
    with httpx.Client(base_url=base, timeout=30) as client:
        for tenant in TENANTS:
            response = client.post(
                "/v1/tenants",
                json={
                    "key": tenant.alias,
                    "name": tenant.name,
                    "preset": tenant.preset,
                    "domain": tenant.domain,
                },
                headers=platform,
            )
            if response.status_code not in (201, 409):
                raise RuntimeError(f"creating tenant {tenant.alias}: {response.status_code} {response.text}")
        for tenant in TENANTS:
            admin = {"Authorization": f"Bearer {password_token(cfg, f'{tenant.alias}.beheer')}"}
            started = client.post(
                "/v1/imports",
                content=demo_csv(tenant.alias, today).encode(),
                headers={**admin, "content-type": "text/csv", "x-filename": "demo.csv"},
            )
            if started.status_code != 202:
                raise RuntimeError(f"demo import for {tenant.alias}: {started.status_code} {started.text}")
            job = follow_import(client, started.headers["location"], admin, timeout=30)
            if job["status"] != "done" or job["failed"]:
                print(f"warning: demo import for {tenant.alias}: {job}", file=sys.stderr)
