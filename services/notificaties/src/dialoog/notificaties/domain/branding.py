"""The tenant as its mails show it (ADR 0037): its name (or the short name its admin chose for
mails) and, when its admin set a primary colour, the look that colour comes to: a header bar in
it with white or near-black text (at least 4.5:1) and links in the accent colour, the primary or
a safe colour, whichever first reaches 4.5:1 on white. Without a colour, the default look. Pure."""

from __future__ import annotations

from dataclasses import dataclass

from dialoog.kit.colours import Look, look_of

DEFAULT_NAME = "Dialoog"


@dataclass(frozen=True)
class Brand:
    name: str | None = None  # the tenant's name (tenant.created)
    primary_color: str | None = None
    accent_color: str | None = None
    mail_name: str | None = None

    @property
    def in_mail(self) -> str:
        """The name the tenant's mails carry: subject, sender, header bar, footer."""
        return self.mail_name or self.name or DEFAULT_NAME

    @property
    def sender_name(self) -> str | None:
        """The sender's display name: the mail name or the tenant's; None: the configured one."""
        return self.mail_name or self.name

    def look(self) -> Look | None:
        """The header bar and link colours; None (the default look) without a primary colour."""
        return look_of(self.primary_color, self.accent_color) if self.primary_color else None
