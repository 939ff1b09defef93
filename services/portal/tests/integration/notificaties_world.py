"""The real notificaties service for the portal's notification page tests (ADR 0027).

`dialoog.notificaties.main.create_app` runs in this process, served by uvicorn on a free port (the
portal calls it over HTTP with its own client, timeouts and headers, as in the stack), on a
nats-server and a freshly migrated database of its own: no other test's events to work off first
and no other test's people, preferences or endpoints to count around. Each test makes its own
tenant and people by publishing organisatie's events as organisatie does, and its notifications
by publishing the events whose rules make them (as notificaties' own tests do); what the pages
did is then read back through notificaties' own API as the person or the tenant admin."""

from __future__ import annotations

import ssl
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import httpx
import nats
from pydantic import BaseModel

from dialoog.contracts.events.organisatie import PersonCreated, TenantCreated
from dialoog.contracts.events.salaris import ReminderDue, TasksAssigned
from dialoog.kit.clock import now, today
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.notificaties.domain import tokens
from dialoog.notificaties.service.context import Context
from dialoog.testing.tokens import LocalSigner
from dialoog.testing.waiting import eventually

# The services whose events notificaties consumes (and its own stream, for webhook.disabled).
STREAMS = ("organisatie", "salaris", "portfolio", "feedback", "notificaties")
# Webhooks may reach a receiver on loopback, and give up after four quick attempts.
FAST_WEBHOOKS = {
    "webhooks_allow_private": True,
    "webhook_retry_schedule": (0.2, 0.2, 0.3),
    "webhook_poll_seconds": 0.1,
}
# notificaties is plain http on loopback: no TLS context (and no CA bundle read) per client.
PLAIN = ssl.create_default_context(cafile=None)
ADDRESS_DOMAIN = "portaaltest.example"  # the people's mail addresses


@dataclass(frozen=True)
class Person:
    id: uuid.UUID
    email: str
    name: str
    roles: tuple[str, ...]
    tenant: str
    tenant_name: str


@dataclass
class World:
    url: str  # notificaties
    nats_url: str
    signer: LocalSigner
    mail_domain: str  # of the Message-IDs notificaties gives its mails
    unsubscribe: Context  # notificaties' keys for the one-click unsubscribe links

    # --- tenants and people, as organisatie announces them ---------------------------------------
    async def tenant(self) -> tuple[str, str]:
        """A new tenant of this test alone: (key, name)."""
        key = f"pt{uuid.uuid4().hex[:10]}"
        name = f"Portaaltest {key[2:6].upper()}"
        await self.publish(key, TenantCreated(tenant_id=key, preset="continuous", domain=None, name=name))
        return key, name

    async def people(self, tenant: tuple[str, str], *names: str, roles=("employee",)) -> list[Person]:
        """People of `tenant`, each with an address of their own, once notificaties knows them."""
        made = [
            Person(
                uuid.uuid4(),
                f"{n.lower().replace(' ', '.')}.{uuid.uuid4().hex[:8]}@{ADDRESS_DOMAIN}",
                n,
                tuple(roles),
                *tenant,
            )
            for n in names
        ]
        await self.publish(
            tenant[0],
            *(
                PersonCreated(
                    person_id=p.id,
                    employee_number=p.id.hex[:8],
                    email=p.email,
                    display_name=p.name,
                    org_unit_id=None,
                    roles=list(p.roles),
                    date_of_birth=None,
                    appointment_start=None,
                    probation_end=None,
                    version=1,
                )
                for p in made
            ),
        )
        for person in made:
            await self.eventually(lambda p=person: self.known(p), what=f"notificaties knowing {person.email}")
        return made

    async def known(self, person: Person) -> bool:
        return (await self.call("GET", "/v1/inbox/unread-count", person)).status_code == 200

    def token(self, person: Person) -> str:
        """A token as Keycloak would issue it to this person (signed with a key the realm publishes)."""
        claims = self.signer.claims(
            email=person.email,
            preferred_username=person.email,
            name=person.name,
            organization=[person.tenant],
            realm_access={"roles": list(person.roles)},
        )
        return self.signer.sign(claims)

    def unsubscribe_token(self, person: Person, category: str) -> str:
        """The signed token of a one-click unsubscribe link, made by notificaties' own signer with
        its keys, as in the List-Unsubscribe header of her mails of that category."""
        what = tokens.Unsubscribe(person.tenant, person.id, category)
        return tokens.sign(self.unsubscribe.keys, self.unsubscribe.key_id, what)

    # --- notificaties' API, as a person ----------------------------------------------------------
    async def call(self, method: str, path: str, person: Person | None = None, **kwargs) -> httpx.Response:
        headers = {"Authorization": f"Bearer {self.token(person)}"} if person else {}
        async with httpx.AsyncClient(base_url=self.url, timeout=30, verify=PLAIN) as client:
            return await client.request(
                method, path, headers={**headers, **kwargs.pop("headers", {})}, **kwargs
            )

    async def get(self, path: str, person: Person | None = None) -> dict:
        r = await self.call("GET", path, person)
        assert r.status_code == 200, r.text
        return r.json()

    async def inbox(self, person: Person, **params) -> list[dict]:
        r = await self.call("GET", "/v1/inbox", person, params={"limit": 200, **params})
        assert r.status_code == 200, r.text
        return r.json()["items"]

    async def inbox_until(self, person: Person, condition: Callable[[list[dict]], bool]) -> list[dict]:
        async def check():
            items = await self.inbox(person)
            return items if condition(items) else None

        return await self.eventually(check, what=f"{person.name}'s inbox")

    @staticmethod
    async def eventually(check, within: float = 60.0, what: str = "the condition"):
        """`await check()` until it is truthy (polling, never a fixed wait); that value."""
        return await eventually(check, within, what, every=0.05)

    # --- events, as their services publish them -------------------------------------------------
    async def publish(self, tenant: str, *payloads: BaseModel) -> None:
        nc = await nats.connect(self.nats_url)
        try:
            js = nc.jetstream()
            for payload in payloads:
                event = payload.event_type.envelope(tenant, payload, time=now())
                await js.publish(
                    event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
                )
        finally:
            await nc.close()

    async def tasks(self, manager: Person, *counts: int) -> list[dict]:
        """A salary round's `tasks_assigned` for each count (task items whose body names the
        count); her whole inbox, newest first, once all of them are in it."""
        await self.publish(
            manager.tenant,
            *(
                TasksAssigned(
                    round_id=uuid.uuid4(),
                    manager_id=manager.id,
                    count=count,
                    deadline=today() + timedelta(days=14),
                )
                for count in counts
            ),
        )
        wanted = {f"U heeft {count} salarisbesluit" for count in counts}

        def arrived(items: list[dict]) -> bool:
            return wanted <= {i["body"].split("(", 1)[0] for i in items}

        return await self.inbox_until(manager, arrived)

    async def reminder(self, manager: Person, open_: int) -> dict:
        """A salary round's `reminder_due` (a category one may switch off); her item for it."""
        await self.publish(
            manager.tenant,
            ReminderDue(
                round_id=uuid.uuid4(),
                manager_id=manager.id,
                open=open_,
                deadline=today() + timedelta(days=3),
                days_left=3,
            ),
        )
        items = await self.inbox_until(manager, lambda xs: any(x["category"] == "reminder" for x in xs))
        return next(x for x in items if x["category"] == "reminder")


async def open_streams(nats_url: str) -> None:
    nc = await nats.connect(nats_url)
    try:
        for service in STREAMS:
            await ensure_service_streams(nc.jetstream(), service)
    finally:
        await nc.close()
