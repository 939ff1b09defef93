"""The portfolio pages: an employee's agreements, talks and reactions; the forms of the tenant's
talk types (built from the cycle definition); the manager's team overview."""

from __future__ import annotations

import asyncio
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse

from dialoog.kit.clock import today
from dialoog.kit.objections import TRANSITIONS, ObjectionState
from dialoog.portal.domain import timeline
from dialoog.portal.web.charts import bars
from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import UNITS_PAGE, LoginRequired, ServiceError, organisatie, portfolio
from dialoog.portal.web.unit_pages import page_of_units

router = APIRouter(include_in_schema=False)
# Where HR may move an objection from each state, in the states' own order (kit decides).
NEXT_STATES = {
    state.value: [s.value for s in ObjectionState if s in targets] for state, targets in TRANSITIONS.items()
}


def _signed_in(request: Request) -> None:
    if not request.state.session.logged_in:
        raise LoginRequired


def _known(*ids: str) -> None:
    """An id in the path that cannot be one is a page that does not exist (not the service's 422)."""
    try:
        for value in ids:
            UUID(value)
    except ValueError:
        raise ServiceError.not_found() from None


async def _view(request: Request, employee_id: str | None, period_id: str | None = None) -> dict:
    if period_id:
        _known(str(employee_id), period_id)
        path = f"/v1/portfolios/{employee_id}/periods/{period_id}"
    else:
        path = f"/v1/portfolios/{employee_id}" if employee_id else "/v1/portfolios/me"
    return (await portfolio(request).call("GET", path)).json()


async def _name(request: Request, employee_id: str) -> str:
    try:
        person = (await organisatie(request).call("GET", f"/v1/people/{employee_id}")).json()
        return f"{person['first_name']} {person['last_name']}"
    except ServiceError:
        return ""


async def _nothing() -> str:
    return ""


def _current(period: dict) -> bool:
    """The period covering today: the one the portfolio's writes go to."""
    return period["starts_on"] <= today().isoformat() <= period["ends_on"]


async def _overview(request: Request, employee_id: str | None, period_id: str | None) -> dict:
    """The page's data in one read (portfolio's overview, ADR 0038); a list longer than its first
    page continues at that list's own endpoint."""
    if period_id:
        _known(str(employee_id), period_id)
        path = f"/v1/portfolios/{employee_id}/periods/{period_id}/overview"
    else:
        path = f"/v1/portfolios/{employee_id}/overview" if employee_id else "/v1/portfolios/me/overview"
    service = portfolio(request)
    view = (await service.call("GET", path)).json()
    employee = view["employee_id"]
    lists = {
        "assessments": f"/v1/portfolios/{employee}/assessments",
        "decisions": f"/v1/portfolios/{employee}/decisions",
        "periods": f"/v1/portfolios/{employee}/periods",
        "catalogue": "/v1/competencies",
    }
    for key, list_path in lists.items():
        page = view[key]
        view[key] = page["items"]
        if page["next_cursor"]:
            view[key] += await service.every(list_path, {"cursor": page["next_cursor"]})
    return view


async def _context(request: Request, employee_id: str | None, period_id: str | None = None) -> dict:
    """What the period page and its print view show: the period's portfolio, its timeline, what
    each role may still do, and the employee's other periods. Two calls at once: portfolio's
    overview and the person's name (one's own page shows no name)."""
    view, name = await asyncio.gather(
        _overview(request, employee_id, period_id), _name(request, employee_id) if employee_id else _nothing()
    )
    decisions, periods = view["decisions"], view.pop("periods")
    view["decision_of"] = {d["agreement_id"]: d for d in decisions}
    current = _current(view["period"])
    return {
        "view": view,
        "own": "self" in view["relation"],
        "name": name,
        "talk_labels": {t["key"]: t["label"] for t in view["cycle"]["talk_types"]},
        "talk_types": {t["key"]: t for t in view["cycle"]["talk_types"]},
        "current": current,
        # Writes go to the period covering today; an earlier period is read (and printed) only.
        "writable": current
        and view["period"]["status"] == "open"
        and bool({"self", "manager"} & set(view["relation"])),
        "entries": timeline.entries(view, view["decision_of"]),
        "possible": timeline.still_possible(view, decisions) if current else [],
        "periods": periods,
    }


async def _page(
    request: Request,
    employee_id: str | None,
    errors: dict | None = None,
    status: int = 200,
    period_id: str | None = None,
):
    context = await _context(request, employee_id, period_id)
    errors = errors or {}
    # A disclosure whose form was refused opens again, showing why (errors named "part.field").
    opened = {key.split(".")[0] for key in errors}
    return render(request, "portfolio.html", {**context, "errors": errors, "opened": opened}, status=status)


@router.get("/portfolio")
async def my_portfolio(request: Request):
    _signed_in(request)
    return await _page(request, None)


@router.get("/portfolio/{employee_id}")
async def employee_portfolio(request: Request, employee_id: str):
    _signed_in(request)
    return await _page(request, employee_id)


@router.get("/portfolio/{employee_id}/periode/{period_id}")
async def period_page(request: Request, employee_id: str, period_id: str):
    """One of the employee's periods: an earlier one is read-only (continuity, seed 000 point 7)."""
    _signed_in(request)
    return await _page(request, employee_id, period_id=period_id)


@router.get("/portfolio/{employee_id}/periode/{period_id}/afdrukken")
async def period_print(request: Request, employee_id: str, period_id: str):
    """The period for the personnel file, as a page made for printing."""
    _signed_in(request)
    context = await _context(request, employee_id, period_id)
    return render(request, "portfolio_print.html", {**context, "talk": None})


@router.get("/portfolio/{employee_id}/periode/{period_id}/gesprek/{talk_id}/afdrukken")
async def talk_print(request: Request, employee_id: str, period_id: str, talk_id: str):
    """One talk report for the personnel file, as a page made for printing."""
    _signed_in(request)
    _known(talk_id)
    context = await _context(request, employee_id, period_id)
    talk = next((t for t in context["view"]["talks"] if t["id"] == talk_id), None)
    if talk is None:
        raise ServiceError.not_found()
    return render(request, "portfolio_print.html", {**context, "talk": talk})


def _problem_errors(exc: ServiceError) -> dict:
    errors = {
        e.get("field", "").removeprefix("body."): e.get("reason", "") for e in exc.problem.get("errors", [])
    }
    if not errors:
        errors["form"] = exc.problem.get("detail") or exc.problem.get("title", "")
    return errors


@router.post("/portfolio/{employee_id}/afspraken", dependencies=[Depends(check_csrf)])
async def add_agreement(request: Request, employee_id: str):
    _signed_in(request)
    form = await request.form()
    body = {
        k: str(form.get(k)).strip()
        for k in ("kind", "title", "how_measured", "due_on", "about", "goal")
        if str(form.get(k, "")).strip()
    }
    body["legal_consequences"] = form.get("legal_consequences") == "on"
    try:
        await portfolio(request).call(
            "POST", f"/v1/portfolios/{employee_id}/agreements", json=body, expect=(201,)
        )
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        return await _page(
            request, employee_id, {f"agreement.{k}": v for k, v in _problem_errors(exc).items()}, 422
        )
    return RedirectResponse(f"/portfolio/{employee_id}#tijdlijn", 303)


@router.post(
    "/portfolio/{employee_id}/afspraken/{agreement_id}/bevestigen", dependencies=[Depends(check_csrf)]
)
async def confirm(request: Request, employee_id: str, agreement_id: str):
    _signed_in(request)
    form = await request.form()
    try:
        await portfolio(request).call(
            "POST", f"/v1/agreements/{agreement_id}/confirm", headers={"If-Match": f'"{form.get("version")}"'}
        )
    except ServiceError as exc:
        if exc.status not in (409, 412):
            raise
        return await _page(request, employee_id, {"form": exc.problem.get("detail", "")}, exc.status)
    return RedirectResponse(f"/portfolio/{employee_id}#tijdlijn", 303)


@router.get("/portfolio/{employee_id}/gesprek")
async def talk_form(request: Request, employee_id: str, soort: str):
    _signed_in(request)
    view = await _view(request, employee_id)
    talk = next((t for t in view["cycle"]["talk_types"] if t["key"] == soort), None)
    if talk is None:
        raise ServiceError.not_found()
    return render(
        request,
        "talk_form.html",
        {
            "view": view,
            "talk": talk,
            "name": await _name(request, employee_id),
            "errors": {},
            "submitted": {},
        },
    )


@router.post("/portfolio/{employee_id}/gesprek", dependencies=[Depends(check_csrf)])
async def record_talk(request: Request, employee_id: str):
    _signed_in(request)
    form = await request.form()
    view = await _view(request, employee_id)
    talk = next((t for t in view["cycle"]["talk_types"] if t["key"] == form.get("type")), None)
    if talk is None:
        raise ServiceError.not_found()
    body = {
        "type": talk["key"],
        "initiated_by": str(form.get("initiated_by", "")),
        "fields": {
            f["key"]: str(form.get(f"field_{f['key']}", "")) for f in talk["fields"] if f["kind"] != "topics"
        },
        "topics": [str(t) for t in form.getlist("topics")],
    }
    if form.get("held_on"):
        body["held_on"] = str(form.get("held_on"))
    for key in ("conclusion", "reward_advice"):
        if form.get(key):
            body[key] = str(form.get(key))
    try:
        await portfolio(request).call("POST", f"/v1/portfolios/{employee_id}/talks", json=body, expect=(201,))
    except ServiceError as exc:
        if exc.status not in (403, 409, 422):
            raise
        return render(
            request,
            "talk_form.html",
            {
                "view": view,
                "talk": talk,
                "name": await _name(request, employee_id),
                "errors": _problem_errors(exc),
                "submitted": body,
            },
            status=422,
        )
    return RedirectResponse(f"/portfolio/{employee_id}#tijdlijn", 303)


@router.post("/portfolio/{employee_id}/reactie", dependencies=[Depends(check_csrf)])
async def react(request: Request, employee_id: str):
    _signed_in(request)
    form = await request.form()
    body = {"text": str(form.get("text", "")).strip()}
    if form.get("talk_id"):
        body["talk_id"] = str(form.get("talk_id"))
    try:
        await portfolio(request).call(
            "POST", f"/v1/portfolios/{employee_id}/reactions", json=body, expect=(201,)
        )
    except ServiceError as exc:
        if exc.status not in (403, 422):
            raise
        return await _page(
            request, employee_id, {f"reaction.{k}": v for k, v in _problem_errors(exc).items()}, 422
        )
    return RedirectResponse(f"/portfolio/{employee_id}#reacties", 303)


@router.post("/portfolio/{employee_id}/definitief", dependencies=[Depends(check_csrf)])
async def lock(request: Request, employee_id: str):
    _signed_in(request)
    form = await request.form()
    try:
        await portfolio(request).call(
            "POST",
            f"/v1/periods/{form.get('period_id')}/lock",
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status not in (403, 409, 412):
            raise
        return await _page(request, employee_id, {"form": exc.problem.get("detail", "")}, exc.status)
    return RedirectResponse(f"/portfolio/{employee_id}", 303)


@router.get("/team")
async def team(request: Request):
    _signed_in(request)
    # Both lists at once (they do not depend on each other; bench/portal.py measured them in a row).
    team_rows, people = await asyncio.gather(
        portfolio(request).every("/v1/team"), organisatie(request).every("/v1/people/me/reports")
    )
    summary = {row["employee_id"]: row for row in team_rows}
    # Each row carries the labels of the talks still expected, from that employee's own cycle version.
    rows = [{**person, **summary.get(person["id"], {})} for person in people]
    return render(request, "team.html", {"rows": rows})


@router.get("/hr/voortgang")
async def hr_dashboard(request: Request, pagina: str | None = None):
    _signed_in(request)
    if "hr_advisor" not in request.state.session.get("user", {}).get("roles", []):
        raise ServiceError.forbidden()
    _ = translations(language(request)).gettext
    # Both lists at once (measured by bench/portal.py: they were fetched one after the other).
    figures, every_unit = await asyncio.gather(
        portfolio(request).every("/v1/dashboard", limit=UNITS_PAGE),
        organisatie(request).every("/v1/org-units", limit=UNITS_PAGE),
    )
    units = {u["id"]: u["name"] for u in every_unit}
    rows = []
    for f in figures:
        name = units.get(f["org_unit_id"], _("(zonder afdeling)"))
        share = 100 * f["with_talk"] / f["employees"] if f["employees"] else 0
        rows.append({**f, "name": name, "share": share})
    rows.sort(key=lambda r: r["name"])
    total = sum(r["employees"] for r in rows)
    talked = sum(r["with_talk"] for r in rows)
    # The totals over every unit; the chart and its table of one page of them (web/unit_pages.py).
    shown, pager = page_of_units(rows, pagina)
    chart = bars(
        [(r["name"], r["share"]) for r in shown],
        _("Aandeel medewerkers met minstens één gesprek, per afdeling"),
    )
    context = {"rows": shown, "pager": pager, "chart": chart, "total": total, "talked": talked}
    return render(request, "hr_dashboard.html", context)


@router.get("/portfolio/{employee_id}/dossier")
async def dossier(request: Request, employee_id: str):
    """The access request's ZIP (PDF and JSON), passed through as it comes from portfolio."""
    from starlette.responses import Response

    _signed_in(request)
    upstream = await portfolio(request).call("GET", f"/v1/portfolios/{employee_id}/export")
    return Response(
        upstream.content,
        media_type="application/zip",
        headers={"Content-Disposition": upstream.headers.get("content-disposition", "attachment")},
    )


async def _decided_action(
    request: Request,
    employee_id: str,
    path: str,
    body: dict | None,
    version: str | None,
    part: str = "assessment",
):
    """A step on an assessment or a decision; the service's refusal is shown in that section."""
    headers = {"If-Match": f'"{version}"'} if version else {}
    try:
        await portfolio(request).call("POST", path, json=body, headers=headers, expect=(200, 201))
    except ServiceError as exc:
        if exc.status not in (403, 409, 412, 422):
            raise
        errors = {part: exc.problem.get("detail") or exc.problem.get("title")}
        if exc.status == 422 and exc.problem.get("errors"):
            errors |= {f"{part}.{k}": v for k, v in _problem_errors(exc).items()}
        return await _page(request, employee_id, errors, exc.status)
    anchor = {"assessment": "beoordeling", "decision": "besluiten"}[part]
    return RedirectResponse(f"/portfolio/{employee_id}#{anchor}", 303)


@router.post("/portfolio/{employee_id}/beoordeling", dependencies=[Depends(check_csrf)])
async def request_assessment(request: Request, employee_id: str):
    _signed_in(request)
    return await _decided_action(
        request, employee_id, f"/v1/portfolios/{employee_id}/assessments", None, None
    )


@router.post(
    "/portfolio/{employee_id}/beoordeling/{assessment_id}/{step}", dependencies=[Depends(check_csrf)]
)
async def assessment_step(request: Request, employee_id: str, assessment_id: str, step: str):
    _signed_in(request)
    form = await request.form()
    paths = {"verslag": "report", "vaststellen": "establish", "bezwaar": "objections"}
    if step not in paths:
        raise ServiceError.not_found()
    if step == "bezwaar":
        body, version = {"grounds": str(form.get("grounds", "")).strip()}, None
    else:
        body, version = {"text": str(form.get("text", "")).strip()}, str(form.get("version", ""))
    return await _decided_action(
        request, employee_id, f"/v1/assessments/{assessment_id}/{paths[step]}", body, version
    )


@router.get("/portfolio/{employee_id}/beoordeling/{assessment_id}/brief")
async def assessment_letter(request: Request, employee_id: str, assessment_id: str):
    from starlette.responses import Response

    _signed_in(request)
    upstream = await portfolio(request).call("GET", f"/v1/assessments/{assessment_id}/letter")
    return Response(
        upstream.content,
        media_type="application/pdf",
        headers={"Content-Disposition": upstream.headers.get("content-disposition", "attachment")},
    )


@router.post("/portfolio/{employee_id}/besluit/{decision_id}/{step}", dependencies=[Depends(check_csrf)])
async def decision_step(request: Request, employee_id: str, decision_id: str, step: str):
    """The manager (or HR) establishes a decision; the employee objects to it."""
    _signed_in(request)
    form = await request.form()
    if step == "vaststellen":
        body = {k: str(form.get(k, "")).strip() for k in ("decision", "motivation")}
        path, version = f"/v1/decisions/{decision_id}/establish", str(form.get("version", ""))
    elif step == "bezwaar":
        body = {"grounds": str(form.get("grounds", "")).strip()}
        path, version = f"/v1/decisions/{decision_id}/objections", None
    else:
        raise ServiceError.not_found()
    return await _decided_action(request, employee_id, path, body, version, part="decision")


@router.get("/portfolio/{employee_id}/besluit/{decision_id}/brief")
async def decision_letter(request: Request, employee_id: str, decision_id: str):
    from starlette.responses import Response

    _signed_in(request)
    upstream = await portfolio(request).call("GET", f"/v1/decisions/{decision_id}/letter")
    return Response(
        upstream.content,
        media_type="application/pdf",
        headers={"Content-Disposition": upstream.headers.get("content-disposition", "attachment")},
    )


def _require_hr(request: Request) -> None:
    _signed_in(request)
    if "hr_advisor" not in request.state.session.get("user", {}).get("roles", []):
        raise ServiceError.forbidden()


@router.get("/hr/bezwaren")
async def hr_objections(request: Request):
    _require_hr(request)
    rows = await portfolio(request).every("/v1/objections")
    return render(request, "hr_objections.html", {"rows": rows, "next_states": NEXT_STATES})


@router.post("/hr/bezwaren/{objection_id}", dependencies=[Depends(check_csrf)])
async def hr_objection_status(request: Request, objection_id: str):
    _require_hr(request)
    form = await request.form()
    try:
        await portfolio(request).call(
            "PATCH",
            f"/v1/objections/{objection_id}",
            json={"state": str(form.get("state", ""))},
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 422):
            raise
        rows = await portfolio(request).every("/v1/objections")
        return render(
            request,
            "hr_objections.html",
            {"rows": rows, "next_states": NEXT_STATES, "error": exc.problem.get("detail")},
            status=exc.status,
        )
    return RedirectResponse("/hr/bezwaren", 303)
