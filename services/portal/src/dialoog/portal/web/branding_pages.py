"""The tenant admin's branding page `/beheer/huisstijl` (ADR 0037): the tenant's primary and accent
colour and the short name its mails carry, kept by organisatie (`PUT /v1/tenant/branding`, If-Match
from `GET /v1/tenant`'s ETag). The page previews the mail's header bar and a link in the colours the
mails will use (kit.colours: text and links of at least 4.5:1) and says when a colour is too light
for links. A wrong colour is refused by organisatie (422) and said at its field; someone else's
change in between (412) is said above the fresh values."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData
from starlette.responses import RedirectResponse

from dialoog.kit.colours import HEX_COLOUR, SAFE_LINK, WHITE, contrast, look_of
from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.feedback_forms import field_errors
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.pages import require_role
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import ServiceError, organisatie

router = APIRouter(include_in_schema=False)
PAGE = "/beheer/huisstijl"
FIELDS = ("primary_color", "accent_color", "mail_name")


def branding_body(form: FormData) -> dict[str, str | None]:
    """The form as organisatie's body: each field trimmed, an empty one null (the default)."""
    return {key: (str(form.get(key, "")).strip() or None) for key in FIELDS}


def _ratio(value: float, lang: str) -> str:
    text = f"{value:.1f}"
    return (text.replace(".", ",") if lang == "nl" else text) + ":1"


def preview(branding: dict, gettext: Callable[[str], str], lang: str) -> dict | None:
    """What the mails will look like in these colours: the header bar's colours, the link colour,
    and sentences saying the contrasts (and why a colour is not used for links). None without a
    (well-formed) primary colour: the mails keep the default look."""
    primary, accent = branding.get("primary_color"), branding.get("accent_color")
    if not primary or not HEX_COLOUR.match(primary):
        return None
    if accent and not HEX_COLOUR.match(accent):
        accent = None
    look = look_of(primary, accent)
    text_name = gettext("wit") if look.header_text == WHITE else gettext("bijna zwart")
    notes = [
        gettext("Tekst op de balk: %(colour)s, contrast %(ratio)s.")
        % {"colour": text_name, "ratio": _ratio(look.header_contrast, lang)},
        gettext("Links: %(colour)s, contrast %(ratio)s op wit.")
        % {"colour": look.link, "ratio": _ratio(look.link_contrast, lang)},
    ]
    for colour in (accent, primary):
        if colour and colour.lower() != look.link:
            notes.append(
                gettext(
                    "%(colour)s haalt op wit maar %(ratio)s (4,5:1 is nodig) en wordt daarom niet voor links gebruikt."
                )
                % {"colour": colour.lower(), "ratio": _ratio(contrast(colour, WHITE), lang)}
            )
        if colour and colour.lower() == look.link:
            break
    return {"look": look, "notes": notes, "safe": look.link == SAFE_LINK}


async def _page(
    request: Request, status: int = 200, errors: dict | None = None, submitted: dict | None = None
):
    response = await organisatie(request).call("GET", "/v1/tenant")
    tenant = response.json()
    lang = language(request)
    _ = translations(lang).gettext
    values = submitted if submitted is not None else tenant["branding"]
    return render(
        request,
        "branding.html",
        {
            "organisation": tenant,
            "values": {k: values.get(k) or "" for k in FIELDS},
            "etag": response.headers.get("etag") or f'"{tenant["version"]}"',
            "preview": preview(tenant["branding"], _, lang),
            "errors": errors or {},
            "saved": request.query_params.get("bewaard") == "1",
        },
        status=status,
    )


@router.get(PAGE)
async def branding_page(request: Request):
    require_role(request, "tenant_admin")
    return await _page(request)


@router.post(PAGE, dependencies=[Depends(check_csrf)])
async def save_branding(request: Request):
    require_role(request, "tenant_admin")
    form = await request.form()
    body = branding_body(form)
    _ = translations(language(request)).gettext
    try:
        await organisatie(request).call(
            "PUT", "/v1/tenant/branding", json=body, headers={"If-Match": str(form.get("etag", ""))}
        )
    except ServiceError as exc:
        if exc.status in (412, 428):
            stale = _(
                "De huisstijl is intussen door iemand anders gewijzigd. Hieronder staat de nieuwe "
                "stand; pas uw keuze zo nodig opnieuw aan en bewaar nog eens."
            )
            return await _page(request, 412, {"form": stale})
        if exc.status != 422:
            raise
        return await _page(request, 422, field_errors(exc.problem), body)
    return RedirectResponse(PAGE + "?bewaard=1#huisstijl", 303)
