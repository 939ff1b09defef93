from dialoog.kit.migrations import run_env
from dialoog.portfolio.persistence.tables import metadata

run_env(metadata)
