"""Before every attempt the worker looks at the target again (ADR 0026): outside the dev stack's
allowance a URL that is, or now resolves to, a private or loopback address is not POSTed to; the
attempt fails with the reason, and nothing leaves the process."""

import uuid
from types import SimpleNamespace

from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.notificaties.domain import webhook_sealing, webhook_signing
from dialoog.notificaties.persistence.tables import outbox
from dialoog.notificaties.service.webhook_context import WebhookContext
from dialoog.notificaties.service.webhook_worker import WebhookWorker

KEY = webhook_sealing.derive_key("unit")


def row(url: str, sealed: bytes | None = None):
    endpoint = uuid.uuid4()
    secret = webhook_sealing.seal(KEY, webhook_signing.new_secret(), "bel", str(endpoint))
    return SimpleNamespace(
        id=uuid.uuid4(),
        tenant_id="bel",
        endpoint_id=endpoint,
        body="{}",
        attempts=0,
        url=url,
        secret_sealed=sealed if sealed is not None else secret,
    )


def worker(allow_private: bool) -> WebhookWorker:
    engine = create_async_engine("postgresql+asyncpg://nobody:none@127.0.0.1:1/none")  # never connected
    ctx = WebhookContext(key=KEY, allow_http=True, allow_private=allow_private, max_endpoints=1, timeout=1.0)
    return WebhookWorker(engine, "postgresql+asyncpg://nobody:none@127.0.0.1:1/none", ctx, outbox)


async def test_a_private_target_is_refused_before_the_post():
    w = worker(allow_private=False)
    try:
        for url in ("http://127.0.0.1:9/hooks", "http://vm:9/hooks", "http://10.0.0.1/hooks"):
            attempt = await w._post(row(url))
            assert attempt.status is None and attempt.error.startswith("refused: "), (url, attempt)
    finally:
        await w.close()


async def test_where_private_targets_are_allowed_the_post_is_tried():
    w = worker(allow_private=True)
    try:
        attempt = await w._post(row("http://127.0.0.1:9/hooks"))  # nothing listens on port 9
        assert attempt.status is None and attempt.error == "could not connect"
    finally:
        await w.close()


async def test_a_secret_sealed_under_another_key_is_a_failed_attempt_not_a_crash():
    w = worker(allow_private=True)
    try:
        other = webhook_sealing.seal(webhook_sealing.derive_key("other"), "whsec_AAAA", "bel", "x")
        attempt = await w._post(row("http://127.0.0.1:9/hooks", other))
        assert attempt.status is None and "secret" in attempt.error and "whsec" not in attempt.error
    finally:
        await w.close()
