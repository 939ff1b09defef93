"""notificaties: E-mail, the in-app inbox and webhooks, made from events."""

from fastapi import FastAPI
from nats.js import JetStreamContext

from dialoog.kit.app import build_service_app
from dialoog.kit.events.consumer import EventConsumer
from dialoog.notificaties.api.webhooks import router as webhooks_router
from dialoog.notificaties.handlers import webhooks as webhook_handlers
from dialoog.notificaties.persistence.tables import inbox, outbox
from dialoog.notificaties.service import webhook_worker
from dialoog.notificaties.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    def consumers(app: FastAPI, js: JetStreamContext) -> list[EventConsumer]:
        found: list[EventConsumer] = []
        # Webhooks (ADR 0026): one durable consumer per stream, notificaties-webhooks-<service>.
        found += webhook_handlers.consumers(js, app.state.sessions, inbox)
        return found

    app = build_service_app(
        settings,
        title="Dialoog notificaties",
        outbox=outbox,
        consumers=consumers,
        routers=[webhooks_router],
        description="E-mail, the in-app inbox and webhooks, made from events.",
    )
    webhook_worker.run_beside(app, settings, outbox)  # webhook deliveries (ADR 0026)
    return app
