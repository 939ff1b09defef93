from fastapi import FastAPI

from dialoog.kit.app import build_service_app
from dialoog.portfolio.persistence.tables import outbox
from dialoog.portfolio.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="Dialoog portfolio",
        outbox=outbox,
        description="Portfolios, agreements, talks, conclusions, locking and the personnel file.",
    )
