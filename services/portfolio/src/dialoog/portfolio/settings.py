from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_PORTFOLIO_", extra="ignore")

    service_name: str = "portfolio"
    max_body_bytes: int = 10 * 1024 * 1024 + 64 * 1024  # an attachment of 10 MiB passes
