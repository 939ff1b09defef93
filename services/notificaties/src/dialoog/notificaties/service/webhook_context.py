"""What the webhook use cases need besides the session: the sealing key and the rules of the
deployment (plain http in development only; private targets only where allowed)."""

from __future__ import annotations

from dataclasses import dataclass

from dialoog.notificaties.domain import webhook_sealing
from dialoog.notificaties.domain.webhook_schedule import DISABLE_AFTER_GAVE_UP, RETRY_SCHEDULE
from dialoog.notificaties.settings import Settings


@dataclass(frozen=True)
class WebhookContext:
    key: bytes
    allow_http: bool
    allow_private: bool
    max_endpoints: int
    schedule: tuple[float, ...] = RETRY_SCHEDULE
    disable_after: int = DISABLE_AFTER_GAVE_UP
    timeout: float = 10.0

    @classmethod
    def of(cls, settings: Settings) -> WebhookContext:
        return cls(
            key=webhook_sealing.derive_key(settings.webhook_secret_key or settings.secret_key),
            allow_http=settings.environment == "development",
            allow_private=settings.webhooks_allow_private,
            max_endpoints=settings.webhook_max_endpoints,
            schedule=tuple(settings.webhook_retry_schedule) or RETRY_SCHEDULE,
            disable_after=settings.webhook_disable_after_gave_up,
            timeout=settings.webhook_timeout_seconds,
        )
