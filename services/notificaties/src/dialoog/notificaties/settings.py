from pydantic import Field
from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_NOTIFICATIES_", extra="ignore")

    service_name: str = "notificaties"
    # --- notifications, e-mail and digests (ADR 0025) ---------------------------------------------
    # The portal: links in mails are `{public_url}{path}`, one-click unsubscribe `{public_url}/u/{token}`.
    public_url: str = "http://localhost:8300"
    # Signs the one-click unsubscribe links (HMAC-SHA256), under key id `unsubscribe_key_id`
    # (DIALOOG_NOTIFICATIES_UNSUBSCRIBE_SECRET; unset: a key derived from `secret_key`, which is
    # refused outside development while it is the development default).
    # Links signed under an earlier key keep working while that key is in `unsubscribe_old_secrets`
    # ({key id: secret}).
    unsubscribe_secret: str | None = None
    unsubscribe_key_id: str = "1"
    unsubscribe_old_secrets: dict[str, str] = Field(default_factory=dict)
    # The notificaties worker (`python -m dialoog.notificaties.workflows.worker`) polls this task
    # queue and keeps the Temporal Schedule `digest_schedule_id` that sends the due digests every
    # `digest_interval_seconds`.
    temporal_address: str = "127.0.0.1:7244"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "notificaties"
    digest_schedule_id: str = "notificaties-digests"
    digest_interval_seconds: float = 900.0

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
