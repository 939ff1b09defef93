from fastapi import FastAPI

from dialoog.kit.app import build_service_app
from dialoog.organisatie.api.org_units import router as org_units
from dialoog.organisatie.persistence.tables import outbox
from dialoog.organisatie.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="Dialoog organisatie",
        outbox=outbox,
        description="Tenants, cycle configuration, org units, people and reporting lines.",
        routers=[org_units],
    )
