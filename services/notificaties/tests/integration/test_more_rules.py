"""More rules on real events: an objection's new state names only the assessment, and reaches
the employee whose assessment it is (remembered from `assessment.established`); a webhook switched
off tells the tenant admins at once (and no one else), by a mail without an unsubscribe link."""

import uuid
from datetime import timedelta

from dialoog.contracts.events.notificaties import WebhookDisabled
from dialoog.contracts.events.portfolio import AssessmentEstablished, ObjectionStatusChanged
from dialoog.kit.clock import today

from .helpers import address, inbox_until, publish


async def test_an_objection_s_state_reaches_the_employee_of_its_assessment(world, mailbox):
    nt, signed, people = world["nt"], world["signed"], world["people"]
    employee = signed(address("ruben.vermeer.bel"))
    assessment = uuid.uuid4()
    await publish(
        world["nats"].url,
        "bel",
        AssessmentEstablished(
            assessment_id=assessment,
            employee_id=people["ruben.vermeer.bel"],
            letter_sent_on=today(),
            objection_deadline=today() + timedelta(weeks=6),
        ),
        ObjectionStatusChanged(objection_id=uuid.uuid4(), assessment_id=assessment, status="in_progress"),
    )
    items = await inbox_until(
        nt,
        employee,
        lambda xs: (
            {"portfolio.assessment.established", "portfolio.objection.status_changed"}
            <= {x["kind"] for x in xs}
        ),
    )
    established = next(x for x in items if x["kind"] == "portfolio.assessment.established")
    assert (
        established["title"] == "Er staat een beoordeling voor u klaar"
        and established["category"] == "decision"
    )
    changed = next(x for x in items if x["kind"] == "portfolio.objection.status_changed")
    assert changed["title"] == "Uw bezwaar is bijgewerkt" and changed["link"] == "/portfolio"


async def test_a_disabled_webhook_tells_the_tenant_admins_at_once_without_an_unsubscribe_link(world, mailbox):
    nt, auth = world["nt"], world["auth"]
    admin = auth("bel.beheer")
    await publish(
        world["nats"].url,
        "bel",
        WebhookDisabled(endpoint_id=uuid.uuid4(), reason="gone", failed_deliveries=3),
    )
    items = await inbox_until(
        nt, admin, lambda xs: any(x["kind"] == "notificaties.webhook.disabled" for x in xs)
    )
    item = next(x for x in items if x["kind"] == "notificaties.webhook.disabled")
    assert item["title"] == "Een webhook is uitgezet" and "BEL Combinatie" in item["body"]
    message_id = f"<n.{item['id']}@{nt.app.state.settings.mail_domain}>"
    messages = await mailbox.wait_until(lambda ms: any(m["Message-ID"] == message_id for m in ms))
    (mail,) = [m for m in messages if m["Message-ID"] == message_id]
    assert mail["List-Unsubscribe"] is None
    assert address("bel.beheer") in mail["To"]
    # Nobody else in the tenant is told.
    others = (await nt.get("/v1/inbox?limit=200", headers=auth("bel.medewerker"))).json()["items"]
    assert not any(x["kind"] == "notificaties.webhook.disabled" for x in others)
