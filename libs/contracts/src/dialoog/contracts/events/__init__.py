"""Every event payload, one module per service. Importing this package registers them all."""

from dialoog.contracts.events import feedback, organisatie, portfolio, salaris

__all__ = ["feedback", "organisatie", "portfolio", "salaris"]
