"""notificaties: E-mail, the in-app inbox and webhooks, made from events."""

from fastapi import FastAPI
from nats.js import JetStreamContext

from dialoog.kit.app import build_service_app
from dialoog.kit.events.consumer import EventConsumer
from dialoog.notificaties.api.inbox import router as inbox_router
from dialoog.notificaties.api.preferences import router as preferences_router
from dialoog.notificaties.api.public import router as public_router
from dialoog.notificaties.api.reminders import router as reminders_router
from dialoog.notificaties.api.webhooks import router as webhooks_router
from dialoog.notificaties.handlers import events, organisatie
from dialoog.notificaties.handlers import webhooks as webhook_handlers
from dialoog.notificaties.persistence.tables import inbox, mail_outbox, outbox
from dialoog.notificaties.service import webhook_worker
from dialoog.notificaties.service.context import Context
from dialoog.notificaties.service.reminder_starter import ReminderStarter
from dialoog.notificaties.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    ctx = Context.of(settings)
    starter = ReminderStarter(settings)  # the reminder workflows (ADR 0030)

    def consumers(app: FastAPI, js: JetStreamContext) -> list[EventConsumer]:
        sessions = app.state.sessions
        return [
            EventConsumer(
                js, sessions, inbox, organisatie.SPEC, organisatie.handler(starter), service="notificaties"
            ),
            # notifications from the other services' events (ADR 0025)
            *(
                EventConsumer(js, sessions, inbox, spec, events.handler(ctx, starter), service="notificaties")
                for spec in events.specs()
            ),
            # webhooks (ADR 0026): one durable consumer per stream, notificaties-webhooks-<service>
            *webhook_handlers.consumers(js, sessions, inbox),
        ]

    app = build_service_app(
        settings,
        title="Dialoog notificaties",
        description="E-mail, the in-app inbox and webhooks, made from events.",
        routers=[inbox_router, preferences_router, reminders_router, public_router, webhooks_router],
        outbox=outbox,
        mail_outbox=mail_outbox,
        consumers=consumers,
    )
    webhook_worker.run_beside(app, settings, outbox)  # webhook deliveries (ADR 0026)
    return app
