"""Service settings: one prefix per service, no default secrets outside development."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-only-not-secret"


class ServiceSettings(BaseSettings):
    """Settings every service shares. A service subclasses this with its own `env_prefix`,
    e.g. `DIALOOG_ORGANISATIE_DATABASE_URL`."""

    model_config = SettingsConfigDict(env_prefix="DIALOOG_", extra="ignore")

    service_name: str = "dialoog"
    environment: Literal["development", "test", "production"] = "development"

    # The app role: neither owner, nor superuser, nor BYPASSRLS.
    database_url: str = "postgresql+asyncpg://dialoog_app:dev-only-not-secret@127.0.0.1:5544/dialoog"
    database_pool_size: int = 5
    database_max_overflow: int = 5

    # One URL, or several separated by commas (the nodes of a cluster; the client also learns the
    # others from the server it reaches first).
    nats_url: str = "nats://127.0.0.1:4244"

    oidc_issuer: str = "http://127.0.0.1:8280/realms/dialoog"
    oidc_audience: str = "dialoog-api"
    oidc_jwks_url: str | None = None  # derived from the issuer when empty
    oidc_leeway_seconds: int = 30

    events_duplicate_window_seconds: float = 120.0
    relay_batch_size: int = 500
    # Replicas of the service's stream and of the dead-letter stream (1 on one nats-server; 3 on a
    # cluster of 3, so a stream survives one node). Applied to the streams at every start: raising
    # it scales an existing stream up (ADR 0028).
    stream_replicas: int = Field(1, ge=1, le=5)

    # Mail (dialoog.kit.mail, ADR 0021): the dev stack points these at its SMTP sink; production
    # at a relay, with STARTTLS (port 587) or implicit TLS (465) and a login.
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 2544
    smtp_starttls: bool = False
    smtp_implicit_tls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_validate_certs: bool = True
    smtp_ca_file: str | None = None  # PEM bundle to trust for the relay (a private CA); else the system's
    smtp_timeout_seconds: float = 30.0
    mail_from: str = "Dialoog <no-reply@dialoog.localhost>"
    mail_domain: str = "dialoog.localhost"  # the right side of every Message-ID
    mail_batch_size: int = Field(50, ge=1)
    mail_retry_base_seconds: float = Field(5.0, gt=0)
    mail_retry_max_seconds: float = Field(3600.0, gt=0)

    secret_key: str = DEV_SECRET
    max_body_bytes: int = 1_048_576

    otel_exporter: Literal["none", "console", "otlp"] = "none"
    otel_endpoint: str | None = None
    # Path prefixes whose rest is a secret (the portal's `/f/` outsider links): redacted in the access
    # log, the spans and the kit's log lines (kit.redaction, ADR 0023).
    secret_path_prefixes: tuple[str, ...] = ()

    @property
    def jwks_url(self) -> str:
        return self.oidc_jwks_url or f"{self.oidc_issuer}/protocol/openid-connect/certs"

    @model_validator(mode="after")
    def _mail_transport(self) -> ServiceSettings:
        if self.smtp_starttls and self.smtp_implicit_tls:
            raise ValueError(
                f"{self.service_name}: smtp_starttls and smtp_implicit_tls exclude each other "
                "(STARTTLS upgrades a plain connection, usually on 587; implicit TLS is TLS from the "
                "start, usually on 465)"
            )
        if (self.smtp_username is None) != (self.smtp_password is None):
            raise ValueError(f"{self.service_name}: set smtp_username and smtp_password together")
        plain = not (self.smtp_starttls or self.smtp_implicit_tls)
        if self.environment != "development" and self.smtp_username is not None and plain:
            raise ValueError(
                f"{self.service_name}: an SMTP login over a plain connection would send the password "
                "in the clear; set smtp_starttls or smtp_implicit_tls"
            )
        return self

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> ServiceSettings:
        if self.environment == "development":
            return self
        # Every secret-bearing setting, also those of subclasses (client secrets, URLs with passwords).
        for name, value in self.model_dump().items():
            if isinstance(value, str) and "dev-only" in value:
                raise ValueError(
                    f"{self.service_name}: {name} holds a development secret, which may not be used in "
                    f"environment '{self.environment}'; set a real one"
                )
        return self
