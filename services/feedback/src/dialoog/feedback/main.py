from fastapi import FastAPI
from nats.js import JetStreamContext

from dialoog.feedback.api.admin import router as admin
from dialoog.feedback.api.assignments import router as assignments
from dialoog.feedback.api.public import router as public
from dialoog.feedback.api.requests import router as requests
from dialoog.feedback.handlers import organisatie
from dialoog.feedback.persistence.tables import inbox, mail_outbox, outbox
from dialoog.feedback.settings import Settings
from dialoog.kit.app import build_service_app
from dialoog.kit.events.consumer import EventConsumer


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    def consumers(app: FastAPI, js: JetStreamContext) -> list[EventConsumer]:
        return [
            EventConsumer(
                js, app.state.sessions, inbox, organisatie.SPEC, organisatie.handle, service="feedback"
            )
        ]

    app = build_service_app(
        settings,
        title="Dialoog feedback",
        description="360 feedback requests to colleagues and external people, and their answers.",
        routers=[requests, assignments, public, admin],
        outbox=outbox,
        mail_outbox=mail_outbox,
        consumers=consumers,
    )
    return app
