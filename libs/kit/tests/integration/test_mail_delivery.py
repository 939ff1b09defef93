"""Mail from the outbox over real SMTP (a private sink) and real PostgreSQL: what a recipient gets,
nothing before the commit, and nothing lost when the sender is killed at the worst moments or the
SMTP server is away (issue 12, ADR 0021)."""

import ipaddress
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from dialoog.devstack.procs import kill
from dialoog.kit import clock
from dialoog.kit.db import tenant_transaction
from dialoog.kit.mail import OutgoingMail, queue_mail
from dialoog.kit.mail.outbox import MAIL_OUTBOX
from dialoog.testing.mailbox import html_of, text_of

LINK = "https://portal.dialoog.test/afmelden/" + "x" * 120


class RolledBack(Exception):
    pass


async def test_a_committed_mail_arrives_with_its_message_id_subject_parts_and_headers(mail_world):
    async with tenant_transaction(mail_world.sessions, "bel") as session:
        message_id = await queue_mail(
            session,
            "bel",
            OutgoingMail(
                to="extern@voorbeeld.nl",
                to_name="Eva de Vries",
                subject="Feedback gevraagd — één vraag van Anna",
                text="Beste Eva,\n\nAnna vraagt uw feedback: https://portal.dialoog.test/f/abc\n",
                html="<p>Beste Eva,</p><p><a href='https://portal.dialoog.test/f/abc'>Geef feedback</a></p>",
                headers={
                    "List-Unsubscribe": f"<{LINK}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                    "Reply-To": "anna@bel.nl",
                },
                category="feedback-invitation",
                from_name="BEL Combinatie",
            ),
        )
    row_id = message_id.removeprefix("<").split("@")[0]
    assert message_id == f"<{uuid.UUID(row_id)}@dialoog.test>"  # the row's id at the mail domain
    assert await mail_world.sender().send_once() == 1
    (mail,) = mail_world.mailbox.messages()
    assert mail["Message-ID"] == message_id
    assert mail["Subject"] == "Feedback gevraagd — één vraag van Anna"
    assert mail["To"] == "Eva de Vries <extern@voorbeeld.nl>"
    assert mail["From"] == "BEL Combinatie <no-reply@dialoog.test>"
    assert text_of(mail) == "Beste Eva,\n\nAnna vraagt uw feedback: https://portal.dialoog.test/f/abc\n"
    assert "Geef feedback</a>" in html_of(mail)
    assert mail["List-Unsubscribe"] == f"<{LINK}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Reply-To"] == "anna@bel.nl"
    row = (await mail_world.rows())[message_id]
    assert row["sent_at"] is not None and row["attempts"] == 1 and row["last_error"] is None
    assert (row["text_body"], row["html_body"]) == (None, None)  # the content left with the mail
    assert await mail_world.sender().send_once() == 0  # sent once, not again


async def test_a_rolled_back_transaction_sends_nothing(mail_world):
    with pytest.raises(RolledBack):
        async with tenant_transaction(mail_world.sessions, "bel") as session:
            await queue_mail(
                session,
                "bel",
                OutgoingMail(to="nooit@voorbeeld.nl", subject="Nooit", text="Nooit", category="t"),
            )
            raise RolledBack
    (committed,) = await mail_world.queue(1)
    assert await mail_world.sender().send_once() == 1
    assert [str(m["Message-ID"]) for m in mail_world.mailbox.messages()] == [committed]
    assert mail_world.mailbox.messages("nooit@voorbeeld.nl") == []
    assert list(await mail_world.rows()) == [committed]


async def queued_in_two_tenants(world) -> set[str]:
    return set(await world.queue(12, tenant="bel") + await world.queue(8, tenant="heemstede"))


def copies(world) -> dict[str, list[bytes]]:
    """Message-ID -> the received copies, as bytes."""
    return {mid: [m.as_bytes() for m in ms] for mid, ms in world.mailbox.by_message_id().items()}


async def all_sent(world, expected: set[str]) -> None:
    async def done():
        return await world.pending() == 0

    await world.wait_for(done, 60, "the mail outbox to drain")
    rows = await world.rows()
    assert set(rows) == expected
    assert all(r["sent_at"] is not None for r in rows.values())


async def test_sender_killed_after_the_commit_and_before_the_send(mail_world):
    expected = await queued_in_two_tenants(mail_world)
    pid, marker = mail_world.spawn(crash_at="before_send")
    assert int(await mail_world.wait_marker(marker, pid)) == 20
    kill(pid)
    assert mail_world.mailbox.messages() == []
    assert await mail_world.pending() == 20
    mail_world.spawn()
    await all_sent(mail_world, expected)
    received = copies(mail_world)
    assert set(received) == expected  # every mail, under its own Message-ID
    assert {mid: len(c) for mid, c in received.items()} == dict.fromkeys(expected, 1)


async def test_sender_killed_after_the_send_and_before_marking_sent(mail_world):
    expected = await queued_in_two_tenants(mail_world)
    pid, marker = mail_world.spawn(crash_at="after_send")
    assert int(await mail_world.wait_marker(marker, pid)) == 20
    kill(pid)
    assert set(copies(mail_world)) == expected  # sent, but the sender died before it could say so
    assert await mail_world.pending() == 20
    mail_world.spawn()
    await all_sent(mail_world, expected)
    received = copies(mail_world)
    # At least once: each mail came twice, both times as the same message under the same
    # Message-ID (a recipient's client shows it once); none lost, none under a second id.
    assert set(received) == expected
    assert {mid: len(c) for mid, c in received.items()} == dict.fromkeys(expected, 2)
    assert all(first == second for first, second in received.values())


async def test_nothing_is_lost_while_the_smtp_server_is_down_and_it_goes_out_when_it_is_back(mail_world):
    mail_world.sink.stop()
    mail_world.spawn()
    expected = set(await mail_world.queue(5))

    async def tried_and_failed():
        rows = (await mail_world.rows()).values()
        return all(r["attempts"] >= 2 and "connect" in (r["last_error"] or "") for r in rows)

    await mail_world.wait_for(tried_and_failed, 30, "failed attempts against the stopped server")
    assert await mail_world.pending() == 5
    mail_world.sink.start()  # the same port
    await all_sent(mail_world, expected)
    received = copies(mail_world)
    assert {mid: len(c) for mid, c in received.items()} == dict.fromkeys(expected, 1)
    assert all(r["last_error"] is None for r in (await mail_world.rows()).values())


async def test_a_recipient_the_server_refuses_is_given_up_and_the_others_go_out(mail_world):
    (refused,) = await mail_world.queue(1, to="bestaat-niet@refused.invalid")
    (good,) = await mail_world.queue(1)
    sender = mail_world.sender()
    assert await sender.send_once() == 2
    assert list(copies(mail_world)) == [good]
    row = (await mail_world.rows())[refused]
    assert row["failed_at"] is not None and row["sent_at"] is None and row["attempts"] == 1
    assert "550" in row["last_error"]
    assert row["text_body"]  # kept, for whoever looks into it
    assert await sender.send_once() == 0  # not tried again


async def test_a_mail_held_back_waits_for_its_moment(mail_world):
    (later,) = await mail_world.queue(1, not_before=clock.now() + timedelta(hours=1))
    (now,) = await mail_world.queue(1, not_before=clock.now() - timedelta(seconds=1))
    assert await mail_world.sender().send_once() == 1
    assert list(copies(mail_world)) == [now]
    assert await mail_world.pending() == 1 and (await mail_world.rows())[later]["sent_at"] is None


async def test_a_tenant_sees_only_its_own_mail_and_cannot_queue_another_tenants(mail_world):
    await mail_world.queue(2, tenant="bel")
    await mail_world.queue(1, tenant="heemstede")
    async with tenant_transaction(mail_world.sessions, "bel") as session:
        seen = (await session.execute(select(MAIL_OUTBOX.c.tenant_id))).scalars().all()
    assert seen == ["bel", "bel"]
    with pytest.raises(DBAPIError, match="row-level security"):
        async with tenant_transaction(mail_world.sessions, "bel") as session:
            await queue_mail(
                session, "heemstede", OutgoingMail(to="a@voorbeeld.nl", subject="s", text="t", category="c")
            )


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that is its own CA, and its key (PEM files)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Dialoog test relay")])
    now = clock.wall_now()  # a certificate lives in real time, not on the business day
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert, key_file = directory / "relay.pem", directory / "relay.key"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert, key_file


async def test_a_relay_that_requires_starttls_and_a_login_gets_them_and_nothing_else_gives_the_mail_up(
    mail_world, tmp_path
):
    from dialoog.testing.smtp_sink import SmtpSink

    cert, key = self_signed_certificate(tmp_path)
    relay = SmtpSink(tmp_path / "relay", tls=(cert, key), login=("dialoog", "relay-geheim")).start()
    try:
        (message_id,) = await mail_world.queue(1)
        tls = {"smtp_port": relay.port, "retry_base_seconds": 0.0, "starttls": True, "ca_file": str(cert)}
        attempts = [
            ({"smtp_port": relay.port, "retry_base_seconds": 0.0}, "530"),  # plain: STARTTLS first
            ({**tls}, "530"),  # encrypted, but no login
            ({**tls, "username": "dialoog", "password": "fout"}, "535"),  # a wrong password
        ]
        for n, (overrides, code) in enumerate(attempts, start=1):
            assert await mail_world.sender(**overrides).send_once() == 1
            row = (await mail_world.rows())[message_id]
            assert (row["attempts"], row["sent_at"], row["failed_at"]) == (n, None, None)
            assert code in row["last_error"]  # the configuration's fault: tried again, not given up
        assert relay.mailbox.messages() == []
        sender = mail_world.sender(**tls, username="dialoog", password="relay-geheim")
        assert await sender.send_once() == 1
        (mail,) = relay.mailbox.messages()
        assert mail["Message-ID"] == message_id
        assert (await mail_world.rows())[message_id]["sent_at"] is not None
    finally:
        relay.stop()
