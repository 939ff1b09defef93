"""Every event payload, one module per service. Importing this package registers them all."""

from dialoog.contracts.events import organisatie, portfolio, salaris

__all__ = ["organisatie", "portfolio", "salaris"]
