"""Attachments on the portfolio page: upload (passed to portfolio, which checks the content) and
download."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse, Response

from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.portfolio_pages import _page, _signed_in
from dialoog.portal.web.render import language
from dialoog.portal.web.services import ServiceError, portfolio

router = APIRouter(include_in_schema=False)


@router.post("/portfolio/{employee_id}/bijlagen", dependencies=[Depends(check_csrf)])
async def upload(request: Request, employee_id: str):
    _signed_in(request)
    form = await request.form()
    file = form.get("bestand")
    if not isinstance(file, UploadFile) or not file.filename:
        _ = translations(language(request)).gettext
        return await _page(request, employee_id, {"attachment": _("Kies een bestand.")}, 422)
    content = await file.read()
    try:
        await portfolio(request).call(
            "POST",
            f"/v1/portfolios/{employee_id}/attachments",
            params={"filename": file.filename},
            content=content,
            headers={"content-type": file.content_type or "application/octet-stream"},
            expect=(201,),
        )
    except ServiceError as exc:
        if exc.status not in (403, 409, 413, 415, 422):
            raise
        return await _page(
            request, employee_id, {"attachment": exc.problem.get("detail") or exc.problem.get("title")}, 422
        )
    return RedirectResponse(f"/portfolio/{employee_id}#bijlagen", 303)


@router.get("/portfolio/{employee_id}/bijlagen/{attachment_id}")
async def download(request: Request, employee_id: str, attachment_id: str):
    _signed_in(request)
    upstream = await portfolio(request).call("GET", f"/v1/attachments/{attachment_id}")
    return Response(
        upstream.content,
        media_type=upstream.headers.get("content-type", "application/octet-stream"),
        headers={
            "Content-Disposition": upstream.headers.get("content-disposition", "attachment"),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
        },
    )
