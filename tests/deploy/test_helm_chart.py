"""The Helm chart, rendered by a real Helm and decoded strictly into Kubernetes' own API types.

For the default values and for the production example (values-production.yaml): `helm lint`, then
`helm template` for a current Kubernetes, every manifest through tools/k8svalidate (k8s.io/api,
unknown fields fail), and what an operator expects asserted on the decoded objects: every service
a hardened Deployment with probes on /healthz and /readyz, a PodDisruptionBudget and an autoscaler
per workload, pods spread over nodes, NetworkPolicies under which each pod reaches only what
ARCHITECTURE.md lets it, and no secret in the chart.
"""

from __future__ import annotations

import importlib
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from dialoog.devstack.config import SERVICES
from dialoog.devstack.services import WORKERS

from . import gotools
from .netpol import Endpoint, Policies, outside, pod, selects

# The first run builds the Go tools (gotools.py): minutes, on a busy two-core machine.
pytestmark = pytest.mark.timeout(1800)
ROOT = gotools.ROOT
CHART = ROOT / "deploy" / "helm" / "dialoog"
PRODUCTION = CHART / "values-production.yaml"
# A current Kubernetes: the minor that tools/k8svalidate's k8s.io/api (v0.37) describes. A Helm
# built with `go install` assumes v1.20 without --kube-version.
KUBE_VERSION = "1.37.0"
RELEASE = "dialoog"
NAMESPACE = "dialoog"
SCENARIOS = {"default": [], "production": [PRODUCTION]}


def _calls() -> dict[str, set[str]]:
    """Who calls whom over HTTP, from the code: a setting <target>_url names another service."""
    calls = {}
    for service in SERVICES:
        fields = importlib.import_module(f"dialoog.{service}.settings").Settings.model_fields
        targets = {t for t in SERVICES if f"{t}_url" in fields}
        if targets:
            calls[service] = targets
    return calls


# Today the portal (backend-for-frontend of organisatie, portfolio, salaris) and portfolio (salaris).
CALLS = _calls()
SECRET_NAME = re.compile(r"PASSWORD|SECRET|DATABASE_URL|OWNER_URL|CLIENT_SECRET")
CREDENTIALS_IN_URL = re.compile(r"://[^/@:\s]+:([^@/\s]+)@")


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=300, **kwargs)


def _values_args(files: list[Path]) -> list[str]:
    return [arg for f in files for arg in ("-f", str(f))]


@pytest.fixture(scope="module")
def helm() -> Path:
    return gotools.helm()


@pytest.fixture(scope="module")
def validator() -> Path:
    return gotools.repo_tool("k8svalidate")


def validate(validator: Path, manifests: str) -> dict:
    result = _run([str(validator)], input=manifests)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


@dataclass
class Rendered:
    scenario: str
    text: str
    report: dict

    def objects(self, kind: str) -> list[dict]:
        return [o["object"] for o in self.report["objects"] if o["kind"] == kind]

    def deployment(self, component: str) -> dict:
        found = [
            d
            for d in self.objects("Deployment")
            if d["metadata"]["labels"]["app.kubernetes.io/component"] == component
        ]
        assert len(found) == 1, f"{self.scenario}: {len(found)} Deployments of {component}"
        return found[0]


@pytest.fixture(scope="module", params=list(SCENARIOS))
def rendered(request, helm, validator) -> Rendered:
    args = [
        str(helm),
        "template",
        RELEASE,
        str(CHART),
        "--namespace",
        NAMESPACE,
        "--kube-version",
        KUBE_VERSION,
    ]
    result = _run(args + _values_args(SCENARIOS[request.param]))
    assert result.returncode == 0, f"helm template ({request.param}) failed:\n{result.stderr}"
    return Rendered(request.param, result.stdout, validate(validator, result.stdout))


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_helm_lint_passes_strictly(helm, scenario):
    args = [str(helm), "lint", "--strict", "--kube-version", KUBE_VERSION, str(CHART)]
    result = _run(args + _values_args(SCENARIOS[scenario]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 chart(s) linted, 0 chart(s) failed" in result.stdout


def test_every_manifest_decodes_strictly_into_the_kubernetes_types(rendered):
    assert rendered.report["errors"] == [], "\n".join(rendered.report["errors"])
    documents = [d for d in yaml.safe_load_all(rendered.text) if d]
    assert len(rendered.report["objects"]) == len(documents)
    kinds = {o["kind"] for o in rendered.report["objects"]}
    assert {
        "Deployment",
        "Service",
        "Job",
        "PodDisruptionBudget",
        "HorizontalPodAutoscaler",
        "NetworkPolicy",
    } <= kinds
    print(
        f"{rendered.scenario}: {len(documents)} manifests valid for Kubernetes {KUBE_VERSION}: {sorted(kinds)}"
    )


VALID_DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: probe, labels: {app: probe}}
spec:
  replicas: 2
  selector: {matchLabels: {app: probe}}
  template:
    metadata: {labels: {app: probe}}
    spec:
      containers:
        - name: probe
          image: example/probe:1
          ports: [{name: http, containerPort: 8000}]
          readinessProbe: {httpGet: {path: /readyz, port: http}}
          resources: {requests: {cpu: 100m, memory: 128Mi}}
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("replicas: 2", "replica: 2"), "unknown field"),
        (("replicas: 2", 'replicas: "two"'), "replicas"),
        (("kind: Deployment", "kind: Deploymnet"), 'no kind "Deploymnet"'),
        (("cpu: 100m", "cpu: lots"), "quantities must match"),
        (
            (
                "template:\n    metadata: {labels: {app: probe}}",
                "template:\n    metadata: {labels: {app: other}}",
            ),
            "does not match",
        ),
        (("port: http}", "port: web}"), 'port "web"'),
        (("name: probe, labels", "name: Probe_1, labels"), "metadata.name"),
        (("replicas: 2", "replicas: 2\n  replicas: 3"), "replicas"),
    ],
    ids=[
        "unknown-field",
        "wrong-type",
        "unknown-kind",
        "bad-quantity",
        "selector",
        "probe-port",
        "name",
        "duplicate",
    ],
)
def test_the_validator_refuses_what_the_api_server_refuses(validator, change, expected):
    assert validate(validator, VALID_DEPLOYMENT)["errors"] == []
    old, new = change
    assert old in VALID_DEPLOYMENT
    report = validate(validator, VALID_DEPLOYMENT.replace(old, new, 1))
    assert report["errors"], f"accepted: {new!r}"
    assert expected in " ".join(report["errors"])


def _container(deployment: dict, name: str) -> dict:
    containers = {c["name"]: c for c in deployment["spec"]["template"]["spec"]["containers"]}
    assert name in containers, f"{deployment['metadata']['name']} has no container {name}"
    return containers[name]


def _assert_hardened(deployment: dict, container: dict) -> None:
    name = deployment["metadata"]["name"]
    pod_spec = deployment["spec"]["template"]["spec"]
    assert pod_spec["securityContext"]["runAsNonRoot"] is True, name
    assert pod_spec.get("automountServiceAccountToken") is False, name
    security = container["securityContext"]
    assert security["runAsNonRoot"] is True, name
    assert security["readOnlyRootFilesystem"] is True, name
    assert security["allowPrivilegeEscalation"] is False, name
    assert security["capabilities"]["drop"] == ["ALL"], name
    assert not security["capabilities"].get("add"), name
    assert not security.get("privileged"), name
    resources = container["resources"]
    assert {"cpu", "memory"} <= set(resources["requests"]), name
    assert "memory" in resources["limits"], name


def _assert_spread(rendered: Rendered, deployment: dict) -> None:
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    anti = deployment["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    if rendered.scenario == "production":
        terms = anti["requiredDuringSchedulingIgnoredDuringExecution"]
    else:
        terms = [t["podAffinityTerm"] for t in anti["preferredDuringSchedulingIgnoredDuringExecution"]]
    host = [t for t in terms if t["topologyKey"] == "kubernetes.io/hostname"]
    assert host, deployment["metadata"]["name"]
    assert all(selects(t["labelSelector"], labels) for t in host)


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_has_a_hardened_deployment_with_probes(rendered, service):
    deployment = rendered.deployment(service)
    container = _container(deployment, service)
    assert {p["name"]: p["containerPort"] for p in container["ports"]} == {"http": 8000}
    for probe, path in (
        ("startupProbe", "/healthz"),
        ("livenessProbe", "/healthz"),
        ("readinessProbe", "/readyz"),
    ):
        assert container[probe]["httpGet"] == {"path": path, "port": "http"}, (service, probe)
    _assert_hardened(deployment, container)
    _assert_spread(rendered, deployment)
    # The autoscaler owns the number of pods: a replicas field would reset it at every upgrade.
    assert "replicas" not in deployment["spec"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env[f"DIALOOG_{service.upper()}_ENVIRONMENT"] == "production"
    # The streams at 3 replicas on the production example's NATS cluster of 3, at 1 by default.
    replicas = "3" if rendered.scenario == "production" else "1"
    assert env[f"DIALOOG_{service.upper()}_STREAM_REPLICAS"] == replicas
    for target in CALLS.get(service, ()):
        # The Service of this release, which the NetworkPolicies let it reach.
        assert (
            env[f"DIALOOG_{service.upper()}_{target.upper()}_URL"]
            == f"http://{RELEASE}-{target}.{NAMESPACE}.svc:80"
        )


@pytest.mark.parametrize("service", SERVICES)
def test_the_probed_paths_are_served_by_every_service(service):
    # docs/api is checked against the code by tests/unit/test_openapi_docs.py; the kit's app
    # (dialoog.kit.app) mounts /healthz and /readyz in every service.
    document = json.loads((ROOT / "docs" / "api" / f"{service}.openapi.json").read_text())
    assert {"/healthz", "/readyz"} <= set(document["paths"])
    assert "get" in document["paths"]["/healthz"] and "get" in document["paths"]["/readyz"]


@pytest.mark.parametrize("service", WORKERS)
def test_the_workers_are_hardened_and_spread(rendered, service):
    deployment = rendered.deployment(f"{service}-worker")
    container = _container(deployment, f"{service}-worker")
    assert container["command"] == ["python", "-m", f"dialoog.{service}.workflows.worker"]
    # It serves no HTTP: no ports and no probes (docs/deploy.md).
    assert not container.get("ports")
    _assert_hardened(deployment, container)
    _assert_spread(rendered, deployment)
    assert "replicas" not in deployment["spec"]


def test_every_workload_has_a_disruption_budget_and_an_autoscaler(rendered):
    deployments = rendered.objects("Deployment")
    budgets = rendered.objects("PodDisruptionBudget")
    autoscalers = {
        h["spec"]["scaleTargetRef"]["name"]: h for h in rendered.objects("HorizontalPodAutoscaler")
    }
    assert len(deployments) == len(SERVICES) + len(WORKERS)
    for deployment in deployments:
        name = deployment["metadata"]["name"]
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        covering = [b for b in budgets if selects(b["spec"]["selector"], labels)]
        assert len(covering) == 1, f"{name}: {len(covering)} PodDisruptionBudgets"
        assert covering[0]["spec"]["maxUnavailable"] == 1
        others = [d for d in deployments if d is not deployment]
        assert not any(
            selects(covering[0]["spec"]["selector"], d["spec"]["template"]["metadata"]["labels"])
            for d in others
        )
        hpa = autoscalers.get(name)
        assert hpa, f"{name}: no HorizontalPodAutoscaler"
        assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert 2 <= hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"]
        assert hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu"
    assert len(autoscalers) == len(deployments) == len(budgets)


# --- network policies -------------------------------------------------------------------------

# The infrastructure as each scenario's peers must find it: pods labelled as the upstream charts
# label them (production: nats/nats 2.14, cloudnative-pg, temporal/temporal 1.6, keycloakx 7.1),
# and pods that must stay out of reach beside them.
INFRA = {
    "default": {
        "dns": pod("dns", "kube-system", {"k8s-app": "kube-dns"}),
        "postgresql": pod("postgresql", "postgres", {"cnpg.io/cluster": "pg"}),
        "nats": pod("nats", "nats", {"app.kubernetes.io/name": "nats"}),
        "temporal": pod(
            "temporal",
            "temporal",
            {"app.kubernetes.io/name": "temporal", "app.kubernetes.io/component": "frontend"},
        ),
        "temporal-history": pod(
            "temporal-history",
            "temporal",
            {"app.kubernetes.io/name": "temporal", "app.kubernetes.io/component": "history"},
        ),
        "keycloak": pod("keycloak", "keycloak", {"app.kubernetes.io/name": "keycloakx"}),
        "otel": pod("otel", "observability", {"app.kubernetes.io/name": "otel-collector"}),
    },
    "production": {
        "dns": pod("dns", "kube-system", {"k8s-app": "kube-dns"}),
        "postgresql": pod(
            "postgresql",
            "postgres",
            {"cnpg.io/cluster": "dialoog-pg-cluster", "cnpg.io/instanceRole": "primary"},
        ),
        "nats": pod(
            "nats",
            "nats",
            {
                "app.kubernetes.io/name": "nats",
                "app.kubernetes.io/instance": "nats",
                "app.kubernetes.io/component": "nats",
            },
        ),
        "nats-box": pod(
            "nats-box",
            "nats",
            {
                "app.kubernetes.io/name": "nats",
                "app.kubernetes.io/instance": "nats",
                "app.kubernetes.io/component": "nats-box",
            },
        ),
        "temporal": pod(
            "temporal",
            "temporal",
            {
                "app.kubernetes.io/name": "temporal",
                "app.kubernetes.io/instance": "temporal",
                "app.kubernetes.io/component": "frontend",
            },
        ),
        "temporal-history": pod(
            "temporal-history",
            "temporal",
            {
                "app.kubernetes.io/name": "temporal",
                "app.kubernetes.io/instance": "temporal",
                "app.kubernetes.io/component": "history",
            },
        ),
        "keycloak": pod(
            "keycloak",
            "keycloak",
            {"app.kubernetes.io/name": "keycloakx", "app.kubernetes.io/instance": "keycloak"},
        ),
        "otel": pod("otel", "observability", {"app.kubernetes.io/name": "otel-collector"}),
    },
}
PORTS = {
    "dns": (53, "UDP"),
    "postgresql": (5432, "TCP"),
    "nats": (4222, "TCP"),
    "nats-box": (4222, "TCP"),
    "temporal": (7233, "TCP"),
    "temporal-history": (7234, "TCP"),
    "keycloak": (8080, "TCP"),
    "otel": (4318, "TCP"),
}
OUTSIDE = {
    "internet-https": (outside("internet", "203.0.113.10"), 443),
    "metadata-service": (outside("metadata", "169.254.169.254"), 80),
    "private-https": (outside("private", "10.1.2.3"), 443),
    "smtp-relay": (outside("smtp", "192.0.2.25"), 587),
}
INGRESS_CONTROLLER = pod("ingress-controller", "ingress-nginx", {"app.kubernetes.io/name": "ingress-nginx"})
INTRUDER = pod("intruder", "default", {"app": "intruder"})


def _dialoog_pods(rendered: Rendered) -> dict[str, Endpoint]:
    pods = {}
    for kind in ("Deployment", "Job"):
        for workload in rendered.objects(kind):
            template = workload["spec"]["template"]
            ports = {
                p["name"]: p["containerPort"]
                for c in template["spec"]["containers"]
                for p in c.get("ports") or []
            }
            component = template["metadata"]["labels"]["app.kubernetes.io/component"]
            pods[component] = pod(component, NAMESPACE, template["metadata"]["labels"], **ports)
    return pods


def _mail_senders(rendered: Rendered) -> set[str]:
    """The services with SMTP settings: their mail sender runs in the service (dialoog.kit.app), not
    in its worker, which shares the settings."""
    senders = set()
    for deployment in rendered.objects("Deployment"):
        component = deployment["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/component"]
        if component not in SERVICES:
            continue
        for container in deployment["spec"]["template"]["spec"]["containers"]:
            if any(e["name"].endswith("_SMTP_HOST") for e in container["env"]):
                senders.add(component)
    return senders


def _expected(scenario: str, pods: dict[str, Endpoint], senders: set[str]) -> set[tuple[str, str]]:
    expected = set()
    for component in pods:
        needs = {"dns", "postgresql"}
        if component in SERVICES:
            needs |= {"nats", "keycloak"} | {f"{t}:8000" for t in CALLS.get(component, ())}
        if component == "salaris" or component.endswith("-worker"):
            needs.add("temporal")
        if scenario == "production" and not component.endswith("-migrate"):
            needs.add("otel")  # otel.exporter is otlp there
        if component in senders:
            needs.add("smtp-relay")  # networkPolicy.smtp
        if scenario == "production" and component == "notificaties":
            needs.add("internet-https")  # integrators' webhooks: its extraEgress
        expected |= {(component, n) for n in needs}
    expected.add(("ingress-controller", "portal:8000"))
    return expected


def test_network_policies_let_each_pod_reach_only_what_it_needs(rendered):
    pods = _dialoog_pods(rendered)
    assert set(pods) == set(SERVICES) | {f"{s}-worker" for s in WORKERS} | {f"{s}-migrate" for s in SERVICES}
    policies = Policies([(NAMESPACE, p["spec"]) for p in rendered.objects("NetworkPolicy")])
    infra = INFRA[rendered.scenario]
    targets: dict[str, tuple[Endpoint, int, str]] = {n: (e, *PORTS[n]) for n, e in infra.items()}
    targets |= {f"{n}:8000": (e, 8000, "TCP") for n, e in pods.items()}
    targets |= {n: (e, port, "TCP") for n, (e, port) in OUTSIDE.items()}
    sources = dict(pods) | {"ingress-controller": INGRESS_CONTROLLER, "intruder": INTRUDER}
    reachable = set()
    for source_name, source in sources.items():
        for target_name, (target, port, protocol) in targets.items():
            if source.namespace != NAMESPACE and target.namespace != NAMESPACE:
                continue  # neither end is ours: not what these policies decide
            if policies.reaches(source, target, port, protocol):
                reachable.add((source_name, target_name))
    senders = _mail_senders(rendered)
    assert senders == ({"feedback", "notificaties"} if rendered.scenario == "production" else set())
    expected = _expected(rendered.scenario, pods, senders)
    assert reachable - expected == set(), f"allowed but not needed: {sorted(reachable - expected)}"
    assert expected - reachable == set(), f"needed but blocked: {sorted(expected - reachable)}"
    print(f"{rendered.scenario}: {len(reachable)} allowed paths of {len(sources) * len(targets)} checked")


def test_a_pod_of_the_release_without_a_policy_of_its_own_is_denied_everything(rendered):
    policies = Policies([(NAMESPACE, p["spec"]) for p in rendered.objects("NetworkPolicy")])
    stray = pod(
        "stray",
        NAMESPACE,
        {
            "app.kubernetes.io/name": "dialoog",
            "app.kubernetes.io/instance": RELEASE,
            "app.kubernetes.io/component": "debug",
        },
        http=8000,
    )
    assert not policies.reaches(stray, INFRA[rendered.scenario]["postgresql"], 5432)
    assert not policies.reaches(stray, outside("internet", "203.0.113.10"), 443)
    assert not policies.reaches(INFRA[rendered.scenario]["nats"], stray, 8000)


# --- secrets ----------------------------------------------------------------------------------


def _containers(rendered: Rendered, kinds=("Deployment", "Job")):
    for kind in kinds:
        for workload in rendered.objects(kind):
            for container in workload["spec"]["template"]["spec"]["containers"]:
                yield kind, workload["metadata"]["name"], container


def test_the_chart_holds_no_secret(rendered):
    assert not rendered.objects("Secret") and not rendered.objects("ConfigMap")
    assert "dev-only" not in rendered.text
    for kind, name, container in _containers(rendered):
        for variable in container.get("env") or []:
            where = f"{kind} {name}: {variable['name']}"
            if SECRET_NAME.search(variable["name"]):
                assert "value" not in variable, f"{where} has a literal value"
                assert variable["valueFrom"]["secretKeyRef"]["name"], where
            for password in CREDENTIALS_IN_URL.findall(variable.get("value") or ""):
                # Only the NATS password, which Kubernetes substitutes from the Secret's variable.
                assert password == "$(DIALOOG_NATS_PASSWORD)", f"{where} has a password in a URL"


def test_only_the_migration_jobs_see_the_owner_role(rendered):
    for kind, name, container in _containers(rendered):
        keys = {v["valueFrom"]["secretKeyRef"]["key"] for v in container.get("env") or [] if "valueFrom" in v}
        if kind == "Job":
            assert keys == {"owner-database-url"}, name
        else:
            assert "owner-database-url" not in keys, name


def test_the_chart_refuses_to_render_without_the_secrets_it_reads(helm):
    args = [str(helm), "template", RELEASE, str(CHART), "--kube-version", KUBE_VERSION]
    result = _run(args + ["--set", "services.organisatie.existingSecret="])
    assert result.returncode != 0
    assert "services.organisatie.existingSecret" in result.stderr


def test_every_variable_the_chart_sets_is_a_setting_of_its_service(rendered):
    for _kind, name, container in _containers(rendered, kinds=("Deployment",)):
        service = container["name"].removesuffix("-worker")
        fields = importlib.import_module(f"dialoog.{service}.settings").Settings.model_fields
        prefix = f"DIALOOG_{service.upper()}_"
        for variable in container["env"]:
            if variable["name"] == "DIALOOG_NATS_PASSWORD":
                continue  # substituted into NATS_URL, not a setting
            assert variable["name"].startswith(prefix), f"{name}: {variable['name']}"
            assert variable["name"].removeprefix(prefix).lower() in fields, (
                f"{name}: {variable['name']} is no setting"
            )


def test_a_service_that_sends_mail_needs_the_relay_as_a_peer(helm):
    args = [str(helm), "template", RELEASE, str(CHART), "--kube-version", KUBE_VERSION]
    result = _run(args + ["--set", "services.feedback.settings.SMTP_HOST=smtp.example.org"])
    assert result.returncode != 0
    assert "networkPolicy.smtp.peers" in result.stderr
