"""The feedback archive: the feedback service publishes `feedback.shared` when an employee adds
received feedback to her portfolio; portfolio keeps it once (inbox), read-only, in her portfolio
and her dossier. Published here to the test's own nats-server, as the feedback service would."""

import asyncio
import io
import json
import uuid
import zipfile

import nats

from dialoog.contracts.events.feedback import FeedbackShared
from dialoog.kit.clock import now
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.testing.pages import every


async def publish(test_nats, tenant: str, payload: FeedbackShared, msg_id: str | None = None) -> str:
    event = FeedbackShared.event_type.envelope(tenant, payload, time=now())
    nc = await nats.connect(test_nats.url)
    try:
        js = nc.jetstream()
        await ensure_service_streams(js, "feedback")  # what the feedback service does at start
        await js.publish(
            event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": msg_id or event.id}
        )
    finally:
        await nc.close()
    return event.id


async def test_shared_feedback_lands_once_in_the_employees_portfolio(world, test_nats, view_part):
    port, auth = world["port"], world["auth"]
    sanne = world["people"]["heemstede.medewerker"]
    feedback_id, request_id = uuid.uuid4(), uuid.uuid4()
    payload = FeedbackShared(
        feedback_id=feedback_id,
        request_id=request_id,
        employee_id=sanne,
        text="Je legt de Omgevingswet helder uit aan inwoners.",
    )
    event_id = await publish(test_nats, "heemstede", payload)
    # The same event delivered again (another message id gets past the stream's duplicate window)
    # and the same answer shared again as a new event: still one item.
    await publish(test_nats, "heemstede", payload, msg_id=f"{event_id}-again")
    await publish(test_nats, "heemstede", payload)
    archive = await view_part(
        "heemstede.medewerker",
        "heemstede.medewerker",
        "feedback",
        lambda items: str(feedback_id) in [i["feedback_id"] for i in items],
    )
    await asyncio.sleep(1.0)  # time for the duplicates to arrive too
    archive = await view_part(
        "heemstede.medewerker", "heemstede.leidinggevende", "feedback", lambda items: True
    )
    mine = [i for i in archive if i["feedback_id"] == str(feedback_id)]
    assert len(mine) == 1 and mine[0]["text"] == "Je legt de Omgevingswet helder uit aan inwoners."
    assert mine[0]["request_id"] == str(request_id)
    entries = await every(port, f"/v1/audit?object_id={feedback_id}", auth("heemstede.hr"))
    assert [(e["actor"], e["action"], e["object_type"]) for e in entries] == [
        ("feedback", "create", "feedback")
    ]
    # Read-only: there is no way to write it through the API, and readers see it where they read.
    assert (await port.get(f"/v1/portfolios/{sanne}", headers=auth("heemstede.hr"))).json()["feedback"]
    assert (await port.get(f"/v1/portfolios/{sanne}", headers=auth("heemstede.beheer"))).status_code == 404
    export = await port.get(f"/v1/portfolios/{sanne}/export", headers=auth("heemstede.medewerker"))
    data = json.loads(zipfile.ZipFile(io.BytesIO(export.content)).read("dossier.json"))
    assert [f["text"] for f in data["feedback"] if f["feedback_id"] == str(feedback_id)] == [payload.text]


async def test_feedback_of_another_tenant_stays_there(world, test_nats, view_part):
    """An event of tenant bel naming a heemstede person id is kept under bel (RLS by the event's
    tenant) and never shows in heemstede's portfolio."""
    feedback_id = uuid.uuid4()
    sanne = world["people"]["heemstede.medewerker"]
    await publish(
        test_nats,
        "bel",
        FeedbackShared(
            feedback_id=feedback_id, request_id=uuid.uuid4(), employee_id=sanne, text="Verkeerde organisatie"
        ),
    )
    marker = uuid.uuid4()
    await publish(
        test_nats,
        "heemstede",
        FeedbackShared(feedback_id=marker, request_id=uuid.uuid4(), employee_id=sanne, text="Na de andere"),
    )
    archive = await view_part(
        "heemstede.medewerker",
        "heemstede.medewerker",
        "feedback",
        lambda items: str(marker) in [i["feedback_id"] for i in items],
    )
    assert str(feedback_id) not in [i["feedback_id"] for i in archive]
