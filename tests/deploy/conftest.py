import pytest

from . import gotools


@pytest.fixture(scope="session", autouse=True)
def _print_build_progress(request):
    """Let tests/deploy/gotools.py print a first build's progress past the output capture."""
    gotools.use(request.config)


def pytest_collection_finish(session):
    """The deploy tests run late in `make test`; their tools start building now (gotools.prebuild)."""
    if any("tests/deploy/" in item.nodeid for item in session.items):
        gotools.use(session.config)
        gotools.prebuild()


def pytest_unconfigure(config):
    gotools.stop_prebuild()
