from dialoog.kit.migrations import run_env
from dialoog.notificaties.persistence.tables import metadata

run_env(metadata)
