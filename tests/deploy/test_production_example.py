"""The production example: values-production.yaml and the values for the upstream charts.

deploy/helm/upstream/ holds the values for nats/nats, cloudnative-pg/cluster, temporal/temporal
and codecentric/keycloakx that values-production.yaml points at. Those charts are not in this
repository (and cannot be fetched here), so these tests read the values files themselves: the
shape production needs (NATS cluster of 3 with JetStream on files and fsync, 3 PostgreSQL
instances with the roles of ADR 0003, Temporal and Keycloak replicated on that PostgreSQL), no
secret in any of them, and the Dialoog values agreeing with the names those releases create.
They were rendered with the real charts (nats 2.14.2, cluster 0.8.1, temporal 1.6.0, keycloakx
7.1.11) and Helm 3.22 when written (docs/deploy.md).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from dialoog.devstack.config import SERVICES

ROOT = Path(__file__).resolve().parents[2]
UPSTREAM = ROOT / "deploy" / "helm" / "upstream"
DIALOOG = yaml.safe_load((ROOT / "deploy" / "helm" / "dialoog" / "values-production.yaml").read_text())
NATS = yaml.safe_load((UPSTREAM / "nats.yaml").read_text())
CNPG = yaml.safe_load((UPSTREAM / "cloudnative-pg-cluster.yaml").read_text())
TEMPORAL = yaml.safe_load((UPSTREAM / "temporal.yaml").read_text())
KEYCLOAK = yaml.safe_load((UPSTREAM / "keycloakx.yaml").read_text())
# The primary of the CloudNativePG cluster: release dialoog-pg of chart `cluster` in namespace postgres.
POSTGRES_HOST = "dialoog-pg-cluster-rw.postgres.svc.cluster.local"
# Keys that name a Secret or a key in one (existingSecret, ownerExistingSecret, passwordKey,
# secretName, ...), not a secret value.
SECRET_REFERENCE = re.compile(r"(Secret|Key|^secretName)$")


def _walk(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, (*path, str(index)))
    else:
        yield path, node


@pytest.mark.parametrize("name", ["values-production.yaml", *sorted(p.name for p in UPSTREAM.glob("*.yaml"))])
def test_no_file_of_the_production_example_holds_a_secret(name):
    path = ROOT / "deploy" / "helm" / "dialoog" / name if name.startswith("values") else UPSTREAM / name
    document = yaml.safe_load(path.read_text())
    for keys, value in _walk(document):
        key = keys[-1]
        if re.search(r"password|secret|token", key, re.IGNORECASE) and not SECRET_REFERENCE.search(key):
            # Only a reference to the environment (filled from a Secret) or nothing.
            assert value in (None, "") or re.fullmatch(r"<< \$[A-Z_]+ >>", str(value)), (
                f"{name}: {'.'.join(keys)}"
            )
    text = path.read_text()
    assert "dev-only" not in text
    assert not re.search(r"://[^/@:\s]+:[^@/\s]+@", text), f"{name}: a URL with a password"


def test_nats_is_a_cluster_of_three_with_jetstream_on_files_and_fsync():
    config = NATS["config"]
    assert config["cluster"]["enabled"] is True and config["cluster"]["replicas"] == 3
    jetstream = config["jetstream"]
    assert jetstream["enabled"] is True
    assert jetstream["fileStore"]["enabled"] is True and jetstream["fileStore"]["pvc"]["enabled"] is True
    assert jetstream["merge"]["sync_interval"] == "always"
    assert NATS["podDisruptionBudget"]["enabled"] is True
    account = config["merge"]["accounts"]["DIALOOG"]
    assert account["jetstream"] == "enabled"
    assert account["users"] == [{"user": DIALOOG["nats"]["user"], "password": "<< $NATS_DIALOOG_PASSWORD >>"}]
    secret = NATS["container"]["env"]["NATS_DIALOOG_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert secret == {"name": DIALOOG["nats"]["existingSecret"], "key": DIALOOG["nats"]["passwordKey"]}
    # Each service makes its stream (and the dead letters) with as many replicas as there are nodes.
    assert DIALOOG["events"]["streamReplicas"] == config["cluster"]["replicas"]
    # Release nats in namespace nats: its client Service.
    assert DIALOOG["nats"]["url"] == "nats://nats.nats.svc.cluster.local:4222"


def test_postgresql_has_three_instances_and_the_roles_of_adr_0003():
    cluster = CNPG["cluster"]
    assert cluster["instances"] == 3 and cluster["enablePDB"] is True
    roles = {r["name"]: r for r in cluster["roles"]}
    databases = {d["name"]: d["owner"] for d in CNPG["databases"]}
    for service in SERVICES:
        owner, app = f"dialoog_{service}_owner", f"dialoog_{service}_app"
        assert databases[f"dialoog_{service}"] == owner
        for role in (owner, app):
            flags = roles[role]
            assert flags["login"] is True and flags["passwordSecret"]["name"], role
            assert not any(flags[f] for f in ("superuser", "bypassrls", "createdb", "createrole")), role
        assert app not in databases.values(), f"{app} owns a database"
    assert databases["keycloak"] == "keycloak"
    assert databases["temporal"] == databases["temporal_visibility"] == "temporal"


def test_temporal_is_replicated_on_that_postgresql_with_the_namespace_salaris_uses():
    server = TEMPORAL["server"]
    assert server["replicaCount"] >= 2
    for store in ("default", "visibility"):
        sql = server["config"]["persistence"]["datastores"][store]["sql"]
        assert sql["pluginName"].startswith("postgres")
        assert sql["connectAddr"] == f"{POSTGRES_HOST}:5432"
        assert sql["existingSecret"] and "password" not in sql
    namespaces = {n["name"] for n in server["config"]["namespaces"]["namespace"]}
    assert DIALOOG["temporal"]["namespace"] in namespaces
    assert DIALOOG["temporal"]["address"] == "temporal-frontend.temporal.svc.cluster.local:7233"


def test_keycloak_is_replicated_on_that_postgresql_and_serves_the_issuer():
    assert KEYCLOAK["replicas"] >= 2
    assert KEYCLOAK["command"][1] == "start"  # not start-dev
    database = KEYCLOAK["database"]
    assert database["vendor"] == "postgres" and database["hostname"] == POSTGRES_HOST
    assert database["existingSecret"] and "password" not in database
    # The issuer has no /auth: keycloakx must serve at /.
    assert KEYCLOAK["http"]["relativePath"] == "/"
    host = DIALOOG["oidc"]["issuer"].removeprefix("https://").split("/")[0]
    assert f"--hostname=https://{host}" in KEYCLOAK["command"]
    assert KEYCLOAK["ingress"]["rules"][0]["host"] == host


def test_the_network_peers_are_the_namespaces_of_those_releases():
    policy = DIALOOG["networkPolicy"]
    for need, namespace in (
        ("postgresql", "postgres"),
        ("nats", "nats"),
        ("temporal", "temporal"),
        ("keycloak", "keycloak"),
    ):
        for peer in policy[need]["peers"]:
            assert peer["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": namespace}, (
                need
            )
            assert peer["podSelector"], f"{need}: the whole namespace {namespace}"


def test_the_connection_pools_fit_postgresql_at_the_most_pods():
    settings = DIALOOG["settings"]
    per_pod = int(settings["DATABASE_POOL_SIZE"]) + int(settings["DATABASE_MAX_OVERFLOW"])
    autoscaling = DIALOOG["autoscaling"]
    workers = [
        DIALOOG["services"][s]["worker"]["autoscaling"] for s in ("salaris", "feedback", "notificaties")
    ]
    pods = len(SERVICES) * autoscaling["maxReplicas"] + sum(w["maxReplicas"] for w in workers)
    temporal = (
        4
        * TEMPORAL["server"]["replicaCount"]
        * sum(
            TEMPORAL["server"]["config"]["persistence"]["datastores"][s]["sql"]["maxConns"]
            for s in ("default", "visibility")
        )
    )
    keycloak_env = {e["name"]: e.get("value") for e in yaml.safe_load(KEYCLOAK["extraEnv"])}
    keycloak = KEYCLOAK["replicas"] * int(keycloak_env["KC_DB_POOL_MAX_SIZE"])
    budget = int(CNPG["cluster"]["postgresql"]["parameters"]["max_connections"])
    assert pods * per_pod + temporal + keycloak <= budget
