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
