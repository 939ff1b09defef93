from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_PORTAL_", extra="ignore")

    service_name: str = "portal"
    max_body_bytes: int = 11 * 1024 * 1024  # uploads: the HR import (8 MiB), attachments (10 MiB)

    public_url: str = "http://localhost:8300"  # where browsers reach the portal
    oidc_client_id: str = "dialoog-portal"
    oidc_client_secret: str = "dev-only-portal-secret"
    # Browsers are sent to the issuer's public URL; the portal itself may reach Keycloak elsewhere.
    oidc_internal_url: str | None = None
    organisatie_url: str = "http://127.0.0.1:8301"
    portfolio_url: str = "http://127.0.0.1:8302"
    salaris_url: str = "http://127.0.0.1:8304"
    feedback_url: str = "http://127.0.0.1:8303"
    notificaties_url: str = "http://127.0.0.1:8305"
    # The header's unread badge waits at most this long for notificaties (ADR 0027).
    badge_timeout_seconds: float = 1.0
    # The outsiders' answer page and the one-click unsubscribe page carry their secret link in the
    # path: kept out of logs and spans.
    secret_path_prefixes: tuple[str, ...] = ("/f/", "/u/")
    session_idle_minutes: int = 30
    cookie_name: str = "dialoog_session"
