"""The `dialoog` realm: roles, the API audience, the organization claim, and the clients.
Applied idempotently through the admin API (python-keycloak) every time the stack starts."""

from __future__ import annotations

from keycloak import KeycloakAdmin
from keycloak.exceptions import KeycloakPostError

from dialoog.devstack.config import AUDIENCE, DEV_CLIENT, PORTAL_CLIENT, REALM, StackConfig
from dialoog.kit.auth import KNOWN_ROLES

ROLE_DESCRIPTIONS = {
    "employee": "Medewerker: eigen portfolio, gesprekken, feedback, reactie, bezwaar",
    "manager": "Leidinggevende: portfolio's van eigen medewerkers, gesprekken, conclusies, besluiten",
    "hr_advisor": "HR-/P&O-adviseur: alle portfolio's van de organisatie, richtlijnen, bezwaren, dashboards",
    "director": "Directeur: gespreksverslagen van de eigen afdelingen",
    "tenant_admin": "Functioneel beheerder: cyclusregels, afdelingen, mensen, schalen, sjablonen",
    "platform_admin": "Platformbeheer: organisaties aanmaken",
    "integrator": "Koppelpartner: gebeurtenissen en publieke API van een organisatie",
}

REALM_SETTINGS = {
    "realm": REALM,
    "displayName": "Dialoog",
    "enabled": True,
    "organizationsEnabled": True,
    "sslRequired": "external",
    "accessTokenLifespan": 300,
    "ssoSessionIdleTimeout": 1800,
    "internationalizationEnabled": True,
    "supportedLocales": ["nl", "en"],
    "defaultLocale": "nl",
    "bruteForceProtected": True,
    "loginWithEmailAllowed": True,
}

API_SCOPE = {
    "name": AUDIENCE,
    "description": "Tokens for the Dialoog services carry this audience",
    "protocol": "openid-connect",
    "attributes": {"include.in.token.scope": "false", "display.on.consent.screen": "false"},
    "protocolMappers": [
        {
            "name": "dialoog-api-audience",
            "protocol": "openid-connect",
            "protocolMapper": "oidc-audience-mapper",
            "config": {
                "included.custom.audience": AUDIENCE,
                "access.token.claim": "true",
                "introspection.token.claim": "true",
                "id.token.claim": "false",
            },
        }
    ],
}

ORGANIZATION_SCOPE = {
    "name": "organization",
    "description": "The user's organizations (tenants)",
    "protocol": "openid-connect",
    "attributes": {"include.in.token.scope": "true", "display.on.consent.screen": "false"},
    "protocolMappers": [
        {
            "name": "organization",
            "protocol": "openid-connect",
            "protocolMapper": "oidc-organization-membership-mapper",
            "config": {
                "claim.name": "organization",
                "access.token.claim": "true",
                "id.token.claim": "true",
                "introspection.token.claim": "true",
                "multivalued": "true",
                "jsonType.label": "String",
            },
        }
    ],
}

DEFAULT_SCOPES = ["basic", "profile", "email", "roles", "web-origins", "acr", AUDIENCE, "organization"]


def clients(cfg: StackConfig) -> list[dict]:
    portal = cfg.service_url("portal")
    portal_localhost = f"http://localhost:{cfg.port('portal')}"
    return [
        {
            "clientId": PORTAL_CLIENT,
            "name": "Dialoog portaal",
            "enabled": True,
            "publicClient": False,
            "secret": "dev-only-portal-secret",
            "standardFlowEnabled": True,
            "directAccessGrantsEnabled": False,
            "serviceAccountsEnabled": False,
            "redirectUris": [f"{portal}/*", f"{portal_localhost}/*"],
            "webOrigins": ["+"],
            "attributes": {
                "pkce.code.challenge.method": "S256",
                "post.logout.redirect.uris": f"{portal}/*##{portal_localhost}/*",
            },
            "defaultClientScopes": DEFAULT_SCOPES,
        },
        {
            # Development and tests only: the password grant for demo users. Not in production.
            "clientId": DEV_CLIENT,
            "name": "Dialoog ontwikkeling (alleen dev/test)",
            "enabled": True,
            "publicClient": True,
            "standardFlowEnabled": False,
            "directAccessGrantsEnabled": True,
            "defaultClientScopes": DEFAULT_SCOPES,
        },
    ]


ORGANISATIE_CLIENT = "dialoog-organisatie"
ORGANISATIE_CLIENT_ROLES = ("manage-users", "view-users", "query-users", "manage-realm", "view-realm")


def service_clients() -> list[dict]:
    """Confidential clients with a service account: organisatie provisions organizations and users."""
    from dialoog.devstack.config import DB_PASSWORD

    return [
        {
            "clientId": ORGANISATIE_CLIENT,
            "name": "Dialoog organisatie (provisioning)",
            "enabled": True,
            "publicClient": False,
            "secret": DB_PASSWORD,
            "standardFlowEnabled": False,
            "directAccessGrantsEnabled": False,
            "serviceAccountsEnabled": True,
            "defaultClientScopes": ["basic", "roles"],
        }
    ]


def _grant_realm_management(kc: KeycloakAdmin, client_id: str, roles: tuple[str, ...]) -> None:
    client_uuid = kc.get_client_id(client_id)
    service_user = kc.get_client_service_account_user(client_uuid)
    management = kc.get_client_id("realm-management")
    have = {r["name"] for r in kc.get_client_roles_of_user(service_user["id"], management)}
    wanted = [kc.get_client_role(management, name) for name in roles if name not in have]
    if wanted:
        kc.assign_client_role(service_user["id"], management, wanted)


def admin(cfg: StackConfig, realm: str = "master") -> KeycloakAdmin:
    from dialoog.devstack.config import ADMIN_PASSWORD, ADMIN_USER

    return KeycloakAdmin(
        server_url=f"http://{cfg.host}:{cfg.port('keycloak')}",
        username=ADMIN_USER,
        password=ADMIN_PASSWORD,
        realm_name=realm,
        user_realm_name="master",
        # A fresh Keycloak on a loaded machine took 63 s to create the realm; python-keycloak retries
        # a POST once on a read timeout, and the retry then met its own realm (409).
        timeout=120,
    )


def _ensure_scope(kc: KeycloakAdmin, payload: dict) -> None:
    existing = {s["name"]: s for s in kc.get_client_scopes()}
    if payload["name"] in existing:
        scope = existing[payload["name"]]
        mappers = {m["name"] for m in scope.get("protocolMappers", [])}
        for mapper in payload["protocolMappers"]:
            if mapper["name"] not in mappers and not any(
                m.get("protocolMapper") == mapper["protocolMapper"] for m in scope.get("protocolMappers", [])
            ):
                kc.add_mapper_to_client_scope(scope["id"], mapper)
        return
    kc.create_client_scope(payload, skip_exists=True)


def configure(cfg: StackConfig, name: str = REALM) -> None:
    """The realm `name` (the stack's `dialoog`; bench/keycloak_scale.py makes a second one alike)."""
    kc = admin(cfg)
    settings = {**REALM_SETTINGS, "realm": name}
    if name in {r["realm"] for r in kc.get_realms()}:
        kc.update_realm(name, settings)
    else:
        try:
            kc.create_realm(settings)
        except KeycloakPostError as exc:  # made meanwhile (a retried POST): the same as existing
            if exc.response_code != 409:
                raise
            kc.update_realm(name, settings)
    kc.change_current_realm(name)
    for role in sorted(KNOWN_ROLES):
        kc.create_realm_role({"name": role, "description": ROLE_DESCRIPTIONS[role]}, skip_exists=True)
    _ensure_scope(kc, API_SCOPE)
    _ensure_scope(kc, ORGANIZATION_SCOPE)
    for client in clients(cfg) + service_clients():
        existing = kc.get_client_id(client["clientId"])
        if existing is None:
            kc.create_client(client, skip_exists=True)
        else:
            kc.update_client(existing, {k: v for k, v in client.items() if k != "defaultClientScopes"})
        _assign_default_scopes(kc, kc.get_client_id(client["clientId"]), client["defaultClientScopes"])
    _grant_realm_management(kc, ORGANISATIE_CLIENT, ORGANISATIE_CLIENT_ROLES)


def _assign_default_scopes(kc: KeycloakAdmin, client_uuid: str, wanted: list[str]) -> None:
    scopes = {s["name"]: s["id"] for s in kc.get_client_scopes()}
    have = {s["name"] for s in kc.get_client_default_client_scopes(client_uuid)}
    for name in wanted:
        if name in scopes and name not in have:
            kc.add_client_default_client_scope(client_uuid, scopes[name], {})
