"""The pure pieces of the notification pages (issue 13, ADR 0027): the unread badge's words, an
inbox item's link, the preferences and webhook forms as the notificaties service's bodies, the
one-click unsubscribe link's shape and the state of its answer. No requests, no templates."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

CATEGORIES = ("task", "reminder", "decision", "feedback", "information")
MODES = ("immediate", "daily", "weekly")
WEEKDAYS = range(1, 8)  # ISO: 1 is Monday
HOURS = range(24)
LANGUAGES = ("nl", "en")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
# The signed unsubscribe token as notificaties makes it: base64url parts, dot-separated, at most
# 600 characters. Anything else is not sent to the service at all.
TOKEN = re.compile(r"^(?=.{10,600}$)[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){1,5}$")
# notificaties names inbox items, endpoints and deliveries by UUID: anything else is not asked for.
UUID_TEXT = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DELIVERY_STATES = ("pending", "delivered", "failed", "gave_up")
DISABLED_REASONS = ("gone", "failing", "manual")
MAX_EVENT_TYPES = 200


def badge_label(count: int, gettext: Callable[[str], str]) -> str:
    """`3 ongelezen meldingen`: what a screen reader says for the badge (Dutch and English have
    the same two plural forms)."""
    if count == 1:
        return gettext("1 ongelezen melding")
    return gettext("%(count)s ongelezen meldingen") % {"count": count}


def badge_text(count: int) -> str:
    """What the badge shows: the count, `99+` above 99 (the label says the exact number)."""
    return "99+" if count > 99 else str(count)


def unread_from(body) -> int | None:
    """The count from `{"unread": int}`, or None for anything else (no badge rather than a wrong one)."""
    if not isinstance(body, dict):
        return None
    unread = body.get("unread")
    if isinstance(unread, bool) or not isinstance(unread, int) or unread < 0:
        return None
    return unread


def local_link(link) -> str | None:
    """An inbox item's link when it is a path inside the portal; never another site."""
    if not isinstance(link, str) or not link.startswith("/") or link.startswith("//") or "\\" in link:
        return None
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    return link


def page_number(raw: str | None) -> int:
    """The `pagina` shown beside a cursor page (only a number for the eye; the cursor leads)."""
    raw = raw or "1"
    return int(raw) if raw.isdigit() and len(raw) <= 6 and int(raw) >= 1 else 1


# --- preferences --------------------------------------------------------------------------------
def preferences_body(form, gettext: Callable[[str], str], *, with_language: bool = True) -> tuple[dict, dict]:
    """The posted preferences form as notificaties' PUT body, and the field errors the page shows
    (a choice outside the lists, an hour that is not one, quiet hours not HH:MM). A category that
    followed the tenant's default and is sent back unchanged (`inherited-<category>` holds what
    was shown) is left out of the body, so it keeps following the default."""
    errors: dict[str, str] = {}
    categories = {}
    for category in CATEGORIES:
        mode = str(form.get(f"mode-{category}", "immediate"))
        if mode not in MODES:
            errors[f"mode-{category}"] = gettext("Kies direct, dagelijks of wekelijks.")
            mode = "immediate"
        choice = {"email": form.get(f"email-{category}") == "on", "mode": mode}
        if form.get(f"inherited-{category}") == shown_choice(choice):
            continue
        categories[category] = choice
    body: dict = {"categories": categories}
    if with_language:
        language = str(form.get("language", "nl"))
        if language not in LANGUAGES:
            errors["language"] = gettext("Kies Nederlands of Engels.")
        body["language"] = language if language in LANGUAGES else "nl"
    hour = _number(form.get("digest_hour"), HOURS)
    if hour is None:
        errors["digest_hour"] = gettext("Kies een uur van 0 tot en met 23.")
    weekday = _number(form.get("digest_weekday"), WEEKDAYS)
    if weekday is None:
        errors["digest_weekday"] = gettext("Kies een dag van de week.")
    body["digest_hour"] = hour if hour is not None else 8
    body["digest_weekday"] = weekday if weekday is not None else 1
    body["quiet_hours"] = None
    if form.get("quiet") == "on":
        start, end = str(form.get("quiet_start", "")).strip(), str(form.get("quiet_end", "")).strip()
        if not TIME.match(start):
            errors["quiet_start"] = gettext("Vul een tijd in als 22:00.")
        if not TIME.match(end):
            errors["quiet_end"] = gettext("Vul een tijd in als 07:00.")
        if TIME.match(start) and TIME.match(end) and start == end:
            errors["quiet_end"] = gettext("Het einde van de stille uren moet anders zijn dan het begin.")
        body["quiet_hours"] = {"start": start, "end": end}
    return body, errors


def shown_choice(choice: dict) -> str:
    """A category's choice as the page's hidden `inherited-<category>` field holds it: `on:daily`."""
    return f"{'on' if choice.get('email') else 'off'}:{choice.get('mode')}"


def _number(value, allowed: range) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or len(text) > 2:
        return None
    number = int(text)
    return number if number in allowed else None


def preference_rows(preferences: dict) -> list[dict]:
    """One row per category in a fixed order, with what the service answered (immediate and on
    when it says nothing) and whether the tenant's default still applies."""
    given = preferences.get("categories") or {}
    inherited = set(preferences.get("inherited") or [])
    rows = []
    for category in CATEGORIES:
        chosen = given.get(category) or {}
        mode = chosen.get("mode") if chosen.get("mode") in MODES else "immediate"
        rows.append(
            {
                "category": category,
                "email": bool(chosen.get("email", True)),
                "mode": mode,
                "inherited": category in inherited,
            }
        )
    return rows


# --- webhooks -----------------------------------------------------------------------------------
def webhook_body(form, known_types: list[str], gettext: Callable[[str], str]) -> tuple[dict, dict]:
    """The create/edit form as `{url, description, event_types}` (no event type ticked: all), and
    the field errors the page shows before the service is asked (it checks the rest: a private
    address, a URL it refuses)."""
    errors: dict[str, str] = {}
    url = str(form.get("url", "")).strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        errors["url"] = gettext("Vul een volledig adres in dat begint met https://.")
    description = str(form.get("description", "")).strip()[:200]
    known = set(known_types)
    chosen = list(dict.fromkeys(str(t) for t in form.getlist("event_types")))
    unknown = [t for t in chosen if t not in known]
    if unknown or len(chosen) > MAX_EVENT_TYPES:
        errors["event_types"] = gettext("Kies alleen gebeurtenissen uit de lijst.")
    body = {"url": url, "description": description, "event_types": [t for t in chosen if t in known]}
    return body, errors


def event_type_names(listed) -> list[str]:
    """`GET /v1/webhooks/event-types` as a list of names, whether the service answers a Page of
    strings or of `{type, ...}` objects."""
    items = listed.get("items", []) if isinstance(listed, dict) else listed
    names = []
    for item in items or []:
        name = item if isinstance(item, str) else None
        if isinstance(item, dict):
            name = item.get("type") or item.get("name")
        if isinstance(name, str) and name:
            names.append(name)
    return sorted(dict.fromkeys(names))


def response_time(ms) -> str:
    """`120 ms`, `2,4 s`; empty when there was no answer."""
    if not isinstance(ms, int | float) or isinstance(ms, bool):
        return ""
    if ms < 1000:
        return f"{int(ms)} ms"
    return f"{ms / 1000:.1f} s".replace(".", ",")


# --- one-click unsubscribe ----------------------------------------------------------------------
def unsubscribe_state(status: int, body) -> tuple[str, dict]:
    """The page's state from notificaties' answer: `ok` with `{category, tenant_name, language}`,
    or `invalid` for a bad, altered or unknown link (404 `unsubscribe-link-invalid`, 400, 422)."""
    if status == 200 and isinstance(body, dict) and body.get("category"):
        return "ok", body
    if status in (400, 401, 403, 404, 410, 422):
        return "invalid", {}
    return "error", {}


def category_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "task": gettext("Taken"),
        "reminder": gettext("Herinneringen"),
        "decision": gettext("Besluiten"),
        "feedback": gettext("Feedback"),
        "information": gettext("Informatie"),
    }


def mode_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "immediate": gettext("direct"),
        "daily": gettext("dagelijks overzicht"),
        "weekly": gettext("wekelijks overzicht"),
    }


def weekday_labels(gettext: Callable[[str], str]) -> dict[int, str]:
    names = (
        gettext("maandag"),
        gettext("dinsdag"),
        gettext("woensdag"),
        gettext("donderdag"),
        gettext("vrijdag"),
        gettext("zaterdag"),
        gettext("zondag"),
    )
    return dict(zip(WEEKDAYS, names, strict=True))


def delivery_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "pending": gettext("wacht op bezorging"),
        "delivered": gettext("bezorgd"),
        "failed": gettext("mislukt, wordt opnieuw geprobeerd"),
        "gave_up": gettext("opgegeven"),
    }


def disabled_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    return {
        "gone": gettext("uitgezet: de ontvanger antwoordde 410 Gone"),
        "failing": gettext("uitgezet: bezorgen mislukte te lang"),
        "manual": gettext("uitgezet door een beheerder"),
    }


def formal_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    """The formal notices (always e-mailed at once, ADR 0025) in words; an unknown kind shows as
    it is."""
    return {
        "salaris.letter.issued": gettext("Uw salarisbrief (met bezwaartermijn)"),
        "portfolio.assessment.established": gettext("Een vastgestelde beoordeling (met bezwaartermijn)"),
        "portfolio.decision.established": gettext("Een vastgesteld besluit (met bezwaartermijn)"),
        "notificaties.reminder.objection_term_salaris": gettext(
            "Herinnering dat de bezwaartermijn tegen uw salarisbesluit afloopt"
        ),
        "notificaties.reminder.objection_term_portfolio": gettext(
            "Herinnering dat de bezwaartermijn tegen een besluit in uw portfolio afloopt"
        ),
    }
