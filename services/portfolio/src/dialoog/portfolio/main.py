from fastapi import FastAPI
from nats.js import JetStreamContext

from dialoog.kit.app import build_service_app
from dialoog.kit.audit_api import audit_router
from dialoog.kit.events.consumer import EventConsumer
from dialoog.portfolio.api.assessments import router as assessments
from dialoog.portfolio.api.attachments import router as attachments
from dialoog.portfolio.api.competencies import router as competencies
from dialoog.portfolio.api.decisions import router as decisions
from dialoog.portfolio.api.follow_up import router as follow_up
from dialoog.portfolio.api.portfolios import router as portfolios
from dialoog.portfolio.handlers import feedback, organisatie, salaris
from dialoog.portfolio.persistence.audit import person_objects
from dialoog.portfolio.persistence.tables import audit_log, inbox, outbox
from dialoog.portfolio.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    def consumers(app: FastAPI, js: JetStreamContext) -> list[EventConsumer]:
        return [
            EventConsumer(
                js, app.state.sessions, inbox, organisatie.SPEC, organisatie.handle, service="portfolio"
            ),
            EventConsumer(js, app.state.sessions, inbox, feedback.SPEC, feedback.handle, service="portfolio"),
            EventConsumer(js, app.state.sessions, inbox, salaris.SPEC, salaris.handle, service="portfolio"),
        ]

    return build_service_app(
        settings or Settings(),
        title="Dialoog portfolio",
        description="Portfolios, agreements, talks, conclusions, locking and the personnel file.",
        routers=[
            portfolios,
            assessments,
            decisions,
            follow_up,
            competencies,
            attachments,
            audit_router(audit_log, "/v1/audit", tag="portfolio", person_objects=person_objects),
        ],
        outbox=outbox,
        consumers=consumers,
    )
