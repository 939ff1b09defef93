"""Every event payload, one module per service. Importing this package registers them all."""

from dialoog.contracts.events import feedback, notificaties, organisatie, portfolio, salaris

__all__ = ["feedback", "notificaties", "organisatie", "portfolio", "salaris"]
