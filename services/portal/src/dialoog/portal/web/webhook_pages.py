"""The tenant admin's webhooks (issue 13, point 6; ADR 0027): the endpoints of her organisation,
create one (its secret shown once, on the answer page only: never stored by the portal, never in
an address), edit URL and event types, switch on or off, rotate the secret, delete after a
confirmation, send a test, and per endpoint the delivery log (state, attempts, last status,
response time) with one delivery's attempts and "opnieuw bezorgen". Notificaties' `/v1/webhooks`
does the work and keeps every tenant to its own endpoints."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.feedback_forms import field_errors
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.notification_forms import (
    UUID_TEXT,
    delivery_labels,
    disabled_labels,
    event_type_names,
    page_number,
    response_time,
    webhook_body,
)
from dialoog.portal.web.pages import require_role
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import ServiceError, notificaties

router = APIRouter(include_in_schema=False)
BASE = "/v1/webhooks"
PAGE = 25
# The answer that shows a secret is not kept by the browser's cache or sent on as a Referer.
SECRET_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _admin(request: Request) -> None:
    require_role(request, "tenant_admin")


def _checked(*ids: str) -> None:
    if not all(UUID_TEXT.match(i) for i in ids):
        raise ServiceError.not_found()


def _gettext(request: Request):
    return translations(language(request)).gettext


def _labels(request: Request) -> dict:
    _ = _gettext(request)
    return {"delivery": delivery_labels(_), "disabled": disabled_labels(_), "ms": response_time}


def _if_match(form) -> dict:
    return {"If-Match": f'"{form.get("version", "")}"'}


def _stale(request: Request, exc: ServiceError) -> str:
    _ = _gettext(request)
    if exc.status in (409, 412, 428):
        return _(
            "Iemand anders heeft dit endpoint intussen gewijzigd. Hieronder staat de nieuwe stand; "
            "probeer het zo nodig opnieuw."
        )
    return exc.problem.get("detail") or exc.problem.get("title", "")


def _refused(request: Request, exc: ServiceError) -> str:
    """A test or redelivery the service refuses (`webhook-disabled`): its reason, or ours."""
    _ = _gettext(request)
    detail = exc.problem.get("detail")
    return detail or _("Dit endpoint staat uit. Zet het eerst aan; daarna kunt u testen en opnieuw bezorgen.")


async def _event_types(request: Request) -> list[str]:
    """Every type one may subscribe to (a Page like every list: all of its pages)."""
    return event_type_names(await notificaties(request).every(f"{BASE}/event-types"))


# --- the list and create ------------------------------------------------------------------------
async def _list_page(request: Request, status: int = 200, **extra) -> Response:
    return render(
        request,
        "webhooks.html",
        {
            "endpoints": await notificaties(request).every(BASE),
            "event_types": await _event_types(request),
            "labels": _labels(request),
            "errors": {},
            "submitted": {},
            "done": request.query_params.get("gedaan"),
            **extra,
        },
        status=status,
    )


@router.get("/beheer/webhooks")
async def endpoints(request: Request):
    _admin(request)
    return await _list_page(request)


def _secret_page(request: Request, endpoint: dict, created: bool) -> Response:
    response = render(
        request,
        "webhook_secret.html",
        {"endpoint": endpoint, "secret": endpoint.get("secret", ""), "created": created},
        status=201 if created else 200,
    )
    response.headers.update(SECRET_HEADERS)
    return response


@router.post("/beheer/webhooks", dependencies=[Depends(check_csrf)])
async def create(request: Request):
    _admin(request)
    form = await request.form()
    body, errors = webhook_body(form, await _event_types(request), _gettext(request))
    if errors:
        return await _list_page(request, 422, errors=errors, submitted=body)
    try:
        created = await notificaties(request).call("POST", BASE, json=body, expect=(201,))
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        return await _list_page(request, 422, errors=field_errors(exc.problem), submitted=body)
    return _secret_page(request, created.json(), created=True)


# --- one endpoint -------------------------------------------------------------------------------
async def _endpoint_page(request: Request, endpoint_id: str, status: int = 200, **extra) -> Response:
    client = notificaties(request)
    endpoint = (await client.call("GET", f"{BASE}/{endpoint_id}")).json()
    after = request.query_params.get("na", "")
    page = page_number(request.query_params.get("pagina")) if after else 1
    params: dict = {"limit": PAGE, **({"cursor": after} if after else {})}
    path = f"{BASE}/{endpoint_id}/deliveries"
    try:
        listed = (await client.call("GET", path, params=params)).json()
    except ServiceError as exc:  # a cursor edited in the address: the first page instead
        if exc.status not in (400, 422) or not after:
            raise
        page, listed = 1, (await client.call("GET", path, params={"limit": PAGE})).json()
    return render(
        request,
        "webhook.html",
        {
            "endpoint": endpoint,
            "event_types": await _event_types(request),
            "deliveries": listed["items"],
            "more": listed.get("next_cursor"),
            "page": page,
            "labels": _labels(request),
            "errors": {},
            "submitted": {},
            "done": request.query_params.get("gedaan"),
            **extra,
        },
        status=status,
    )


@router.get("/beheer/webhooks/{endpoint_id}")
async def endpoint(request: Request, endpoint_id: str):
    _admin(request)
    _checked(endpoint_id)
    return await _endpoint_page(request, endpoint_id)


@router.post("/beheer/webhooks/{endpoint_id}", dependencies=[Depends(check_csrf)])
async def edit(request: Request, endpoint_id: str):
    _admin(request)
    _checked(endpoint_id)
    form = await request.form()
    body, errors = webhook_body(form, await _event_types(request), _gettext(request))
    if errors:
        return await _endpoint_page(request, endpoint_id, 422, errors=errors, submitted=body)
    try:
        await notificaties(request).call("PATCH", f"{BASE}/{endpoint_id}", json=body, headers=_if_match(form))
    except ServiceError as exc:
        if exc.status not in (409, 412, 422, 428):
            raise
        errors = field_errors(exc.problem) if exc.status == 422 else {"form": _stale(request, exc)}
        return await _endpoint_page(request, endpoint_id, exc.status, errors=errors, submitted=body)
    return RedirectResponse(f"/beheer/webhooks/{endpoint_id}?gedaan=bewaard", 303)


@router.post("/beheer/webhooks/{endpoint_id}/aan-uit", dependencies=[Depends(check_csrf)])
async def switch(request: Request, endpoint_id: str):
    _admin(request)
    _checked(endpoint_id)
    form = await request.form()
    enabled = form.get("enabled") == "true"
    try:
        await notificaties(request).call(
            "PATCH", f"{BASE}/{endpoint_id}", json={"enabled": enabled}, headers=_if_match(form)
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 422, 428):
            raise
        return await _endpoint_page(request, endpoint_id, exc.status, errors={"form": _stale(request, exc)})
    return RedirectResponse(f"/beheer/webhooks/{endpoint_id}?gedaan={'aan' if enabled else 'uit'}", 303)


@router.post("/beheer/webhooks/{endpoint_id}/geheim", dependencies=[Depends(check_csrf)])
async def rotate(request: Request, endpoint_id: str):
    _admin(request)
    _checked(endpoint_id)
    form = await request.form()
    try:
        answer = await notificaties(request).call(
            "POST", f"{BASE}/{endpoint_id}/secret", headers=_if_match(form)
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 428):
            raise
        return await _endpoint_page(request, endpoint_id, exc.status, errors={"form": _stale(request, exc)})
    rotated = answer.json()
    endpoint = (
        rotated
        if "url" in rotated
        else (await notificaties(request).call("GET", f"{BASE}/{endpoint_id}")).json()
    )
    return _secret_page(request, {**endpoint, "secret": rotated.get("secret", "")}, created=False)


@router.post("/beheer/webhooks/{endpoint_id}/test", dependencies=[Depends(check_csrf)])
async def test(request: Request, endpoint_id: str):
    _admin(request)
    _checked(endpoint_id)
    try:
        await notificaties(request).call("POST", f"{BASE}/{endpoint_id}/test", expect=(200, 202))
    except ServiceError as exc:
        if exc.status != 409:  # webhook-disabled: the page says why
            raise
        return await _endpoint_page(request, endpoint_id, 409, errors={"form": _refused(request, exc)})
    return RedirectResponse(f"/beheer/webhooks/{endpoint_id}?gedaan=test#bezorgingen", 303)


@router.get("/beheer/webhooks/{endpoint_id}/verwijderen")
async def confirm_delete(request: Request, endpoint_id: str):
    _admin(request)
    _checked(endpoint_id)
    endpoint = (await notificaties(request).call("GET", f"{BASE}/{endpoint_id}")).json()
    return render(request, "webhook_delete.html", {"endpoint": endpoint, "errors": {}})


@router.post("/beheer/webhooks/{endpoint_id}/verwijderen", dependencies=[Depends(check_csrf)])
async def delete(request: Request, endpoint_id: str):
    _admin(request)
    _checked(endpoint_id)
    form = await request.form()
    client = notificaties(request)
    try:
        await client.call("DELETE", f"{BASE}/{endpoint_id}", headers=_if_match(form), expect=(204,))
    except ServiceError as exc:
        if exc.status not in (409, 412, 428):
            raise
        endpoint = (await client.call("GET", f"{BASE}/{endpoint_id}")).json()
        return render(
            request,
            "webhook_delete.html",
            {"endpoint": endpoint, "errors": {"form": _stale(request, exc)}},
            status=exc.status,
        )
    return RedirectResponse("/beheer/webhooks?gedaan=verwijderd", 303)


# --- one delivery -------------------------------------------------------------------------------
async def _delivery_page(
    request: Request, endpoint_id: str, delivery_id: str, status: int = 200, error: str | None = None
) -> Response:
    client = notificaties(request)
    endpoint = (await client.call("GET", f"{BASE}/{endpoint_id}")).json()
    found = (await client.call("GET", f"{BASE}/{endpoint_id}/deliveries/{delivery_id}")).json()
    return render(
        request,
        "webhook_delivery.html",
        {
            "endpoint": endpoint,
            "delivery": found,
            "labels": _labels(request),
            "done": request.query_params.get("gedaan"),
            "errors": {"form": error} if error else {},
        },
        status=status,
    )


@router.get("/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery_id}")
async def delivery(request: Request, endpoint_id: str, delivery_id: str):
    _admin(request)
    _checked(endpoint_id, delivery_id)
    return await _delivery_page(request, endpoint_id, delivery_id)


@router.post(
    "/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery_id}/opnieuw", dependencies=[Depends(check_csrf)]
)
async def redeliver(request: Request, endpoint_id: str, delivery_id: str):
    _admin(request)
    _checked(endpoint_id, delivery_id)
    try:
        await notificaties(request).call(
            "POST", f"{BASE}/{endpoint_id}/deliveries/{delivery_id}/redeliver", expect=(200, 202)
        )
    except ServiceError as exc:
        if exc.status != 409:  # webhook-disabled: the page says why
            raise
        return await _delivery_page(request, endpoint_id, delivery_id, 409, _refused(request, exc))
    return RedirectResponse(f"/beheer/webhooks/{endpoint_id}/bezorgingen/{delivery_id}?gedaan=opnieuw", 303)
