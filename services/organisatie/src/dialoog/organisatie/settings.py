from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_ORGANISATIE_", extra="ignore")

    service_name: str = "organisatie"
    max_body_bytes: int = 9 * 1024 * 1024  # the HR import's CSV (8 MiB) must fit

    # Keycloak admin API, as the confidential client `dialoog-organisatie` (service account)
    keycloak_admin_url: str = "http://127.0.0.1:8280"
    keycloak_realm: str = "dialoog"
    keycloak_client_id: str = "dialoog-organisatie"
    keycloak_client_secret: str = "dev-only-not-secret"
    provision_keycloak: bool = True
