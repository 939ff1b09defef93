from fastapi import FastAPI

from dialoog.kit.app import build_service_app
from dialoog.notificaties.persistence.tables import outbox
from dialoog.notificaties.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="Dialoog notificaties",
        outbox=outbox,
        description="E-mail, the in-app inbox and webhooks, made from events.",
    )
