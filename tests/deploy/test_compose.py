"""docker-compose.yml through the Compose specification's own loader.

tools/composeconfig runs github.com/compose-spec/compose-go (what `docker compose config` runs:
the specification's JSON schema, interpolation, merges, normalisation) and prints the normalised
project; the assertions below read that, not the YAML as written. No Docker engine is needed.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
from pathlib import Path

import pytest

from dialoog.devstack.config import SERVICES
from dialoog.devstack.services import WORKERS

from . import gotools

# The first run builds the Go tools (gotools.py): minutes, on a busy two-core machine.
pytestmark = pytest.mark.timeout(1800)
ROOT = gotools.ROOT
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / "deploy" / "compose" / ".env.example"
INFRASTRUCTURE = {
    "postgres",
    "nats",
    "temporal-schema",
    "temporal",
    "temporal-namespace",
    "keycloak",
    "mailpit",
}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|_PWD$|DATABASE_URL|OWNER_URL")
CREDENTIALS_IN_URL = re.compile(r"://[^/@:\s]+:([^@/\s]+)@")
# Every `${VAR:?...}`: compose refuses to start while one is unset or empty.
_UNCOMMENTED = "\n".join(
    line for line in COMPOSE.read_text().splitlines() if not line.lstrip().startswith("#")
)
REQUIRED = sorted(set(re.findall(r"\$\{([A-Z0-9_]+):\?", _UNCOMMENTED)))


def _example() -> dict[str, str]:
    pairs = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


# One distinct, URL-safe value per secret, to find where each one ends up.
SENTINELS = {name: f"s{index:02d}x{name.lower().replace('_', '')}" for index, name in enumerate(REQUIRED)}


@pytest.fixture(scope="module")
def composeconfig() -> Path:
    return gotools.repo_tool("composeconfig")


def _load(composeconfig: Path, env: dict[str, str], directory: Path) -> subprocess.CompletedProcess:
    env_file = directory / "compose.env"
    env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
    return subprocess.run(
        [str(composeconfig), "-f", str(COMPOSE), "-env-file", str(env_file)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


@pytest.fixture(scope="module")
def project(composeconfig, tmp_path_factory) -> dict:
    result = _load(composeconfig, _example() | SENTINELS, tmp_path_factory.mktemp("compose"))
    assert result.returncode == 0, f"the Compose loader refused docker-compose.yml:\n{result.stderr}"
    return json.loads(result.stdout)


def test_the_example_env_lists_every_secret_empty_and_compose_refuses_it(composeconfig, tmp_path):
    example = _example()
    assert REQUIRED, "docker-compose.yml requires no variable"
    empty = {k for k, v in example.items() if v == ""}
    assert set(REQUIRED) <= empty, "every required variable is in .env.example, empty"
    assert {k for k in empty if SECRET_NAME.search(k) or k.endswith("_KEY")} == set(REQUIRED)
    assert all(SECRET_NAME.search(name) or name.endswith("_KEY") for name in REQUIRED), REQUIRED
    result = _load(composeconfig, example, tmp_path)
    assert result.returncode != 0
    missing = set(re.findall(r"required variable ([A-Z0-9_]+) is missing a value", result.stderr))
    assert missing == set(REQUIRED)


@pytest.mark.parametrize("name", REQUIRED)
def test_each_secret_is_required(composeconfig, tmp_path, name):
    env = _example() | SENTINELS
    del env[name]
    result = _load(composeconfig, env, tmp_path)
    assert result.returncode != 0, f"docker-compose.yml loads without {name}"
    assert f"required variable {name} is missing a value" in result.stderr


def test_every_service_with_its_migrations_and_the_infrastructure(project):
    migrations = {f"migrate-{s}" for s in SERVICES}
    workers = {f"{s}-worker" for s in WORKERS}
    assert set(project["services"]) == set(SERVICES) | migrations | workers | INFRASTRUCTURE
    print(f"compose: {len(project['services'])} services, valid for the Compose specification")


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_starts_after_its_migrations(project, service):
    services = project["services"]
    migrate = services[f"migrate-{service}"]
    assert (
        services[service]["depends_on"][f"migrate-{service}"]["condition"] == "service_completed_successfully"
    )
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate["image"] == services[service]["image"]
    assert f"upgrade('{service}'" in " ".join(migrate["command"])
    assert migrate["restart"] == "no"
    assert set(migrate["environment"]) == {"DIALOOG_MIGRATE_OWNER_URL"}


@pytest.mark.parametrize("service", WORKERS)
def test_the_workers_wait_for_the_migrations_and_temporal(project, service):
    worker = project["services"][f"{service}-worker"]
    assert worker["depends_on"][f"migrate-{service}"]["condition"] == "service_completed_successfully"
    assert worker["depends_on"]["temporal"]["condition"] == "service_healthy"
    assert worker["command"] == ["python", "-m", f"dialoog.{service}.workflows.worker"]
    assert worker["image"] == project["services"][service]["image"]


@pytest.mark.parametrize(
    "name", [*SERVICES, *(f"{s}-worker" for s in WORKERS), *(f"migrate-{s}" for s in SERVICES)]
)
def test_every_dialoog_container_is_hardened(project, name):
    container = project["services"][name]
    assert container["read_only"] is True
    assert container["cap_drop"] == ["ALL"]
    assert "no-new-privileges:true" in container["security_opt"]
    if name in SERVICES:
        assert "/healthz" in " ".join(container["healthcheck"]["test"])
        assert container["environment"][f"DIALOOG_{name.upper()}_ENVIRONMENT"] == "production"


def test_no_secret_has_a_default(project):
    text = json.dumps(project)
    assert "dev-only" not in text
    sentinels = set(SENTINELS.values())
    for name, service in project["services"].items():
        for variable, value in (service.get("environment") or {}).items():
            where = f"{name}: {variable}"
            if SECRET_NAME.search(variable) or variable.endswith("SECRET_KEY"):
                assert value and any(s in value for s in sentinels), (
                    f"{where} is not one of the env file's secrets"
                )
            for password in CREDENTIALS_IN_URL.findall(value or ""):
                assert password in sentinels, f"{where} has a password that is not from the env file"


@pytest.mark.parametrize("service", SERVICES)
def test_the_owner_password_reaches_only_postgres_and_the_migration(project, service):
    owner = SENTINELS[f"DIALOOG_{service.upper()}_DB_OWNER_PASSWORD"]
    holders = {n for n, s in project["services"].items() if owner in json.dumps(s.get("environment") or {})}
    assert holders == {"postgres", f"migrate-{service}"}


@pytest.mark.parametrize("name", [*SERVICES, *(f"{s}-worker" for s in WORKERS)])
def test_every_variable_compose_sets_is_a_setting_of_its_service(project, name):
    service = name.removesuffix("-worker")
    fields = importlib.import_module(f"dialoog.{service}.settings").Settings.model_fields
    prefix = f"DIALOOG_{service.upper()}_"
    for variable in project["services"][name]["environment"]:
        assert variable.startswith(prefix), f"{name}: {variable}"
        assert variable.removeprefix(prefix).lower() in fields, f"{name}: {variable} is no setting"
