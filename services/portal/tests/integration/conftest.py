"""The real notificaties service for the notification page tests (notificaties_world): started
once per session, on a nats-server and a database of its own, served on a free port."""

import asyncio

import pytest

from dialoog.notificaties.main import create_app
from dialoog.notificaties.service.context import Context
from dialoog.testing.nats_server import NatsServer
from dialoog.testing.plugin import in_thread

from .notificaties_world import FAST_WEBHOOKS, World, open_streams
from .served import Served


@pytest.fixture(scope="session")
def notificaties(service_settings, test_databases, local_signer, tmp_path_factory):
    server = NatsServer(tmp_path_factory.mktemp("portal-nats")).start()
    try:
        in_thread(asyncio.run, open_streams(server.url))
        settings = service_settings(
            "notificaties",
            database_url=test_databases("notificaties", "portal")["app"],
            nats_url=server.url,
            database_pool_size=3,
            **FAST_WEBHOOKS,
        )
        with Served(create_app(settings)) as served:
            yield World(served.url, server.url, local_signer, settings.mail_domain, Context.of(settings))
    finally:
        server.stop()
