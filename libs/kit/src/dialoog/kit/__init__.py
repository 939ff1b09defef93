"""dialoog.kit: the shared building blocks of every Dialoog service."""
