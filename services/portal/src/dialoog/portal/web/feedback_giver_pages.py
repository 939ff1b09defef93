"""360 feedback, the colleague's side: the requests addressed to me, the answer form (a draft is
kept) and declining with an optional reason."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse

from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.feedback_forms import RATINGS, answers_from, field_errors, submitted_answers
from dialoog.portal.web.feedback_pages import BASE, labels, signed_in
from dialoog.portal.web.render import render
from dialoog.portal.web.services import ServiceError, feedback

router = APIRouter(include_in_schema=False)


@router.get("/feedback/gevraagd")
async def assignments(request: Request):
    signed_in(request)
    rows = await feedback(request).every(f"{BASE}/assignments")
    return render(request, "feedback_assignments.html", {"rows": rows, "labels": labels(request)})


async def _assignment_page(
    request: Request, assignment_id: str, errors: dict | None = None, status: int = 200, **extra
):
    item = (await feedback(request).call("GET", f"{BASE}/assignments/{assignment_id}")).json()
    draft = extra.pop("answers", None)
    if draft is None:
        draft = (
            (item.get("draft") or {}).get("answers")
            if isinstance(item.get("draft"), dict)
            else item.get("draft")
        )
    return render(
        request,
        "feedback_assignment.html",
        {
            "item": item,
            "answers": submitted_answers(draft),
            "questions": {q["key"]: q for q in item["questions"]},
            "ratings": RATINGS,
            "labels": labels(request),
            "errors": errors or {},
            **extra,
        },
        status=status,
    )


@router.get("/feedback/gevraagd/{assignment_id}")
async def assignment(request: Request, assignment_id: str, bewaard: int = 0):
    signed_in(request)
    return await _assignment_page(request, assignment_id, saved=bewaard)


@router.post("/feedback/gevraagd/{assignment_id}", dependencies=[Depends(check_csrf)])
async def answer(request: Request, assignment_id: str):
    """One form, two buttons: `actie=concept` keeps a draft, `actie=versturen` answers."""
    signed_in(request)
    form = await request.form()
    item = (await feedback(request).call("GET", f"{BASE}/assignments/{assignment_id}")).json()
    answers = answers_from(form, item["questions"])
    draft = form.get("actie") == "concept"
    path = f"{BASE}/assignments/{assignment_id}/" + ("draft" if draft else "answer")
    try:
        await feedback(request).call(
            "PUT" if draft else "POST", path, json={"answers": answers}, expect=(200, 201, 204)
        )
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        return await _assignment_page(
            request, assignment_id, field_errors(exc.problem), exc.status, answers=answers
        )
    if draft:
        return RedirectResponse(f"/feedback/gevraagd/{assignment_id}?bewaard=1", 303)
    return RedirectResponse("/feedback/gevraagd?beantwoord=1", 303)


@router.post("/feedback/gevraagd/{assignment_id}/afslaan", dependencies=[Depends(check_csrf)])
async def decline(request: Request, assignment_id: str):
    signed_in(request)
    form = await request.form()
    reason = str(form.get("reden", "")).strip()
    try:
        await feedback(request).call(
            "POST",
            f"{BASE}/assignments/{assignment_id}/decline",
            json={"reason": reason} if reason else {},
            expect=(200, 201, 204),
        )
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        return await _assignment_page(
            request, assignment_id, {"decline": exc.problem.get("detail", "")}, exc.status
        )
    return RedirectResponse("/feedback/gevraagd", 303)
