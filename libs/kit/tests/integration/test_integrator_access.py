"""Integrators are isolated by NATS accounts (docs/adr/0014-integrator-accounts.md): a real
nats-server with the dev stack's accounts, integrators made as `dialoog integrator` makes them,
and their credentials used as docs/integrators.md says, and as an attacker would."""

import asyncio
import json
import uuid
from dataclasses import dataclass
from datetime import date

import httpx
import nats
import pytest
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError, ServiceUnavailableError

from dialoog.contracts.events.organisatie import OrgUnitCreated
from dialoog.contracts.events.salaris import LetterIssued, StepIncreased
from dialoog.contracts.sdk import subscribe
from dialoog.devstack import integrators
from dialoog.devstack.integrator_consumers import make_ready, provision
from dialoog.devstack.integrators import API_PREFIX, Integrator
from dialoog.kit.clock import now
from dialoog.kit.events.streams import DEAD_LETTER_STREAM, ensure_service_streams
from dialoog.testing.nats_server import NatsServer


@dataclass
class Secured:
    server: NatsServer
    js: JetStreamContext  # the services' (account DIALOOG)
    bel: Integrator
    heemstede: Integrator
    streams: list[str]

    def credentials(self, integrator: Integrator) -> dict:
        return integrators.credentials(self.server.cfg, integrator, self.streams)


async def publish(js: JetStreamContext, tenant: str, name: str) -> None:
    payload = OrgUnitCreated(org_unit_id=uuid.uuid4(), parent_id=None, name=name, version=1)
    event = OrgUnitCreated.event_type.envelope(tenant, payload, time=now())
    await js.publish(event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id})


@pytest.fixture
async def secured(tmp_path):
    server = NatsServer(tmp_path)
    bel = integrators.add(server.cfg, "bel", "payroll", None)
    heemstede = integrators.add(server.cfg, "heemstede", "dossier", None)
    server.start()
    service = await nats.connect(server.url)
    js = service.jetstream()
    await ensure_service_streams(js, "organisatie")
    streams = await provision(js, bel)
    await provision(js, heemstede)
    for tenant in ("bel", "heemstede", "bel"):
        await publish(js, tenant, f"Team {tenant}")
    yield Secured(server, js, bel, heemstede, streams)
    await service.close()
    server.stop()


def collect(into: list):
    async def on_message(msg):
        into.append(msg.subject)

    return on_message


async def connect(credentials: dict, errors: list[str] | None = None):
    """As docs/integrators.md connects."""

    async def on_error(exc):
        if errors is not None:
            errors.append(str(exc))

    return await nats.connect(
        credentials["url"],
        user=credentials["user"],
        password=credentials["password"],
        inbox_prefix=credentials["inbox_prefix"],
        error_cb=on_error,
        allow_reconnect=False,
    )


async def read_all(credentials: dict, service: str, tenant: str, expected: int, field: str = "name") -> list:
    """With the SDK, as docs/integrators.md does: (tenant, event, the payload's `field`) of each event."""
    nc = await connect(credentials)
    seen = []
    stop = asyncio.Event()

    async def on_event(event, payload):
        seen.append((event.tenant, event.type.split(".")[-2], getattr(payload, field)))
        if len(seen) >= expected:
            stop.set()

    try:
        js = nc.jetstream(prefix=credentials["api_prefix"])
        await asyncio.wait_for(
            subscribe(
                js,
                tenant=tenant,
                service=service,
                consumer=credentials["consumer"],
                handler=on_event,
                stop=stop,
            ),
            timeout=20,
        )
        await asyncio.sleep(0.3)  # nothing more arrives
    finally:
        await nc.close()
    return seen


async def test_an_integrator_reads_its_own_tenants_events_as_the_docs_say(secured):
    creds = secured.credentials(secured.bel)
    assert creds["api_prefix"] == API_PREFIX and creds["subjects"] == "hr.bel.>"
    assert creds["streams"] == ["FEEDBACK", "NOTIFICATIES", "ORGANISATIE", "PORTFOLIO", "SALARIS"]
    seen = await read_all(creds, "organisatie", "bel", 2)
    assert seen == [("bel", "created", "Team bel"), ("bel", "created", "Team bel")]
    # Acknowledged: a second reader continues where the first stopped.
    await publish(secured.js, "bel", "Team later")
    assert await read_all(creds, "organisatie", "bel", 1) == [("bel", "created", "Team later")]
    # Asking the SDK for another tenant still reads only the integrator's own consumer.
    await publish(secured.js, "heemstede", "Team h2")
    await publish(secured.js, "bel", "Team b3")
    assert await read_all(creds, "organisatie", "heemstede", 1) == [("bel", "created", "Team b3")]


async def test_an_integrator_added_to_the_running_server_reads_at_once(secured):
    """As `dialoog integrator bel dms` on a running stack: a new account by reload (SIGHUP)."""
    cfg = secured.server.cfg
    dms = integrators.add(cfg, "bel", "dms", secured.server.pid)
    streams = await make_ready(cfg, dms, secured.server.pid)
    seen = await read_all(integrators.credentials(cfg, dms, streams), "organisatie", "bel", 2)
    assert seen == [("bel", "created", "Team bel"), ("bel", "created", "Team bel")]


async def test_live_subscriptions_see_the_own_tenant_only(secured):
    nc = await connect(secured.credentials(secured.bel))
    own, foreign = [], []
    try:
        await nc.subscribe("hr.bel.>", cb=collect(own))
        await nc.subscribe("hr.heemstede.>", cb=collect(foreign))
        await nc.subscribe(">", cb=collect(foreign))
        await nc.flush()
        await publish(secured.js, "heemstede", "Team h")
        await publish(secured.js, "bel", "Team b")
        await asyncio.sleep(0.5)
    finally:
        await nc.close()
    assert own == ["hr.bel.organisatie.org_unit.created"]
    assert foreign == ["hr.bel.organisatie.org_unit.created"]  # `>` is its own account: bel only


async def publish_salary(js: JetStreamContext, tenant: str, new_step: int) -> None:
    decision = uuid.uuid4()
    payloads = [
        StepIncreased(
            employee_id=uuid.uuid4(),
            employee_number=f"E-{new_step}",
            scale="8",
            old_step=new_step - 1,
            new_step=new_step,
            monthly_amount_cents=350_000,
            effective_on=date(2027, 1, 1),
            decision_id=decision,
        ),
        LetterIssued(
            letter_id=uuid.uuid4(),
            decision_id=decision,
            employee_id=uuid.uuid4(),
            decision_version=1,
            outcome="yes",
            sent_on=date(2026, 12, 1),
            objection_deadline=date(2027, 1, 12),
        ),
    ]
    for payload in payloads:
        event = type(payload).event_type.envelope(tenant, payload, time=now())
        await js.publish(event.subject, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id})


async def test_a_payroll_reads_only_the_steps_and_a_replay_starts_again(secured):
    """docs/integrators.md: `dialoog integrator bel payroll --only 'hr.bel.salaris.step.>'`, then
    `--since`."""
    cfg, js = secured.server.cfg, secured.js
    await publish_salary(js, "bel", 2)
    await publish_salary(js, "heemstede", 3)
    payroll = integrators.add(cfg, "bel", "payroll", secured.server.pid, ("hr.bel.salaris.step.>",))
    assert await make_ready(cfg, payroll, secured.server.pid) == ["SALARIS"]
    creds = integrators.credentials(cfg, payroll, ["SALARIS"])
    steps = await read_all(creds, "salaris", "bel", 1, "new_step")
    assert steps == [("bel", "increased", 2)]
    # Another run without --since keeps the position; with it, the steps come again.
    await publish_salary(js, "bel", 4)
    assert await provision(js, payroll) == ["SALARIS"]
    assert await read_all(creds, "salaris", "bel", 1, "new_step") == [("bel", "increased", 4)]
    assert await provision(js, payroll, since=now().replace(year=2000)) == ["SALARIS"]
    assert await read_all(creds, "salaris", "bel", 2, "new_step") == [
        ("bel", "increased", 2),
        ("bel", "increased", 4),
    ]
    # Its consumers on the other streams are gone, and the SDK cannot make one.
    with pytest.raises(NotFoundError):
        await js.consumer_info("ORGANISATIE", payroll.user)
    with pytest.raises(ServiceUnavailableError):  # no responder for a consumer create
        await read_all(creds, "organisatie", "bel", 1)


# --- attacks with an integrator's credentials -------------------------------------------------
def push(name: str, deliver: str, filter_subject: str = "hr.bel.>") -> dict:
    return {
        "stream_name": "ORGANISATIE",
        "config": {
            "name": name,
            "durable_name": name,
            "filter_subject": filter_subject,
            "deliver_subject": deliver,
            "deliver_policy": "all",
            "ack_policy": "none",
        },
    }


def pull(stream: str, name: str, filter_subject: str) -> dict:
    return {
        "stream_name": stream,
        "config": {
            "name": name,
            "durable_name": name,
            "filter_subject": filter_subject,
            "ack_policy": "explicit",
        },
    }


def attacks(user: str, other: str) -> list[tuple[str, str, dict]]:
    """(what, subject, body) under both the plain JetStream API and the integrator's API prefix."""
    plain = [
        # (a) the push consumer of issue 11, delivering to another tenant's and the services' subjects
        (
            "push to another tenant",
            f"CONSUMER.CREATE.ORGANISATIE.{user}.hr.bel.>",
            push(user, "hr.heemstede.probe.push"),
        ),
        (
            "push into another tenant's stream subject",
            f"CONSUMER.CREATE.ORGANISATIE.{user}.hr.bel.>",
            push(user, "hr.heemstede.organisatie.org_unit.created"),
        ),
        (
            "push into the dead letters",
            "CONSUMER.CREATE.ORGANISATIE.probe.hr.bel.>",
            push("probe", "dlq.organisatie.probe"),
        ),
        (
            "push to the services' API",
            "CONSUMER.CREATE.ORGANISATIE.probe2",
            push("probe2", "$JS.API.STREAM.CREATE.X"),
        ),
        (
            "legacy durable push",
            "CONSUMER.DURABLE.CREATE.ORGANISATIE.probe3",
            push("probe3", "hr.heemstede.probe"),
        ),
        # (b) pull consumers on streams that are not the integrator's
        (
            "pull on the dead letters",
            f"CONSUMER.CREATE.DEAD_LETTERS.{user}.dlq.>",
            pull(DEAD_LETTER_STREAM, user, "dlq.>"),
        ),
        (
            "pull on salaris, all tenants",
            f"CONSUMER.CREATE.SALARIS.{user}",
            pull("SALARIS", user, "hr.*.salaris.>"),
        ),
        (
            "pull from another integrator",
            f"CONSUMER.MSG.NEXT.ORGANISATIE.{other}",
            {"batch": 10, "expires": 500_000_000},
        ),
        ("info of another integrator", f"CONSUMER.INFO.ORGANISATIE.{other}", {}),
        # (c) a filter in another tenant, on the own consumer (an update) and on a new one
        (
            "own consumer, foreign filter",
            f"CONSUMER.CREATE.ORGANISATIE.{user}.hr.heemstede.>",
            pull("ORGANISATIE", user, "hr.heemstede.>"),
        ),
        (
            "new consumer, foreign filter",
            "CONSUMER.CREATE.ORGANISATIE.probe4.hr.heemstede.>",
            pull("ORGANISATIE", "probe4", "hr.heemstede.>"),
        ),
        # and the rest of the API: a stream of its own over the events, deleting, listing
        ("a stream of its own", "STREAM.CREATE.COPY", {"name": "COPY", "subjects": ["hr.bel.>"]}),
        ("delete the own consumer", f"CONSUMER.DELETE.ORGANISATIE.{user}", {}),
        ("list the streams", "STREAM.LIST", {}),
    ]
    return [
        (f"{what} ({prefix})", f"{prefix}.{subject}", body)
        for prefix in ("$JS.API", API_PREFIX)
        for what, subject, body in plain
    ]


async def outcome(nc, subject: str, body: dict) -> str:
    try:
        reply = await nc.request(subject, json.dumps(body).encode(), timeout=1)
    except NoRespondersError:
        return "no responders"
    except NatsTimeout:
        return "no answer"
    answer = json.loads(reply.data)
    if "error" in answer:
        return f"error {answer['error'].get('err_code')}: {answer['error'].get('description')}"
    return f"ACCEPTED {reply.data[:200]!r}"


def jetstream_state(server: NatsServer) -> dict:
    """Every account with JetStream, its streams with their message counts and consumers with
    their configuration, from the server's monitoring endpoint."""
    url = f"http://{server.cfg.host}:{server.cfg.port('nats_monitor')}/jsz"
    jsz = httpx.get(
        url, params={"accounts": "true", "streams": "true", "consumers": "true", "config": "true"}
    ).json()
    return {
        account["name"]: {
            stream["name"]: {
                "messages": stream["state"]["messages"],
                "consumers": {c["name"]: c["config"] for c in stream.get("consumer_detail") or []},
            }
            for stream in account.get("stream_detail") or []
        }
        for account in jsz.get("account_details") or []
    }


async def test_every_attack_is_refused_and_nothing_is_stored_anywhere(secured):
    user, other = secured.bel.user, secured.heemstede.user
    before = jetstream_state(secured.server)
    assert set(before) == {"DIALOOG"}  # integrators' accounts have no JetStream at all
    assert set(before["DIALOOG"]["ORGANISATIE"]["consumers"]) == {user, other}

    service = await nats.connect(secured.server.url)  # the services' account: what reaches it
    leaked = []
    # Wildcards, and the literal deliver subjects of the attacks (a push consumer delivers only
    # where a literal subscription shows interest).
    deliver_subjects = {
        body["config"]["deliver_subject"]
        for _, _, body in attacks(user, other)
        if "config" in body and "deliver_subject" in body["config"]
    }
    for subject in (
        "hr.heemstede.>",
        "dlq.>",
        "$JS.API.STREAM.CREATE.>",
        "hr.*.organisatie.>",
        *deliver_subjects,
    ):
        await service.subscribe(subject, cb=collect(leaked))
    await service.flush()

    errors: list[str] = []
    nc = await connect(secured.credentials(secured.bel), errors)
    try:
        results = [(what, await outcome(nc, subject, body)) for what, subject, body in attacks(user, other)]
        await asyncio.sleep(1.0)  # a push consumer, had one been made, would have delivered by now
    finally:
        await nc.close()
    print("\n".join(f"{what}: {result}" for what, result in results))
    accepted = [(what, result) for what, result in results if result.startswith("ACCEPTED")]
    assert accepted == []
    # The integrator's account has no JetStream (the server says so), and no responder for
    # anything under its API prefix but the two imported reads of its own consumers.
    refusals = ("no responders", "error 10039: JetStream not enabled for account")
    assert [(what, result) for what, result in results if result not in refusals] == []
    assert errors == []
    assert leaked == []
    assert jetstream_state(secured.server) == before
    # The other tenant's integrator still has its one event waiting.
    info = await secured.js.consumer_info("ORGANISATIE", other)
    assert info.num_pending == 1 and info.config.filter_subject == "hr.heemstede.organisatie.>"
    # Control: the same push consumer asked for inside the services' account is made and
    # delivers, so the checks above would have seen it.
    control = await outcome(
        service,
        "$JS.API.CONSUMER.CREATE.ORGANISATIE.probe.hr.bel.>",
        push("probe", "hr.heemstede.probe.push"),
    )
    await asyncio.sleep(0.5)
    await service.close()
    assert control.startswith("ACCEPTED") and leaked  # bel's events, delivered on heemstede's subject
