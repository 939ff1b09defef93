"""Dutch first, English second: gettext catalogues (Dutch message ids; the translations live in
locale/<lang>/LC_MESSAGES/messages.po, compiled to messages.mo by `make i18n-compile`, which
`make sync` and the image build run; docs/translations.md), dates and amounts in the locale's
notation."""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime, get_timezone
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LANGUAGES = ("nl", "en")
DEFAULT = "nl"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


@cache
def translations(lang: str) -> NullTranslations:
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po, mo = folder / "messages.po", folder / "messages.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with open(mo, "rb") as handle:
            return Translations(handle)
    if not po.exists():
        return NullTranslations()  # Dutch: the message ids are the Dutch text
    # No .mo, or one older than its .po (a checkout without `make sync`, a .po just edited):
    # compiled here in memory as `pybabel compile` would (fuzzy entries left out), never stale.
    with open(po, "rb") as handle:
        catalog = read_po(handle, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def pick(requested: str | None) -> str:
    """Dutch unless the user chose English in the portal (a browser's language is not asked:
    many Dutch civil servants' browsers are set to English)."""
    return requested if requested in LANGUAGES else DEFAULT


AMSTERDAM = get_timezone("Europe/Amsterdam")


@cache
def _locale(lang: str) -> Locale:
    """Parsed once: a locale named by a string is looked up again on every call, which cost more
    than the formatting itself (the audit trail's 50 times: a quarter of the portal's CPU for the
    page, capacity.md run I)."""
    return Locale.parse("nl_NL" if lang == "nl" else "en_GB")


def formatters(lang: str) -> dict:
    locale = _locale(lang)

    def as_date(value) -> str:
        if not value:
            return ""
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        return format_date(value, format="long", locale=locale)

    def as_datetime(value) -> str:
        if not value:
            return ""
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        return format_datetime(value, format="medium", locale=locale, tzinfo=AMSTERDAM)

    return {"format_date": as_date, "format_datetime": as_datetime}
