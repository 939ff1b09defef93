"""Kubernetes NetworkPolicy semantics, to ask rendered policies who may talk to whom.

An endpoint is a pod (namespace, its namespace's labels, its labels, its named ports) or an
address outside the cluster. Traffic from A to B on a port is allowed when A's egress allows it
and, B being a pod, B's ingress allows it; a pod that no policy of a direction selects is not
isolated in that direction (the Kubernetes rules: policies add up, an empty `to`/`from` or
`ports` means all).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Endpoint:
    name: str
    namespace: str | None = None  # None: outside the cluster
    labels: dict[str, str] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)  # named container ports
    ip: str | None = None

    @property
    def namespace_labels(self) -> dict[str, str]:
        return {"kubernetes.io/metadata.name": self.namespace} if self.namespace else {}


def pod(name: str, namespace: str, labels: dict[str, str], **ports: int) -> Endpoint:
    return Endpoint(name, namespace, dict(labels), dict(ports))


def outside(name: str, ip: str) -> Endpoint:
    return Endpoint(name, ip=ip)


def selects(selector: dict | None, labels: dict[str, str]) -> bool:
    if selector is None:
        return False
    for key, value in (selector.get("matchLabels") or {}).items():
        if labels.get(key) != value:
            return False
    for expression in selector.get("matchExpressions") or []:
        key, operator, values = expression["key"], expression["operator"], expression.get("values") or []
        present = key in labels
        if operator == "In" and not (present and labels[key] in values):
            return False
        if operator == "NotIn" and present and labels[key] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def _peer_matches(peer: dict, policy_namespace: str, target: Endpoint) -> bool:
    if "ipBlock" in peer:
        if target.ip is None:  # pods are matched by selectors, not by their (ephemeral) IPs
            return False
        address = ipaddress.ip_address(target.ip)
        block = peer["ipBlock"]
        if address not in ipaddress.ip_network(block["cidr"]):
            return False
        return not any(address in ipaddress.ip_network(e) for e in block.get("except") or [])
    if target.namespace is None:
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], target.namespace_labels):
            return False
    elif target.namespace != policy_namespace:
        return False
    return "podSelector" not in peer or selects(peer["podSelector"], target.labels)


def _port_matches(ports: list[dict] | None, target: Endpoint, port: int, protocol: str) -> bool:
    if not ports:
        return True
    for rule in ports:
        if rule.get("protocol", "TCP") != protocol:
            continue
        wanted = rule.get("port")
        if wanted is None:
            return True
        if isinstance(wanted, str):
            wanted = target.ports.get(wanted)
            if wanted is None:
                continue
        if wanted == port or (rule.get("endPort") and wanted <= port <= rule["endPort"]):
            return True
    return False


class Policies:
    def __init__(self, policies: list[tuple[str, dict]]):
        """policies: (namespace, NetworkPolicy spec) pairs."""
        self.policies = policies

    def _selecting(self, target: Endpoint, direction: str) -> list[tuple[str, dict]]:
        return [
            (namespace, spec)
            for namespace, spec in self.policies
            if namespace == target.namespace
            and selects(spec.get("podSelector", {}), target.labels)
            and direction in spec.get("policyTypes", ["Ingress"])
        ]

    def _allowed(self, subject: Endpoint, other: Endpoint, port: int, protocol: str, direction: str) -> bool:
        selecting = self._selecting(subject, direction)
        if not selecting:
            return True
        rules_key, peers_key = ("egress", "to") if direction == "Egress" else ("ingress", "from")
        port_owner = other if direction == "Egress" else subject
        for namespace, spec in selecting:
            for rule in spec.get(rules_key) or []:
                peers = rule.get(peers_key)
                if peers and not any(_peer_matches(p, namespace, other) for p in peers):
                    continue
                if _port_matches(rule.get("ports"), port_owner, port, protocol):
                    return True
        return False

    def reaches(self, source: Endpoint, target: Endpoint, port: int, protocol: str = "TCP") -> bool:
        if source.namespace is not None and not self._allowed(source, target, port, protocol, "Egress"):
            return False
        return target.namespace is None or self._allowed(target, source, port, protocol, "Ingress")
