from dialoog.kit.migrations import run_env
from dialoog.organisatie.persistence.tables import metadata

run_env(metadata)
