"""NATS users: the services' user, and per tenant integrator users that may only read that tenant's
events (`hr.<tenant>.>`) through a durable consumer named after themselves.

The dev stack keeps them in `.dialoog/nats/integrators.json` and in the `authorization` block of
nats.conf (reloaded with SIGHUP). Production uses NATS accounts with the same permission set
(docs/integrators.md)."""

from __future__ import annotations

import json
import os
import re
import secrets
import signal
from dataclasses import asdict, dataclass

from dialoog.contracts.envelope import TENANT_PATTERN
from dialoog.devstack.config import NATS_SERVICE_PASSWORD, NATS_SERVICE_USER, StackConfig

SERVICE_USER = NATS_SERVICE_USER
SERVICE_PASSWORD = NATS_SERVICE_PASSWORD
TENANT = re.compile(TENANT_PATTERN)
NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


@dataclass(frozen=True)
class Integrator:
    tenant: str
    name: str
    password: str

    @property
    def user(self) -> str:
        """Also the only durable consumer name this user may create and read."""
        return f"int_{self.tenant}_{self.name}"

    @property
    def inbox_prefix(self) -> str:
        return f"_INBOX_{self.user}"

    def permissions(self) -> dict:
        user = self.user
        return {
            "publish": {
                "allow": [
                    "$JS.API.INFO",
                    f"$JS.API.CONSUMER.CREATE.*.{user}.hr.{self.tenant}.>",
                    f"$JS.API.CONSUMER.INFO.*.{user}",
                    f"$JS.API.CONSUMER.DELETE.*.{user}",
                    f"$JS.API.CONSUMER.MSG.NEXT.*.{user}",
                    f"$JS.ACK.*.{user}.>",
                ]
            },
            "subscribe": {"allow": [f"hr.{self.tenant}.>", f"{self.inbox_prefix}.>"]},
        }


def _store(cfg: StackConfig):
    return cfg.state_dir / "nats" / "integrators.json"


def load(cfg: StackConfig) -> list[Integrator]:
    try:
        return [Integrator(**row) for row in json.loads(_store(cfg).read_text())]
    except FileNotFoundError:
        return []


def _quote(value: str) -> str:
    return json.dumps(value)


def authorization_block(cfg: StackConfig) -> str:
    users = [f"    {{user: {_quote(SERVICE_USER)}, password: {_quote(SERVICE_PASSWORD)}}}"]
    for integrator in load(cfg):
        users.append(
            f"    {{user: {_quote(integrator.user)}, password: {_quote(integrator.password)}, "
            f"permissions: {json.dumps(integrator.permissions())}}}"
        )
    return "authorization {\n  users = [\n" + "\n".join(users) + "\n  ]\n}\n"


def add(cfg: StackConfig, tenant: str, name: str, nats_pid: int | None) -> Integrator:
    if not TENANT.match(tenant):
        raise ValueError(f"not a tenant key: {tenant!r}")
    if not NAME.match(name):
        raise ValueError(f"an integrator name is lower-case letters, digits and dashes: {name!r}")
    existing = [i for i in load(cfg) if not (i.tenant == tenant and i.name == name)]
    integrator = Integrator(tenant, name, secrets.token_urlsafe(24))
    store = _store(cfg)
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps([asdict(i) for i in [*existing, integrator]], indent=2))
    store.chmod(0o600)
    from dialoog.devstack.nats import config_file

    config_file(cfg, authorization_block(cfg))
    if nats_pid:
        os.kill(nats_pid, signal.SIGHUP)  # nats-server reloads its configuration
    return integrator
