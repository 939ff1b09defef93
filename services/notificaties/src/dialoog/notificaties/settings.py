from pydantic import Field
from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_NOTIFICATIES_", extra="ignore")

    service_name: str = "notificaties"

    # --- webhooks for integrators (ADR 0026) ---
    # Seals the endpoints' signing secrets at rest (DIALOOG_NOTIFICATIES_WEBHOOK_SECRET_KEY); unset:
    # derived from `secret_key`, which every deployment sets (changing it then needs a re-seal).
    webhook_secret_key: str | None = None
    # Private, loopback, link-local and unique-local targets (also after DNS): only for the dev stack
    # and tests, whose receivers listen on loopback. Plain http is allowed in development only.
    webhooks_allow_private: bool = False
    webhook_timeout_seconds: float = Field(10.0, gt=0)
    # Seconds between attempts; empty: the domain's schedule (about three days). Tests shorten it.
    webhook_retry_schedule: tuple[float, ...] = ()
    # Deliveries that gave up in a row before an endpoint is disabled (reason `failing`).
    webhook_disable_after_gave_up: int = Field(3, ge=1)
    webhook_batch_size: int = Field(50, ge=1)
    webhook_poll_seconds: float = Field(1.0, gt=0)
    webhook_max_endpoints: int = Field(20, ge=1)
