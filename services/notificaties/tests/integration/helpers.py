"""Events published as their services would, and what notificaties' tests look for; waiting for
what the webhook worker does, and making endpoints, for the webhook tests."""

import asyncio
import contextlib
import json
import uuid
from datetime import timedelta

import nats
from google.protobuf.duration_pb2 import Duration
from nats.js.errors import NotFoundError
from pydantic import BaseModel
from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest, RegisterNamespaceRequest
from temporalio.client import Client

from dialoog.kit.clock import now, today
from dialoog.kit.events.streams import ensure_service_streams, stream_name
from dialoog.testing.waiting import eventually

MAIL = "demo.dialoog.example"


def address(local: str) -> str:
    return f"{local}@{MAIL}"


async def ensure_streams(url: str, *services: str) -> None:
    nc = await nats.connect(url)
    try:
        for service in services:
            await ensure_service_streams(nc.jetstream(), service)
    finally:
        await nc.close()


async def caught_up(url: str, prefix: str = "notificaties", within: float = 600.0) -> None:
    """Wait until every durable consumer named `prefix...` has nothing pending: what earlier
    tests of the session published on this nats-server (feedback's, salaris') is worked off before
    a test counts its own notifications or waits for them with a short timeout."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        deadline = asyncio.get_running_loop().time() + within
        while True:
            behind = 0
            for stream in await js.streams_info():
                for c in await js.consumers_info(stream.config.name):
                    if c.name.startswith(prefix):
                        behind += c.num_pending + c.num_ack_pending
            if behind == 0:
                return
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"notificaties' consumers are {behind} events behind after {within}s")
            await asyncio.sleep(0.5)
    finally:
        await nc.close()


async def relayed(url: str, service: str, subject: str, version: int, within: float = 60.0) -> None:
    """Wait until `service`'s outbox relay has put the last event on `subject` with the given
    `version` (or a later one) in its stream: a consumer that has nothing pending may simply not
    have been given that event yet, so `caught_up` alone does not say it was applied."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()

        async def there() -> bool:
            try:
                msg = await js.get_last_msg(stream_name(service), subject)
            except NotFoundError:
                return False
            return json.loads(msg.data)["data"]["version"] >= version

        await eventually(there, within=within, what=f"{subject} version {version} in the stream")
    finally:
        await nc.close()


async def publish(url: str, tenant: str, *payloads: BaseModel) -> list[str]:
    """Each payload as its service publishes it (one event each); their event ids."""
    nc = await nats.connect(url)
    ids = []
    try:
        js = nc.jetstream()
        for payload in payloads:
            event = payload.event_type.envelope(tenant, payload, time=now())
            await js.publish(
                event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
            )
            ids.append(event.id)
    finally:
        await nc.close()
    return ids


async def inbox_until(nt, headers, condition, within: float = 30.0) -> list[dict]:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        r = await nt.get("/v1/inbox?limit=200", headers=headers)
        assert r.status_code == 200, r.text
        items = r.json()["items"]
        if condition(items):
            return items
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"inbox did not get there: {items[:5]}")
        await asyncio.sleep(0.1)


def tasks_assigned(manager, count=3):
    from dialoog.contracts.events.salaris import TasksAssigned

    return TasksAssigned(
        round_id=uuid.uuid4(), manager_id=manager, count=count, deadline=today() + timedelta(days=14)
    )


def reminder_due(manager, open_=2):
    from dialoog.contracts.events.salaris import ReminderDue

    return ReminderDue(
        round_id=uuid.uuid4(),
        manager_id=manager,
        open=open_,
        deadline=today() + timedelta(days=3),
        days_left=3,
    )


def letter_issued(employee):
    from dialoog.contracts.events.salaris import LetterIssued

    return LetterIssued(
        letter_id=uuid.uuid4(),
        decision_id=uuid.uuid4(),
        employee_id=employee,
        decision_version=1,
        outcome="yes",
        sent_on=today(),
        objection_deadline=today() + timedelta(weeks=6),
        round_year=today().year,
    )


async def ensure_namespace(address_: str, namespace: str) -> None:
    client = await Client.connect(address_)
    with contextlib.suppress(Exception):  # exists already
        await client.workflow_service.register_namespace(
            RegisterNamespaceRequest(
                namespace=namespace, workflow_execution_retention_period=Duration(seconds=86400)
            )
        )
    for _ in range(100):  # a new namespace takes a moment to be served
        try:
            await client.workflow_service.describe_namespace(DescribeNamespaceRequest(namespace=namespace))
            return
        except Exception:
            await asyncio.sleep(0.2)


# A type no test publishes: an endpoint that takes only it receives its test pings alone (other
# tests' events, `webhook.disabled` among them, would reach an endpoint that takes every type).
QUIET = ["nl.dialoog.salaris.round.closed.v1"]


async def make_endpoint(hooks, receiver, user="bel.beheer", **body):
    """An endpoint for `receiver` (whose secret it learns), taking only QUIET events unless
    `event_types` says otherwise; the created endpoint as JSON."""
    body = {"event_types": QUIET, **body}
    r = await hooks["client"].post(
        "/v1/webhooks", json={"url": receiver.url, **body}, headers=hooks["auth"](user)
    )
    assert r.status_code == 201, r.text
    made = r.json()
    receiver.secret = made["secret"]
    return made


async def delivery(hooks, endpoint_id, delivery_id, user="bel.beheer") -> dict:
    r = await hooks["client"].get(
        f"/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}", headers=hooks["auth"](user)
    )
    assert r.status_code == 200, r.text
    return r.json()


async def settled(hooks, endpoint_id, delivery_id, user="bel.beheer", seconds=20.0) -> dict:
    """The delivery once it is delivered or gave up."""

    async def done():
        found = await delivery(hooks, endpoint_id, delivery_id, user)
        return found if found["state"] in ("delivered", "gave_up") else None

    return await eventually(done, seconds)
