import pytest

from . import gotools


@pytest.fixture(scope="session", autouse=True)
def _print_build_progress(request):
    """Let tests/deploy/gotools.py print a first build's progress past the output capture."""
    gotools.use(request.config)
