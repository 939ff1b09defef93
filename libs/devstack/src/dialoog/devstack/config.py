"""Where the stack lives and on which ports. Every port can be moved with an environment variable."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from dialoog.kit.settings import DEV_SECRET

SERVICES = ("organisatie", "portfolio", "feedback", "salaris", "notificaties", "portal")
KEYCLOAK_VERSION = os.environ.get("DIALOOG_KEYCLOAK_VERSION", "26.7.3")
REALM = "dialoog"
AUDIENCE = "dialoog-api"
DEV_CLIENT = "dialoog-dev"
PORTAL_CLIENT = "dialoog-portal"
ADMIN_USER = "admin"
ADMIN_PASSWORD = "admin"
DEMO_PASSWORD = "dialoog"
DB_PASSWORD = DEV_SECRET
# The NATS user every service connects as (integrators get their own, see integrators.py).
NATS_SERVICE_USER = "dialoog"
NATS_SERVICE_PASSWORD = DB_PASSWORD

DEFAULT_PORTS = {
    "postgres": 5544,
    "nats": 4244,
    "nats_monitor": 8244,
    "temporal": 7244,
    "temporal_http": 7245,
    "temporal_metrics": 7246,
    "keycloak": 8280,
    "keycloak_management": 8281,
    "smtp": 2544,
    "portal": 8300,
    "organisatie": 8301,
    "portfolio": 8302,
    "feedback": 8303,
    "salaris": 8304,
    "notificaties": 8305,
}


def port_env_name(key: str) -> str:
    return f"DIALOOG_PORT_{key.upper()}"


def cache_dir() -> Path:
    base = os.environ.get("DIALOOG_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "dialoog"
    )
    return Path(base)


@dataclass(frozen=True)
class StackConfig:
    state_dir: Path
    ports: dict[str, int] = field(default_factory=dict)
    host: str = "127.0.0.1"
    # `dialoog up --replicas N` (ADR 0028): N processes of every service and worker, the second on
    # its port + 10; NATS as a cluster of 3 nodes (node n on the ports of node 1 + n - 1).
    replicas: int = 1

    @classmethod
    def from_env(cls, state_dir: str | Path | None = None) -> StackConfig:
        directory = Path(state_dir or os.environ.get("DIALOOG_STATE_DIR") or ".dialoog").resolve()
        ports = {k: int(os.environ.get(port_env_name(k), v)) for k, v in DEFAULT_PORTS.items()}
        return cls(state_dir=directory, ports=ports)

    def port(self, key: str) -> int:
        return self.ports[key]

    # --- URLs that services, tests and people use -------------------------------------------
    @property
    def keycloak_url(self) -> str:
        # The public hostname is fixed, so every token has the same issuer wherever it came from.
        return f"http://localhost:{self.port('keycloak')}"

    @property
    def issuer(self) -> str:
        return f"{self.keycloak_url}/realms/{REALM}"

    @property
    def nats_address(self) -> str:
        """nats://host:port without credentials (integrators connect with their own)."""
        return f"nats://{self.host}:{self.port('nats')}"

    @property
    def nats_nodes(self) -> int:
        return 3 if self.replicas > 1 else 1

    def nats_port(self, node: int, key: str = "nats") -> int:
        """A port (`nats`, `nats_monitor`) of node `node` (1, 2, 3) of the cluster."""
        return self.port(key) + node - 1

    @property
    def nats_servers(self) -> list[str]:
        """Every node's URL as the services' NATS user (integrators get their own, see integrators.py)."""
        credentials = f"{NATS_SERVICE_USER}:{NATS_SERVICE_PASSWORD}"
        return [
            f"nats://{credentials}@{self.host}:{self.nats_port(n)}" for n in range(1, self.nats_nodes + 1)
        ]

    @property
    def nats_url(self) -> str:
        """nats_servers as the services' setting: separated by commas (dialoog.kit.nats_link)."""
        return ",".join(self.nats_servers)

    @property
    def temporal_address(self) -> str:
        return f"{self.host}:{self.port('temporal')}"

    def service_url(self, service: str) -> str:
        return f"http://{self.host}:{self.port(service)}"

    def database_name(self, service: str, suffix: str = "") -> str:
        return f"dialoog_{service}{suffix}"

    def app_role(self, service: str) -> str:
        return f"dialoog_{service}_app"

    def owner_role(self, service: str) -> str:
        return f"dialoog_{service}_owner"

    def database_url(self, service: str, *, owner: bool = False, suffix: str = "") -> str:
        role = self.owner_role(service) if owner else self.app_role(service)
        return (
            f"postgresql+asyncpg://{role}:{DB_PASSWORD}@{self.host}:{self.port('postgres')}/"
            f"{self.database_name(service, suffix)}"
        )

    def service_env(self, service: str, suffix: str = "") -> dict[str, str]:
        """The environment a service process (or an in-process test app) is configured with."""
        prefix = f"DIALOOG_{service.upper()}_"
        return {
            prefix + "ENVIRONMENT": "development",
            prefix + "DATABASE_URL": self.database_url(service, suffix=suffix),
            prefix + "NATS_URL": self.nats_url,
            prefix + "OIDC_ISSUER": self.issuer,
            prefix + "OIDC_AUDIENCE": AUDIENCE,
            prefix + "KEYCLOAK_ADMIN_URL": f"http://{self.host}:{self.port('keycloak')}",
            prefix + "PUBLIC_URL": f"http://localhost:{self.port('portal')}",
            prefix + "ORGANISATIE_URL": self.service_url("organisatie"),
            prefix + "PORTFOLIO_URL": self.service_url("portfolio"),
            prefix + "SALARIS_URL": self.service_url("salaris"),
            prefix + "FEEDBACK_URL": self.service_url("feedback"),
            prefix + "NOTIFICATIES_URL": self.service_url("notificaties"),
            prefix + "TEMPORAL_ADDRESS": self.temporal_address,
            # Every service's mail goes to the stack's SMTP sink (dialoog.kit.mail, ADR 0021).
            prefix + "SMTP_HOST": self.host,
            prefix + "SMTP_PORT": str(self.port("smtp")),
            # notificaties: webhooks may reach receivers on loopback in the dev stack (ADR 0026).
            **({prefix + "WEBHOOKS_ALLOW_PRIVATE": "true"} if service == "notificaties" else {}),
        }

    # --- paths --------------------------------------------------------------------------------
    @property
    def state_file(self) -> Path:
        return self.state_dir / "stack.json"

    @property
    def logs_dir(self) -> Path:
        return self.state_dir / "logs"

    @property
    def mail_dir(self) -> Path:
        return self.state_dir / "mail"

    def log_file(self, name: str) -> Path:
        return self.logs_dir / f"{name}.log"
