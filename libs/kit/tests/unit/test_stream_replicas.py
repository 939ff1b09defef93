"""The streams' replicas (ServiceSettings.stream_replicas, ADR 0028) and the NATS server list."""

import pytest
from pydantic import ValidationError

from dialoog.kit.events.streams import dead_letter_stream, service_stream
from dialoog.kit.nats_link import NatsLink, _without_password, servers
from dialoog.kit.settings import ServiceSettings


def test_one_replica_unless_told_otherwise():
    assert ServiceSettings().stream_replicas == 1
    assert service_stream("salaris").num_replicas == 1
    assert dead_letter_stream().num_replicas == 1


def test_the_setting_comes_from_the_service_environment(monkeypatch):
    from dialoog.salaris.settings import Settings

    monkeypatch.setenv("DIALOOG_SALARIS_STREAM_REPLICAS", "3")
    assert Settings().stream_replicas == 3


def test_both_streams_get_the_replicas_asked_for():
    assert service_stream("salaris", 120.0, 3).num_replicas == 3
    assert dead_letter_stream(3).num_replicas == 3


@pytest.mark.parametrize("replicas", [0, 6])
def test_jetstream_s_range_of_replicas_is_enforced(replicas):
    with pytest.raises(ValidationError, match="stream_replicas"):
        ServiceSettings(stream_replicas=replicas)


def test_a_cluster_is_given_as_urls_separated_by_commas():
    url = "nats://u:p@127.0.0.1:4244, nats://u:p@127.0.0.1:4245,nats://u:p@127.0.0.1:4246"
    assert servers(url) == [
        "nats://u:p@127.0.0.1:4244",
        "nats://u:p@127.0.0.1:4245",
        "nats://u:p@127.0.0.1:4246",
    ]
    assert NatsLink("nats://127.0.0.1:4244", "x").servers == ["nats://127.0.0.1:4244"]


def test_the_log_line_of_an_unreachable_nats_names_no_password():
    shown = _without_password(servers("nats://dialoog:s3cret@n1:4222,nats://dialoog:s3cret@n2:4222"))
    assert "s3cret" not in shown
    assert shown == "nats://dialoog:***@n1:4222, nats://dialoog:***@n2:4222"
