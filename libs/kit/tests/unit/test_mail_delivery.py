"""What an SMTP answer means for a mail: given up only when the server refused this mail."""

from datetime import timedelta
from itertools import pairwise

import aiosmtplib
import pytest

from dialoog.kit.mail.delivery import classify, connection_lost, describe, retry_delay
from dialoog.kit.settings import ServiceSettings


def refused(code: int) -> aiosmtplib.SMTPRecipientsRefused:
    return aiosmtplib.SMTPRecipientsRefused([aiosmtplib.SMTPRecipientRefused(code, "nee", "a@b.nl")])


@pytest.mark.parametrize(
    ("exc", "outcome", "lost"),
    [
        (refused(550), "failed", False),
        (refused(450), "retry", False),
        (aiosmtplib.SMTPDataError(554, "content rejected"), "failed", False),
        (aiosmtplib.SMTPDataError(451, "try later"), "retry", False),
        # The configuration's fault, not the mail's: tried again, never given up.
        (aiosmtplib.SMTPSenderRefused(553, "sender not allowed", "no-reply@x.nl"), "retry", True),
        (aiosmtplib.SMTPAuthenticationError(535, "bad login"), "retry", True),
        (aiosmtplib.SMTPServerDisconnected("gone"), "retry", True),
        (aiosmtplib.SMTPReadTimeoutError("slow"), "retry", True),
        (ConnectionRefusedError(111, "refused"), "retry", True),
        (ValueError("address cannot be encoded"), "failed", False),
    ],
)
def test_an_smtp_failure_is_retried_unless_the_mail_itself_was_refused(exc, outcome, lost):
    assert classify(exc) == outcome
    assert connection_lost(exc) is lost


def test_the_error_kept_is_the_servers_answer():
    assert describe(refused(550)) == "SMTPRecipientRefused: 550 nee"
    assert describe(ConnectionRefusedError(111, "Connection refused")).startswith("ConnectionRefusedError")


def test_the_retry_delay_doubles_up_to_its_ceiling():
    delays = [retry_delay(n, 5.0, 3600.0) for n in range(1, 13)]
    assert delays[:4] == [timedelta(seconds=s) for s in (5, 10, 20, 40)]
    assert delays[-1] == timedelta(hours=1)
    assert all(a <= b for a, b in pairwise(delays))
    assert retry_delay(10_000, 5.0, 3600.0) == timedelta(hours=1)


def test_starttls_and_implicit_tls_exclude_each_other():
    with pytest.raises(ValueError, match="exclude each other"):
        ServiceSettings(smtp_starttls=True, smtp_implicit_tls=True)


def test_a_login_needs_both_name_and_password():
    with pytest.raises(ValueError, match="together"):
        ServiceSettings(smtp_username="dialoog")


def test_outside_development_a_login_is_never_sent_over_a_plain_connection():
    real = {
        "environment": "production",
        "secret_key": "a-real-one",
        "database_url": "postgresql+asyncpg://app:s3cret@db/dialoog",
        "nats_url": "nats://dialoog:s3cret@nats:4222",
        "smtp_username": "dialoog",
        "smtp_password": "relay-s3cret",
    }
    with pytest.raises(ValueError, match="in the clear"):
        ServiceSettings(**real)
    assert ServiceSettings(**real, smtp_starttls=True).smtp_port == 2544
    assert ServiceSettings(**real, smtp_implicit_tls=True, smtp_port=465).smtp_implicit_tls


def test_every_service_process_of_the_dev_stack_mails_to_its_sink(tmp_path):
    from dialoog.devstack.config import SERVICES, StackConfig

    cfg = StackConfig.from_env(tmp_path)
    for service in SERVICES:
        env = cfg.service_env(service)
        prefix = f"DIALOOG_{service.upper()}_"
        assert env[prefix + "SMTP_HOST"] == cfg.host
        assert env[prefix + "SMTP_PORT"] == str(cfg.port("smtp"))
