"""A service that passes `mail_outbox=` to `build_service_app` sends its mail: in-process apps and
the dev stack's own service processes, both to the stack's SMTP sink (their settings point there)."""

import uuid

from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.kit.db import make_sessionmaker, tenant_transaction
from dialoog.kit.mail import OutgoingMail, queue_mail
from dialoog.testing.mailbox import text_of


def invitation(address: str) -> OutgoingMail:
    return OutgoingMail(
        to=address, subject="Feedback gevraagd", text="Wilt u feedback geven?", category="feedback"
    )


async def test_a_service_app_sends_what_is_committed_to_its_mail_outbox(service_client, mailbox):
    address = f"app-{uuid.uuid4().hex[:12]}@voorbeeld.nl"
    async with service_client("feedback") as client:
        app = client.app
        async with tenant_transaction(app.state.sessions, "bel") as session:
            message_id = await queue_mail(session, "bel", invitation(address))
        mail = await mailbox.wait_for(address, within=30)
    assert mail["Message-ID"] == message_id
    assert message_id.endswith(f"@{app.state.settings.mail_domain}>")  # the app's mail domain
    assert text_of(mail) == "Wilt u feedback geven?\n"


async def test_the_stacks_feedback_process_sends_to_the_stacks_sink(dialoog_stack, mailbox):
    address = f"stack-{uuid.uuid4().hex[:12]}@voorbeeld.nl"
    engine = create_async_engine(dialoog_stack.database_url("feedback"))
    try:
        async with tenant_transaction(make_sessionmaker(engine), "bel") as session:
            message_id = await queue_mail(session, "bel", invitation(address), domain="stack.dialoog.test")
    finally:
        await engine.dispose()
    mail = await mailbox.wait_for(address, within=30)
    assert mail["Message-ID"] == message_id
