"""Who may read and write a portfolio, the cycle's rules for talks, the definitive moment,
concurrency, and the audit trail."""

import asyncio
from datetime import date

import pytest

from dialoog.devstack import postgres
from dialoog.kit.dutch import long_date
from dialoog.testing.pages import every


def person(world, name):
    return world["people"][name]


@pytest.mark.parametrize(
    "user, expected",
    [
        ("bel.medewerker", 200),  # the employee herself
        ("bel.leidinggevende", 200),  # her manager
        ("bel.hr", 200),  # HR of the tenant
        ("bel.beheer", 404),  # the tenant admin configures, but reads no portfolios
        ("heemstede.hr", 404),  # HR of another tenant
        ("rijk.leidinggevende", 404),  # a manager of another tenant
    ],
)
async def test_who_reads_an_employees_portfolio(world, user, expected):
    sanne = person(world, "bel.medewerker")
    response = await world["port"].get(f"/v1/portfolios/{sanne}", headers=world["auth"](user))
    assert response.status_code == expected, response.text


async def test_a_manager_of_another_team_cannot_read(world):
    """heemstede.leidinggevende manages heemstede's team, not Kees of BEL, and not HR's Fatima."""
    fatima = person(world, "heemstede.hr")
    response = await world["port"].get(
        f"/v1/portfolios/{fatima}", headers=world["auth"]("heemstede.leidinggevende")
    )
    assert response.status_code == 404


async def test_agreements_are_written_by_the_employee_and_confirmed_by_both(world):
    port, auth = world["port"], world["auth"]
    sanne = person(world, "bel.medewerker")
    created = await port.post(
        f"/v1/portfolios/{sanne}/agreements",
        headers=auth("bel.medewerker"),
        json={
            "kind": "result",
            "title": "Wachttijd balie onder 10 minuten",
            "how_measured": "Q-matic rapportage",
            "due_on": "2026-12-31",
            "about": "content",
            "legal_consequences": True,
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["confirmed_by_employee"] and not body["confirmed_by_manager"]
    hr = await port.post(
        f"/v1/portfolios/{sanne}/agreements",
        headers=auth("bel.hr"),
        json={"kind": "result", "title": "Door HR"},
    )
    assert hr.status_code == 403
    confirmed = await port.post(
        f"/v1/agreements/{body['id']}/confirm", headers={**auth("bel.leidinggevende"), "If-Match": '"1"'}
    )
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_by_manager"]
    stale = await port.patch(
        f"/v1/agreements/{body['id']}",
        json={"title": "Later"},
        headers={**auth("bel.medewerker"), "If-Match": '"1"'},
    )
    assert stale.status_code == 412


async def test_two_concurrent_edits_of_one_version_one_wins_and_one_gets_412(world):
    port, auth = world["port"], world["auth"]
    kees = person(world, "kees.ouderen.bel")
    created = (
        await port.post(
            f"/v1/portfolios/{kees}/agreements",
            headers=auth("bel.leidinggevende"),
            json={"kind": "development", "title": "Cursus Klantcontact"},
        )
    ).json()
    results = await asyncio.gather(
        *[
            port.patch(
                f"/v1/agreements/{created['id']}",
                json={"title": f"Cursus {n}"},
                headers={**auth(user), "If-Match": '"1"'},
            )
            for n, user in (("A", "bel.leidinggevende"), ("B", "bel.leidinggevende"))
        ]
    )
    assert sorted(r.status_code for r in results) == [200, 412]


async def test_continuous_talks_follow_the_definition(world):
    port, auth = world["port"], world["auth"]
    sanne = person(world, "bel.medewerker")
    by_manager = await port.post(
        f"/v1/portfolios/{sanne}/talks",
        headers=auth("bel.leidinggevende"),
        json={"type": "start_talk", "initiated_by": "manager"},
    )
    assert by_manager.status_code == 422 and by_manager.json()["errors"][0]["field"] == "body.initiated_by"
    start = await port.post(
        f"/v1/portfolios/{sanne}/talks",
        headers=auth("bel.medewerker"),
        json={"type": "start_talk", "initiated_by": "employee", "fields": {"summary": "Doelen"}},
    )
    assert start.status_code == 201, start.text
    second = await port.post(
        f"/v1/portfolios/{sanne}/talks",
        headers=auth("bel.medewerker"),
        json={"type": "start_talk", "initiated_by": "employee"},
    )
    assert second.status_code == 422
    no_topics = await port.post(
        f"/v1/portfolios/{sanne}/talks",
        headers=auth("bel.leidinggevende"),
        json={"type": "good_talk", "initiated_by": "manager"},
    )
    assert no_topics.status_code == 422 and no_topics.json()["errors"][0]["field"] == "body.topics"
    good = await port.post(
        f"/v1/portfolios/{sanne}/talks",
        headers=auth("bel.leidinggevende"),
        json={
            "type": "good_talk",
            "initiated_by": "manager",
            "topics": ["a_right_things", "e_workload_balance"],
        },
    )
    assert good.status_code == 201 and good.json()["recorded_by"] == "manager"
    advice = await port.post(
        f"/v1/portfolios/{sanne}/talks",
        headers=auth("bel.leidinggevende"),
        json={
            "type": "good_talk",
            "initiated_by": "manager",
            "topics": ["f_right_place"],
            "reward_advice": "+",
        },
    )
    assert advice.status_code == 422  # no reward advice in this cycle


async def test_four_levels_conclusion_by_the_manager_and_minus_opens_an_improvement_plan(world):
    port, auth = world["port"], world["auth"]
    employee = person(world, "rijk.medewerker")
    by_employee = await port.post(
        f"/v1/portfolios/{employee}/talks",
        headers=auth("rijk.medewerker"),
        json={"type": "evaluation_talk", "initiated_by": "employee", "conclusion": "++"},
    )
    assert by_employee.status_code == 403
    minus = await port.post(
        f"/v1/portfolios/{employee}/talks",
        headers=auth("rijk.leidinggevende"),
        json={
            "type": "evaluation_talk",
            "initiated_by": "manager",
            "conclusion": "-",
            "reward_advice": "+/-",
            "fields": {"summary": "Achterstand"},
        },
    )
    assert minus.status_code == 201, minus.text
    assert minus.json()["improvement_plan"] is True and minus.json()["reward_advice"] == "+/-"
    reaction = await port.post(
        f"/v1/portfolios/{employee}/reactions",
        headers=auth("rijk.medewerker"),
        json={"text": "Ik herken mij niet in de conclusie.", "talk_id": minus.json()["id"]},
    )
    assert reaction.status_code == 201
    not_hers = await port.post(
        f"/v1/portfolios/{employee}/reactions",
        headers=auth("rijk.leidinggevende"),
        json={"text": "Namens haar"},
    )
    assert not_hers.status_code == 403


async def test_after_the_definitive_moment_only_a_reaction_can_be_added(world):
    port, auth = world["port"], world["auth"]
    ruben = person(world, "ruben.vermeer.heemstede")
    view = (await port.get(f"/v1/portfolios/{ruben}", headers=auth("heemstede.leidinggevende"))).json()
    period = view["period"]
    await port.post(
        f"/v1/portfolios/{ruben}/agreements",
        headers=auth("heemstede.leidinggevende"),
        json={"kind": "result", "title": "Vergunningen binnen termijn"},
    )
    locked = await port.post(
        f"/v1/periods/{period['id']}/lock",
        headers={**auth("heemstede.leidinggevende"), "If-Match": f'"{period["version"]}"'},
    )
    assert locked.status_code == 200, locked.text
    assert len(locked.json()["snapshot_hash"]) == 64
    refused = await port.post(
        f"/v1/portfolios/{ruben}/agreements",
        headers=auth("heemstede.leidinggevende"),
        json={"kind": "result", "title": "Te laat"},
    )
    assert refused.status_code == 409 and refused.json()["code"] == "period-locked"
    again = await port.post(
        f"/v1/periods/{period['id']}/lock",
        headers={**auth("heemstede.leidinggevende"), "If-Match": f'"{locked.json()["version"]}"'},
    )
    assert again.status_code == 409


async def test_every_read_and_write_is_audited_and_tampering_is_detected(
    world, dialoog_stack, test_databases
):
    port, auth = world["port"], world["auth"]
    sanne = person(world, "bel.medewerker")
    await port.get(f"/v1/portfolios/{sanne}", headers=auth("bel.hr"))
    entries = await every(port, f"/v1/audit?object_id={sanne}", auth("bel.hr"))
    assert any(e["actor"] == "bel.hr" and e["action"] == "read" for e in entries)
    assert (await port.get("/v1/audit", headers=auth("bel.medewerker"))).status_code == 403
    assert (await port.get("/v1/audit/verify", headers=auth("bel.hr"))).json()["intact"] is True
    # Tamper as the database superuser, past the append-only trigger.
    suffix = test_databases("portfolio")["suffix"]
    conn = await postgres.superuser_connect(dialoog_stack, dialoog_stack.database_name("portfolio", suffix))
    try:
        await conn.execute("SET session_replication_role = replica")
        await conn.execute(
            "UPDATE audit_log SET actor = 'iemand-anders' WHERE seq = "
            "(SELECT min(seq) FROM audit_log WHERE tenant_id = 'bel')"
        )
    finally:
        await conn.close()
    # The entry is older than the last check's checkpoint: the full check re-hashes it (ADR 0042).
    verdict = (await port.get("/v1/audit/verify?full=true", headers=auth("bel.hr"))).json()
    assert verdict["intact"] is False and verdict["first_break_index"] == 0


async def test_heemstede_director_reads_talk_reports_but_not_the_portfolio(world):
    """Seed 002: reports go to the personnel file and can be read by the department's director."""
    port, auth = world["port"], world["auth"]
    sanne = person(world, "heemstede.medewerker")
    planning = await port.post(
        f"/v1/portfolios/{sanne}/talks",
        headers=auth("heemstede.medewerker"),
        json={
            "type": "planning_talk",
            "initiated_by": "employee",
            "fields": {"expected_results": "Werkplan 2026"},
        },
    )
    assert planning.status_code == 201, planning.text
    director = auth("directeur.heemstede")
    reports = await port.get(f"/v1/portfolios/{sanne}/talk-reports", headers=director)
    # Her reports: this planning talk among them (test_reports_to_read adds her progress talks when
    # it runs first on this worker).
    assert reports.status_code == 200
    assert planning.json()["id"] in [t["id"] for t in reports.json()["talks"] if t["type"] == "planning_talk"]
    assert (await port.get(f"/v1/portfolios/{sanne}", headers=director)).status_code == 404
    # BEL's cycle lets no director read reports.
    assert (
        await port.get(f"/v1/portfolios/{person(world, 'bel.medewerker')}/talk-reports", headers=director)
    ).status_code == 404


async def test_three_talks_require_the_work_plan_fields_and_allow_one_planning_talk(world):
    port, auth = world["port"], world["auth"]
    ruben = person(world, "kees.ouderen.heemstede")
    empty = await port.post(
        f"/v1/portfolios/{ruben}/talks",
        headers=auth("heemstede.leidinggevende"),
        json={"type": "planning_talk", "initiated_by": "manager"},
    )
    assert empty.status_code == 422  # the manager does not record the work plan: the employee drafts it
    progress = await port.post(
        f"/v1/portfolios/{ruben}/talks",
        headers=auth("heemstede.leidinggevende"),
        json={
            "type": "progress_talk",
            "initiated_by": "manager",
            "fields": {"improvement_points": "Planning bewaken"},
        },
    )
    assert progress.status_code == 201, progress.text


async def test_an_access_request_exports_the_whole_file_as_pdf_and_json(world):
    import io
    import json
    import zipfile

    port, auth = world["port"], world["auth"]
    sanne = person(world, "bel.medewerker")
    response = await port.get(f"/v1/portfolios/{sanne}/export", headers=auth("bel.medewerker"))
    assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert names[:2] == ["dossier.json", "dossier.pdf"]
    assert all(n.startswith(("besluiten/", "bijlagen/")) for n in names[2:])  # letters and attachments
    assert archive.read("dossier.pdf").startswith(b"%PDF-")
    data = json.loads(archive.read("dossier.json"))
    titles = [a["title"] for p in data["periods"] for a in p["agreements"]]
    assert "Wachttijd balie onder 10 minuten" in titles
    assert any(e["actor"] == "bel.hr" and e["action"] == "read" for e in data["audit"])
    assert (
        await port.get(f"/v1/portfolios/{sanne}/export", headers=auth("bel.leidinggevende"))
    ).status_code == 403
    assert (await port.get(f"/v1/portfolios/{sanne}/export", headers=auth("bel.hr"))).status_code == 200


async def test_an_assessment_talk_ends_in_a_letter_that_can_be_objected_to_within_six_weeks(
    world, dialoog_stack, test_databases
):
    port, auth = world["port"], world["auth"]
    employee = person(world, "ruben.vermeer.bel")
    manager = auth("bel.leidinggevende")
    requested = await port.post(f"/v1/portfolios/{employee}/assessments", headers=manager)
    assert requested.status_code == 201, requested.text
    a = requested.json()
    too_early = await port.post(
        f"/v1/assessments/{a['id']}/establish",
        json={"text": "Voldoende"},
        headers={**manager, "If-Match": '"1"'},
    )
    assert too_early.status_code == 409  # first the talk and its report
    held = await port.post(
        f"/v1/assessments/{a['id']}/report",
        json={"text": "Gesprek over de resultaten"},
        headers={**manager, "If-Match": '"1"'},
    )
    assert held.status_code == 200 and held.json()["status"] == "held"
    established = await port.post(
        f"/v1/assessments/{a['id']}/establish",
        json={"text": "Onvoldoende: planning"},
        headers={**manager, "If-Match": '"2"'},
    )
    assert established.status_code == 200, established.text
    letter = await port.get(f"/v1/assessments/{a['id']}/letter", headers=manager)
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF-")
    assert (await port.get(f"/v1/assessments/{a['id']}/letter", headers=auth("rijk.hr"))).status_code == 404
    # Ruben has no login in the demo; the objection is his, so the manager may not file it.
    by_manager = await port.post(
        f"/v1/assessments/{a['id']}/objections", json={"grounds": "Namens hem"}, headers=manager
    )
    assert by_manager.status_code == 403


async def test_an_objection_after_the_term_is_refused_with_the_date(world, dialoog_stack, test_databases):
    port, auth = world["port"], world["auth"]
    employee = person(world, "bel.medewerker")
    manager = auth("bel.leidinggevende")
    a = (await port.post(f"/v1/portfolios/{employee}/assessments", headers=auth("bel.medewerker"))).json()
    await port.post(
        f"/v1/assessments/{a['id']}/report", json={"text": "Verslag"}, headers={**manager, "If-Match": '"1"'}
    )
    await port.post(
        f"/v1/assessments/{a['id']}/establish", json={"text": "Goed"}, headers={**manager, "If-Match": '"2"'}
    )
    filed = await port.post(
        f"/v1/assessments/{a['id']}/objections",
        json={"grounds": "Ik ben het oneens"},
        headers=auth("bel.medewerker"),
    )
    assert filed.status_code == 201 and filed.json()["status"] == "received"
    hr = auth("bel.hr")
    assert (
        await port.patch(
            f"/v1/objections/{filed.json()['id']}",
            json={"state": "upheld"},
            headers={**hr, "If-Match": '"1"'},
        )
    ).status_code == 409
    assert (
        await port.patch(
            f"/v1/objections/{filed.json()['id']}",
            json={"state": "in_progress"},
            headers={**hr, "If-Match": '"1"'},
        )
    ).status_code == 200
    # Seven weeks later (the letter's date moved back as the database superuser would see it).
    suffix = test_databases("portfolio")["suffix"]
    conn = await postgres.superuser_connect(dialoog_stack, dialoog_stack.database_name("portfolio", suffix))
    try:
        await conn.execute(
            "UPDATE assessments SET letter_sent_on = letter_sent_on - 49 WHERE id = $1",
            __import__("uuid").UUID(a["id"]),
        )
    finally:
        await conn.close()
    late = await port.post(
        f"/v1/assessments/{a['id']}/objections",
        json={"grounds": "Nog een keer"},
        headers=auth("bel.medewerker"),
    )
    assert late.status_code == 422 and late.json()["code"] == "objection-late"
    last = date.fromisoformat(late.json()["last_day"])
    assert f"de laatste dag was {long_date(last)}" in late.json()["detail"]


async def test_probation_assessment_needs_improvement_points_from_a_progress_talk(world):
    port, auth = world["port"], world["auth"]
    lotte = person(world, "lotte.nieuw.heemstede")  # on probation in the demo
    manager = auth("heemstede.leidinggevende")
    refused = await port.post(f"/v1/portfolios/{lotte}/assessments", headers=manager)
    assert refused.status_code == 422 and "progress talk" in refused.json()["i18n"]["en"]["detail"]
    await port.post(
        f"/v1/portfolios/{lotte}/talks",
        headers=manager,
        json={
            "type": "progress_talk",
            "initiated_by": "manager",
            "fields": {"improvement_points": "Klantcontact"},
        },
    )
    assert (await port.post(f"/v1/portfolios/{lotte}/assessments", headers=manager)).status_code == 201


async def test_a_disagreement_escalated_to_the_next_manager_lets_them_read(world):
    port, org, auth = world["port"], world["org"], world["auth"]
    sanne, mark, els = (
        person(world, n) for n in ("heemstede.medewerker", "heemstede.leidinggevende", "directeur.heemstede")
    )
    assert (await port.get(f"/v1/portfolios/{sanne}", headers=auth("directeur.heemstede"))).status_code == 404
    admin = auth("heemstede.beheer")
    version = (await org.get(f"/v1/people/{mark}", headers=admin)).headers["etag"]
    line = await org.put(
        f"/v1/people/{mark}/manager", json={"manager_id": els}, headers={**admin, "If-Match": version}
    )
    assert line.status_code == 200, line.text
    for _ in range(100):  # until portfolio learned the new line from organisatie's event
        raised = await port.post(
            f"/v1/portfolios/{sanne}/escalations",
            headers=auth("heemstede.medewerker"),
            json={"target": "next_manager", "subject": "Oneens over de voortgang"},
        )
        if raised.status_code != 422:
            break
        await asyncio.sleep(0.1)
    assert raised.status_code == 201, raised.text
    assert raised.json()["target_person"] == els
    assert (await port.get(f"/v1/portfolios/{sanne}", headers=auth("directeur.heemstede"))).status_code == 200
    to_hr = await port.post(
        f"/v1/portfolios/{sanne}/escalations",
        headers=auth("heemstede.leidinggevende"),
        json={"target": "hr_advisor", "subject": "Graag meekijken"},
    )
    assert to_hr.status_code == 201 and to_hr.json()["target_person"] is None
    rijk = await port.post(
        f"/v1/portfolios/{person(world, 'rijk.medewerker')}/escalations",
        headers=auth("rijk.medewerker"),
        json={"target": "next_manager", "subject": "x"},
    )
    assert rijk.status_code == 422  # no next-higher manager known in the Rijk demo


async def test_the_team_overview_counts_per_report_and_names_the_talks_still_expected(world):
    port, auth = world["port"], world["auth"]
    sanne = person(world, "bel.medewerker")
    team = await port.get("/v1/team", headers=auth("bel.leidinggevende"))
    assert team.status_code == 200, team.text
    row = next(r for r in team.json()["items"] if r["employee_id"] == sanne)
    view = (await port.get(f"/v1/portfolios/{sanne}", headers=auth("bel.leidinggevende"))).json()
    assert row["period_id"] == view["period"]["id"]
    assert row["agreements"] == len(view["agreements"])
    assert row["open_agreements"] == sum(
        1 for a in view["agreements"] if not (a["confirmed_by_employee"] and a["confirmed_by_manager"])
    )
    labels = {t["key"]: t["label"] for t in view["cycle"]["talk_types"]}
    assert row["expected_labels"] == {key: labels[key] for key in row["expected"]}
    assert (await every(port, "/v1/team", auth("bel.medewerker"))) == []  # no reports


async def test_hrs_list_of_objections_is_audited(world):
    port, auth = world["port"], world["auth"]
    assert (await port.get("/v1/objections", headers=auth("bel.hr"))).status_code == 200
    entries = await every(port, "/v1/audit?object_id=bel", auth("bel.hr"))
    assert any(
        e["actor"] == "bel.hr" and e["action"] == "read" and e["object_type"] == "objections" for e in entries
    )


async def test_earlier_periods_stay_listed_and_readable_newest_first(world):
    """Continuity (seed 000 point 7): last year's locked period beside this year's open one, listed
    newest first as a page, each readable with its own content; not someone else's period."""
    from dialoog.kit import clock

    port, auth = world["port"], world["auth"]
    sanne, boss = person(world, "rijk.medewerker"), auth("rijk.leidinggevende")
    last_year = date(clock.today().year - 1, 6, 15)
    with clock.pinned(last_year):
        made = await port.post(
            f"/v1/portfolios/{sanne}/agreements", headers=boss, json={"kind": "result", "title": "Vorig jaar"}
        )
        assert made.status_code == 201, made.text
        old = (await port.get(f"/v1/portfolios/{sanne}", headers=boss)).json()["period"]
        locked = await port.post(
            f"/v1/periods/{old['id']}/lock", headers={**boss, "If-Match": f'"{old["version"]}"'}
        )
        assert locked.status_code == 200, locked.text
    now = (await port.get(f"/v1/portfolios/{sanne}", headers=boss)).json()["period"]

    listed = await port.get(f"/v1/portfolios/{sanne}/periods?limit=1", headers=auth("rijk.medewerker"))
    assert listed.status_code == 200, listed.text
    first = listed.json()
    assert [p["id"] for p in first["items"]] == [now["id"]] and first["next_cursor"]
    rest = (
        await port.get(
            f"/v1/portfolios/{sanne}/periods?cursor={first['next_cursor']}", headers=auth("rijk.hr")
        )
    ).json()["items"]
    assert [(p["id"], p["status"], p["agreements"]) for p in rest] == [(old["id"], "locked", 1)]
    assert "snapshot" not in rest[0] and "tenant_id" not in rest[0] and rest[0]["snapshot_hash"]

    earlier = await port.get(f"/v1/portfolios/{sanne}/periods/{old['id']}", headers=boss)
    assert earlier.status_code == 200, earlier.text
    assert earlier.json()["period"]["status"] == "locked"
    assert [a["title"] for a in earlier.json()["agreements"]] == ["Vorig jaar"]
    ruben = person(world, "ruben.vermeer.rijk")
    not_his = await port.get(f"/v1/portfolios/{ruben}/periods/{old['id']}", headers=auth("rijk.hr"))
    assert not_his.status_code == 404 and not_his.json()["code"] == "portfolio-not-found"
    other_tenant = await port.get(f"/v1/portfolios/{sanne}/periods", headers=auth("bel.hr"))
    assert other_tenant.status_code == 404
