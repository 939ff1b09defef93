from fastapi import FastAPI

from dialoog.kit.app import build_service_app
from dialoog.salaris.persistence.tables import outbox
from dialoog.salaris.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="Dialoog salaris",
        outbox=outbox,
        description="Salary scales, the year-end salary round, decisions, letters and objections.",
    )
