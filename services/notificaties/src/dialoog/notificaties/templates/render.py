"""Notifications as text: the inbox item's title and body, and the mail (subject, plain text,
HTML) of one notification or of a digest. Pure."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date

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


def _page(lang: str, name: str, tenant: str, items: list[Item], intro: str | None, extra: list[str]) -> Mail:
    chrome = CHROME[lang]
    greeting = chrome["greeting"].format(name=name)
    footer = chrome["footer"].format(tenant=tenant)
    lines = [greeting, ""]
    if intro:
        lines += [intro, ""]
    for item in items:
        lines += [item.title, item.body, f"{chrome['open']}: {item.url}", ""]
    lines += ["-- ", footer, *extra]
    parts = [f"<p>{html.escape(greeting)}</p>"]
    if intro:
        parts.append(f"<p>{html.escape(intro)}</p>")
    for item in items:
        parts.append(
            f'<h2 style="font-size:16px">{html.escape(item.title)}</h2><p>{html.escape(item.body)}</p>'
            f'<p><a href="{html.escape(item.url, quote=True)}">{html.escape(chrome["open"])}</a></p>'
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
    tenant: str | None,
    item: Item,
    preferences_url: str,
    unsubscribe_url: str | None,
) -> Mail:
    lang = _lang(language)
    chrome = CHROME[lang]
    extra = [chrome["preferences"].format(url=preferences_url)]
    if unsubscribe_url:
        extra.append(chrome["unsubscribe"].format(url=unsubscribe_url))
    page = _page(lang, name or "", tenant or "Dialoog", [item], None, extra)
    return Mail(f"{item.title} — {tenant or 'Dialoog'}", page.text, page.html)


def digest_mail(
    *, language: str | None, name: str | None, tenant: str | None, items: list[Item], preferences_url: str
) -> Mail:
    lang = _lang(language)
    chrome = CHROME[lang]
    extra = [chrome["preferences"].format(url=preferences_url)]
    page = _page(lang, name or "", tenant or "Dialoog", items, chrome["digest_intro"], extra)
    subject = chrome["digest_subject"].format(count=len(items)) + f" — {tenant or 'Dialoog'}"
    return Mail(subject, page.text, page.html)
