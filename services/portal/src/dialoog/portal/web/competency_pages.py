"""The tenant admin's competency catalogue (/beheer/competenties), and choosing a competency from
it into a portfolio."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse

from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.pages import require_role
from dialoog.portal.web.portfolio_pages import _page, _problem_errors, _signed_in
from dialoog.portal.web.render import render
from dialoog.portal.web.services import ServiceError, portfolio

router = APIRouter(include_in_schema=False)


async def _catalogue_page(
    request: Request, errors: dict | None = None, submitted: dict | None = None, status=200
):
    rows = await portfolio(request).every("/v1/competencies", {"include_inactive": "true"})
    return render(
        request,
        "competencies.html",
        {"rows": rows, "errors": errors or {}, "submitted": submitted or {}},
        status=status,
    )


@router.get("/beheer/competenties")
async def catalogue(request: Request):
    require_role(request, "tenant_admin")
    return await _catalogue_page(request)


@router.post("/beheer/competenties", dependencies=[Depends(check_csrf)])
async def add(request: Request):
    require_role(request, "tenant_admin")
    form = await request.form()
    body = {k: str(form.get(k, "")).strip() for k in ("key", "name", "description")}
    if not body["description"]:
        body.pop("description")
    try:
        await portfolio(request).call("POST", "/v1/competencies", json=body, expect=(201,))
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        return await _catalogue_page(request, _problem_errors(exc), body, 422)
    return RedirectResponse("/beheer/competenties", 303)


@router.post("/beheer/competenties/{competency_id}", dependencies=[Depends(check_csrf)])
async def toggle(request: Request, competency_id: str):
    require_role(request, "tenant_admin")
    form = await request.form()
    try:
        await portfolio(request).call(
            "PATCH",
            f"/v1/competencies/{competency_id}",
            json={"active": form.get("active") == "true"},
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status not in (409, 412):
            raise
        return await _catalogue_page(request, {"form": exc.problem.get("detail", "")}, None, exc.status)
    return RedirectResponse("/beheer/competenties", 303)


@router.post("/portfolio/{employee_id}/competenties", dependencies=[Depends(check_csrf)])
async def choose(request: Request, employee_id: str):
    _signed_in(request)
    form = await request.form()
    body = {"competency": str(form.get("competency", "")).strip()}
    if str(form.get("note", "")).strip():
        body["note"] = str(form.get("note")).strip()
    try:
        await portfolio(request).call(
            "POST", f"/v1/portfolios/{employee_id}/competencies", json=body, expect=(201,)
        )
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        return await _page(
            request, employee_id, {f"competency.{k}": v for k, v in _problem_errors(exc).items()}, 422
        )
    return RedirectResponse(f"/portfolio/{employee_id}#competenties", 303)
