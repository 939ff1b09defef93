"""What the use cases need besides the session: the portal's address, the unsubscribe keys, the
mail domain; and the person a signed-in caller is."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal
from dialoog.kit.problems import forbidden
from dialoog.notificaties.domain.tokens import derive_key
from dialoog.notificaties.persistence.projections import ProjectionRepository
from dialoog.notificaties.settings import Settings


@dataclass(frozen=True)
class Context:
    portal_url: str
    mail_domain: str
    key_id: str
    keys: dict[str, bytes]

    @classmethod
    def of(cls, settings: Settings) -> Context:
        keys = {k: derive_key(v, "unsubscribe") for k, v in settings.unsubscribe_old_secrets.items()}
        keys[settings.unsubscribe_key_id] = derive_key(
            settings.unsubscribe_secret or settings.secret_key, "unsubscribe"
        )
        return cls(settings.public_url.rstrip("/"), settings.mail_domain, settings.unsubscribe_key_id, keys)

    def url(self, path: str) -> str:
        return self.portal_url + path

    def unsubscribe_url(self, token: str) -> str:
        return f"{self.portal_url}/u/{token}"

    @property
    def preferences_url(self) -> str:
        return self.url("/meldingen/voorkeuren")


async def me(session: AsyncSession, principal: Principal) -> UUID:
    """The person the caller is in organisatie's data; 403 when the token matches no one."""
    person = await ProjectionRepository(session).person_id_for(principal)
    if person is None:
        raise forbidden(
            "Uw account is niet bekend als medewerker van deze organisatie.",
            "Your account is not known as an employee of this organisation.",
        )
    return person
