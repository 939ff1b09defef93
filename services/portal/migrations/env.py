from dialoog.portal.persistence.tables import metadata
from dialoog.kit.migrations import run_env

run_env(metadata)
