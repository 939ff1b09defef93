"""HR's follow-up after the talks (seeds 001 and 004, ADR 0035): per unit the people without a
talk, agreements past their date, development needs, the workload topic and (a cycle with
conclusions) the distribution of conclusions; group figures come hidden from portfolio below the
minimum group size. Charts as SVG beside their tables; each table also as a CSV download."""

from __future__ import annotations

import asyncio
from datetime import date

from fastapi import APIRouter, Request

from dialoog.kit.clock import today
from dialoog.portal.web.charts import bars, stacked
from dialoog.portal.web.csv_download import csv_response
from dialoog.portal.web.i18n import translations
from dialoog.portal.web.render import language, render
from dialoog.portal.web.services import UNITS_PAGE, LoginRequired, ServiceError, organisatie, portfolio
from dialoog.portal.web.unit_pages import page_of_units

router = APIRouter(include_in_schema=False)
BASE = "/hr/opvolging"
# The named lists: portfolio's path and the page's table name (the CSV's file name too).
LISTS = {
    "zonder-gesprek": "/v1/follow-up/without-talk",
    "over-datum": "/v1/follow-up/overdue-agreements",
    "ontwikkelbehoeften": "/v1/follow-up/development-needs",
}
HIDDEN, ABSENT = "hidden", "absent"


def _hr(request: Request) -> None:
    if not request.state.session.logged_in:
        raise LoginRequired
    if "hr_advisor" not in request.state.session.get("user", {}).get("roles", []):
        raise ServiceError.forbidden()


def _day(peildatum: str | None) -> tuple[date, bool]:
    """The reference day asked for, or today; False when what was asked is no date."""
    if not peildatum:
        return today(), True
    try:
        return date.fromisoformat(peildatum), True
    except ValueError:
        return today(), False


def a_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _figure(unit: dict, name: str):
    """A group figure's value, or HIDDEN (group too small), or ABSENT (the cycle does not record it)."""
    if name in unit["hidden"]:
        return HIDDEN
    return ABSENT if unit[name] is None else unit[name]


async def _cycle(request: Request, day: date) -> dict:
    """The cycle definition in force on the day; before the tenant's first version, its first
    (as portfolio counts such a day)."""
    client = organisatie(request)
    try:
        return (await client.call("GET", "/v1/cycle", params={"on": day.isoformat()})).json()["definition"]
    except ServiceError as exc:
        if exc.status != 404:
            raise
    versions = await client.every("/v1/cycle/versions")
    if not versions:
        return {}
    first = await client.call("GET", f"/v1/cycle/versions/{versions[0]['number']}")
    return first.json()["definition"]


def unit_rows(figures: list[dict], names: dict[str, str], levels: list[dict], _) -> list[dict]:
    """Portfolio's unit figures as the page's rows: named, sorted, and each group figure a value,
    HIDDEN or ABSENT; a shown distribution is its counts in the scale's order."""
    rows = []
    for unit in figures:
        counts = {c["level"]: c["count"] for c in unit["conclusions"] or []}
        if "conclusions" in unit["hidden"]:
            distribution = HIDDEN
        elif unit["conclusions"] is None:
            distribution = ABSENT
        else:
            distribution = [counts.get(level["key"], 0) for level in levels]
        rows.append(
            {
                **unit,
                "name": names.get(unit["org_unit_id"], _("(zonder afdeling)")),
                "share_without": 100 * unit["without_talk"] / unit["employees"] if unit["employees"] else 0,
                "workload": _figure(unit, "workload_raised"),
                "distribution": distribution,
            }
        )
    return sorted(rows, key=lambda r: r["name"])


async def _units(request: Request, day: date) -> tuple[list[dict], list[dict]]:
    """The units' figures with their names, and the conclusion levels of the cycle in force."""
    _ = translations(language(request)).gettext
    figures, units, definition = await asyncio.gather(
        portfolio(request).every("/v1/follow-up", {"on": day.isoformat()}, limit=UNITS_PAGE),
        organisatie(request).every("/v1/org-units", limit=UNITS_PAGE),
        _cycle(request, day),
    )
    scale = definition.get("conclusion_scale") or {}
    levels = scale.get("levels", [])
    return unit_rows(figures, {u["id"]: u["name"] for u in units}, levels, _), levels


def charts_of(rows: list[dict], levels: list[dict], _) -> dict:
    charts = {
        "without": bars(
            [(r["name"], r["share_without"]) for r in rows],
            _("Aandeel medewerkers zonder gesprek deze periode, per afdeling"),
            chart_id="grafiek-zonder-gesprek",
        )
    }
    workload = [r for r in rows if isinstance(r["workload"], int) and r["talked"]]
    if workload:
        charts["workload"] = bars(
            [(r["name"], 100 * r["workload"] / r["talked"]) for r in workload],
            _("Aandeel medewerkers met een gesprek waarin werkdruk en balans aan bod kwamen"),
            chart_id="grafiek-werkdruk",
        )
    shown = [r for r in rows if isinstance(r["distribution"], list)]
    if levels and shown:
        charts["conclusions"] = stacked(
            [(r["name"], r["distribution"]) for r in shown],
            [lv["key"] for lv in levels],
            _("Verdeling van de conclusies per afdeling (alleen afdelingen met minstens 5 conclusies)"),
            chart_id="grafiek-conclusies",
        )
    return charts


async def _people(request: Request, unit: str | None) -> dict[str, str]:
    params = {"org_unit_id": unit} if unit else {}
    found = await organisatie(request).every("/v1/people", params, limit=500)
    return {p["id"]: f"{p['first_name']} {p['last_name']}" for p in found}


async def _named(request: Request, which: str, day: date, unit: str | None, names: dict) -> list[dict]:
    params = {"on": day.isoformat(), **({"org_unit_id": unit} if unit else {})}
    items = await portfolio(request).every(LISTS[which], params)
    rows = [{**item, "name": names.get(item["employee_id"], "")} for item in items]
    return sorted(rows, key=lambda r: (r["name"], str(r.get("due_on") or ""), r.get("title", "")))


@router.get(BASE)
async def follow_up(
    request: Request, peildatum: str | None = None, afdeling: str | None = None, pagina: str | None = None
):
    _hr(request)
    _ = translations(language(request)).gettext
    day, valid = _day(peildatum)
    rows, levels = await _units(request, day)
    unit = next((r for r in rows if r["org_unit_id"] and r["org_unit_id"] == afdeling), None)
    named = {}
    if unit is not None:
        names = await _people(request, afdeling)
        lists = await asyncio.gather(*(_named(request, which, day, afdeling, names) for which in LISTS))
        named = dict(zip(LISTS, lists, strict=True))
    # The charts and tables of one page of the units; the CSV has them all (web/unit_pages.py).
    shown, pager = page_of_units(rows, pagina)
    context = {
        "rows": shown,
        "pager": pager,
        "levels": levels,
        "charts": charts_of(shown, levels, _),
        "day": day,
        "day_valid": valid,
        "last_year": a_year_before(day),
        "unit": unit,
        "named": named,
        "records_workload": any(r["workload"] != ABSENT for r in rows),
        "HIDDEN": HIDDEN,
        "ABSENT": ABSENT,
        "base": BASE,
    }
    return render(request, "hr_follow_up.html", context)


def excel_date(value: str | None) -> str:
    """A date as Dutch Excel reads one: dd-mm-jjjj."""
    return date.fromisoformat(value[:10]).strftime("%d-%m-%Y") if value else ""


def _value(figure, _) -> str | int:
    if figure == HIDDEN:
        return _("verborgen (minder dan 5)")
    if figure == ABSENT:
        return ""
    return figure


@router.get(BASE + "/{table}.csv")
async def download(request: Request, table: str, peildatum: str | None = None, afdeling: str | None = None):
    _hr(request)
    _ = translations(language(request)).gettext
    day, _valid = _day(peildatum)
    stamp = day.isoformat()
    if table == "afdelingen":
        rows, _levels = await _units(request, day)
        header = [
            _("Afdeling"),
            _("Medewerkers"),
            _("Zonder gesprek"),
            _("Afspraken over datum"),
            _("Ontwikkelafspraken"),
            _("Met een gesprek"),
            _("Werkdruk en balans besproken"),
        ]
        body = [
            [
                r["name"],
                r["employees"],
                r["without_talk"],
                r["overdue_agreements"],
                r["development_agreements"],
                r["talked"],
                _value(r["workload"], _),
            ]
            for r in rows
        ]
    elif table == "conclusies":
        rows, levels = await _units(request, day)
        header = [_("Afdeling"), *(_("Conclusie") + f" {lv['key']}" for lv in levels), _("Toelichting")]
        body = []
        for r in rows:
            if isinstance(r["distribution"], list):
                body.append([r["name"], *r["distribution"], ""])
            elif r["distribution"] == HIDDEN:
                body.append(
                    [r["name"], *([""] * len(levels)), _("verborgen: minder dan 5 mensen met een conclusie")]
                )
    elif table in LISTS:
        named = await _named(request, table, day, afdeling, await _people(request, afdeling))
        if table == "zonder-gesprek":
            header = [_("Naam")]
            body = [[r["name"]] for r in named]
        else:
            header = [_("Naam"), _("Afspraak"), _("Doel"), _("Datum"), _("Bevestigd door beiden")]
            body = [
                [
                    r["name"],
                    r["title"],
                    r["goal"],
                    excel_date(r["due_on"]),
                    _("ja") if r["confirmed_by_employee"] and r["confirmed_by_manager"] else _("nee"),
                ]
                for r in named
            ]
    else:
        raise ServiceError.not_found()
    return csv_response(f"opvolging-{table}-{stamp}.csv", header, body)
