from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import DEV_SECRET, ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_FEEDBACK_", extra="ignore")

    service_name: str = "feedback"
    # Signs outsiders' personal links and keys the hashes of opted-out addresses and the order in
    # which anonymous answers are shown (DIALOOG_FEEDBACK_LINK_SECRET; refused outside development
    # while it is the development default).
    link_secret: str = DEV_SECRET
    link_days: int = 30
    # The portal, where a link opens as `{public_url}/f/{link}`.
    public_url: str = "http://localhost:8300"
    # Outsider invitations a day (Europe/Amsterdam): per requester and per tenant (issue 12 point 5).
    outsider_invitations_per_requester_per_day: int = 10
    outsider_invitations_per_tenant_per_day: int = 200
    # The feedback worker (`python -m dialoog.feedback.workflows.worker`) polls this task queue and
    # keeps the Temporal Schedule `sweep_schedule_id` (one per deployment) that starts the sweep
    # every `sweep_interval_seconds`: requests past their deadline or their retention (ADR 0022).
    temporal_address: str = "127.0.0.1:7244"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "feedback"
    sweep_schedule_id: str = "feedback-sweep"
    sweep_interval_seconds: float = 3600.0
