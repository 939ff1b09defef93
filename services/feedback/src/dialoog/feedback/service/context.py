"""What every use case needs besides the session: the keys derived from the link secret, the
caps, and the person a signed-in caller is."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.contracts.cycle.schema import FeedbackOptions
from dialoog.feedback.domain.limits import Caps
from dialoog.feedback.domain.links import derive_key
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.settings import Settings
from dialoog.kit.auth import Principal
from dialoog.kit.clock import today
from dialoog.kit.problems import forbidden


@dataclass(frozen=True)
class Keys:
    link: bytes
    address: bytes
    order: bytes


@dataclass(frozen=True)
class Context:
    keys: Keys
    caps: Caps
    public_url: str
    link_days: int

    @classmethod
    def of(cls, settings: Settings) -> Context:
        secret = settings.link_secret
        return cls(
            Keys(derive_key(secret, "link"), derive_key(secret, "address"), derive_key(secret, "order")),
            Caps(
                settings.outsider_invitations_per_requester_per_day,
                settings.outsider_invitations_per_tenant_per_day,
            ),
            settings.public_url.rstrip("/"),
            settings.link_days,
        )

    def link_url(self, token: str) -> str:
        return f"{self.public_url}/f/{token}"


async def me(session: AsyncSession, principal: Principal) -> UUID:
    """The person the caller is in organisatie's data; 403 when the token matches no one."""
    person = await ProjectionRepository(session).person_id_for(principal)
    if person is None:
        raise forbidden(
            "Uw account is niet bekend als medewerker van deze organisatie.",
            "Your account is not known as an employee of this organisation.",
        )
    return person


async def feedback_options(session: AsyncSession) -> FeedbackOptions:
    """The cycle's `feedback` options in force today (the defaults until organisatie sent any)."""
    found = await ProjectionRepository(session).feedback_options(today())
    return FeedbackOptions.model_validate(found) if found else FeedbackOptions()
