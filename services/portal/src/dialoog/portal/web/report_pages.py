"""The talk reports a director reads (Heemstede, seed 002): those of the running period of an
employee of her departments. Opening the page is reading them (portfolio audits the read), and
so clears the employee from the director's "what's next" on the home (ADR 0033)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from dialoog.portal.web.pages import require_role
from dialoog.portal.web.render import render
from dialoog.portal.web.services import ServiceError, organisatie, portfolio

router = APIRouter(include_in_schema=False)


@router.get("/verslagen/{employee_id}")
async def talk_reports(request: Request, employee_id: str):
    require_role(request, "director")
    reports = (await portfolio(request).call("GET", f"/v1/portfolios/{employee_id}/talk-reports")).json()
    try:
        cycle = (await organisatie(request).call("GET", "/v1/cycle")).json()["definition"]
        labels = {t["key"]: t["label"] for t in cycle["talk_types"]}
    except ServiceError:
        labels = {}
    return render(request, "talk_reports.html", {"reports": reports, "talk_labels": labels})
