from fastapi import FastAPI
from nats.js import JetStreamContext

from dialoog.kit.app import build_service_app
from dialoog.kit.audit_api import audit_router
from dialoog.kit.events.consumer import EventConsumer
from dialoog.salaris.api.rounds import router as rounds
from dialoog.salaris.handlers import organisatie, portfolio
from dialoog.salaris.handlers import rounds as round_events
from dialoog.salaris.persistence.tables import audit_log, inbox, outbox
from dialoog.salaris.settings import Settings
from dialoog.salaris.workflows.starter import connect


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    async def temporal():
        if getattr(app.state, "temporal", None) is None:
            app.state.temporal = await connect(settings.temporal_address, settings.temporal_namespace)
        return app.state.temporal

    def consumers(app: FastAPI, js: JetStreamContext) -> list[EventConsumer]:
        def consumer(spec, handle):
            return EventConsumer(js, app.state.sessions, inbox, spec, handle, service="salaris")

        return [
            consumer(organisatie.SPEC, organisatie.handle),
            consumer(portfolio.SPEC, portfolio.handle),
            consumer(round_events.SPEC, round_events.handler(temporal, settings.temporal_task_queue)),
        ]

    app = build_service_app(
        settings,
        title="Dialoog salaris",
        description="Salary scales, the year-end salary round, decisions, letters and objections.",
        routers=[rounds, audit_router(audit_log, "/v1/salary/audit")],
        outbox=outbox,
        consumers=consumers,
    )
    return app
