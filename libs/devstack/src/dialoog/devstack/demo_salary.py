"""The demo tenants' salary data, through salaris's own API as an HR advisor would load it: three
scales (valid from 1 January this year and, 2% higher, from 1 January next year) and a step for
each demo person. Kees Ouderen is at the maximum of his scale (not eligible), Lotte Nieuw is on
probation (not eligible by default)."""

from __future__ import annotations

import sys
import time
from datetime import date

import httpx

from dialoog.devstack.config import StackConfig
from dialoog.devstack.demo import TENANTS
from dialoog.devstack.tokens import password_token
from dialoog.kit import clock

# Monthly gross in euros, steps 0..n (close to the SOG/CAR scales of 2026, rounded).
SCALES = {
    "7": [2700, 2810, 2920, 3030, 3140, 3250, 3360, 3470, 3580, 3690, 3800],
    "8": [2950, 3080, 3210, 3340, 3470, 3600, 3730, 3860, 3990, 4120, 4250],
    "10": [3500, 3660, 3820, 3980, 4140, 4300, 4460, 4620, 4780, 4940, 5100, 5260],
}
# employee number suffix: (scale, step)
STEPS = {
    "001": ("10", 8),
    "002": ("8", 4),
    "003": ("8", 10),  # at the maximum
    "004": ("7", 0),  # on probation
    "005": ("10", 5),
    "006": ("8", 7),
    "007": ("8", 6),
    "008": ("10", 9),
    "009": ("10", 11),
}


def scales_csv(year: int) -> str:
    lines = ["scale;valid_from;step;amount"]
    for raise_, valid in ((1.0, date(year, 1, 1)), (1.02, date(year + 1, 1, 1))):
        for name, amounts in SCALES.items():
            for step, amount in enumerate(amounts):
                lines.append(f"{name};{valid.isoformat()};{step};{amount * raise_:.2f}".replace(".", ","))
    return "\n".join(lines) + "\n"


def steps_csv(tenant: str, year: int) -> str:
    lines = ["employee_number;scale;step;valid_from"]
    present = {"bel": "008", "heemstede": "009"}.get(tenant, "007")  # as in demo_people
    for suffix, (scale, step) in STEPS.items():
        if suffix > present:
            continue
        lines.append(f"{tenant}-{suffix};{scale};{step};{year}-01-01")
    return "\n".join(lines) + "\n"


def seed(cfg: StackConfig, today: date | None = None) -> None:
    year = (today or clock.today()).year
    with httpx.Client(base_url=cfg.service_url("salaris"), timeout=30) as client:
        for tenant in TENANTS:
            hr = {
                "Authorization": f"Bearer {password_token(cfg, f'{tenant.alias}.hr')}",
                "content-type": "text/csv",
            }
            r = client.post("/v1/salary/scales/import", content=scales_csv(year).encode(), headers=hr)
            if r.status_code != 200 or r.json()["errors"]:
                print(
                    f"warning: demo scales for {tenant.alias}: {r.status_code} {r.text[:300]}",
                    file=sys.stderr,
                )
            # salaris learns the people from organisatie's events: wait until it knows them.
            for _ in range(100):
                r = client.post(
                    "/v1/salary/steps/import", content=steps_csv(tenant.alias, year).encode(), headers=hr
                )
                if r.status_code == 200 and not r.json()["errors"]:
                    break
                time.sleep(0.2)
            else:
                print(
                    f"warning: demo steps for {tenant.alias}: {r.status_code} {r.text[:300]}", file=sys.stderr
                )
