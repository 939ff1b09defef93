"""The mail as it goes over the wire, built from an outbox row: pure, no SMTP."""

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from dialoog.kit.mail.message import (
    InvalidMail,
    OutgoingMail,
    StoredMail,
    check,
    message_id_for,
    render,
)

CREATED = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
LONG_LINK = "https://portal.gemeente.example.nl/afmelden/" + "k" * 160


def stored(**overrides) -> StoredMail:
    values = {
        "message_id": "<3f0c7a1e-0000-4000-8000-000000000001@dialoog.test>",
        "to_address": "extern@voorbeeld.nl",
        "to_name": "Eva de Vries",
        "from_name": None,
        "subject": "Uw feedback gevraagd — één vraag",
        "text_body": "Beste Eva,\n\nwilt u feedback geven?\n",
        "html_body": "<p>Beste Eva,</p><p>wilt u feedback geven?</p>",
        "headers": {},
        "created_at": CREATED,
        **overrides,
    }
    return StoredMail(**values)


def parse(data: bytes):
    """As a mail client reads it: in local line ends."""
    return message_from_bytes(data.replace(b"\r\n", b"\n"), policy=policy.default)


def test_a_rendered_mail_has_its_message_id_date_parts_and_one_recipient():
    sender, recipient, data = render(stored(), "Dialoog <no-reply@dialoog.test>")
    assert (sender, recipient) == ("no-reply@dialoog.test", "extern@voorbeeld.nl")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")  # CRLF only
    msg = parse(data)
    assert msg["Message-ID"] == "<3f0c7a1e-0000-4000-8000-000000000001@dialoog.test>"
    assert msg["Subject"] == "Uw feedback gevraagd — één vraag"
    assert msg["To"] == "Eva de Vries <extern@voorbeeld.nl>"
    assert msg["From"] == "Dialoog <no-reply@dialoog.test>"
    assert msg["Date"].datetime == CREATED
    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_content_type() == "multipart/alternative"
    assert msg.get_body(("plain",)).get_content() == "Beste Eva,\n\nwilt u feedback geven?\n"
    assert msg.get_body(("html",)).get_content().strip() == "<p>Beste Eva,</p><p>wilt u feedback geven?</p>"
    assert msg.get_all("Cc") is None and msg.get_all("Bcc") is None


def test_without_html_the_mail_is_plain_text():
    msg = parse(render(stored(html_body=None), "no-reply@dialoog.test")[2])
    assert msg.get_content_type() == "text/plain"


def test_a_resend_of_the_same_row_is_the_same_bytes():
    assert render(stored(), "no-reply@dialoog.test") == render(stored(), "no-reply@dialoog.test")


def test_a_long_list_unsubscribe_stays_one_unencoded_header_line():
    headers = {
        "List-Unsubscribe": f"<{LONG_LINK}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    data = render(stored(headers=headers), "no-reply@dialoog.test")[2]
    assert f"List-Unsubscribe: <{LONG_LINK}>\r\n".encode() in data
    assert b"=?utf-8?" not in data.split(b"\r\n\r\n")[0].split(b"List-Unsubscribe:")[1].split(b"\r\n")[0]
    msg = parse(data)
    assert msg["List-Unsubscribe"] == f"<{LONG_LINK}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_tenant_may_name_the_sender_but_not_change_its_address():
    msg = parse(render(stored(from_name="Gemeente Heemstede"), "Dialoog <no-reply@dialoog.test>")[2])
    assert msg["From"] == "Gemeente Heemstede <no-reply@dialoog.test>"


def test_the_message_id_is_the_row_id_at_the_mail_domain():
    assert message_id_for("abc-1", "mail.dialoog.nl") == "<abc-1@mail.dialoog.nl>"


def mail(**overrides) -> OutgoingMail:
    values = {"to": "extern@voorbeeld.nl", "subject": "Onderwerp", "text": "Tekst", "category": "feedback"}
    return OutgoingMail(**{**values, **overrides})


def test_a_good_mail_passes_the_checks():
    check(mail(headers={"Reply-To": "hr@gemeente.nl", "List-Unsubscribe": f"<{LONG_LINK}>"}))
    check(mail(message_id="<n-1@dialoog.nl>", to_name="Eva"))


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"to": "geen-adres"}, "not an e-mail address"),
        ({"to": "a@b"}, "not an e-mail address"),
        ({"to": "a@b.nl, c@d.nl"}, "not an e-mail address"),
        ({"to": "a@b.nl\r\nBcc: c@d.nl"}, "line break"),
        ({"to_name": "Eva\nBcc: x@y.nl"}, "line break"),
        ({"subject": "Hallo\r\nBcc: x@y.nl"}, "line break"),
        ({"subject": "  "}, "subject"),
        ({"category": ""}, "category"),
        ({"message_id": "zonder-haken@x.nl"}, "Message-ID"),
        ({"message_id": "<geen-domein>"}, "Message-ID"),
        ({"headers": {"Bcc": "x@y.nl"}}, "sets Bcc itself"),
        ({"headers": {"message-id": "<a@b.nl>"}}, "sets message-id itself"),
        ({"headers": {"From": "x@y.nl"}}, "sets From itself"),
        ({"headers": {"X-Test": "a\r\nBcc: x@y.nl"}}, "line break"),
        ({"headers": {"Kop met spatie": "x"}}, "header name"),
        ({"headers": {"X:Y": "x"}}, "header name"),
    ],
)
def test_what_cannot_be_sent_is_refused_when_queued(overrides, reason):
    with pytest.raises(InvalidMail, match=reason):
        check(mail(**overrides))
