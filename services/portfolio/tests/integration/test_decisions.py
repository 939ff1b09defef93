"""Agreements with legal consequences lead to a formal decision (seed 001 point 2): established by
the manager or HR with a motivation, a letter in the personnel file, an objection within six weeks
(dialoog.kit.objections), and events for integrators."""

import io
import json
import uuid
import zipfile
from datetime import date

import nats
import pytest

from dialoog.devstack import postgres
from dialoog.kit.dutch import long_date
from dialoog.testing.pages import every


def person(world, name):
    return world["people"][name]


async def confirmed_legal_agreement(world, employee: str, title: str) -> dict:
    port, auth = world["port"], world["auth"]
    created = await port.post(
        f"/v1/portfolios/{person(world, employee)}/agreements",
        headers=auth("bel.leidinggevende"),
        json={"kind": "result", "title": title, "legal_consequences": True},
    )
    assert created.status_code == 201, created.text
    return created.json()


async def decision_of(world, employee: str, agreement_id: str, user: str = "bel.leidinggevende") -> dict:
    listed = await world["port"].get(
        f"/v1/portfolios/{person(world, employee)}/decisions", headers=world["auth"](user)
    )
    assert listed.status_code == 200, listed.text
    return next(d for d in listed.json()["items"] if d["agreement_id"] == agreement_id)


async def event_about(test_nats, subject: str, key: str, value: str) -> dict:
    """The event on `subject` whose payload has `key` == `value`, as an integrator would read it
    from the stream (the relay publishes after the commit, so this waits for it)."""
    nc = await nats.connect(test_nats.url)
    try:
        subscription = await nc.jetstream().subscribe(subject, ordered_consumer=True)
        while True:
            event = json.loads((await subscription.next_msg(timeout=10)).data)
            if event["data"][key] == value:
                return event
    finally:
        await nc.close()


async def test_a_decision_is_needed_once_both_confirmed_and_the_manager_establishes_it(world, test_nats):
    port, auth = world["port"], world["auth"]
    agreement = await confirmed_legal_agreement(world, "bel.medewerker", "Uitbreiding naar 36 uur")
    listed = await port.get(
        f"/v1/portfolios/{person(world, 'bel.medewerker')}/decisions", headers=auth("bel.medewerker")
    )
    assert agreement["id"] not in [
        d["agreement_id"] for d in listed.json()["items"]
    ]  # not confirmed by both yet
    confirmed = await port.post(
        f"/v1/agreements/{agreement['id']}/confirm", headers={**auth("bel.medewerker"), "If-Match": '"1"'}
    )
    assert confirmed.status_code == 200, confirmed.text
    decision = await decision_of(world, "bel.medewerker", agreement["id"], user="bel.medewerker")
    assert decision["status"] == "needed" and decision["agreement_title"] == "Uitbreiding naar 36 uur"
    assert decision["objections"] == [] and "objection_deadline" not in decision
    body = {"decision": "Uw arbeidsduur wordt 36 uur per week.", "motivation": "Past bij de teamplanning."}
    by_employee = await port.post(
        f"/v1/decisions/{decision['id']}/establish",
        json=body,
        headers={**auth("bel.medewerker"), "If-Match": '"1"'},
    )
    assert by_employee.status_code == 403
    no_motivation = await port.post(
        f"/v1/decisions/{decision['id']}/establish",
        json={"decision": "Ja"},
        headers={**auth("bel.leidinggevende"), "If-Match": '"1"'},
    )
    assert no_motivation.status_code == 422
    assert no_motivation.headers["content-type"].startswith("application/problem+json")
    assert no_motivation.json()["errors"][0]["field"] == "body.motivation"
    stale = await port.post(
        f"/v1/decisions/{decision['id']}/establish",
        json=body,
        headers={**auth("bel.leidinggevende"), "If-Match": '"7"'},
    )
    assert stale.status_code == 412
    established = await port.post(
        f"/v1/decisions/{decision['id']}/establish",
        json=body,
        headers={**auth("bel.leidinggevende"), "If-Match": '"1"'},
    )
    assert established.status_code == 200, established.text
    assert established.json()["status"] == "established" and established.headers["etag"] == '"2"'
    again = await port.post(
        f"/v1/decisions/{decision['id']}/establish",
        json=body,
        headers={**auth("bel.leidinggevende"), "If-Match": '"2"'},
    )
    assert again.status_code == 409 and again.json()["code"] == "decision-state"
    event = await event_about(
        test_nats, "hr.bel.portfolio.decision.established", "decision_id", decision["id"]
    )
    assert event["data"]["decision_id"] == decision["id"]
    assert event["data"]["agreement_id"] == agreement["id"]
    assert "motivation" not in event["data"]  # no free text in events

    letter = await port.get(f"/v1/decisions/{decision['id']}/letter", headers=auth("bel.medewerker"))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF-")
    assert (
        await port.get(f"/v1/decisions/{decision['id']}/letter", headers=auth("rijk.hr"))
    ).status_code == 404
    assert (
        await port.get(f"/v1/decisions/{decision['id']}/letter", headers=auth("bel.beheer"))
    ).status_code == 404

    # The agreement a decision was made on stays as it was.
    changed = await port.patch(
        f"/v1/agreements/{agreement['id']}",
        json={"title": "Toch 32 uur"},
        headers={**auth("bel.medewerker"), "If-Match": f'"{confirmed.json()["version"]}"'},
    )
    assert changed.status_code == 409 and changed.json()["code"] == "decision-established"

    # The employee objects; the manager may not do it for her; HR handles it.
    by_manager = await port.post(
        f"/v1/decisions/{decision['id']}/objections",
        json={"grounds": "Namens haar"},
        headers=auth("bel.leidinggevende"),
    )
    assert by_manager.status_code == 403
    filed = await port.post(
        f"/v1/decisions/{decision['id']}/objections",
        json={"grounds": "Ik wilde 34 uur."},
        headers=auth("bel.medewerker"),
    )
    assert filed.status_code == 201 and filed.json()["status"] == "received"
    assert filed.json()["decision_id"] == decision["id"] and filed.json()["assessment_id"] is None
    event = await event_about(
        test_nats, "hr.bel.portfolio.decision_objection.filed", "objection_id", filed.json()["id"]
    )
    assert event["data"]["decision_id"] == decision["id"]
    hr_list = await every(port, "/v1/objections", auth("bel.hr"))
    mine = next(o for o in hr_list if o["id"] == filed.json()["id"])
    assert mine["employee_id"] == person(world, "bel.medewerker") and mine["letter_sent_on"]
    moved = await port.patch(
        f"/v1/objections/{filed.json()['id']}",
        json={"state": "in_progress"},
        headers={**auth("bel.hr"), "If-Match": '"1"'},
    )
    assert moved.status_code == 200 and moved.json()["status"] == "in_progress"
    event = await event_about(
        test_nats, "hr.bel.portfolio.decision_objection.status_changed", "objection_id", filed.json()["id"]
    )
    assert event["data"] == {
        "objection_id": filed.json()["id"],
        "decision_id": decision["id"],
        "status": "in_progress",
    }
    shown = await decision_of(world, "bel.medewerker", agreement["id"], user="bel.medewerker")
    assert [o["status"] for o in shown["objections"]] == ["in_progress"]
    assert shown["objection_deadline"] > shown["letter_sent_on"]

    # In the personnel file: listed in the JSON and the PDF, the letter beside them.
    export = await port.get(
        f"/v1/portfolios/{person(world, 'bel.medewerker')}/export", headers=auth("bel.medewerker")
    )
    archive = zipfile.ZipFile(io.BytesIO(export.content))
    assert archive.read(f"besluiten/besluit-{decision['id']}.pdf").startswith(b"%PDF-")
    data = json.loads(archive.read("dossier.json"))
    filed_decision = next(d for d in data["decisions"] if d["id"] == decision["id"])
    assert filed_decision["motivation"] == "Past bij de teamplanning." and "letter" not in filed_decision
    assert any(e["action"] == "establish" and e["object_id"] == decision["id"] for e in data["audit"])
    assert any(e["action"] == "read" and e["object_type"] == "decision_letter" for e in data["audit"])


async def test_hr_may_establish_and_a_late_objection_is_refused_with_the_date(
    world, dialoog_stack, test_databases
):
    port, auth = world["port"], world["auth"]
    agreement = await confirmed_legal_agreement(world, "bel.medewerker", "Andere functie: teamcoördinator")
    await port.post(
        f"/v1/agreements/{agreement['id']}/confirm", headers={**auth("bel.medewerker"), "If-Match": '"1"'}
    )
    decision = await decision_of(world, "bel.medewerker", agreement["id"], user="bel.hr")
    established = await port.post(
        f"/v1/decisions/{decision['id']}/establish",
        json={"decision": "U wordt teamcoördinator.", "motivation": "Na de procedure van HR."},
        headers={**auth("bel.hr"), "If-Match": '"1"'},
    )
    assert established.status_code == 200, established.text
    assert established.json()["established_by"] == "bel.hr"
    suffix = test_databases("portfolio")["suffix"]
    conn = await postgres.superuser_connect(dialoog_stack, dialoog_stack.database_name("portfolio", suffix))
    try:
        await conn.execute(
            "UPDATE decisions SET letter_sent_on = letter_sent_on - 43 WHERE id = $1",
            uuid.UUID(decision["id"]),
        )
    finally:
        await conn.close()
    late = await port.post(
        f"/v1/decisions/{decision['id']}/objections",
        json={"grounds": "Te laat"},
        headers=auth("bel.medewerker"),
    )
    assert late.status_code == 422 and late.json()["code"] == "objection-late"
    last = date.fromisoformat(late.json()["last_day"])
    assert f"de laatste dag was {long_date(last)}" in late.json()["detail"]


@pytest.mark.parametrize("user, expected", [("bel.hr", 200), ("bel.beheer", 404), ("heemstede.hr", 404)])
async def test_who_reads_decisions(world, user, expected):
    response = await world["port"].get(
        f"/v1/portfolios/{person(world, 'bel.medewerker')}/decisions", headers=world["auth"](user)
    )
    assert response.status_code == expected
