"""The demo tenants made through organisatie's own API in a test: the three tenants with their
presets, and the demo people imported by CSV. Other services learn them from organisatie's events."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from dialoog.devstack import demo
from dialoog.devstack.demo_people import demo_csv
from dialoog.kit import clock

# (alias, name, preset) of the demo tenants.
TENANTS = tuple((tenant.alias, tenant.name, tenant.preset) for tenant in demo.TENANTS)


async def create_demo_tenants(org: httpx.AsyncClient, auth: Callable[[str], dict]) -> dict[str, object]:
    """Tenants and people in organisatie; returns people by e-mail local part -> person id."""
    for key, name, preset in TENANTS:
        r = await org.post(
            "/v1/tenants", json={"key": key, "name": name, "preset": preset}, headers=auth("platform")
        )
        assert r.status_code in (201, 409), r.text
    for key, _, _ in TENANTS:
        started = await org.post(
            "/v1/imports",
            content=demo_csv(key, clock.today()).encode(),
            headers={**auth(f"{key}.beheer"), "content-type": "text/csv"},
        )
        assert started.status_code == 202, started.text
        for _ in range(100):
            job = (await org.get(started.headers["location"], headers=auth(f"{key}.beheer"))).json()
            if job["status"] != "running":
                break
            await asyncio.sleep(0.1)
        assert job["status"] == "done" and not job["failed"], job
    people = {}
    for key, _, _ in TENANTS:
        for p in (await org.get("/v1/people?limit=100", headers=auth(f"{key}.beheer"))).json()["items"]:
            people[p["email"].split("@")[0]] = p["id"]
    return people
