"""Givers of a request: checking whom the requester asks (colleagues, outsiders, the cycle's
rules, opt-outs, the daily caps), storing them, and mailing the outsiders their personal link."""

from __future__ import annotations

import uuid
from datetime import timedelta
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.schema import FeedbackOptions
from dialoog.feedback.domain import links
from dialoog.feedback.domain.limits import over_cap, seconds_until_tomorrow
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.persistence.requests import RequestRepository
from dialoog.feedback.persistence.settings import SettingsRepository
from dialoog.feedback.service import mail
from dialoog.feedback.service.context import Context
from dialoog.kit.clock import now, today
from dialoog.kit.errors import Text
from dialoog.kit.mail import InvalidMail
from dialoog.kit.problems import invalid, problem


def rule(errors: list[tuple[str, str, str]]):
    return invalid(errors, "feedback-rule")


async def check_givers(
    session: AsyncSession,
    ctx: Context,
    requester: UUID,
    givers: list[dict],
    options: FeedbackOptions,
    existing: list | None = None,
) -> list[dict]:
    """The givers as rows to store (without request id), or 422 `feedback-rule` naming each wrong
    one: an unknown colleague, the requester herself, a giver twice (also one already asked),
    outsiders while the cycle allows none, an address that opted out."""
    projection = ProjectionRepository(session)
    people = await projection.people_by_id([g["person_id"] for g in givers if g.get("person_id")])
    managers = await projection.managers_of(requester)
    hashes = {g["email"]: links.address_hash(ctx.keys.address, g["email"]) for g in givers if g.get("email")}
    opted_out = await SettingsRepository(session).opted_out(list(hashes.values()))
    seen_people = {g.person_id for g in existing or [] if g.person_id}
    seen_addresses = {g.email for g in existing or [] if g.email}
    errors: list[tuple[str, str, str]] = []
    rows: list[dict] = []
    for i, g in enumerate(givers):
        where = f"body.givers[{i}]"
        if g.get("person_id"):
            pid = g["person_id"]
            person = people.get(pid)
            if person is None:
                errors.append((f"{where}.person_id", "deze collega is onbekend", "no such colleague"))
            elif pid == requester:
                errors.append(
                    (
                        f"{where}.person_id",
                        "u kunt uzelf niet vragen; gebruik de zelfreflectie",
                        "you cannot ask yourself; use the self-reflection",
                    )
                )
            elif pid in seen_people:
                errors.append(
                    (f"{where}.person_id", "deze collega is al gevraagd", "this colleague is asked already")
                )
            else:
                seen_people.add(pid)
                rows.append(
                    {
                        "kind": "colleague",
                        "grp": "manager" if pid in managers else "colleagues",
                        "person_id": pid,
                        "name": person.display_name or person.employee_number,
                        "email": None,
                    }
                )
            continue
        address = g["email"]
        if not options.external_givers_allowed:
            errors.append(
                (
                    f"{where}.email",
                    "deze organisatie staat geen feedback van buiten toe",
                    "this organisation allows no feedback from outside",
                )
            )
        elif address in seen_addresses:
            errors.append((f"{where}.email", "dit adres is al gevraagd", "this address is asked already"))
        elif hashes[address] in opted_out:
            errors.append(
                (
                    f"{where}.email",
                    "dit adres wil niet meer gevraagd worden",
                    "this address asked not to be invited again",
                )
            )
        else:
            seen_addresses.add(address)
            rows.append(
                {
                    "kind": "outsider",
                    "grp": "outsiders",
                    "person_id": None,
                    "name": g["name"],
                    "email": address,
                }
            )
    if errors:
        raise rule(errors)
    return rows


async def within_caps(session: AsyncSession, ctx: Context, tenant: str, requester: UUID, adding: int) -> None:
    """429 `rate-limited` (nothing stored, nothing mailed) when `adding` outsider invitations
    would pass today's cap of the requester or of the tenant."""
    if adding == 0:
        return
    repo = RequestRepository(session)
    await repo.lock_invitations(tenant)
    day = today()
    over = over_cap(
        ctx.caps,
        await repo.outsiders_invited_on(day, requester),
        await repo.outsiders_invited_on(day),
        adding,
    )
    if over is None:
        return
    who = ("u", "you") if over.which == "requester" else ("deze organisatie", "this organisation")
    raise problem(
        "rate-limited",
        Text(
            f"Vandaag kan {who[0]} nog {max(0, over.cap - over.used)} mensen buiten de organisatie "
            f"uitnodigen (ten hoogste {over.cap} per dag). Probeer het morgen opnieuw.",
            f"Today {who[1]} can invite {max(0, over.cap - over.used)} more people outside the "
            f"organisation (at most {over.cap} a day). Try again tomorrow.",
        ),
        headers={"Retry-After": str(seconds_until_tomorrow(now()))},
        cap=over.cap,
        limit="outsider_invitations_per_" + over.which,
    )


async def store_and_invite(
    session: AsyncSession,
    ctx: Context,
    tenant: str,
    request,
    rows: list[dict],
    requester_name: str,
    tenant_name: str,
) -> list[dict]:
    """Store the givers; queue an invitation mail with her personal link for each outsider."""
    day = today()
    stored = [{"id": uuid.uuid4(), "request_id": request.id, "invited_on": day, **r} for r in rows]
    repo = RequestRepository(session)
    await repo.add_givers(tenant, stored)
    for giver in stored:
        if giver["kind"] == "outsider":
            await send_link(
                session,
                ctx,
                tenant,
                request,
                giver["id"],
                giver["email"],
                giver["name"],
                requester_name,
                tenant_name,
            )
    return stored


async def send_link(
    session: AsyncSession,
    ctx: Context,
    tenant: str,
    request,
    giver_id: UUID,
    address: str,
    name: str,
    requester_name: str,
    tenant_name: str,
    *,
    reminder: bool = False,
) -> None:
    expires = now().replace(microsecond=0) + timedelta(days=ctx.link_days)
    token = links.sign(ctx.keys.link, links.Link(tenant, giver_id, expires))
    message = mail.invitation(
        to=address,
        to_name=name,
        requester=requester_name,
        tenant_name=tenant_name,
        purpose=request.purpose,
        deadline=request.deadline,
        url=ctx.link_url(token),
        reminder=reminder,
    )
    try:
        message_id = await mail.queue_mail(session, tenant, message)
    except InvalidMail:
        raise rule(
            [("body.givers", f"naar {address} kan geen mail", f"no mail can go to {address}")]
        ) from None
    repo = RequestRepository(session)
    await repo.set_giver(giver_id, link_expires_at=expires)
    await repo.add_message_id(giver_id, message_id)
