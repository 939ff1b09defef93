from fastapi import FastAPI

from dialoog.kit.app import build_service_app
from dialoog.portal.persistence.tables import outbox
from dialoog.portal.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="Dialoog portal",
        outbox=outbox,
        description="The web portal for employees, managers, HR, directors and tenant admins.",
    )
