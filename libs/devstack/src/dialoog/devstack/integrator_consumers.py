"""The integrators' durable consumers, in the services' account `DIALOOG`: one per stream the
integrator reads, named after its user, filtered inside its tenant. The platform creates them
(`dialoog integrator`, and `dialoog up` for integrators added while NATS was down); the
integrator's own account can only read them (integrators.py, docs/adr/0014-integrator-accounts.md)."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

import nats
from nats.errors import NoRespondersError
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, ConsumerInfo, DeliverPolicy
from nats.js.errors import NotFoundError, ServiceUnavailableError

from dialoog.devstack.config import StackConfig
from dialoog.devstack.integrators import API_PREFIX, Integrator, load
from dialoog.devstack.nats import reload, wait_for_account
from dialoog.kit.events.streams import service_stream, stream_name


def event_services() -> tuple[str, ...]:
    """The services that publish events (each has a stream), from the contracts."""
    import dialoog.contracts.events  # noqa: F401  (registers every event type)
    from dialoog.contracts.registry import REGISTRY

    return tuple(sorted({kind.service for kind in REGISTRY.values()}))


def filters(integrator: Integrator, service: str) -> list[str]:
    if not integrator.only:
        return [f"hr.{integrator.tenant}.{service}.>"]
    return [subject for subject in integrator.only if subject.split(".")[2] == service]


def _with_filters(config: ConsumerConfig, subjects: list[str]) -> ConsumerConfig:
    one = len(subjects) == 1
    return replace(
        config, filter_subject=subjects[0] if one else None, filter_subjects=None if one else subjects
    )


def consumer_config(integrator: Integrator, subjects: list[str], since: datetime | None) -> ConsumerConfig:
    config = ConsumerConfig(
        name=integrator.user,
        durable_name=integrator.user,
        description=f"integrator {integrator.name} of tenant {integrator.tenant}",
        ack_policy=AckPolicy.EXPLICIT,
        ack_wait=30.0,
        deliver_policy=DeliverPolicy.BY_START_TIME if since else DeliverPolicy.ALL,
        opt_start_time=since,
    )
    return _with_filters(config, subjects)


def _filters_of(info: ConsumerInfo) -> list[str]:
    config = info.config
    return list(config.filter_subjects or ([config.filter_subject] if config.filter_subject else []))


async def _existing(js: JetStreamContext, stream: str, consumer: str) -> ConsumerInfo | None:
    try:
        return await js.consumer_info(stream, consumer)
    except NotFoundError:  # no such consumer, or no such stream
        return None


async def _ensure_stream(js: JetStreamContext, service: str) -> None:
    """The stream as the service makes it at its start (which also updates it to its settings)."""
    try:
        await js.stream_info(stream_name(service))
    except NotFoundError:
        await js.add_stream(service_stream(service))


async def provision(js: JetStreamContext, integrator: Integrator, since: datetime | None = None) -> list[str]:
    """Create or align the integrator's consumers; `since` recreates them to replay from then.
    A consumer that stays keeps its position. Returns the streams it can read."""
    streams = []
    for service in event_services():
        stream, wanted = stream_name(service), filters(integrator, service)
        current = await _existing(js, stream, integrator.user)
        if current and (since or not wanted):
            await js.delete_consumer(stream, integrator.user)
            current = None
        if not wanted:
            continue
        await _ensure_stream(js, service)
        if current is None:
            await js.add_consumer(stream, consumer_config(integrator, wanted, since))
        elif sorted(_filters_of(current)) != sorted(wanted):
            await js.add_consumer(stream, _with_filters(current.config, wanted))  # an update
        streams.append(stream)
    return streams


async def provision_stored(cfg: StackConfig) -> dict[str, list[str]]:
    """Every stored integrator's consumers, as the services' user (idempotent)."""
    integrators = load(cfg)
    if not integrators:
        return {}
    nc = await nats.connect(cfg.nats_servers, allow_reconnect=False)
    try:
        js = nc.jetstream()
        return {i.user: await provision(js, i) for i in integrators}
    finally:
        await nc.close()


async def provision_one(cfg: StackConfig, integrator: Integrator, since: datetime | None = None) -> list[str]:
    nc = await nats.connect(cfg.nats_servers, allow_reconnect=False)
    try:
        return await provision(nc.jetstream(), integrator, since)
    finally:
        await nc.close()


async def readable(cfg: StackConfig, integrator: Integrator, stream: str) -> bool:
    """Whether the integrator, connected as itself, can read its consumer on `stream`."""
    nc = await nats.connect(
        cfg.nats_address,
        user=integrator.user,
        password=integrator.password,
        inbox_prefix=integrator.inbox_prefix,
        allow_reconnect=False,
    )
    try:
        await nc.jetstream(prefix=API_PREFIX, timeout=2).consumer_info(stream, integrator.user)
        return True
    except (NoRespondersError, ServiceUnavailableError, NatsTimeout):
        return False
    finally:
        await nc.close()


async def make_ready(
    cfg: StackConfig, integrator: Integrator, nats_pid: int, since: datetime | None = None, attempts: int = 5
) -> list[str]:
    """After `integrators.add` reloaded the running server: make the consumers and check that
    the integrator reads them. nats-server 2.15.1 sometimes resolves an account's service imports
    on a reload before the exports they import (a new account, the first time): it knows the
    account but answers nothing; the next reload of the same configuration resolves them."""
    await asyncio.to_thread(wait_for_account, cfg, integrator.account)
    streams = await provision_one(cfg, integrator, since)
    for _ in range(attempts):
        if not streams or await readable(cfg, integrator, streams[0]):
            return streams
        reload(nats_pid)
        await asyncio.sleep(0.5)
    raise RuntimeError(f"NATS does not let {integrator.user} read its consumers; see `dialoog logs nats`")
