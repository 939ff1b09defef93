from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_PORTFOLIO_", extra="ignore")

    service_name: str = "portfolio"
    max_body_bytes: int = 10 * 1024 * 1024 + 64 * 1024  # an attachment of 10 MiB passes
    # Where the dossier export fetches salary decision letters (with the caller's own token).
    salaris_url: str = "http://127.0.0.1:8304"
    salaris_timeout_seconds: float = 5.0
