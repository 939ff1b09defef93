"""The year-end salary round: HR opens it, watches progress per unit and manager, sends decisions
back, decides the escalated ones and approves; the manager decides for their people with a SMART
motivation; the employee reads the decision, downloads the letter and objects within the term."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from dialoog.kit.clock import today
from dialoog.kit.dutch import euros
from dialoog.portal.web.charts import bars
from dialoog.portal.web.csrf import check_csrf
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.pages import is_htmx, require_role
from dialoog.portal.web.portfolio_pages import NEXT_STATES
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import ServiceError, organisatie, salaris

router = APIRouter(include_in_schema=False)

DECIDING = ("deciding", "escalated")
MOTIVATION = ("results", "behaviour", "development")


def labels(request: Request) -> dict:
    """The Dutch words for the round's and a decision's states (English through the catalogue)."""
    _ = translations(language(request)).gettext
    return {
        "round": {
            "opening": _("wordt voorbereid"),
            "deciding": _("leidinggevenden besluiten"),
            "escalated": _("geëscaleerd naar HR"),
            "approved": _("goedgekeurd"),
            "letters_sent": _("brieven verstuurd"),
            "applied": _("verhoging toegepast"),
            "closed": _("afgerond"),
        },
        "decision": {
            "open": _("nog te besluiten"),
            "decided": _("besloten"),
            "returned": _("teruggestuurd door HR"),
            "approved": _("goedgekeurd"),
        },
        "outcome": {"yes": _("wel een periodieke verhoging"), "no": _("geen periodieke verhoging")},
        "reminder": {  # ADR 0013
            "sent": _("verstuurd"),
            "planned": _("gepland"),
            "not_sent": _("niet nodig: de ronde was al goedgekeurd"),
            "skipped_announced": _("overgeslagen: viel vóór de aankondiging van de taken"),
            "skipped_superseded": _("overgeslagen: een latere herinnering ging in de plaats"),
        },
        "motivation": {
            "results": _("Resultaatafspraken"),
            "behaviour": _("Houding en gedrag"),
            "development": _("Persoonlijke ontwikkeling"),
        },
    }


def _context(request: Request, **values) -> dict:
    return {"labels": labels(request), "euros": euros, **values}


def _errors(exc: ServiceError) -> dict[str, str]:
    """Field errors of a problem by field (`body.motivation.results` -> `motivation.results`), or
    the problem's detail under `form`."""
    errors: dict[str, str] = {}
    for e in exc.problem.get("errors", []):
        field = e.get("field", "").removeprefix("body.").removeprefix("body") or "form"
        if field.startswith("reminder_days"):
            field = "reminder_days"
        errors.setdefault(field, e.get("reason", ""))
    if not errors:
        errors["form"] = exc.problem.get("detail") or exc.problem.get("title", "")
    return errors


def _next_step(decision: dict) -> int:
    return min(decision["step"] + 1, decision["max_step"])


# --- HR -----------------------------------------------------------------------------------------
PAGE = 100


async def _round_page(request: Request, year: int, errors: dict | None = None, status: int = 200, **extra):
    client = salaris(request)
    _ = translations(language(request)).gettext
    try:
        progress = (await client.call("GET", f"/v1/salary/rounds/{year}/progress")).json()
    except ServiceError as exc:
        if exc.status != 404:
            raise
        progress = None
    if progress is None:
        return render(
            request,
            "salary_hr.html",
            _context(
                request,
                year=year,
                rnd=None,
                errors=errors or {},
                submitted=extra.pop("submitted", {}),
                today=today().isoformat(),
                **extra,
            ),
            status=status,
        )
    rnd = progress["round"]
    totals = progress["totals"]
    letters_total = totals["approved"] or totals["total"]
    letters = {
        "letters": progress["letters"],
        "letters_total": letters_total,
        "letters_percent": round(100 * progress["letters"] / letters_total) if letters_total else 0,
        "generating": rnd["status"] == "approved",
    }
    if is_htmx(request) and request.query_params.get("deel") == "brieven":
        if not letters["generating"]:  # done: the whole page again, with the round's new state
            return Response(status_code=204, headers={"HX-Refresh": "true"})
        return render(
            request, "_salary_letters.html", _context(request, year=year, rnd=rnd, **letters), status=status
        )
    # The decisions a page at a time (a round can hold tens of thousands), or only those HR takes.
    # `na` is the services' cursor of the page, `pagina` only its number as shown.
    raw = request.query_params.get("pagina", "1")
    page = int(raw) if raw.isdigit() and 1 <= len(raw) <= 6 and int(raw) >= 1 else 1
    after = request.query_params.get("na", "")
    only_hr = request.query_params.get("alleen") == "hr"
    params: dict = {"limit": PAGE}
    if after:
        params["cursor"] = after
    else:
        page = 1
    if only_hr:
        params["escalated"] = "true"
    path = f"/v1/salary/rounds/{year}/decisions"
    try:
        listed = (await client.call("GET", path, params=params)).json()
    except ServiceError as exc:  # a cursor edited in the address: the first page instead
        if exc.status != 422 or not after:
            raise
        params.pop("cursor")
        page, listed = 1, (await client.call("GET", path, params=params)).json()
    decisions, more = listed["items"], listed["next_cursor"]
    for d in decisions:  # already in name order
        d["name"] = d.get("employee_name") or d["employee_number"]
    units = []
    for u in progress["by_unit"]:
        share = 100 * u["decided"] / u["total"] if u["total"] else 0
        units.append({**u, "name": u["name"] or _("(zonder afdeling)"), "share": share})
    managers = [
        {**m, "name": (m["name"] or "") if m["key"] else _("(geen leidinggevende: HR)")}
        for m in progress["by_manager"]
    ]
    chart = bars(
        [(u["name"], u["share"]) for u in units],
        _("Aandeel genomen salarisbesluiten, per afdeling"),
    )
    context = _context(
        request,
        year=year,
        rnd=rnd,
        progress=progress,
        totals=totals,
        units=units,
        managers=managers,
        chart=chart,
        decisions=decisions,
        reminders=progress.get("reminders", []),
        with_hr=totals["with_hr"],
        page=page,
        more=more,
        only_hr=only_hr,
        errors=errors or {},
        **letters,
        **extra,
    )
    return render(request, "salary_hr.html", context, status=status)


@router.get("/hr/salaris")
async def hr_round(request: Request, jaar: int | None = None):
    require_role(request, "hr_advisor")
    return await _round_page(request, jaar or today().year)


@router.post("/hr/salaris", dependencies=[Depends(check_csrf)])
async def open_round(request: Request):
    require_role(request, "hr_advisor")
    form = await request.form()
    submitted = {k: str(form.get(k, "")).strip() for k in ("year", "guidelines", "deadline", "reminder_days")}
    errors: dict[str, str] = {}
    _ = translations(language(request)).gettext
    year = int(submitted["year"]) if submitted["year"].isdigit() else today().year
    if not submitted["year"].isdigit():
        errors["year"] = _("vul een jaartal in, bijvoorbeeld 2026")
    reminders: list[int] = []
    for part in submitted["reminder_days"].replace(";", ",").split(","):
        if part.strip().isdigit():
            reminders.append(int(part))
        elif part.strip():
            errors["reminder_days"] = _("geef dagen als gehele getallen, gescheiden door komma's")
    if not submitted["guidelines"]:
        errors["guidelines"] = _("geef de leidinggevenden richtlijnen mee")
    if not submitted["deadline"]:
        errors["deadline"] = _("kies een uiterste datum")
    if not errors:
        body = {
            "year": year,
            "guidelines": submitted["guidelines"],
            "deadline": submitted["deadline"],
            "reminder_days": reminders,
        }
        try:
            await salaris(request).call("POST", "/v1/salary/rounds", json=body, expect=(201,))
            return RedirectResponse(f"/hr/salaris?jaar={year}", 303)
        except ServiceError as exc:
            if exc.status not in (409, 422):
                raise
            errors = _errors(exc)
            if exc.status == 409:
                return await _round_page(request, year, errors, 409)
    return await _round_page(request, year, errors, 422, submitted=submitted)


@router.post("/hr/salaris/{year}/goedkeuren", dependencies=[Depends(check_csrf)])
async def approve(request: Request, year: int):
    require_role(request, "hr_advisor")
    form = await request.form()
    try:
        await salaris(request).call(
            "POST",
            f"/v1/salary/rounds/{year}/approval",
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 422):
            raise
        return await _round_page(request, year, {"approval": _stale_or_detail(request, exc)}, exc.status)
    return RedirectResponse(f"/hr/salaris?jaar={year}#brieven", 303)


@router.post("/hr/salaris/{year}/terugsturen/{decision_id}", dependencies=[Depends(check_csrf)])
async def send_back(request: Request, year: int, decision_id: str):
    require_role(request, "hr_advisor")
    form = await request.form()
    try:
        await salaris(request).call(
            "POST",
            f"/v1/salary/decisions/{decision_id}/return",
            json={"comment": str(form.get("comment", "")).strip()},
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 422):
            raise
        message = _errors(exc).get("comment") if exc.status == 422 else None
        return await _round_page(
            request,
            year,
            {f"return.{decision_id}": message or _stale_or_detail(request, exc)},
            exc.status,
        )
    return RedirectResponse(f"/hr/salaris?jaar={year}#besluiten", 303)


def _stale_or_detail(request: Request, exc: ServiceError) -> str:
    _ = translations(language(request)).gettext
    if exc.status == 412:
        return _(
            "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en bekijk de nieuwe stand."
        )
    return exc.problem.get("detail") or exc.problem.get("title", "")


# --- HR: objections -----------------------------------------------------------------------------
async def _objections_page(request: Request, error: str | None = None, status: int = 200):
    rows = await salaris(request).every("/v1/salary/objections")
    for o in rows:
        o["name"] = o.get("employee_name") or ""
    return render(
        request,
        "salary_objections.html",
        _context(request, rows=rows, error=error, next_states=NEXT_STATES),
        status=status,
    )


@router.get("/hr/salaris/bezwaren")
async def hr_objections(request: Request):
    require_role(request, "hr_advisor")
    return await _objections_page(request)


@router.post("/hr/salaris/bezwaren/{objection_id}", dependencies=[Depends(check_csrf)])
async def move_objection(request: Request, objection_id: str):
    require_role(request, "hr_advisor")
    form = await request.form()
    body = {"state": str(form.get("state", ""))}
    if str(form.get("resolution", "")).strip():
        body["resolution"] = str(form.get("resolution")).strip()
    try:
        await salaris(request).call(
            "PATCH",
            f"/v1/salary/objections/{objection_id}",
            json=body,
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status not in (409, 412, 422):
            raise
        return await _objections_page(request, _stale_or_detail(request, exc), exc.status)
    return RedirectResponse("/hr/salaris/bezwaren", 303)


# --- the manager (and HR for the escalated ones) ------------------------------------------------
async def _latest_round(request: Request) -> dict | None:
    rounds = await salaris(request).items("/v1/salary/rounds", {"limit": 1})
    return rounds[0] if rounds else None


@router.get("/team/salaris")
async def team_round(request: Request):
    require_role(request, "manager")
    rnd = await _latest_round(request)
    decisions: list[dict] = []
    if rnd and rnd["status"] != "opening":
        decisions = await salaris(request).every(f"/v1/salary/rounds/{rnd['year']}/decisions", limit=500)
        for d in decisions:  # in name order already
            d["name"] = d.get("employee_name") or d["employee_number"]
    return render(
        request,
        "salary_team.html",
        _context(
            request,
            rnd=rnd,
            decisions=decisions,
            open_count=sum(d["status"] in ("open", "returned") for d in decisions),
        ),
    )


def _decision_base(request: Request) -> str:
    return "/hr/salaris/besluit" if request.url.path.startswith("/hr/") else "/team/salaris"


async def _decision_page(
    request: Request,
    decision_id: str,
    errors: dict | None = None,
    submitted: dict | None = None,
    status: int = 200,
):
    decision = (await salaris(request).call("GET", f"/v1/salary/decisions/{decision_id}")).json()
    if decision["relation"] == "employee":
        raise ServiceError.not_found()
    base = _decision_base(request)
    hr = base.startswith("/hr/")
    editable = decision["round_status"] in DECIDING and decision["status"] != "approved"
    if hr and not (decision["escalated"] or decision["manager_id"] is None):
        editable = False  # HR decides only what was escalated
    motivation = decision.get("motivation") or {}
    values = submitted or {
        "outcome": decision.get("outcome") or decision.get("advised_outcome") or "",
        **{f"motivation.{k}": motivation.get(k, "") for k in MOTIVATION},
        "deviation_reason": decision.get("deviation_reason") or "",
    }
    return render(
        request,
        "salary_decision.html",
        _context(
            request,
            d=decision,
            name=decision.get("employee_name") or decision["employee_number"],
            next_step=_next_step(decision),
            editable=editable,
            base=base,
            back="/hr/salaris" if hr else "/team/salaris",
            values=values,
            errors=errors or {},
        ),
        status=status,
    )


@router.get("/team/salaris/{decision_id}")
@router.get("/hr/salaris/besluit/{decision_id}")
async def decision_form(request: Request, decision_id: str):
    require_role(request, "hr_advisor" if request.url.path.startswith("/hr/") else "manager")
    return await _decision_page(request, decision_id)


@router.post("/team/salaris/{decision_id}", dependencies=[Depends(check_csrf)])
@router.post("/hr/salaris/besluit/{decision_id}", dependencies=[Depends(check_csrf)])
async def decide(request: Request, decision_id: str):
    hr = request.url.path.startswith("/hr/")
    require_role(request, "hr_advisor" if hr else "manager")
    form = await request.form()
    submitted = {
        "outcome": str(form.get("outcome", "")),
        **{f"motivation.{k}": str(form.get(f"motivation_{k}", "")).strip() for k in MOTIVATION},
        "deviation_reason": str(form.get("deviation_reason", "")).strip(),
    }
    _ = translations(language(request)).gettext
    if submitted["outcome"] not in ("yes", "no"):
        return await _decision_page(request, decision_id, {"outcome": _("kies ja of nee")}, submitted, 422)
    body = {
        "outcome": submitted["outcome"],
        "motivation": {k: submitted[f"motivation.{k}"] for k in MOTIVATION},
    }
    if submitted["deviation_reason"]:
        body["deviation_reason"] = submitted["deviation_reason"]
    try:
        await salaris(request).call(
            "PUT",
            f"/v1/salary/decisions/{decision_id}",
            json=body,
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status not in (403, 409, 412, 422):
            raise
        errors = _errors(exc) if exc.status == 422 else {"form": _stale_or_detail(request, exc)}
        return await _decision_page(request, decision_id, errors, submitted, exc.status)
    return RedirectResponse(("/hr/salaris#besluiten" if hr else "/team/salaris"), 303)


# --- the employee -------------------------------------------------------------------------------
async def _my_page(
    request: Request, errors: dict | None = None, submitted: dict | None = None, status: int = 200
):
    require_role(request, "employee")
    client = salaris(request)
    decisions = await client.every("/v1/salary/me/decisions")
    day = today().isoformat()
    for d in decisions:
        d["letter"] = d["letters"][0] if d.get("letters") else None
        current = [o for o in d.get("objections", []) if o["decision_version"] == d["decision_version"]]
        d["may_object"] = bool(d["letter"]) and not current and day <= d["letter"]["objection_deadline"]
    history: list[dict] = []
    try:
        me = (await organisatie(request).call("GET", "/v1/people/me")).json()
        history = (await client.call("GET", f"/v1/salary/people/{me['id']}")).json()["history"]
    except (ServiceError, KeyError):
        history = []
    return render(
        request,
        "salary_me.html",
        _context(
            request, decisions=decisions, history=history, errors=errors or {}, submitted=submitted or {}
        ),
        status=status,
    )


@router.get("/salaris")
async def my_salary(request: Request):
    return await _my_page(request)


@router.post("/salaris/{decision_id}/bezwaar", dependencies=[Depends(check_csrf)])
async def object_to(request: Request, decision_id: str):
    require_role(request, "employee")
    form = await request.form()
    grounds = str(form.get("grounds", "")).strip()
    try:
        await salaris(request).call(
            "POST", f"/v1/salary/decisions/{decision_id}/objections", json={"grounds": grounds}, expect=(201,)
        )
    except ServiceError as exc:
        if exc.status not in (403, 404, 409, 422):
            raise
        errors = _errors(exc)
        message = errors.get("grounds") or errors.get("form") or next(iter(errors.values()))
        return await _my_page(request, {decision_id: message}, {decision_id: grounds}, exc.status)
    return RedirectResponse(f"/salaris#besluit-{decision_id}", 303)


@router.get("/salaris/{decision_id}/brief/{letter_id}")
async def letter(request: Request, decision_id: str, letter_id: str):
    require_role(request, "employee", "manager", "hr_advisor")
    upstream = await salaris(request).call("GET", f"/v1/salary/decisions/{decision_id}/letters/{letter_id}")
    return Response(
        upstream.content,
        media_type="application/pdf",
        headers={"Content-Disposition": upstream.headers.get("content-disposition", "attachment")},
    )


# --- the letter texts: HR and the tenant admin ----------------------------------------------------
LETTER_FIELDS = (
    "organisation_name",
    "signatory_name",
    "signatory_title",
    "objection_address",
    "intro",
    "closing",
)


async def _letter_page(request: Request, errors: dict | None = None, submitted: dict | None = None, **extra):
    response = await salaris(request).call("GET", "/v1/salary/settings")
    settings = response.json()
    values = submitted if submitted is not None else settings
    return render(
        request,
        "salary_letter_settings.html",
        _context(request, settings=settings, values=values, errors=errors or {}, **extra),
        status=422 if errors else 200,
    )


@router.get("/beheer/salarisbrief")
async def letter_settings(request: Request, opgeslagen: int = 0):
    require_role(request, "tenant_admin", "hr_advisor")
    return await _letter_page(request, saved=bool(opgeslagen))


@router.post("/beheer/salarisbrief", dependencies=[Depends(check_csrf)])
async def save_letter_settings(request: Request):
    require_role(request, "tenant_admin", "hr_advisor")
    form = await request.form()
    submitted = {k: str(form.get(k, "")).strip() for k in LETTER_FIELDS}
    submitted["probation_eligible"] = form.get("probation_eligible") == "on"
    try:
        await salaris(request).call(
            "PATCH",
            "/v1/salary/settings",
            json=submitted,
            headers={"If-Match": f'"{form.get("version")}"'},
        )
    except ServiceError as exc:
        if exc.status == 412:
            return await _letter_page(request, {"form": _stale_or_detail(request, exc)}, submitted)
        if exc.status != 422:
            raise
        return await _letter_page(request, _errors(exc), submitted)
    return RedirectResponse("/beheer/salarisbrief?opgeslagen=1", 303)


@router.get("/beheer/salarisbrief/voorbeeld.pdf")
async def letter_preview(request: Request):
    require_role(request, "tenant_admin", "hr_advisor")
    upstream = await salaris(request).call("GET", "/v1/salary/settings/preview")
    return Response(
        upstream.content,
        media_type="application/pdf",
        headers={"Content-Disposition": 'inline; filename="voorbeeldbrief.pdf"'},
    )
