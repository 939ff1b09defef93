"""Dependencies that fail, as a client sees it: a real PostgreSQL, nats-server and JWKS server of the
test's own, stopped and started again by pid under a service app that keeps running. During the
outage the service answers 503 problem+json `dependency-unavailable` with Retry-After (never a 500);
afterwards it answers again by itself. NATS down is no outage for writers: the outbox keeps the
events and the relay publishes them once NATS is back. (Keycloak itself: tests/e2e.)"""

import json
import sys

import nats as nats_client
import pytest
from jwt.algorithms import RSAAlgorithm

from dialoog.devstack import postgres
from dialoog.devstack.procs import spawn, stop
from dialoog.kit.db import platform_transaction
from dialoog.kit.events.outbox import OutboxRepository
from dialoog.kit.events.streams import stream_name
from dialoog.organisatie.persistence.tables import outbox
from dialoog.testing.nats_server import NatsServer, free_port
from dialoog.testing.plugin import in_thread
from dialoog.testing.postgres_server import PostgresServer
from dialoog.testing.waiting import eventually

pytestmark = pytest.mark.timeout(240)


def auth(signer, *roles: str, tenant: str | None = "bel") -> dict[str, str]:
    claims = signer.claims(realm_access={"roles": list(roles)}, organization=[tenant] if tenant else None)
    return {"Authorization": f"Bearer {signer.sign(claims)}"}


def assert_unavailable(response, dependency: str) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    body = response.json()
    assert body["code"] == "dependency-unavailable" and body["dependency"] == dependency, body
    assert body["i18n"]["nl"]["title"] == "Tijdelijk niet beschikbaar"


async def create_tenant(client, signer) -> None:
    response = await client.post(
        "/v1/tenants",
        json={"key": "bel", "name": "BEL Combinatie", "preset": "continuous"},
        headers=auth(signer, "platform_admin", tenant=None),
    )
    assert response.status_code in (201, 409), response.text


@pytest.fixture
def private_postgres(tmp_path):
    server = PostgresServer(tmp_path / "pg").start()
    yield server
    if server.pid:
        server.stop()


async def test_postgres_restarted_gives_503_meanwhile_and_the_same_app_recovers(
    service_client, local_signer, private_postgres
):
    urls = in_thread(private_postgres.database, "organisatie")
    admin = auth(local_signer, "tenant_admin")
    async with service_client("organisatie", database_url=urls["app"], provision_keycloak=False) as client:
        await create_tenant(client, local_signer)
        assert (await client.post("/v1/org-units", json={"name": "Voor"}, headers=admin)).status_code == 201

        private_postgres.stop()
        assert_unavailable(await client.get("/v1/org-units", headers=admin), "database")
        assert_unavailable(
            await client.post("/v1/org-units", json={"name": "Tijdens"}, headers=admin), "database"
        )
        ready = await client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["database"] != "ok"

        private_postgres.start()  # same data directory and port; the app is not restarted
        listed = await client.get("/v1/org-units", headers=admin)  # the first statement, once more
        assert listed.status_code == 200, listed.text
        assert [u["name"] for u in listed.json()["items"]] == ["Voor"]  # nothing half-written
        assert (await client.post("/v1/org-units", json={"name": "Na"}, headers=admin)).status_code == 201
        assert (await client.get("/readyz")).status_code == 200


async def test_connections_ended_by_the_server_are_replaced_without_an_error(
    service_client, local_signer, private_postgres
):
    urls = in_thread(private_postgres.database, "organisatie")
    admin = auth(local_signer, "tenant_admin")
    async with service_client(
        "organisatie", database_url=urls["app"], provision_keycloak=False, database_pool_size=1
    ) as client:
        await create_tenant(client, local_signer)
        assert (await client.get("/v1/org-units", headers=admin)).status_code == 200

        # The server ends every session of the app role (as a failover or an operator does);
        # the app's pooled connection is dead without the app knowing.
        conn = await postgres.superuser_connect(private_postgres.cfg)
        try:
            killed = await conn.fetchval(
                "select count(*) from (select pg_terminate_backend(pid) from pg_stat_activity"
                " where usename = 'dialoog_organisatie_app') t"
            )
        finally:
            await conn.close()
        assert killed >= 1
        # The transaction's first statement meets the dead connection and runs once more on a fresh
        # one (kit/db.py, ADR 0043): no error at all.
        assert (await client.get("/v1/org-units", headers=admin)).status_code == 200


@pytest.fixture
def private_nats(tmp_path):
    server = NatsServer(tmp_path / "nats").start()
    yield server
    if server.pid:
        server.stop()


async def stream_count(url: str) -> int:
    nc = await nats_client.connect(url)
    try:
        return (await nc.jetstream().stream_info(stream_name("organisatie"))).state.messages
    finally:
        await nc.close()


async def test_nats_stopped_writes_still_succeed_and_the_relay_catches_up(
    service_client, local_signer, test_databases, private_nats
):
    urls = test_databases("organisatie", "nats_outage")
    admin = auth(local_signer, "tenant_admin")
    async with service_client(
        "organisatie", database_url=urls["app"], nats_url=private_nats.url, provision_keycloak=False
    ) as client:
        sessions = client.app.state.sessions

        async def unsent() -> int:  # the outbox is under RLS: the relay's platform mode sees every tenant
            async with platform_transaction(sessions) as session:
                return await OutboxRepository(outbox).unsent(session)

        await eventually(lambda: _ready(client), 30, "the service ready")
        await create_tenant(client, local_signer)
        assert (await client.post("/v1/org-units", json={"name": "Voor"}, headers=admin)).status_code == 201
        await eventually(lambda: _is(unsent(), 0), 30, "the first events published")
        published_before = await stream_count(private_nats.url)

        private_nats.stop()
        for i in range(3):
            created = await client.post("/v1/org-units", json={"name": f"Tijdens {i}"}, headers=admin)
            assert created.status_code == 201, created.text  # the outbox keeps the events
        assert await unsent() == 3
        ready = await client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["checks"]["nats"] != "ok"

        private_nats.start()  # same port and store; the app's client reconnects by itself
        await eventually(lambda: _is(unsent(), 0), 90, "the relay to catch up")
        assert await stream_count(private_nats.url) == published_before + 3
        await eventually(lambda: _ready(client), 30, "ready again")


async def _ready(client) -> bool:
    return (await client.get("/readyz")).status_code == 200


async def _is(awaitable, value) -> bool:
    return (await awaitable) == value


class JwksServer:
    """A small real HTTP server that publishes the test signer's key, like Keycloak's certs URL."""

    def __init__(self, directory, signer) -> None:
        self.directory = directory
        self.port = free_port()
        self.pid: int | None = None
        jwk = {**json.loads(RSAAlgorithm.to_jwk(signer.key.public_key())), "kid": signer.kid, "use": "sig"}
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "certs").write_text(json.dumps({"keys": [jwk]}))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/certs"

    def start(self) -> None:
        argv = [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1"]
        self.pid = spawn([*argv, "--directory", str(self.directory)], self.directory / "http.log")

    def stop(self) -> None:
        stop(self.pid)
        self.pid = None


async def test_keys_that_cannot_be_fetched_give_503_until_the_identity_provider_is_back(
    service_client, local_signer, tmp_path
):
    jwks = JwksServer(tmp_path / "jwks", local_signer)  # not started: Keycloak is down
    employee = auth(local_signer, "employee")
    try:
        async with service_client("organisatie", oidc_jwks_url=jwks.url, provision_keycloak=False) as client:
            # A cold cache: the token cannot be checked, which is not the caller's fault (no 401).
            assert_unavailable(await client.get("/v1/org-units", headers=employee), "identity")
            ready = await client.get("/readyz")
            assert ready.status_code == 503 and ready.json()["checks"]["identity"] != "ok"

            jwks.start()

            async def answered():
                return (await client.get("/v1/org-units", headers=employee)).status_code == 200

            await eventually(answered, 30, "tokens checked again")

            jwks.stop()  # keys in hand: tokens are still checked while it is down
            assert (await client.get("/v1/org-units", headers=employee)).status_code == 200
    finally:
        if jwks.pid:
            jwks.stop()
