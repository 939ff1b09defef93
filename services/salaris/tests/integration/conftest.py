"""organisatie and salaris in-process on this worker's databases and nats-server, a Temporal worker
in-process on this test worker's own namespace of the stack's Temporal server, and the demo tenants
with their salary data loaded through the API."""

import asyncio
import contextlib
import uuid
from datetime import date, timedelta

import pytest
from google.protobuf.duration_pb2 import Duration
from temporalio.api.workflowservice.v1 import RegisterNamespaceRequest
from temporalio.client import Client

from dialoog.devstack.demo_salary import scales_csv, steps_csv
from dialoog.kit.clock import today
from dialoog.kit.db import make_engine, make_sessionmaker
from dialoog.salaris.workflows.starter import connect
from dialoog.salaris.workflows.worker import build_worker
from dialoog.testing.plugin import worker_id
from dialoog.testing.world import TENANTS, create_demo_tenants

GOOD = {
    "results": "Alle drie de resultaatafspraken over de doorlooptijd van vergunningen zijn in september gehaald.",
    "behaviour": "Overlegt tijdig met collega's en begeleidde in het voorjaar twee nieuwe collega's bij het inwerken.",
    "development": "De opleiding Omgevingswet is afgerond; volgend jaar volgt de cursus adviesvaardigheden zoals afgesproken.",
}


async def ensure_namespace(address: str, namespace: str) -> None:
    client = await Client.connect(address)
    with contextlib.suppress(Exception):  # exists already
        await client.workflow_service.register_namespace(
            RegisterNamespaceRequest(
                namespace=namespace, workflow_execution_retention_period=Duration(seconds=86400)
            )
        )
    for _ in range(100):  # a new namespace takes a moment to be served
        try:
            await (await Client.connect(address, namespace=namespace)).workflow_service.describe_namespace(
                __import__("temporalio.api.workflowservice.v1", fromlist=["x"]).DescribeNamespaceRequest(
                    namespace=namespace
                )
            )
            return
        except Exception:
            await asyncio.sleep(0.2)


@pytest.fixture(scope="session")
def temporal_settings(dialoog_stack):
    run = uuid.uuid4().hex[:6]
    return {
        "temporal_address": dialoog_stack.temporal_address,
        "temporal_namespace": f"dialoog-test-{worker_id()}",
        "temporal_task_queue": f"salaris-test-{run}",
    }


@pytest.fixture(scope="session")
async def salary_world(
    service_client, service_settings, keycloak_token, temporal_settings, test_nats, local_signer
):
    # local_signer first: its key is then in the realm's JWKS before the apps fetch it.
    def auth(user):
        return {"Authorization": f"Bearer {keycloak_token(user)}"}

    await ensure_namespace(temporal_settings["temporal_address"], temporal_settings["temporal_namespace"])
    await ensure_streams(test_nats.url, "portfolio")  # salaris consumes portfolio's conclusions
    settings = service_settings("salaris", **temporal_settings, letter_batch=20)
    engine = make_engine(settings)
    client = await connect(settings.temporal_address, settings.temporal_namespace)
    year = today().year
    await terminate_rounds(client, year)  # left running by an earlier session in this namespace
    worker = build_worker(client, settings, make_sessionmaker(engine), None)
    async with (
        service_client("organisatie", provision_keycloak=False) as org,
        service_client("salaris", **temporal_settings) as sal,
        worker,
    ):
        people = await create_demo_tenants(org, auth)
        for key, _, _ in TENANTS:
            hr = {**auth(f"{key}.hr"), "content-type": "text/csv"}
            r = await sal.post("/v1/salary/scales/import", content=scales_csv(year).encode(), headers=hr)
            assert r.status_code == 200 and not r.json()["errors"], r.text
            for _ in range(200):  # salaris learns the people from organisatie's events
                r = await sal.post(
                    "/v1/salary/steps/import", content=steps_csv(key, year).encode(), headers=hr
                )
                if r.status_code == 200 and not r.json()["errors"]:
                    break
                await asyncio.sleep(0.1)
            assert r.status_code == 200 and not r.json()["errors"], r.text
        yield {"org": org, "sal": sal, "auth": auth, "people": people, "year": year, "temporal": client}
        await terminate_rounds(client, year)
    await engine.dispose()


async def ensure_streams(url: str, service: str) -> None:
    import nats

    from dialoog.kit.events.streams import ensure_service_streams

    nc = await nats.connect(url)
    try:
        await ensure_service_streams(nc.jetstream(), service)
    finally:
        await nc.close()


async def terminate_rounds(client, year: int) -> None:
    for tenant, _, _ in TENANTS:
        with contextlib.suppress(Exception):  # not running
            await client.get_workflow_handle(f"salary-round:{tenant}:{year}").terminate("test session ends")


async def open_round(world, tenant: str, *, deadline: date | None = None) -> dict:
    """Open this year's round for `tenant` and wait until the workflow assigned the decisions."""
    sal, auth = world["sal"], world["auth"]
    day = today()
    r = await sal.post(
        "/v1/salary/rounds",
        json={
            "year": world["year"],
            "guidelines": "Motiveer per onderdeel concreet en meetbaar, met voorbeelden uit dit jaar.",
            "deadline": (deadline or min(day + timedelta(days=14), date(day.year, 12, 31))).isoformat(),
        },
        headers=auth(f"{tenant}.hr"),
    )
    assert r.status_code in (201, 409), r.text
    for _ in range(200):
        rnd = (await sal.get(f"/v1/salary/rounds/{world['year']}", headers=auth(f"{tenant}.hr"))).json()
        if rnd["status"] != "opening":
            return rnd
        await asyncio.sleep(0.1)
    raise AssertionError(f"round of {tenant} stayed opening: {rnd}")
