from fastapi import FastAPI

from dialoog.kit.app import build_service_app
from dialoog.organisatie.api.cycle import router as cycle
from dialoog.organisatie.api.imports import router as imports
from dialoog.organisatie.api.org_units import router as org_units
from dialoog.organisatie.api.people import router as people
from dialoog.organisatie.api.tenants import router as tenants
from dialoog.organisatie.persistence.tables import outbox
from dialoog.organisatie.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    app = build_service_app(
        settings or Settings(),
        title="Dialoog organisatie",
        description="Tenants, cycle configuration, org units, people and reporting lines.",
        routers=[tenants, cycle, org_units, people, imports],
        outbox=outbox,
    )
    app.state.imports_running = set()
    return app
