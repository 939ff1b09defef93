"""360 feedback, the requester's side: her requests with their progress, the ask form, one request
(add givers, extend the deadline, remind, close), the results under the anonymity rule (the
service applies it; the page shows what it is given) and "toevoegen aan mijn portfolio"."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse

from dialoog.kit.clock import today
from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.feedback_forms import (
    OUTSIDERS,
    OWN_QUESTIONS,
    RATINGS,
    answers_from,
    field_errors,
    givers_from,
    progress,
    request_body,
    still_needed,
    submitted_answers,
)
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import LoginRequired, ServiceError, feedback

router = APIRouter(include_in_schema=False)
BASE = "/v1/feedback"


def signed_in(request: Request) -> None:
    if not request.state.session.logged_in:
        raise LoginRequired


def gettext(request: Request):
    return translations(language(request)).gettext


def labels(request: Request) -> dict:
    _ = gettext(request)
    return {
        "request": {"open": _("open"), "closed": _("gesloten"), "expired": _("verlopen")},
        "giver": {
            "asked": _("gevraagd"),
            "draft": _("concept"),
            "answered": _("beantwoord"),
            "declined": _("afgeslagen"),
            "withdrawn": _("ingetrokken"),
        },
        "group": {
            "all": _("Alle antwoorden samen"),
            "colleagues": _("Collega's"),
            "outsiders": _("Externen"),
            "manager": _("Leidinggevende"),
        },
    }


async def colleagues(request: Request, q: str = "") -> list[dict] | None:
    """Colleagues to ask (manager and team first), or None when the service offers no directory."""
    params = {"limit": 50, **({"q": q} if q else {})}
    try:
        return await feedback(request).items(f"{BASE}/colleagues", params)
    except ServiceError as exc:
        if exc.status in (404, 405):
            return None
        raise


# --- my requests --------------------------------------------------------------------------------
@router.get("/feedback")
async def my_requests(request: Request):
    signed_in(request)
    _ = gettext(request)
    rows = await feedback(request).every(f"{BASE}/requests")
    for row in rows:
        row["progress"] = progress(row, _)
    assigned = await feedback(request).every(f"{BASE}/assignments")
    waiting = [a for a in assigned if a["state"] in ("asked", "draft") and a.get("request_state") == "open"]
    return render(
        request, "feedback_list.html", {"rows": rows, "waiting": waiting, "labels": labels(request)}
    )


# --- the ask form -------------------------------------------------------------------------------
async def _ask_context(request: Request, q: str = "", **extra) -> dict:
    sets = await feedback(request).every(f"{BASE}/question-sets")
    return {
        "sets": sets,
        "people": await colleagues(request, q),
        "q": q,
        "own_rows": range(1, OWN_QUESTIONS + 1),
        "outsider_rows": range(1, OUTSIDERS + 1),
        "default_deadline": (today() + timedelta(days=14)).isoformat(),
        "min_deadline": today().isoformat(),
        "max_deadline": (today() + timedelta(days=90)).isoformat(),
        "errors": {},
        "submitted": {},
        **extra,
    }


def chosen_colleagues(values) -> list[dict]:
    """The colleagues already ticked (`collega` ids, each with its `naam-<id>`), so that a new
    search keeps them at the top of the list."""
    return [
        {"person_id": str(pid), "name": str(values.get(f"naam-{pid}", ""))[:200], "chosen": True}
        for pid in dict.fromkeys(values.getlist("collega"))
        if str(pid)
    ][:30]


def candidates(people: list[dict] | None, chosen: list[dict]) -> list[dict] | None:
    if people is None:
        return None
    ids = {c["person_id"] for c in chosen}
    return chosen + [p for p in people if p["person_id"] not in ids]


@router.get("/feedback/vragen")
async def ask_form(request: Request, zoek: str = ""):
    signed_in(request)
    context = await _ask_context(request, zoek.strip()[:100])
    chosen = chosen_colleagues(request.query_params)
    context["people"] = candidates(context["people"], chosen)
    context["chosen_people"] = [c["person_id"] for c in chosen]
    if request.headers.get("hx-request") == "true" and request.query_params.get("deel") == "collegas":
        return render(request, "_feedback_colleagues.html", context)
    return render(request, "feedback_ask.html", context)


@router.post("/feedback/vragen", dependencies=[Depends(check_csrf)])
async def ask(request: Request):
    signed_in(request)
    form = await request.form()
    sets = await feedback(request).every(f"{BASE}/question-sets")
    body = request_body(form, sets, language(request))
    try:
        created = await feedback(request).call("POST", f"{BASE}/requests", json=body, expect=(201,))
    except ServiceError as exc:
        if exc.status not in (409, 422, 429):
            raise
        context = await _ask_context(
            request,
            errors=field_errors(exc.problem),
            submitted={**body, "chosen": set(form.getlist("vraag")), "form": form},
        )
        chosen = chosen_colleagues(form)
        context["people"] = candidates(context["people"], chosen)
        context["chosen_people"] = [c["person_id"] for c in chosen]
        return render(request, "feedback_ask.html", context, status=exc.status)
    return RedirectResponse(f"/feedback/{created.json()['id']}?nieuw=1", 303)


# --- one request --------------------------------------------------------------------------------
async def _request_page(
    request: Request, request_id: str, errors: dict | None = None, status: int = 200, **extra
):
    client = feedback(request)
    response = await client.call("GET", f"{BASE}/requests/{request_id}")
    item = response.json()
    item.setdefault("version", (response.headers.get("etag") or "").strip('"'))
    results = (await client.call("GET", f"{BASE}/requests/{request_id}/results")).json()
    if results.get("visible"):  # what is in her portfolio already is marked, not offered again
        shared = {s["answer_id"] for s in await client.every(f"{BASE}/requests/{request_id}/shares")}
        for group in results["groups"]:
            for answer in group["answers"]:
                answer["shared"] = answer["answer_id"] in shared
    _ = gettext(request)
    questions = {q["key"]: q for q in item["questions"]}
    return render(
        request,
        "feedback_request.html",
        {
            "item": item,
            "results": results,
            "questions": questions,
            "progress": progress(item, _),
            "needed_text": still_needed(results.get("needed", 0), _) if results.get("needed") else "",
            "self_answers": submitted_answers(results.get("self_reflection")),
            "ratings": RATINGS,
            "labels": labels(request),
            "people": await colleagues(request) if item["state"] == "open" else None,
            "outsider_rows": range(1, OUTSIDERS + 1),
            "max_deadline": (today() + timedelta(days=90)).isoformat(),
            "errors": errors or {},
            **extra,
        },
        status=status,
    )


@router.get("/feedback/{request_id}")
async def one_request(
    request: Request, request_id: str, nieuw: int = 0, gedeeld: int = 0, herinnerd: int = 0
):
    signed_in(request)
    return await _request_page(request, request_id, created=nieuw, shared=gedeeld, reminded=herinnerd)


async def _step(request: Request, request_id: str, method: str, path: str, done: str, **kwargs):
    """A change to the request; the service's refusal is shown on the request page."""
    try:
        await feedback(request).call(method, f"{BASE}/requests/{request_id}{path}", **kwargs)
    except ServiceError as exc:
        if exc.status not in (409, 412, 422, 428, 429):
            raise
        return await _request_page(request, request_id, field_errors(exc.problem), exc.status)
    return RedirectResponse(f"/feedback/{request_id}{done}", 303)


@router.post("/feedback/{request_id}/deadline", dependencies=[Depends(check_csrf)])
async def extend(request: Request, request_id: str):
    signed_in(request)
    form = await request.form()
    headers = {"If-Match": f'"{form.get("version", "")}"'}
    body = {"deadline": str(form.get("deadline", "")).strip()}
    return await _step(request, request_id, "PATCH", "", "#beheer", json=body, headers=headers)


@router.post("/feedback/{request_id}/gevers", dependencies=[Depends(check_csrf)])
async def add_givers(request: Request, request_id: str):
    signed_in(request)
    form = await request.form()
    body = {"givers": givers_from(form)}
    return await _step(request, request_id, "POST", "/givers", "#beheer", json=body, expect=(200, 201))


@router.post("/feedback/{request_id}/herinneren", dependencies=[Depends(check_csrf)])
async def remind(request: Request, request_id: str):
    signed_in(request)
    return await _step(
        request, request_id, "POST", "/reminders", "?herinnerd=1#beheer", expect=(200, 201, 202, 204)
    )


@router.post("/feedback/{request_id}/sluiten", dependencies=[Depends(check_csrf)])
async def close(request: Request, request_id: str):
    signed_in(request)
    return await _step(request, request_id, "POST", "/close", "")


@router.post("/feedback/{request_id}/zelfreflectie", dependencies=[Depends(check_csrf)])
async def self_reflection(request: Request, request_id: str):
    signed_in(request)
    form = await request.form()
    item = (await feedback(request).call("GET", f"{BASE}/requests/{request_id}")).json()
    body = {"answers": answers_from(form, item["questions"])}
    return await _step(request, request_id, "PUT", "/self-reflection", "#zelfreflectie", json=body)


@router.post("/feedback/{request_id}/portfolio", dependencies=[Depends(check_csrf)])
async def share(request: Request, request_id: str):
    signed_in(request)
    form = await request.form()
    summary = str(form.get("samenvatting", "")).strip()
    ids = [str(i) for i in form.getlist("antwoord") if str(i)]
    body = {"summary": summary} if summary and not ids else {"answer_ids": ids}
    return await _step(
        request, request_id, "POST", "/shares", "?gedeeld=1#resultaten", json=body, expect=(200, 201)
    )


# --- HR: counts per unit, never content -----------------------------------------------------------
@router.get("/hr/feedback")
async def hr_stats(request: Request, jaar: int | None = None):
    signed_in(request)
    roles = request.state.session.get("user", {}).get("roles", [])
    if not {"hr_advisor", "tenant_admin"} & set(roles):
        raise ServiceError.forbidden()
    year = jaar if jaar and 2000 <= jaar <= 2100 else today().year
    figures = await feedback(request).every(f"{BASE}/stats", {"year": year})
    _ = gettext(request)
    rows = sorted(
        ({**f, "name": f.get("org_unit_name") or _("(zonder afdeling)")} for f in figures),
        key=lambda r: r["name"],
    )
    return render(request, "feedback_hr.html", {"rows": rows, "year": year})
