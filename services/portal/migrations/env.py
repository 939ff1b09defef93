from dialoog.kit.migrations import run_env
from dialoog.portal.persistence.tables import metadata

run_env(metadata)
