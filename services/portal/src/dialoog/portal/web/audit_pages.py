"""HR's audit trail (BIO 8.15.01): who read or changed what in the portfolio, searched by person
(a name, resolved to people through organisatie), by object (type and/or id) and by date range,
newest first a page at a time, in words instead of codes; and the check of the hash chain, when
HR asks for it (`keten=1`): it reads the tenant's whole trail, which grows with every read and
write, so it is not run on every page (ADR 0036; bench/portal.py measured it)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from fastapi import APIRouter, Request

from dialoog.portal.web.audit_labels import action_labels, actor_labels, label, object_labels
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.pages import require_role
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import ServiceError, organisatie, portfolio

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
CHOICES = 20  # at most this many people to choose from when a name fits several


def full_name(person: dict) -> str:
    return f"{person['first_name']} {person['last_name']}"


@router.get("/hr/audit")
async def hr_audit(
    request: Request,
    naam: str = "",
    persoon: str = "",
    soort: str = "",
    object_id: str = "",
    van: str = "",
    tot: str = "",
    cursor: str = "",
    keten: str = "",
):
    require_role(request, "hr_advisor")
    _ = translations(language(request)).gettext
    form = {"naam": naam, "persoon": persoon, "soort": soort, "object_id": object_id, "van": van, "tot": tot}
    context: dict = {
        "form": form,
        "actions": action_labels(_),
        "objects": object_labels(_),
        "actors": actor_labels(_),
        "label": label,
        "entries": None,
        "choices": [],
        "person": None,
        "error": None,
        "next_page": None,
        "first_page": None,
        "verdict": None,
        "check_page": "/hr/audit?" + urlencode({**{k: v for k, v in form.items() if v}, "keten": "1"}),
        "full_check_page": "/hr/audit?"
        + urlencode({**{k: v for k, v in form.items() if v}, "keten": "volledig"}),
    }
    client = portfolio(request)

    async def check() -> None:
        if keten:
            full = {"full": "true"} if keten == "volledig" else {}
            context["verdict"] = (await client.call("GET", "/v1/audit/verify", params=full)).json()

    # The chain check and the search at once (ADR 0042); a refusal of the search comes first.
    found = await asyncio.gather(
        _search(request, client, context, form, cursor),
        check(),
        return_exceptions=True,
    )
    for answer in found:
        if isinstance(answer, BaseException):
            raise answer
    return render(request, "hr_audit.html", context, status=found[0])


async def _search(request, client, context, form: dict, cursor: str) -> int:
    """The page of entries (or the people a name fits) for the search `form` into `context`; the
    page's status."""
    naam, persoon, soort, object_id = form["naam"], form["persoon"], form["soort"], form["object_id"]
    van, tot = form["van"], form["tot"]
    search = {k: v for k, v in (("object_type", soort), ("object_id", object_id.strip())) if v}
    search |= {k: v for k, v in (("from", van), ("to", tot), ("cursor", cursor)) if v}
    try:
        page = None
        if persoon:
            # The person and their page of the trail at once (the page is the one shown unless the
            # name in the form was changed); the person's refusal (not found, ...) comes first.
            person, page = await asyncio.gather(
                organisatie(request).call("GET", f"/v1/people/{persoon}"),
                client.call("GET", "/v1/audit", params={"limit": PAGE_SIZE, "person_id": persoon, **search}),
                return_exceptions=True,
            )
            for answer in (person, page):
                if isinstance(answer, BaseException):
                    raise answer
            context["person"], page = person.json(), page.json()
            if naam.strip() and naam.strip().lower() != full_name(context["person"]).lower():
                context["person"], page = None, None  # the name was changed: search by the new one
        if context["person"] is None and naam.strip():
            found = await organisatie(request).items("/v1/people", {"q": naam.strip(), "limit": CHOICES})
            if len(found) == 1:
                context["person"] = found[0]
            else:
                context["choices"] = [
                    {**p, "href": "/hr/audit?" + urlencode({**form, "naam": "", "persoon": p["id"]})}
                    for p in found
                ]
                return 200
        if page is None:
            params = {"limit": PAGE_SIZE, **search}
            if context["person"]:
                params["person_id"] = context["person"]["id"]
            page = (await client.call("GET", "/v1/audit", params=params)).json()
    except ServiceError as exc:
        if exc.status not in (404, 422):
            raise
        context["error"] = exc.problem.get("detail") or exc.problem.get("title", "")
        return exc.status
    context["entries"] = page["items"]
    kept = {k: v for k, v in form.items() if v and k != "naam"} | (
        {"persoon": context["person"]["id"]} if context["person"] else {}
    )
    if page["next_cursor"]:
        context["next_page"] = "/hr/audit?" + urlencode({**kept, "cursor": page["next_cursor"]})
    if cursor:
        context["first_page"] = "/hr/audit?" + urlencode(kept)
    return 200
