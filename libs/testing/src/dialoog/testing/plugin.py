"""The pytest plugin (loaded with `-p dialoog.testing.plugin`).

Fixtures start, or reuse when `make up` runs, the real stack once per test session, and stop what
they started by pid at the end. Each test worker gets its own migrated databases.

With pytest-xdist (`make test` runs `-n 2`, ADR 0040) the controller starts
or reuses the stack once before the workers exist and stops it after they are done; each test file
stays on one worker, all of tests/e2e (which drive the stack's own service processes) on one, run
first; a test marked `exclusive` (it stops a part every worker shares) runs while no other test runs.

`pytest --today 2027-01-01` pins the business clock (`dialoog.kit.clock`) of this process and of
every service process the session uses (a reused stack's services are restarted on that day, and a
developer's stack is put back on the real day afterwards). The wall clock, tokens and Keycloak stay
real.
"""

from __future__ import annotations

import asyncio
import fcntl
import importlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx
import pytest

from dialoog.devstack import postgres, stack
from dialoog.devstack.config import StackConfig
from dialoog.devstack.tokens import password_token
from dialoog.kit import clock
from dialoog.testing.databases import fresh_database
from dialoog.testing.nats_server import NatsServer
from dialoog.testing.tokens import LocalSigner, install_local_signer


def _repo_root() -> Path:
    here = Path.cwd()
    for candidate in (here, *here.parents):
        if (candidate / "uv.lock").exists():
            return candidate
    return here


def in_thread(fn, *args):
    """Run blocking code that may itself call asyncio.run (migrations, provisioning) from inside a
    running event loop (an async fixture), on a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn, *args).result()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--today",
        metavar="YYYY-MM-DD",
        default=None,
        help="run with the business clock (dialoog.kit.clock) set to this day; the wall clock stays real",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "exclusive: stops a part of the stack every worker shares; runs while no other test runs"
    )
    day = config.getoption("--today", default=None)
    if day:
        try:
            pinned = clock.parse_pin(day)
        except ValueError as exc:
            raise pytest.UsageError(f"--today: {exc}") from exc
        clock.pin(pinned)
        os.environ.update(clock.pinned_environment())  # for every process the session starts


# Starting the whole stack (Keycloak above all) can take minutes on a loaded machine; the first test
# that needs it pays for it in its setup, so that test alone gets a longer timeout.
STACK_START_TIMEOUT_SECONDS = 1200


def _mark_the_stack_start(items) -> None:
    for item in items:
        if "dialoog_stack" in getattr(item, "fixturenames", ()):
            current = item.get_closest_marker("timeout")
            seconds = current.args[0] if current and current.args else 0
            if seconds < STACK_START_TIMEOUT_SECONDS:
                item.add_marker(pytest.mark.timeout(STACK_START_TIMEOUT_SECONDS), append=False)
            break


def pytest_report_header(config: pytest.Config) -> str:
    state = "pinned with --today" if clock.is_pinned() else "the real day"
    return f"business clock: {clock.today().isoformat()} ({state})"


def worker_id() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _acquire_stack(run: Callable) -> tuple[StackConfig, bool, bool]:
    """The developer's stack (`make up`) when it is healthy, its services moved to this session's
    business day; else one of our own under .dialoog/test, started when it is not running.
    Returns (the stack, whether we started it, whether we moved a developer's clock)."""
    root = _repo_root()
    own = StackConfig.from_env(root / ".dialoog" / "test")
    dev = StackConfig.from_env(os.environ.get("DIALOOG_STATE_DIR") or root / ".dialoog")
    if stack.running_pid(dev, "keycloak") and stack.running_pid(dev, "organisatie"):
        return dev, False, bool(run(stack.align_clock, dev))
    try:
        started = run(lambda: stack.up(own, with_services=True))
    except BaseException:
        run(stack.down, own)  # what did start, stopped by its pids: nothing is left running
        raise
    if not started:
        run(stack.align_clock, own)
    return own, bool(started), False


def _release_stack(cfg: StackConfig, started: bool, moved: bool, run: Callable) -> None:
    if started:
        run(stack.down, cfg)
    elif moved:  # a developer's stack: the real day again
        clock.unpin()
        run(stack.align_clock, cfg)


def _call(fn, *args):
    return fn(*args)


# --- pytest-xdist (ADR 0040) -------------------------------------------------------------------
# The controller owns the stack: it is started (or reused) in pytest_sessionstart, before the
# workers are spawned, and released in pytest_sessionfinish, after every worker has finished (and
# dropped its databases). Workers find it through this variable and never start or stop it.
SHARED_STACK_ENV = "DIALOOG_TEST_SHARED_STACK"
LOCKS_ENV = "DIALOOG_TEST_LOCKS"
E2E_GROUP = "e2e"


def _is_xdist_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", 0))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if not _is_xdist_controller(config):
        return
    try:
        cfg, started, moved = _acquire_stack(_call)
    except Exception as exc:  # the run cannot start: say why once, not in every test
        pytest.exit(f"the test stack did not start: {exc}", returncode=3)
    config.stash[_controller_stack] = (cfg, started, moved)
    locks = cfg.state_dir / "test-locks"
    locks.mkdir(parents=True, exist_ok=True)
    os.environ[SHARED_STACK_ENV] = str(cfg.state_dir)
    os.environ[LOCKS_ENV] = str(locks)


def pytest_sessionfinish(session: pytest.Session) -> None:
    held = session.config.stash.get(_controller_stack, None)
    if held is not None:
        _release_stack(*held, run=_call)


_controller_stack = pytest.StashKey[tuple[StackConfig, bool, bool]]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items) -> None:
    _mark_the_stack_start(items)
    if getattr(config.option, "dist", "no") == "loadgroup":
        _group_for_workers(config, items)


def _group_for_workers(config: pytest.Config, items) -> None:
    """One worker per test file (its module fixtures are made once); every test of tests/e2e on one
    worker, since they share the stack's service processes and its demo tenants; those first, as
    they are the longest part (the other worker takes the files one after another meanwhile)."""
    e2e = config.rootpath / "tests" / "e2e"
    for item in items:
        path = item.path
        in_e2e = e2e in path.parents
        name = E2E_GROUP if in_e2e else str(path.relative_to(config.rootpath))
        item.add_marker(pytest.mark.xdist_group(name))
    items.sort(key=lambda item: 0 if e2e in item.path.parents else 1)  # stable: order kept within


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    """Under xdist, a test marked `exclusive` waits until no other test runs, and no test starts
    while it runs (a readers-writer lock over the workers; outside the test's own timeout)."""
    locks = os.environ.get(LOCKS_ENV)
    if not locks or not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    with shared_or_exclusive(Path(locks), exclusive=item.get_closest_marker("exclusive") is not None):
        yield


@contextmanager
def shared_or_exclusive(directory: Path, *, exclusive: bool) -> Iterator[None]:
    """A readers-writer lock of flock(2) files. The gate gives a waiting writer priority: a reader
    passes the gate only to take its shared lock, a writer keeps the gate until it is done."""
    with open(directory / "gate", "a") as gate, open(directory / "tests", "a") as tests:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(tests, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        finally:
            if not exclusive:
                fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(tests, fcntl.LOCK_UN)
            if exclusive:
                fcntl.flock(gate, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def dialoog_stack() -> StackConfig:
    """The running stack: the developer's (`make up`) when it is healthy, else one of our own
    under .dialoog/test, stopped again when the session ends. Under xdist, the controller's."""
    shared = os.environ.get(SHARED_STACK_ENV)
    if shared:
        yield StackConfig.from_env(Path(shared))
        return
    cfg, started, moved = _acquire_stack(in_thread)
    try:
        yield cfg
    finally:
        _release_stack(cfg, started, moved, run=in_thread)


@pytest.fixture(scope="session")
def keycloak_token(dialoog_stack: StackConfig) -> Callable[..., str]:
    """`keycloak_token("bel.beheer")`: a real access token for a demo user (cached per session;
    tokens live 5 minutes, so a fresh one is fetched when the cached one is older than 4)."""
    import time

    cache: dict[tuple[str, str | None], tuple[float, str]] = {}

    def get(username: str, scope: str | None = None) -> str:
        key = (username, scope)
        hit = cache.get(key)
        if hit and time.monotonic() - hit[0] < 240:
            return hit[1]
        token = password_token(dialoog_stack, username, scope)
        cache[key] = (time.monotonic(), token)
        return token

    return get


@pytest.fixture(scope="session")
def local_signer(dialoog_stack: StackConfig) -> LocalSigner:
    return install_local_signer(dialoog_stack)


@pytest.fixture(scope="session")
def test_databases(dialoog_stack: StackConfig) -> Callable[[str], dict[str, str]]:
    """`test_databases("organisatie")`: this worker's freshly migrated database for a service,
    as {"app": url, "owner": url}. Made once per session, dropped at the end. A `label` gives a
    separate database of the same service (`test_databases("organisatie", "events")`)."""
    made: dict[tuple[str, str], dict[str, str]] = {}

    def get(service: str, label: str = "") -> dict[str, str]:
        suffix = f"_t_{worker_id()}" + (f"_{label}" if label else "")
        if (service, label) not in made:
            made[(service, label)] = in_thread(fresh_database, dialoog_stack, service, suffix)
        return made[(service, label)]

    yield get
    for (service, _), urls in made.items():
        in_thread(asyncio.run, postgres.drop_database(dialoog_stack, service, urls["suffix"]))


@pytest.fixture(scope="session")
def test_nats(tmp_path_factory) -> NatsServer:
    """This worker's own nats-server: in-process service apps publish and consume here, so the
    stack's service processes (which share consumer names) never see test events."""
    server = NatsServer(tmp_path_factory.mktemp("nats")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def service_settings(dialoog_stack: StackConfig, test_databases, test_nats):
    """`service_settings("organisatie", database_pool_size=1)`: settings for an in-process app on
    this worker's database and the running stack."""

    def make(service: str, **overrides):
        module = importlib.import_module(f"dialoog.{service}.settings")
        env = dialoog_stack.service_env(service)
        prefix = f"DIALOOG_{service.upper()}_"
        values = {k.removeprefix(prefix).lower(): v for k, v in env.items()}
        values["database_url"] = test_databases(service)["app"]
        values["nats_url"] = test_nats.url
        if service == "notificaties":
            # Its consumer starts reminder workflows (ADR 0030). An in-process app must not hand them
            # to the stack's notificaties worker, which runs on the stack's database (where these
            # subjects do not exist): a queue of this pytest worker's own, polled only by a test's
            # own worker when a test wants them run.
            values["temporal_task_queue"] = f"notificaties-test-{worker_id()}"
        values.update(overrides)
        return module.Settings(**values)

    return make


@pytest.fixture(scope="session")
def service_client(service_settings):
    """`async with service_client("organisatie") as client:` an httpx client on the service app
    running in this process (lifespan included), against real PostgreSQL, NATS and Keycloak."""

    @asynccontextmanager
    async def open_client(service: str, **overrides) -> AsyncIterator[httpx.AsyncClient]:
        module = importlib.import_module(f"dialoog.{service}.main")
        app = module.create_app(service_settings(service, **overrides))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url=f"http://{service}.test") as client:
                client.app = app  # type: ignore[attr-defined]
                yield client

    return open_client


@pytest.fixture(scope="session")
def mailbox(dialoog_stack: StackConfig):
    """What the stack's SMTP sink received (`dialoog.testing.mailbox.Mailbox`): the mail of every
    service process and of in-process service apps (their settings point at the sink). The folder
    is shared by the whole session: look for a recipient of your own."""
    from dialoog.testing.mailbox import Mailbox

    return Mailbox(dialoog_stack.mail_dir)
