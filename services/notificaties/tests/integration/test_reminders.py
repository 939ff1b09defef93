"""Reminders on the real stack (ADR 0030): events about a feedback request, two decision letters and
a talk are consumed first; the tenant admin sets short offsets (a moment that has passed since the
subject appeared, so ADR 0013's rule sends it once, late, instead of waiting days); then the
notificaties worker runs the reminder workflows the consumer started on Temporal. The colleague who
has not answered is reminded and the one who answered is not; the asker is told; the employee whose
objection term ends is reminded (at once by mail, a formal notice) and the one who objected is not;
the employee without a good talk this year and her manager are reminded, the one who had it is not.
The same events again send nothing twice. A deadline the asker moves moves its reminder. A worker process SIGKILLed inside the tick, before its
commit, loses and doubles nothing once another worker retries it. And the settings API refuses
what it must."""

import sys
import uuid
from contextlib import asynccontextmanager
from datetime import date, datetime, timedelta
from pathlib import Path

import nats
import pytest
from temporalio.client import Client

from dialoog.contracts.cycle.presets import PRESETS
from dialoog.contracts.events.feedback import (
    FeedbackDeadlineChanged,
    FeedbackRequestAnswered,
    FeedbackRequestCreated,
)
from dialoog.contracts.events.organisatie import CycleVersionCreated
from dialoog.contracts.events.portfolio import TalkRecorded
from dialoog.contracts.events.salaris import LetterIssued, ObjectionFiled
from dialoog.devstack.procs import kill, spawn, stop
from dialoog.kit.clock import now, today
from dialoog.notificaties.domain.reminders import moment_on
from dialoog.notificaties.service.reminder_starter import ReminderStarter
from dialoog.notificaties.service.reminders import Ref
from dialoog.notificaties.workflows.worker import build_worker

from .helpers import address, caught_up, eventually, inbox_until

GIVER = "notificaties.reminder.feedback_deadline_giver"
ASKER = "notificaties.reminder.feedback_deadline_requester"
OBJECTION = "notificaties.reminder.objection_term_salaris"
TALK = "notificaties.reminder.talk_this_year"


async def publish_at(url: str, tenant: str, at: datetime, *payloads) -> None:
    """Events as their services published them at `at` (in the past: notificaties learns late)."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for payload in payloads:
            event = payload.event_type.envelope(tenant, payload, time=at)
            await js.publish(
                event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
            )
    finally:
        await nc.close()


@pytest.fixture(scope="module")
async def worker(world):
    """`async with worker():` the notificaties worker, on the namespace and task queue the
    module's notificaties starts its reminder workflows on, and on its database."""
    nt = world["nt"]
    settings = nt.app.state.settings
    client = await Client.connect(settings.temporal_address, namespace=settings.temporal_namespace)

    @asynccontextmanager
    async def running():
        async with build_worker(client, settings, nt.app.state.sessions):
            yield client

    return running


def latest_passed_day_of_the_year() -> date | None:
    """The latest day whose 08:00 has passed, this year, within the 40 days bel's cycle has been
    known, and that `talk_this_year` can name (0..120 days before 31 December); None in the
    months no such day exists yet."""
    day = today() if now() >= moment_on(today()) else today() - timedelta(days=1)
    last = date(today().year, 12, 31)
    return day if day.year == today().year and (last - day).days <= 120 else None


def letter(employee_id, decision: uuid.UUID) -> LetterIssued:
    """A "no" letter sent three days ago whose objection term ends tomorrow."""
    return LetterIssued(
        letter_id=uuid.uuid4(),
        decision_id=decision,
        employee_id=employee_id,
        decision_version=1,
        outcome="no",
        sent_on=today() - timedelta(days=3),
        objection_deadline=today() + timedelta(days=1),
        round_year=today().year,
    )


def kinds(items) -> list[str]:
    return [x["kind"] for x in items]


async def set_settings(nt, admin, settings: dict) -> None:
    current = await nt.get("/v1/reminders/settings", headers=admin)
    assert current.status_code == 200, current.text
    r = await nt.put(
        "/v1/reminders/settings", json=settings, headers={**admin, "If-Match": current.headers["etag"]}
    )
    assert r.status_code == 200, r.text
    assert set(r.json()["inherited"]) == {"halfway_talk", "conclusion_due"}


async def test_due_reminders_reach_who_has_not_done_it_once(world, worker, mailbox):
    nt, auth, signed, people, url = (
        world["nt"],
        world["auth"],
        world["signed"],
        world["people"],
        world["nats"].url,
    )
    asker, waiting, answered = "bel.medewerker", "kees.ouderen.bel", "ruben.vermeer.bel"
    objector, informed = "kees.ouderen.bel", "lotte.nieuw.bel"
    three_days_ago = now() - timedelta(days=3)
    request = uuid.uuid4()
    decided, objected = uuid.uuid4(), uuid.uuid4()

    await publish_at(
        url,
        "bel",
        three_days_ago,
        FeedbackRequestCreated(
            request_id=request,
            requester_id=people[asker],
            colleague_ids=[people[waiting], people[answered]],
            outsiders=0,
            anonymous=False,
            deadline=today(),  # its last day: still open
        ),
        letter(people[informed], decided),
        letter(people[objector], objected),
    )
    await publish_at(
        url,
        "bel",
        now(),
        FeedbackRequestAnswered(
            request_id=request,
            requester_id=people[asker],
            answered=1,
            threshold_reached=True,
            giver_id=people[answered],
        ),
        ObjectionFiled(
            objection_id=uuid.uuid4(), decision_id=objected, employee_id=people[objector], filed_on=today()
        ),
        TalkRecorded(
            talk_id=uuid.uuid4(),
            period_id=uuid.uuid4(),
            employee_id=people[answered],
            type="good_talk",
            held_on=today(),
            cycle_version=1,
            topics=[],
        ),
    )
    # bel's cycle (continuous), as if notificaties had learned it 40 days ago: a cycle reminder of
    # this year whose moment passed since then is missed, and sent once, late.
    await publish_at(
        url,
        "bel",
        now() - timedelta(days=40),
        CycleVersionCreated(
            number=1000,
            effective_from=today() - timedelta(days=40),
            preset="continuous",
            definition=PRESETS["continuous"].model_dump(mode="json"),
        ),
    )
    await caught_up(url)  # everything known before a workflow ticks
    cycle_day = latest_passed_day_of_the_year()
    settings = {
        "feedback_deadline": {"enabled": True, "offsets": [-1], "audience": "both"},  # yesterday 08:00
        "objection_term": {"enabled": True, "offsets": [-2], "audience": "employee"},  # yesterday 08:00
        "talk_this_year": {
            "enabled": cycle_day is not None,
            "offsets": [(cycle_day - date(today().year, 12, 31)).days] if cycle_day else [],
            "audience": "both",
        },
    }
    await set_settings(nt, auth("bel.beheer"), settings)

    async with worker():
        giver_items = await inbox_until(
            nt, signed(address(waiting)), lambda xs: GIVER in kinds(xs), within=120
        )
        asker_items = await inbox_until(nt, auth(asker), lambda xs: ASKER in kinds(xs), within=120)
        informed_items = await inbox_until(
            nt, signed(address(informed)), lambda xs: OBJECTION in kinds(xs), within=120
        )
        if cycle_day is not None:
            await inbox_until(nt, auth(asker), lambda xs: TALK in kinds(xs), within=120)
            manager_items = await inbox_until(
                nt, auth("bel.leidinggevende"), lambda xs: TALK in kinds(xs), within=120
            )
            to_manager = [x for x in manager_items if x["kind"] == TALK]
            assert f"/portfolio/{people[asker]}" in {x["link"] for x in to_manager}
            assert f"/portfolio/{people[answered]}" not in {x["link"] for x in to_manager}
        await caught_up(url)

    mine = today().strftime("%d-%m-%Y")  # this request's deadline (others' reminders name theirs)
    (giver,) = [x for x in giver_items if x["kind"] == GIVER and mine in x["body"]]
    assert giver["category"] == "reminder" and giver["link"] == "/feedback/gevraagd"
    assert giver["title"] == "Herinnering: er wordt nog feedback van u gevraagd"
    (told,) = [x for x in asker_items if x["kind"] == ASKER and x["link"] == f"/feedback/{request}"]
    assert told["title"] == "Herinnering: de termijn van uw feedbackvraag loopt af"
    (term,) = [x for x in informed_items if x["kind"] == OBJECTION]
    last_day = (today() + timedelta(days=1)).strftime("%d-%m-%Y")
    assert term["body"] == f"Bezwaar tegen het besluit over uw salaris kan tot en met {last_day}."
    message_id = f"<n.{term['id']}@{nt.app.state.settings.mail_domain}>"  # a formal notice: mailed at once
    await mailbox.wait_until(
        lambda ms: any(m["Message-ID"] == message_id for m in ms), what="the term's mail"
    )

    # The one who answered, the one who objected, the one who had her good talk: nothing.
    answered_items = (await nt.get("/v1/inbox?limit=200", headers=signed(address(answered)))).json()["items"]
    assert not [x for x in answered_items if x["kind"] == GIVER and mine in x["body"]]
    assert TALK not in kinds(answered_items)
    objector_items = (await nt.get("/v1/inbox?limit=200", headers=signed(address(objector)))).json()["items"]
    assert OBJECTION not in kinds(objector_items)

    # The same events again (a redelivery, or a second copy): each workflow runs again, finds its
    # moment handled, and sends nothing twice.
    starter = ReminderStarter(nt.app.state.settings)
    refs = [Ref("bel", "feedback_deadline", str(request)), Ref("bel", "objection_term", f"salaris-{decided}")]
    async with worker() as client:
        await starter.start_on(client, refs)
        for ref in refs:
            # The run that sent a moment may be the one woken again: each moment is in it once.
            sent = await client.get_workflow_handle(ref.workflow_id).result()
            assert len(sent) == len(set(sent)), sent
    again = (await nt.get("/v1/inbox?limit=200", headers=signed(address(waiting)))).json()["items"]
    assert len([x for x in again if x["kind"] == GIVER and mine in x["body"]]) == 1
    informed_again = (await nt.get("/v1/inbox?limit=200", headers=signed(address(informed)))).json()["items"]
    assert kinds(informed_again).count(OBJECTION) == 1


async def test_a_moved_deadline_moves_its_reminder(world, worker):
    """A request due in 30 days has no reminder due (its moment, a day before, is weeks away); the
    asker moves the deadline to today: the reminder of yesterday 08:00 is now due, and sent."""
    nt, auth, people, url = world["nt"], world["auth"], world["people"], world["nats"].url
    asker = "bel.medewerker"
    request = uuid.uuid4()
    created = FeedbackRequestCreated(
        request_id=request,
        requester_id=people[asker],
        colleague_ids=[people["kees.ouderen.bel"]],
        outsiders=0,
        anonymous=False,
        deadline=today() + timedelta(days=30),
    )
    await publish_at(url, "bel", now() - timedelta(days=3), created)
    await caught_up(url)
    admin = auth("bel.beheer")
    before = (await nt.get("/v1/reminders/settings", headers=admin)).json()
    off = {"enabled": False, "offsets": [], "audience": "both"}
    await set_settings(
        nt,
        auth("bel.beheer"),
        {
            "feedback_deadline": {"enabled": True, "offsets": [-1], "audience": "both"},
            "objection_term": {**off, "audience": "employee"},
            "talk_this_year": off,
        },
    )

    def told(items) -> list[dict]:
        return [x for x in items if x["kind"] == ASKER and x["link"] == f"/feedback/{request}"]

    async with worker():
        moved = FeedbackDeadlineChanged(
            request_id=request, requester_id=people[asker], deadline=today(), version=2
        )
        await publish_at(url, "bel", now(), moved)
        items = await inbox_until(nt, auth(asker), lambda xs: told(xs), within=120)
    (reminder,) = told(items)
    assert today().strftime("%d-%m-%Y") in reminder["body"]  # the new deadline, not the first one
    # The settings as they were (a later session's tests start from them).
    current = await nt.get("/v1/reminders/settings", headers=admin)
    kept = {
        kind: {k: v[k] for k in ("enabled", "offsets", "audience")}
        for kind, v in before["kinds"].items()
        if kind not in before["inherited"]
    }
    restored = await nt.put(
        "/v1/reminders/settings", json=kept, headers={**admin, "If-Match": current.headers["etag"]}
    )
    assert restored.status_code == 200, restored.text


async def test_the_settings_api_refuses_what_it_must(world):
    nt, auth = world["nt"], world["auth"]
    admin = auth("bel.beheer")
    current = await nt.get("/v1/reminders/settings", headers=admin)
    assert current.status_code == 200
    body = current.json()
    assert "tenant_id" not in body and body["kinds"]["objection_term"]["always_sent"] is True
    etag = current.headers["etag"]
    too_late = {"feedback_deadline": {"enabled": True, "offsets": [0], "audience": "both"}}
    r = await nt.put("/v1/reminders/settings", json=too_late, headers={**admin, "If-Match": etag})
    assert r.status_code == 422 and r.json()["code"] == "reminder-offset-too-late", r.text
    wrong = {"objection_term": {"enabled": True, "offsets": [-7], "audience": "manager"}}
    r = await nt.put("/v1/reminders/settings", json=wrong, headers={**admin, "If-Match": etag})
    assert r.status_code == 422 and r.json()["code"] == "reminder-audience-not-for-kind", r.text
    far = {"objection_term": {"enabled": True, "offsets": [-500], "audience": "employee"}}
    r = await nt.put("/v1/reminders/settings", json=far, headers={**admin, "If-Match": etag})
    assert r.status_code == 422 and r.json()["code"] == "validation", r.text
    r = await nt.put("/v1/reminders/settings", json={}, headers=admin)
    assert r.status_code == 428, r.text
    r = await nt.put("/v1/reminders/settings", json={}, headers={**admin, "If-Match": '"999"'})
    assert r.status_code == 412, r.text
    r = await nt.get("/v1/reminders/settings", headers=auth("bel.medewerker"))
    assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")


async def test_a_worker_killed_between_waking_and_sending_loses_and_doubles_nothing(
    world, tmp_path, dialoog_stack, mailbox
):
    """The worker as a process, SIGKILLed inside the tick that records an objection term's
    reminder (before its commit); a new worker retries the tick: exactly one reminder, one mail."""
    nt, auth, people, url = world["nt"], world["auth"], world["people"], world["nats"].url
    employee = "bel.medewerker"
    decision = uuid.uuid4()
    await set_settings_again(
        nt, auth("bel.beheer"), {"enabled": True, "offsets": [-2], "audience": "employee"}
    )
    await publish_at(
        url,
        "bel",
        now() - timedelta(days=3),
        letter(people[employee], decision),
    )
    await caught_up(url)
    settings = nt.app.state.settings
    prefix = "DIALOOG_NOTIFICATIES_"
    env = {
        **dialoog_stack.service_env("notificaties"),
        prefix + "DATABASE_URL": settings.database_url,
        prefix + "TEMPORAL_ADDRESS": settings.temporal_address,
        prefix + "TEMPORAL_NAMESPACE": settings.temporal_namespace,
        prefix + "TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        prefix + "DIGEST_SCHEDULE_ID": f"notificaties-digests-crash-{uuid.uuid4().hex[:6]}",
    }
    script = str(Path(__file__).with_name("crashing_worker.py"))
    marker = tmp_path / "tick.marker"
    pid = spawn([sys.executable, script, "before_commit", str(marker)], tmp_path / "worker.log", env=env)
    try:
        await eventually(lambda: _exists(marker), within=180)
        kill(pid)  # SIGKILL, inside the tick, before its commit
        items = (await nt.get("/v1/inbox?limit=200", headers=auth(employee))).json()["items"]
        assert OBJECTION not in kinds(items), "nothing of the killed tick was committed"
        pid = spawn([sys.executable, script, "never", str(marker)], tmp_path / "worker2.log", env=env)
        # Temporal gives the killed attempt up after its timeout (TICK_TIMEOUT) and retries it.
        handle = (
            await Client.connect(settings.temporal_address, namespace=settings.temporal_namespace)
        ).get_workflow_handle(f"reminder-bel-objection_term-salaris-{decision}")
        assert await handle.result() == ["-2d"]
    finally:
        stop(pid, timeout=5)
    items = (await nt.get("/v1/inbox?limit=200", headers=auth(employee))).json()["items"]
    last_day = (today() + timedelta(days=1)).strftime("%d-%m-%Y")
    terms = [x for x in items if x["kind"] == OBJECTION and last_day in x["body"]]
    ids = {x["id"] for x in terms}
    assert len(ids) == 1 and len(terms) == 1, terms
    message_id = f"<n.{terms[0]['id']}@{settings.mail_domain}>"
    messages = await mailbox.wait_until(
        lambda ms: any(m["Message-ID"] == message_id for m in ms), what="its mail"
    )
    assert sum(1 for m in messages if m["Message-ID"] == message_id) == 1


async def _exists(path: Path) -> bool:
    return path.exists()


async def set_settings_again(nt, admin, objection_term: dict) -> None:
    current = await nt.get("/v1/reminders/settings", headers=admin)
    r = await nt.put(
        "/v1/reminders/settings",
        json={"objection_term": objection_term},
        headers={**admin, "If-Match": current.headers["etag"]},
    )
    assert r.status_code == 200, r.text
