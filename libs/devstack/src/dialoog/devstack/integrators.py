"""NATS accounts: the services' account `DIALOOG`, and one account per integrator that imports only
what that integrator may use (docs/adr/0014-integrator-accounts.md).

The services connect as user `dialoog` in the account `DIALOOG`, which has JetStream and owns the
streams. An integrator `int_<tenant>_<name>` is the only user of its own account
`INT_<tenant>_<name>`, which has no JetStream of its own. It imports from `DIALOOG`:

- the live events `hr.<tenant>.>` (a stream import, for plain subscriptions);
- `$JS.API.CONSUMER.INFO.*.<user>` and `$JS.API.CONSUMER.MSG.NEXT.*.<user>`, under the prefix
  `$JS.DIALOOG.API` (what `nc.jetstream(prefix=...)` uses): information on and pulls from the
  durable consumers named after the user, which the platform creates (integrator_consumers.py);
- `$JS.ACK.*.<user>.>`: acknowledgements of what those consumers delivered.

Nothing else of `DIALOOG` exists in the integrator's account: no other subject, no stream, no way
to create, change or delete a consumer. The dev stack keeps the integrators in
`.dialoog/nats/integrators.json` and writes them into the `accounts` block of nats.conf (reloaded
with SIGHUP)."""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import asdict, dataclass, field

from dialoog.contracts.envelope import TENANT_PATTERN
from dialoog.devstack.config import NATS_SERVICE_PASSWORD, NATS_SERVICE_USER, StackConfig

SERVICE_ACCOUNT = "DIALOOG"
SERVICE_USER = NATS_SERVICE_USER
SERVICE_PASSWORD = NATS_SERVICE_PASSWORD
# Where the imported consumer API appears in an integrator's account. Not `$JS.API` itself: an
# account without JetStream has the server's own `$JS.API.>` responder ("JetStream not enabled
# for account"), which would answer first.
API_PREFIX = "$JS.DIALOOG.API"
TENANT = re.compile(TENANT_PATTERN)
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")
TOKEN = re.compile(r"^[a-z0-9_-]+$")


@dataclass(frozen=True)
class Integrator:
    tenant: str
    name: str
    password: str
    # Filter subjects of its consumers, each inside hr.<tenant>.<service>.; empty: every service.
    only: tuple[str, ...] = field(default=())

    @property
    def user(self) -> str:
        """Also the name of its durable consumer on each stream it reads."""
        return f"int_{self.tenant}_{self.name}"

    @property
    def account(self) -> str:
        return f"INT_{self.tenant}_{self.name}"

    @property
    def inbox_prefix(self) -> str:
        return f"_INBOX_{self.user}"

    @property
    def subjects(self) -> str:
        return f"hr.{self.tenant}.>"

    def exports(self) -> list[dict]:
        """What `DIALOOG` exports to this integrator's account, and to it alone."""
        only = [self.account]
        return [
            {"stream": self.subjects, "accounts": only},
            {"service": f"$JS.API.CONSUMER.INFO.*.{self.user}", "accounts": only},
            {
                "service": f"$JS.API.CONSUMER.MSG.NEXT.*.{self.user}",
                "response_type": "stream",
                "accounts": only,
            },
            {"service": f"$JS.ACK.*.{self.user}.>", "accounts": only},
        ]

    def imports(self) -> list[dict]:
        def api(verb: str) -> dict:
            subject = f"$JS.API.CONSUMER.{verb}.*.{self.user}"
            return {
                "service": {"account": SERVICE_ACCOUNT, "subject": subject},
                "to": subject.replace("$JS.API", API_PREFIX, 1),
            }

        return [
            {"stream": {"account": SERVICE_ACCOUNT, "subject": self.subjects}},
            api("INFO"),
            api("MSG.NEXT"),
            {"service": {"account": SERVICE_ACCOUNT, "subject": f"$JS.ACK.*.{self.user}.>"}},
        ]


def check_filter(tenant: str, subject: str, services: tuple[str, ...]) -> str:
    """A consumer filter for the tenant: hr.<tenant>.<service>[.<token>|.*]...[.>]."""
    tokens = subject.split(".")
    ok = (
        len(tokens) >= 3
        and tokens[:2] == ["hr", tenant]
        and tokens[2] in services
        and all(TOKEN.match(t) or t == "*" for t in tokens[3:-1])
        and (len(tokens) == 3 or TOKEN.match(tokens[-1]) or tokens[-1] in ("*", ">"))
    )
    if not ok:
        raise ValueError(
            f"a filter is a subject inside hr.{tenant}.<service>. for a service of {', '.join(services)}: "
            f"{subject!r}"
        )
    return subject


def _store(cfg: StackConfig):
    return cfg.state_dir / "nats" / "integrators.json"


def load(cfg: StackConfig) -> list[Integrator]:
    try:
        rows = json.loads(_store(cfg).read_text())
    except FileNotFoundError:
        return []
    return [Integrator(**{**row, "only": tuple(row.get("only", ()))}) for row in rows]


def accounts_block(cfg: StackConfig) -> str:
    """The `accounts` block of nats.conf (JSON is valid NATS configuration)."""
    integrators = load(cfg)
    accounts = {
        SERVICE_ACCOUNT: {
            "jetstream": "enabled",
            "users": [{"user": SERVICE_USER, "password": SERVICE_PASSWORD}],
            "exports": [export for integrator in integrators for export in integrator.exports()],
        }
    }
    for integrator in integrators:
        accounts[integrator.account] = {
            "users": [{"user": integrator.user, "password": integrator.password}],
            "imports": integrator.imports(),
        }
    return "accounts: " + json.dumps(accounts, indent=2) + "\n"


def add(
    cfg: StackConfig, tenant: str, name: str, nats_pid: int | None, only: tuple[str, ...] = ()
) -> Integrator:
    """Store an integrator with a new password (rotation when it exists) and reload nats-server."""
    from dialoog.devstack.integrator_consumers import event_services

    if not TENANT.match(tenant):
        raise ValueError(f"not a tenant key: {tenant!r}")
    if not NAME.match(name):
        raise ValueError(f"an integrator name is lower-case letters, digits and dashes: {name!r}")
    services = event_services()
    only = tuple(check_filter(tenant, subject, services) for subject in only)
    existing = [i for i in load(cfg) if not (i.tenant == tenant and i.name == name)]
    integrator = Integrator(tenant, name, secrets.token_urlsafe(24), only)
    store = _store(cfg)
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps([asdict(i) for i in [*existing, integrator]], indent=2))
    store.chmod(0o600)
    from dialoog.devstack.nats import config_file, reload

    config_file(cfg, accounts_block(cfg))
    if nats_pid:
        reload(nats_pid)
    return integrator


def credentials(cfg: StackConfig, integrator: Integrator, streams: list[str]) -> dict:
    """What the integrator needs to connect, as `dialoog integrator` prints it."""
    return {
        "url": cfg.nats_address,
        "user": integrator.user,
        "password": integrator.password,
        "inbox_prefix": integrator.inbox_prefix,
        "api_prefix": API_PREFIX,
        "consumer": integrator.user,
        "streams": streams,
        "subjects": integrator.subjects,
    }
