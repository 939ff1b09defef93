from pydantic_settings import SettingsConfigDict

from dialoog.kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="DIALOOG_SALARIS_", extra="ignore")

    service_name: str = "salaris"
    temporal_address: str = "127.0.0.1:7244"
    temporal_namespace: str = "default"
    temporal_task_queue: str = "salaris"
    # Letters are rendered in this many processes by the worker (0: the number of CPUs).
    letter_processes: int = 0
    letter_batch: int = 100
