"""Notifications as text: the inbox item's title and body, and the mail (subject, plain text,
HTML) of one notification or of a digest. A tenant with a primary colour gets a header bar in it
with its name and links in its link colour (ADR 0037); the plain text is the same either way. Pure."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

from dialoog.kit.colours import Look
from dialoog.notificaties.domain.branding import Brand
from dialoog.notificaties.templates.texts import CHROME, TEXTS

LANGUAGES = ("nl", "en")


def _lang(language: str | None) -> str:
    return language if language in LANGUAGES else "nl"


def _value(value, language: str) -> str:
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return value
        return day.strftime("%d-%m-%Y") if language == "nl" else day.isoformat()
    return str(value)


class _Safe(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def title_and_body(kind: str, params: dict, language: str | None, tenant: str | None) -> tuple[str, str]:
    lang = _lang(language)
    title, body = TEXTS[kind][lang]
    values = _Safe({k: _value(v, lang) for k, v in params.items()})
    values["tenant"] = tenant or "Dialoog"
    return title.format_map(values), body.format_map(values)


@dataclass(frozen=True)
class Item:
    title: str
    body: str
    url: str


@dataclass(frozen=True)
class Mail:
    subject: str
    text: str
    html: str


def _header(tenant: str, look: Look | None) -> str:
    """The header bar in the tenant's primary colour, its text at least 4.5:1 on it."""
    if look is None:
        return ""
    style = (
        f"background-color:{look.header_background};color:{look.header_text};"
        "padding:16px 24px;font-size:20px;font-weight:bold;font-family:sans-serif"
    )
    return f'<div style="{style}">{html.escape(tenant)}</div>'


def _link(url: str, label: str, look: Look | None) -> str:
    style = f' style="color:{look.link}"' if look else ""
    return f'<a href="{html.escape(url, quote=True)}"{style}>{html.escape(label)}</a>'


def _page(lang: str, name: str, brand: Brand, items: list[Item], intro: str | None, extra: list[str]) -> Mail:
    chrome = CHROME[lang]
    tenant = brand.in_mail
    look = brand.look()
    greeting = chrome["greeting"].format(name=name)
    footer = chrome["footer"].format(tenant=tenant)
    lines = [greeting, ""]
    if intro:
        lines += [intro, ""]
    for item in items:
        lines += [item.title, item.body, f"{chrome['open']}: {item.url}", ""]
    lines += ["-- ", footer, *extra]
    parts = [_header(tenant, look), f"<p>{html.escape(greeting)}</p>"]
    if intro:
        parts.append(f"<p>{html.escape(intro)}</p>")
    for item in items:
        parts.append(
            f'<h2 style="font-size:16px">{html.escape(item.title)}</h2><p>{html.escape(item.body)}</p>'
            f"<p>{_link(item.url, chrome['open'], look)}</p>"
        )
    parts.append(f'<hr><p style="font-size:12px;color:#555">{html.escape(footer)}</p>')
    for line in extra:
        parts.append(f'<p style="font-size:12px;color:#555">{html.escape(line)}</p>')
    body = "<!doctype html><html><body>" + "".join(parts) + "</body></html>"
    return Mail("", "\n".join(lines) + "\n", body)


def notification_mail(
    *,
    language: str | None,
    name: str | None,
    brand: Brand,
    item: Item,
    preferences_url: str,
    unsubscribe_url: str | None,
) -> Mail:
    lang = _lang(language)
    chrome = CHROME[lang]
    extra = [chrome["preferences"].format(url=preferences_url)]
    if unsubscribe_url:
        extra.append(chrome["unsubscribe"].format(url=unsubscribe_url))
    page = _page(lang, name or "", brand, [item], None, extra)
    return Mail(f"{item.title} — {brand.in_mail}", page.text, page.html)


def digest_mail(
    *, language: str | None, name: str | None, brand: Brand, items: list[Item], preferences_url: str
) -> Mail:
    lang = _lang(language)
    chrome = CHROME[lang]
    extra = [chrome["preferences"].format(url=preferences_url)]
    page = _page(lang, name or "", brand, items, chrome["digest_intro"], extra)
    subject = chrome["digest_subject"].format(count=len(items)) + f" — {brand.in_mail}"
    return Mail(subject, page.text, page.html)
