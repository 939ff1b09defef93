"""`dialoog up --replicas 2` (ADR 0028): what it starts, on which ports, and the NATS cluster's
configuration (the running cluster is tests/cluster, `make test-cluster`)."""

import dataclasses

from dialoog.devstack import nats, services, stack
from dialoog.devstack.config import SERVICES, StackConfig


def config(tmp_path, replicas: int) -> StackConfig:
    return dataclasses.replace(StackConfig.from_env(tmp_path), replicas=replicas)


def test_one_replica_is_the_stack_as_it_always_was(tmp_path):
    cfg = config(tmp_path, 1)
    assert stack.components(cfg) == stack.ALL
    assert cfg.nats_nodes == 1 and cfg.nats_url.count("nats://") == 1
    assert "cluster" not in open(nats.config_file(cfg)).read()
    assert nats.store_dir(cfg) == tmp_path / "nats"


def test_two_replicas_start_two_of_every_service_and_worker_and_three_nats_nodes(tmp_path):
    cfg = config(tmp_path, 2)
    names = [c.name for c in stack.components(cfg)]
    assert names[:4] == ["postgres", "nats", "nats-2", "nats-3"]
    for service in SERVICES:
        assert {service, f"{service}-2"} <= set(names)
    for worker in services.WORKERS:
        assert {f"{worker}-worker", f"{worker}-worker-2"} <= set(names)
    assert len(names) == len(set(names))
    assert stack.by_name(cfg)["salaris-2"] in stack.service_components(cfg)  # one object each


def test_the_second_replica_listens_ten_ports_up(tmp_path):
    cfg = config(tmp_path, 2)
    assert services.url(cfg, "salaris", 2) == f"http://127.0.0.1:{cfg.port('salaris') + 10}"
    assert services.environment(cfg, "salaris")["DIALOOG_SALARIS_STREAM_REPLICAS"] == "3"
    assert services.environment(config(tmp_path, 1), "salaris")["DIALOOG_SALARIS_STREAM_REPLICAS"] == "1"


def test_the_services_know_every_node(tmp_path):
    cfg = config(tmp_path, 2)
    base = cfg.port("nats")
    assert [url.rsplit(":", 1)[1] for url in cfg.nats_url.split(",")] == [str(base + n) for n in range(3)]
    assert all(url.startswith("nats://dialoog:") for url in cfg.nats_servers)


def test_each_node_routes_to_the_others_with_its_own_name_ports_and_store(tmp_path):
    cfg = config(tmp_path, 2)
    texts = [open(nats.config_file(cfg, "", node)).read() for node in (1, 2, 3)]
    routes = ", ".join(f"nats-route://127.0.0.1:{cfg.nats_port(n) + 10}" for n in (1, 2, 3))
    for node, text in zip((1, 2, 3), texts, strict=True):
        assert f"server_name: dialoog-dev-{node}\n" in text
        assert f"listen: 127.0.0.1:{cfg.nats_port(node)}\n" in text
        assert f"http: 127.0.0.1:{cfg.nats_port(node, 'nats_monitor')}\n" in text
        assert f"listen: 127.0.0.1:{cfg.nats_port(node) + 10}\n" in text  # its route port
        assert f"routes: [{routes}]" in text
        assert f'store_dir: "{tmp_path / f"nats-{node}" / "jetstream"}"' in text
