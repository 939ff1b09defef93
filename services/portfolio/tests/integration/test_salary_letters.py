"""Salary decision letters in the personnel file: salaris publishes `letter.issued` for every letter
it sends; portfolio records it once (inbox) under the event's tenant, shows it with the portfolio and
lists it in the dossier export, fetching the PDF from salaris with the caller's own token. Published
here to the test's own nats-server, as salaris would. Also: assessment letters in the export."""

import asyncio
import io
import json
import uuid
import zipfile
from datetime import date, timedelta

import nats
from pypdf import PdfReader

from dialoog.contracts.events.salaris import LetterIssued
from dialoog.kit.clock import now, today
from dialoog.kit.events.streams import ensure_service_streams
from dialoog.testing.pages import every


def letter_for(employee: str, version: int = 1, sent_on: date | None = None) -> LetterIssued:
    sent_on = sent_on or today()
    return LetterIssued(
        letter_id=uuid.uuid4(),
        decision_id=uuid.uuid4(),
        employee_id=employee,
        decision_version=version,
        outcome="yes",
        sent_on=sent_on,
        objection_deadline=sent_on + timedelta(weeks=6),
        round_year=sent_on.year - 1,  # e.g. sent in January after last year's round
    )


async def publish(test_nats, tenant: str, payload: LetterIssued, times=1, msg_ids=()) -> str:
    """Publish one event (one event id) `times` with its own id as Nats-Msg-Id, then once more with
    each of `msg_ids` (past the stream's duplicate window: the consumer's inbox must catch it)."""
    event = LetterIssued.event_type.envelope(tenant, payload, time=now())
    nc = await nats.connect(test_nats.url)
    try:
        js = nc.jetstream()
        await ensure_service_streams(js, "salaris")  # what the salaris service does at start
        for msg_id in [event.id] * times + list(msg_ids):
            await js.publish(event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": msg_id})
    finally:
        await nc.close()
    return event.id


def has(letter_id):
    return lambda items: str(letter_id) in [i["letter_id"] for i in items]


def dossier(export) -> tuple[dict, zipfile.ZipFile]:
    assert export.status_code == 200, export.text
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    return json.loads(archive.read("dossier.json")), archive


def pdf_text(archive: zipfile.ZipFile) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("dossier.pdf"))).pages)


async def test_a_salary_letter_lands_once_in_the_personnel_file_and_in_the_export(
    world, test_nats, view_part
):
    port, auth = world["port"], world["auth"]
    sanne = world["people"]["heemstede.medewerker"]
    payload = letter_for(sanne, version=2)
    # The same event (one event id) three times: twice within the duplicate window, once past it.
    event_id = await publish(test_nats, "heemstede", payload, times=2, msg_ids=["redelivered"])
    await view_part("heemstede.medewerker", "heemstede.medewerker", "salary_letters", has(payload.letter_id))
    await asyncio.sleep(1.0)  # time for the duplicates to arrive too
    for reader in ("heemstede.medewerker", "heemstede.leidinggevende", "heemstede.hr"):
        letters = await view_part("heemstede.medewerker", reader, "salary_letters", lambda items: True)
        mine = [i for i in letters if i["letter_id"] == str(payload.letter_id)]
        assert len(mine) == 1, (reader, letters)
    assert mine[0]["decision_id"] == str(payload.decision_id)
    assert (mine[0]["decision_version"], mine[0]["outcome"]) == (2, "yes")
    assert mine[0]["sent_on"] == payload.sent_on.isoformat()
    assert "tenant_id" not in mine[0]
    entries = await every(port, f"/v1/audit?object_id={payload.letter_id}", auth("heemstede.hr"))
    assert [(e["actor"], e["action"], e["object_type"], e["origin"]) for e in entries] == [
        ("salaris", "create", "salary_letter", f"event:{event_id}")
    ]
    assert (await port.get(f"/v1/portfolios/{sanne}", headers=auth("heemstede.beheer"))).status_code == 404

    # The export lists it; the PDF is asked of the stack's salaris with Sanne's own token, which
    # does not know this letter (404): noted as not fetched, and the export still succeeds.
    data, archive = dossier(
        await port.get(f"/v1/portfolios/{sanne}/export", headers=auth("heemstede.medewerker"))
    )
    listed = [s for s in data["salary_letters"] if s["letter_id"] == str(payload.letter_id)]
    assert len(listed) == 1
    assert listed[0]["status"] == "niet opgehaald" and listed[0]["file"] is None
    assert listed[0]["title"] == f"Salarisbesluit {payload.round_year} (versie 2)"
    assert not [n for n in archive.namelist() if n.startswith("salarisbesluiten/")]
    assert f"Salarisbesluit {payload.round_year} (versie 2)" in pdf_text(archive)
    assert str(payload.letter_id) in [e["object_id"] for e in data["audit"]]


async def test_the_export_succeeds_when_salaris_cannot_be_reached(
    world, test_nats, service_client, view_part
):
    sanne = world["people"]["heemstede.medewerker"]
    payload = letter_for(sanne)
    await publish(test_nats, "heemstede", payload)
    await view_part("heemstede.medewerker", "heemstede.hr", "salary_letters", has(payload.letter_id))
    async with service_client(
        "portfolio", salaris_url="http://127.0.0.1:9", salaris_timeout_seconds=2
    ) as port:
        export = await port.get(f"/v1/portfolios/{sanne}/export", headers=world["auth"]("heemstede.hr"))
    data, archive = dossier(export)
    listed = [s for s in data["salary_letters"] if s["letter_id"] == str(payload.letter_id)]
    assert [(s["status"], s["file"]) for s in listed] == [("niet opgehaald", None)]
    assert "dossier.pdf" in archive.namelist()


async def test_a_salary_letter_of_another_tenant_stays_there(world, test_nats, view_part):
    """An event of tenant bel naming a heemstede person id is kept under bel (RLS by the event's
    tenant) and never shows in heemstede's personnel file."""
    sanne = world["people"]["heemstede.medewerker"]
    foreign, marker = letter_for(sanne), letter_for(sanne)
    await publish(test_nats, "bel", foreign)
    await publish(test_nats, "heemstede", marker)
    letters = await view_part("heemstede.medewerker", "heemstede.hr", "salary_letters", has(marker.letter_id))
    assert str(foreign.letter_id) not in [i["letter_id"] for i in letters]
    data, _ = dossier(
        await world["port"].get(f"/v1/portfolios/{sanne}/export", headers=world["auth"]("heemstede.hr"))
    )
    assert str(foreign.letter_id) not in [s["letter_id"] for s in data["salary_letters"]]
    assert (
        await every(world["port"], f"/v1/audit?object_id={foreign.letter_id}", world["auth"]("heemstede.hr"))
    ) == []


async def test_assessment_letters_are_in_the_export(world):
    """Issue 5 point 4: the personnel file holds talk reports, assessment letters and decisions."""
    port, auth = world["port"], world["auth"]
    employee = world["people"]["rijk.medewerker"]
    manager = {**auth("rijk.leidinggevende")}
    a = (await port.post(f"/v1/portfolios/{employee}/assessments", headers=manager)).json()
    held = await port.post(
        f"/v1/assessments/{a['id']}/report",
        json={"text": "Gesprek over de resultaten"},
        headers={**manager, "If-Match": '"1"'},
    )
    assert held.status_code == 200, held.text
    established = await port.post(
        f"/v1/assessments/{a['id']}/establish",
        json={"text": "Goed: de doorlooptijden zijn gehaald"},
        headers={**manager, "If-Match": '"2"'},
    )
    assert established.status_code == 200, established.text
    objection = await port.post(
        f"/v1/assessments/{a['id']}/objections",
        json={"grounds": "Ik had meer verwacht"},
        headers=auth("rijk.medewerker"),
    )
    assert objection.status_code == 201, objection.text
    data, archive = dossier(
        await port.get(f"/v1/portfolios/{employee}/export", headers=auth("rijk.medewerker"))
    )
    [listed] = [x for x in data["assessments"] if x["id"] == a["id"]]
    assert (
        listed["status"] == "established" and listed["assessment"] == "Goed: de doorlooptijden zijn gehaald"
    )
    assert listed["objection_deadline"] and [o["status"] for o in listed["objections"]] == ["received"]
    assert listed["file"] == f"beoordelingen/beoordeling-{a['id']}.pdf"
    assert archive.read(listed["file"]).startswith(b"%PDF-")
    assert "Goed: de doorlooptijden zijn gehaald" in pdf_text(archive)
    assert a["id"] in [e["object_id"] for e in data["audit"]]
