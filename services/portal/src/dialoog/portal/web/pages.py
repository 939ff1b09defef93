"""The pages: a home per role, and the tenant admin's cycle, units, people and import pages."""

from __future__ import annotations

import copy
import json

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import UploadFile
from starlette.responses import RedirectResponse

from dialoog.contracts.cycle import PRESETS
from dialoog.kit.clock import today
from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.next_steps import whats_next
from dialoog.portal.web.render import render
from dialoog.portal.web.services import UNITS_PAGE, LoginRequired, ServiceError, organisatie

router = APIRouter(include_in_schema=False)


def require_role(request: Request, *roles: str) -> None:
    user = request.state.session.get("user")
    if not user:
        raise LoginRequired
    if not set(roles) & set(user.get("roles", [])):
        raise ServiceError.forbidden()


def is_htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


@router.get("/")
async def home(request: Request):
    session = request.state.session
    if not session.logged_in:
        return render(request, "landing.html")
    roles = session.get("user")["roles"]
    return render(request, "home.html", {"next": await whats_next(request, roles)})


# --- the cycle ---------------------------------------------------------------------------------
PARAMETERS = {
    # form field -> (path in the definition, kind)
    "period_months": (("period_months",), int),
    "anonymity_threshold": (("feedback", "anonymity_threshold"), int),
    "external_givers_allowed": (("feedback", "external_givers_allowed"), bool),
    "employee_may_react": (("employee_may_react",), bool),
    "director_reads_talk_reports": (("read_access", "director_reads_talk_reports"), bool),
    "guidelines_required": (("salary_round", "guidelines_required"), bool),
}


def _get(definition: dict, path: tuple[str, ...]):
    for key in path:
        definition = definition[key]
    return definition


def _set(definition: dict, path: tuple[str, ...], value) -> None:
    for key in path[:-1]:
        definition = definition[key]
    definition[path[-1]] = value


async def _cycle_context(request: Request) -> dict:
    client = organisatie(request)
    current = await client.call("GET", "/v1/cycle")
    versions = await client.every("/v1/cycle/versions")
    definition = current.json()["definition"]
    return {
        "current": current.json(),
        "definition": definition,
        "versions": versions,
        "latest": versions[-1]["number"] if versions else 0,
        "presets": PRESETS,
        "values": {name: _get(definition, path) for name, (path, _) in PARAMETERS.items()},
        "today": today().isoformat(),  # a Dutch calendar day, as organisatie checks it
    }


@router.get("/beheer/cyclus")
async def cycle_page(request: Request, nieuw: int | None = None):
    require_role(request, "tenant_admin")
    return render(request, "cycle.html", {**await _cycle_context(request), "created": nieuw})


def _field_errors(problem: dict) -> dict[str, str]:
    errors = {}
    for error in problem.get("errors", []):
        field = error.get("field", "")
        for name, (path, _) in PARAMETERS.items():
            if field.endswith(".".join(path)):
                errors[name] = error.get("reason", "")
        if field == "body.effective_from":
            errors["effective_from"] = error.get("reason", "")
    if not errors and problem.get("detail"):
        errors["form"] = problem["detail"]
    return errors


async def _post_version(request: Request, body: dict, latest: str) -> tuple[int | None, dict]:
    try:
        response = await organisatie(request).call(
            "POST", "/v1/cycle/versions", json=body, headers={"If-Match": f'"{latest}"'}, expect=(201,)
        )
        return response.json()["number"], {}
    except ServiceError as exc:
        if exc.status == 412:
            return None, {"form": exc.problem.get("detail", "")}
        if exc.status == 422:
            return None, _field_errors(exc.problem)
        raise


@router.post("/beheer/cyclus/parameters", dependencies=[Depends(check_csrf)])
async def save_parameters(request: Request):
    require_role(request, "tenant_admin")
    form = await request.form()
    context = await _cycle_context(request)
    definition = copy.deepcopy(context["definition"])
    errors: dict[str, str] = {}
    submitted = {}
    for name, (path, kind) in PARAMETERS.items():
        if kind is bool:
            value = form.get(name) == "on"
        else:
            raw = str(form.get(name, "")).strip()
            submitted[name] = raw
            try:
                value = int(raw) if raw.isascii() else int("x")
            except ValueError:
                errors[name] = "geheel getal verwacht"
                continue
        _set(definition, path, value)
        submitted[name] = value
    effective_from = str(form.get("effective_from") or context["today"])
    number = None
    if not errors:
        number, errors = await _post_version(
            request, {"effective_from": effective_from, "definition": definition}, str(form.get("latest", ""))
        )
    if number is not None and not is_htmx(request):
        return RedirectResponse(f"/beheer/cyclus?nieuw={number}", 303)
    if number is not None:
        context = await _cycle_context(request)
        return render(request, "_parameters.html", {**context, "created": number})
    context["values"].update(submitted)
    template = "_parameters.html" if is_htmx(request) else "cycle.html"
    return render(
        request, template, {**context, "errors": errors, "effective_from": effective_from}, status=422
    )


@router.post("/beheer/cyclus/preset", dependencies=[Depends(check_csrf)])
async def choose_preset(request: Request):
    require_role(request, "tenant_admin")
    form = await request.form()
    number, errors = await _post_version(
        request,
        {
            "effective_from": str(form.get("effective_from") or today().isoformat()),
            "preset": form.get("preset"),
        },
        str(form.get("latest", "")),
    )
    if number is not None:
        return RedirectResponse(f"/beheer/cyclus?nieuw={number}", 303)
    return render(
        request, "cycle.html", {**await _cycle_context(request), "preset_errors": errors}, status=422
    )


@router.get("/beheer/cyclus/verschil")
async def cycle_diff(request: Request, van: int, naar: int):
    require_role(request, "tenant_admin")
    changes = (await organisatie(request).call("GET", f"/v1/cycle/diff?from={van}&to={naar}")).json()
    for change in changes:
        for side in ("old", "new"):
            if not isinstance(change[side], str | int | float | bool | type(None)):
                change[side] = json.dumps(change[side], ensure_ascii=False)
    return render(request, "cycle_diff.html", {"changes": changes, "van": van, "naar": naar})


# --- units and people ------------------------------------------------------------------------
async def _units(request: Request) -> list[dict]:
    """The units, each with the name of the unit it falls under ("Valt onder")."""
    units = await organisatie(request).every("/v1/org-units", limit=UNITS_PAGE)
    by_id = {u["id"]: u for u in units}
    for unit in units:
        unit["parent_name"] = by_id.get(unit["parent_id"], {}).get("name", "")
    return units


@router.get("/beheer/afdelingen")
async def units_page(request: Request):
    require_role(request, "tenant_admin")
    return render(request, "units.html", {"units": await _units(request)})


@router.post("/beheer/afdelingen", dependencies=[Depends(check_csrf)])
async def add_unit(request: Request):
    require_role(request, "tenant_admin")
    form = await request.form()
    body = {"name": str(form.get("name", ""))}
    if form.get("parent_id"):
        body["parent_id"] = str(form.get("parent_id"))
    try:
        await organisatie(request).call("POST", "/v1/org-units", json=body, expect=(201,))
    except ServiceError as exc:
        if exc.status != 422:
            raise
        return render(
            request,
            "units.html",
            {"units": await _units(request), "error": exc.problem.get("detail")},
            status=422,
        )
    return RedirectResponse("/beheer/afdelingen", 303)


async def _people_context(request: Request, q: str = "") -> dict:
    client = organisatie(request)
    params = {"limit": 200, **({"q": q} if q else {})}
    people = await client.items("/v1/people", params)
    units = await client.every("/v1/org-units", limit=UNITS_PAGE)
    return {"people": people, "q": q, "units": units}


@router.get("/beheer/mensen")
async def people_page(request: Request, q: str = "", toegevoegd: int | None = None):
    require_role(request, "tenant_admin", "hr_advisor")
    return render(request, "people.html", {**await _people_context(request, q), "added": toegevoegd})


PERSON_FIELDS = (
    "employee_number",
    "first_name",
    "last_name",
    "email",
    "date_of_birth",
    "appointment_start",
    "probation_end",
    "org_unit_id",
)


@router.post("/beheer/mensen", dependencies=[Depends(check_csrf)])
async def add_person(request: Request):
    require_role(request, "tenant_admin")
    form = await request.form()
    body = {f: str(form.get(f, "")).strip() for f in PERSON_FIELDS if str(form.get(f, "")).strip()}
    body["roles"] = [str(r) for r in form.getlist("roles")] or ["employee"]
    try:
        await organisatie(request).call("POST", "/v1/people", json=body, expect=(201,))
    except ServiceError as exc:
        if exc.status not in (409, 422):
            raise
        errors = {
            e["field"].removeprefix("body.").split(".")[0]: e["reason"] for e in exc.problem.get("errors", [])
        }
        if not errors:
            errors["form"] = exc.problem.get("detail", "")
        context = await _people_context(request)
        return render(request, "people.html", {**context, "errors": errors, "submitted": body}, status=422)
    return RedirectResponse("/beheer/mensen?toegevoegd=1", 303)


# --- import ------------------------------------------------------------------------------------
@router.get("/beheer/import")
async def import_page(request: Request):
    require_role(request, "tenant_admin")
    recent = await organisatie(request).items("/v1/imports", {"limit": 20})
    return render(request, "import.html", {"recent": recent})


@router.post("/beheer/import", dependencies=[Depends(check_csrf)])
async def upload(request: Request):
    require_role(request, "tenant_admin")
    form = await request.form()
    file = form.get("bestand")
    if not isinstance(file, UploadFile) or not file.filename:
        recent = await organisatie(request).items("/v1/imports", {"limit": 20})
        return render(
            request, "import.html", {"recent": recent, "error": "Kies een CSV-bestand."}, status=422
        )
    content = await file.read()
    try:
        response = await organisatie(request).call(
            "POST",
            "/v1/imports",
            content=content,
            headers={"content-type": "text/csv", "x-filename": file.filename},
            expect=(202,),
        )
    except ServiceError as exc:
        if exc.status not in (413, 422):
            raise
        recent = await organisatie(request).items("/v1/imports", {"limit": 20})
        return render(
            request, "import.html", {"recent": recent, "error": exc.problem.get("detail")}, status=422
        )
    return RedirectResponse(f"/beheer/import/{response.json()['id']}", 303)


@router.get("/beheer/import/{job_id}")
async def import_job(request: Request, job_id: str):
    require_role(request, "tenant_admin")
    # The page shows only the rows with errors; it is polled every 700 ms while the import runs.
    job = (await organisatie(request).call("GET", f"/v1/imports/{job_id}?report=errors")).json()
    template = "_import_progress.html" if is_htmx(request) else "import_job.html"
    return render(request, template, {"job": job})
