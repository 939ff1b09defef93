from dialoog.kit.migrations import run_env
from dialoog.salaris.persistence.tables import metadata

run_env(metadata)
