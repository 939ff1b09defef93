"""The mails of the feedback service: the invitation and the reminder to an outsider, with her
personal link. They leave through the kit's mail outbox (in the caller's transaction, so a crash
loses none and a resend carries the same Message-ID); they carry no answers, only who asks, why,
until when, and the link."""

from __future__ import annotations

from datetime import date

from dialoog.kit.dutch import long_date
from dialoog.kit.mail import OutgoingMail, queue_mail

__all__ = ["invitation", "queue_mail"]


def invitation(
    *,
    to: str,
    to_name: str,
    requester: str,
    tenant_name: str,
    purpose: str,
    deadline: date,
    url: str,
    reminder: bool = False,
):
    subject = (
        f"Herinnering: {requester} vraagt uw feedback" if reminder else f"{requester} vraagt uw feedback"
    )
    text = "\n".join(
        [
            f"Beste {to_name},",
            "",
            f"{requester} ({tenant_name}) vraagt u om feedback.",
            f"Waarvoor: {purpose}",
            f"Graag uiterlijk {long_date(deadline)}.",
            "",
            "Uw persoonlijke link (deel hem niet; hij werkt eenmaal):",
            url,
            "",
            "Op die pagina leest u ook hoe lang uw antwoord bewaard wordt, hoe u het intrekt en hoe u",
            "aangeeft dat u niet meer gevraagd wilt worden.",
            "",
            "--",
            f"Dear {to_name}, {requester} ({tenant_name}) asks for your feedback by {deadline.isoformat()}:",
            url,
        ]
    )
    return OutgoingMail(
        to=to,
        to_name=to_name,
        subject=subject,
        text=text,
        category="feedback-reminder" if reminder else "feedback-invitation",
    )
