from fastapi import FastAPI
from nats.js import JetStreamContext

from dialoog.kit.app import build_service_app
from dialoog.kit.events.consumer import EventConsumer
from dialoog.organisatie.api.cycle import router as cycle
from dialoog.organisatie.api.imports import router as imports
from dialoog.organisatie.api.org_units import router as org_units
from dialoog.organisatie.api.people import router as people
from dialoog.organisatie.api.tenants import router as tenants
from dialoog.organisatie.handlers import provisioning
from dialoog.organisatie.identity.keycloak import KeycloakProvisioner
from dialoog.organisatie.persistence.tables import inbox, outbox
from dialoog.organisatie.settings import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    def consumers(app: FastAPI, js: JetStreamContext) -> list[EventConsumer]:
        if not settings.provision_keycloak:
            return []
        handler = provisioning.make_handler(KeycloakProvisioner(settings))
        return [
            EventConsumer(js, app.state.sessions, inbox, provisioning.SPEC, handler, service="organisatie")
        ]

    app = build_service_app(
        settings,
        title="Dialoog organisatie",
        description="Tenants, cycle configuration, org units, people and reporting lines.",
        routers=[tenants, cycle, org_units, people, imports],
        outbox=outbox,
        consumers=consumers,
    )
    return app
