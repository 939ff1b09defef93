"""The pytest plugin (loaded with `-p dialoog.testing.plugin`).

Fixtures start, or reuse when `make up` runs, the real stack once per test session, and stop what
they started by pid at the end. Each test worker gets its own migrated databases.

With pytest-xdist (`make test` runs `-n 2 --dist loadfile`, ADR 0040) the controller starts or reuses the stack
once, while the workers already run the tests that need none, and stops it after they are done;
each test file stays on one worker, all of tests/e2e (which drive the stack's own service processes)
on one, run first; a test marked `exclusive` (it stops a part every worker shares) runs while no
other test runs (dialoog.testing.workers).

`pytest --today 2027-01-01` pins the business clock (`dialoog.kit.clock`) of this process and of
every service process the session uses (a reused stack's services are restarted on that day, and a
developer's stack is put back on the real day afterwards). The wall clock, tokens and Keycloak stay
real.
"""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from dialoog.devstack import postgres, stack
from dialoog.devstack.config import StackConfig
from dialoog.devstack.tokens import password_token
from dialoog.kit import clock
from dialoog.testing import workers
from dialoog.testing.databases import fresh_database
from dialoog.testing.nats_server import NatsServer
from dialoog.testing.tokens import TEST_KEY_NAME, LocalSigner, install_local_signer


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
    if _grouped(config):
        os.environ[GROUPED_ENV] = "1"  # for the workers, spawned later
        # Our order, not xdist's (by the number of tests per file): tests/e2e first, then the files
        # that need no stack, then the rest (dialoog.testing.workers.order_for_workers).
        config.option.loadscopereorder = False
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


def _stacks() -> tuple[StackConfig, StackConfig]:
    root = _repo_root()
    own = StackConfig.from_env(root / ".dialoog" / "test")
    dev = StackConfig.from_env(os.environ.get("DIALOOG_STATE_DIR") or root / ".dialoog")
    return own, dev


def _developers_stack_runs(dev: StackConfig) -> bool:
    return bool(stack.running_pid(dev, "keycloak") and stack.running_pid(dev, "organisatie"))


def _start_own(own: StackConfig) -> bool:
    """Start what is not running of our own stack (True when something was started); when that
    fails, what did start is stopped by its pids, so nothing is left running."""
    try:
        started = stack.up(own, with_services=True)
    except BaseException:
        stack.down(own)
        raise
    if not started:
        stack.align_clock(own)
    return bool(started)


def _release_stack(cfg: StackConfig, started: bool, moved: bool, run: Callable) -> None:
    if started:
        run(stack.down, cfg)
    elif moved:  # a developer's stack: the real day again
        clock.unpin()
        run(stack.align_clock, cfg)


# --- pytest-xdist (ADR 0040) -------------------------------------------------------------------
# The controller owns the stack: it starts it (or reuses a developer's) in pytest_sessionstart, on
# a thread, while the workers spawn and run the tests that need no stack, and releases it in
# pytest_sessionfinish, after every worker has finished (and dropped its databases). Workers find
# it through these variables and never start or stop it.
SHARED_STACK_ENV = "DIALOOG_TEST_SHARED_STACK"
LOCKS_ENV = "DIALOOG_TEST_LOCKS"
_controller = pytest.StashKey[dict]()


GROUPED_ENV = "DIALOOG_TEST_BY_FILE"


def _grouped(config: pytest.Config) -> bool:
    """`--dist loadfile`: a test file per worker, and all of tests/e2e on one (our scheduler). The
    controller has it as its `dist`; the workers (which run with dist "no") get it from the
    controller's environment, since their order of the tests must be the controller's."""
    if hasattr(config, "workerinput"):
        return os.environ.get(GROUPED_ENV) == "1"
    return getattr(config.option, "dist", "no") == "loadfile"


@pytest.hookimpl(optionalhook=True, tryfirst=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    return workers.make_scheduler(config, log) if _grouped(config) else None


def _is_xdist_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", 0))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    config = session.config
    if not _is_xdist_controller(config):
        return
    own, dev = _stacks()
    cfg = dev if _developers_stack_runs(dev) else own
    locks = cfg.state_dir / "test-locks"
    locks.mkdir(parents=True, exist_ok=True)
    held: dict = {"cfg": cfg, "moved": False, "start": None}
    if cfg is dev:
        held["moved"] = bool(stack.align_clock(dev))
        (locks / workers.READY_FILE).write_text("ok")
    else:
        held["start"] = workers.BackgroundStart(lambda: _start_own(own), locks / workers.READY_FILE)
    config.stash[_controller] = held
    os.environ[SHARED_STACK_ENV] = str(cfg.state_dir)
    os.environ[LOCKS_ENV] = str(locks)


def pytest_sessionfinish(session: pytest.Session) -> None:
    held = session.config.stash.get(_controller, None)
    if held is None:
        return
    start = held["start"]
    if start is not None:
        start.join()  # a run of only stackless tests still waits for the start it began
    _release_stack(held["cfg"], bool(start and start.started), held["moved"], run=_call)


def _call(fn, *args):
    return fn(*args)


def _shared_stack_outcome() -> str:
    return workers.wait_until_ready(Path(os.environ[LOCKS_ENV]) / workers.READY_FILE)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items) -> None:
    _mark_the_stack_start(items)
    if _grouped(config):
        workers.order_for_workers(config.rootpath, items)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    """Under xdist, outside the test's own timeout: a test that needs the stack waits until the
    controller has it running; a test marked `exclusive` waits until no other test runs, and no
    test starts while it runs (a readers-writer lock over the workers)."""
    locks = os.environ.get(LOCKS_ENV)
    if not locks or not os.environ.get("PYTEST_XDIST_WORKER"):
        yield
        return
    if workers.needs_the_stack(item):
        _shared_stack_outcome()  # an error is raised by the dialoog_stack fixture
    exclusive = item.get_closest_marker("exclusive") is not None
    with workers.shared_or_exclusive(Path(locks), exclusive=exclusive):
        yield


@pytest.fixture(scope="session")
def dialoog_stack() -> StackConfig:
    """The running stack: the developer's (`make up`) when it is healthy, else one of our own
    under .dialoog/test, stopped again when the session ends. Under xdist, the controller's."""
    shared = os.environ.get(SHARED_STACK_ENV)
    if shared:
        outcome = _shared_stack_outcome()
        if outcome != "ok":
            pytest.exit(f"the test stack did not start: {outcome}", returncode=3)
        yield StackConfig.from_env(Path(shared))
        return
    own, dev = _stacks()
    if _developers_stack_runs(dev):
        cfg, started, moved = dev, False, bool(in_thread(stack.align_clock, dev))
    else:
        cfg, started, moved = own, in_thread(_start_own, own), False
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
    return install_local_signer(dialoog_stack, f"{TEST_KEY_NAME}-{worker_id()}")


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
