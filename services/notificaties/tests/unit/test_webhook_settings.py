"""What the deployment decides for webhooks (ADR 0026): plain http only in development; private
targets only when allowed; the sealing key from its own setting, else from `secret_key`; the retry
schedule from a setting, else the domain's."""

from dialoog.notificaties.domain import webhook_sealing
from dialoog.notificaties.domain.webhook_schedule import RETRY_SCHEDULE
from dialoog.notificaties.service.webhook_context import WebhookContext
from dialoog.notificaties.settings import Settings

PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql+asyncpg://app:real-password@db:5432/dialoog_notificaties",
    "secret_key": "a real secret",
}


def test_production_takes_https_only_and_no_private_targets():
    ctx = WebhookContext.of(Settings(**PRODUCTION))
    assert (ctx.allow_http, ctx.allow_private) == (False, False)
    assert ctx.schedule == RETRY_SCHEDULE and ctx.disable_after == 3 and ctx.timeout == 10.0


def test_development_takes_http_and_private_targets_only_when_allowed():
    assert WebhookContext.of(Settings()).allow_http is True
    assert WebhookContext.of(Settings()).allow_private is False
    assert WebhookContext.of(Settings(webhooks_allow_private=True)).allow_private is True


def test_the_sealing_key_is_its_own_setting_else_the_secret_key():
    assert WebhookContext.of(Settings(**PRODUCTION)).key == webhook_sealing.derive_key("a real secret")
    own = WebhookContext.of(Settings(**PRODUCTION, webhook_secret_key="another")).key
    assert own == webhook_sealing.derive_key("another") != webhook_sealing.derive_key("a real secret")


def test_tests_may_shorten_the_schedule():
    ctx = WebhookContext.of(Settings(webhook_retry_schedule=(0.1, 0.2), webhook_disable_after_gave_up=1))
    assert ctx.schedule == (0.1, 0.2) and ctx.disable_after == 1
