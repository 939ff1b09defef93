"""The webhook rules (ADR 0026): the retry schedule, what an answer means and when an endpoint is
switched off; signing as Standard Webhooks says (checked with the `standardwebhooks` package);
sealing the secret at rest; which URLs and addresses may receive webhooks."""

import json
import time

import pytest
from cryptography.exceptions import InvalidTag
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from dialoog.notificaties.domain import webhook_sealing, webhook_signing, webhook_urls
from dialoog.notificaties.domain.webhook_schedule import (
    RETRY_SCHEDULE,
    TRANSITIONS,
    after_attempt,
    can_move,
    delay_after,
    outcome,
    total_seconds,
)


def test_the_schedule_grows_from_seconds_to_hours_over_about_three_days():
    assert RETRY_SCHEDULE[0] < 60  # seconds first
    assert any(60 <= d < 3600 for d in RETRY_SCHEDULE)  # then minutes
    assert RETRY_SCHEDULE[-1] >= 3600  # then hours
    assert list(RETRY_SCHEDULE) == sorted(RETRY_SCHEDULE)
    assert 2.5 * 86400 <= total_seconds() <= 3.5 * 86400
    assert len(RETRY_SCHEDULE) + 1 == 12  # attempts in all


def test_delays_follow_the_schedule_and_end_it():
    assert delay_after(1) == 5
    assert delay_after(len(RETRY_SCHEDULE)) == RETRY_SCHEDULE[-1]
    assert delay_after(len(RETRY_SCHEDULE) + 1) is None
    assert delay_after(1, (0.1, 0.2)) == 0.1 and delay_after(3, (0.1, 0.2)) is None
    with pytest.raises(ValueError):
        delay_after(0)


@pytest.mark.parametrize(
    ("status", "meaning"),
    [
        (200, "delivered"),
        (204, "delivered"),
        (299, "delivered"),
        (410, "gone"),
        (500, "failed"),
        (404, "failed"),
        (301, "failed"),
        (None, "failed"),
        (199, "failed"),
    ],
)
def test_what_an_answer_means(status, meaning):
    assert outcome(status) == meaning


def test_a_failure_waits_for_the_next_step_and_the_last_gives_up():
    schedule = (1.0, 2.0, 3.0)
    step = after_attempt(500, 1, 0, schedule=schedule)
    assert (step.state, step.retry_in, step.disable, step.gave_up_in_a_row) == ("failed", 1.0, None, 0)
    assert after_attempt(None, 3, 0, schedule=schedule).retry_in == 3.0
    last = after_attempt(500, 4, 0, schedule=schedule, disable_after=3)
    assert (last.state, last.retry_in, last.disable, last.gave_up_in_a_row) == ("gave_up", None, None, 1)


def test_an_endpoint_is_disabled_after_deliveries_gave_up_in_a_row():
    schedule = (1.0,)
    assert after_attempt(500, 2, 1, schedule=schedule, disable_after=3).disable is None
    third = after_attempt(500, 2, 2, schedule=schedule, disable_after=3)
    assert (third.disable, third.gave_up_in_a_row) == ("failing", 3)


def test_a_delivery_that_gets_through_resets_the_count():
    step = after_attempt(200, 5, 2)
    assert (step.state, step.disable, step.gave_up_in_a_row) == ("delivered", None, 0)


def test_gone_disables_at_once_and_gives_up():
    step = after_attempt(410, 1, 0)
    assert (step.state, step.retry_in, step.disable) == ("gave_up", None, "gone")


def test_any_delivery_may_be_sent_again_and_nothing_else_leaves_delivered():
    assert all(can_move(state, "pending") for state in TRANSITIONS)
    assert not can_move("delivered", "failed") and not can_move("gave_up", "delivered")


def test_a_signature_verifies_with_the_standardwebhooks_package():
    secret = webhook_signing.new_secret()
    assert secret.startswith("whsec_") and len(webhook_signing.key_of(secret)) == 24
    body = json.dumps({"specversion": "1.0", "id": "e1", "data": {"x": "ë"}}).encode()
    headers = webhook_signing.headers(secret, "msg-1", int(time.time()), body)
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(body, headers) == json.loads(body)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body.replace(b"e1", b"e2"), headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(webhook_signing.new_secret()).verify(body, headers)


def test_a_sealed_secret_opens_only_with_its_key_and_on_its_own_row():
    key = webhook_sealing.derive_key("one key")
    sealed = webhook_sealing.seal(key, "whsec_abc", "bel", "endpoint-1")
    assert b"whsec_abc" not in sealed
    assert webhook_sealing.unseal(key, sealed, "bel", "endpoint-1") == "whsec_abc"
    for k, tenant, endpoint in (
        (webhook_sealing.derive_key("another key"), "bel", "endpoint-1"),
        (key, "heemstede", "endpoint-1"),
        (key, "bel", "endpoint-2"),
    ):
        with pytest.raises(InvalidTag):
            webhook_sealing.unseal(k, sealed, tenant, endpoint)


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "fe80::1",
        "fd00::1",
        "fc00::5",
        "0.0.0.0",  # noqa: S104 (an address refused, not bound)
        "::",
        "::ffff:127.0.0.1",
        "100.64.0.1",
        "224.0.0.1",
    ],
)
def test_private_loopback_link_local_and_unique_local_addresses_are_refused(address):
    assert webhook_urls.refused_address(address)


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "145.97.39.155"]
)
def test_public_addresses_are_not(address):
    assert not webhook_urls.refused_address(address)


@pytest.mark.parametrize(
    ("url", "allow_http", "allow_private", "refused"),
    [
        ("https://hooks.example.nl/in", False, False, False),
        ("http://hooks.example.nl/in", False, False, True),
        ("http://hooks.example.nl/in", True, False, False),
        ("ftp://hooks.example.nl/in", True, True, True),
        ("https://user:pw@hooks.example.nl/in", False, False, True),
        ("https://hooks.example.nl/in#part", False, False, True),
        ("https://127.0.0.1/in", False, False, True),
        ("https://[::1]:8443/in", False, False, True),
        ("https://localhost/in", False, False, True),
        ("https://db.localhost/in", False, False, True),
        ("http://127.0.0.1:9000/in", True, True, False),
        ("https://hooks.example.nl:99999/in", False, False, True),
        ("https:///in", False, False, True),
    ],
)
def test_which_urls_may_receive_webhooks(url, allow_http, allow_private, refused):
    _, refusal = webhook_urls.check_shape(url, allow_http=allow_http, allow_private=allow_private)
    assert (refusal is not None) == refused


def test_a_name_is_refused_when_any_of_its_addresses_is_private_or_it_has_none():
    assert webhook_urls.check_addresses(["93.184.215.14", "10.0.0.1"], allow_private=False) is not None
    assert webhook_urls.check_addresses(["93.184.215.14"], allow_private=False) is None
    assert webhook_urls.check_addresses(["10.0.0.1"], allow_private=True) is None
    assert webhook_urls.check_addresses([], allow_private=True) is webhook_urls.UNRESOLVABLE
