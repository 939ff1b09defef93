from fastapi import FastAPI

from dialoog.feedback.persistence.tables import mail_outbox, outbox
from dialoog.feedback.settings import Settings
from dialoog.kit.app import build_service_app


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="Dialoog feedback",
        outbox=outbox,
        mail_outbox=mail_outbox,
        description="360 feedback requests to colleagues and external people, and their answers.",
    )
