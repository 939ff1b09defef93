"""A tenant's colours and WCAG 2.1 contrast (ADR 0037). Pure.

A colour is `#rrggbb` (kept in lower case). The contrast ratio is WCAG 2.1's (1.4.3): the relative
luminance of each colour, then (lighter + 0.05) / (darker + 0.05), from 1 (none) to 21 (black on
white). Normal text needs 4.5:1 (AA). What goes on a tenant's colour (the header bar's text) is
white or near-black, whichever reaches 4.5:1; a link in a tenant's colour must reach it against the
white page, or a safe colour is used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# The JSON Schema pattern of a colour field (the OpenAPI says the shape: ADR 0020).
HEX_COLOUR_PATTERN = HEX_COLOUR.pattern

AA_NORMAL_TEXT = 4.5
WHITE = "#ffffff"
NEAR_BLACK = "#1a1a1a"
BLACK = "#000000"
# A link colour that reaches 4.5:1 on white (6.08:1), for a tenant whose colours do not.
SAFE_LINK = "#01689b"


def normalised(colour: str) -> str:
    """`#RRGGBB` as `#rrggbb`; anything else is a ValueError."""
    if not HEX_COLOUR.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return colour.lower()


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance, 0 (black) to 1 (white)."""
    hex_ = normalised(colour)[1:]
    r, g, b = (int(hex_[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, 1.0 to 21.0."""
    la, lb = luminance(a), luminance(b)
    lighter, darker = max(la, lb), min(la, lb)
    return (lighter + 0.05) / (darker + 0.05)


def text_on(background: str) -> str:
    """The text colour for `background`: white if it reaches 4.5:1, else near-black if it does,
    else black (which always does where white does not: it reaches at least 4.58:1 then)."""
    for candidate in (WHITE, NEAR_BLACK):
        if contrast(candidate, background) >= AA_NORMAL_TEXT:
            return candidate
    return BLACK


def link_on_white(*preferred: str | None) -> str:
    """The first of `preferred` (the accent, then the primary colour) that reaches 4.5:1 on
    white, or the safe link colour."""
    for colour in preferred:
        if colour and contrast(colour, WHITE) >= AA_NORMAL_TEXT:
            return normalised(colour)
    return SAFE_LINK


@dataclass(frozen=True)
class Look:
    """What a tenant's colours come to on a white page: the header bar and its text, and links."""

    header_background: str
    header_text: str
    link: str
    header_contrast: float
    link_contrast: float


def look_of(primary: str, accent: str | None = None) -> Look:
    """The look of a tenant with primary colour `primary` (and optionally an accent for links)."""
    header = normalised(primary)
    text = text_on(header)
    link = link_on_white(accent, header)
    return Look(header, text, link, round(contrast(header, text), 2), round(contrast(link, WHITE), 2))
