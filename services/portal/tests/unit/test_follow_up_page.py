"""HR's follow-up page (ADR 0035) as HR reads it: a unit with fewer than five conclusions shows no
distribution (no bar, no counts, a word saying why), a unit with five shows them in chart and
table; the workload topic only where the cycle records it; each table as a CSV that Dutch Excel
opens (`;`, BOM, no formulas from typed titles)."""

import re
from datetime import date

from dialoog.contracts.cycle.presets import CONTINUOUS, FOUR_LEVELS
from dialoog.portal.web.csv_download import cell, csv_response, table_csv
from dialoog.portal.web.follow_up_pages import (
    ABSENT,
    BASE,
    HIDDEN,
    a_year_before,
    charts_of,
    excel_date,
    unit_rows,
)
from dialoog.portal.web.i18n import formatters, translations
from dialoog.portal.web.render import templates
from dialoog.portal.web.unit_pages import UNITS_SHOWN, page_of_units

LEVELS = FOUR_LEVELS.model_dump(mode="json")["conclusion_scale"]["levels"]
BIG, SMALL = "00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002"


def unit(org_unit_id, **figures):
    base = {
        "org_unit_id": org_unit_id,
        "employees": 6,
        "without_talk": 1,
        "overdue_agreements": 1,
        "development_agreements": 2,
        "talked": 5,
        "workload_raised": None,
        "concluded": None,
        "conclusions": None,
        "hidden": [],
    }
    return {**base, **figures}


RIJK = [
    unit(
        BIG,
        concluded=5,
        conclusions=[
            {"level": "++", "count": 1},
            {"level": "+", "count": 3},
            {"level": "+/-", "count": 1},
            {"level": "-", "count": 0},
        ],
    ),
    unit(SMALL, employees=3, talked=2, hidden=["conclusions"]),
]
NAMES = {BIG: "Team Groot", SMALL: "Team Klein"}


def page(lang: str, figures=RIJK, levels=LEVELS, unit_shown=None, named=None, pagina=None) -> str:
    _ = translations(lang).gettext
    rows, pager = page_of_units(unit_rows(figures, NAMES, levels, _), pagina)
    data = {
        "pager": pager,
        "_": _,
        "lang": lang,
        "nav": [],
        "path": BASE,
        "rows": rows,
        "levels": levels,
        "charts": charts_of(rows, levels, _),
        "day": date(2026, 12, 2),
        "day_valid": True,
        "last_year": date(2025, 12, 2),
        "unit": unit_shown,
        "named": named or {},
        "records_workload": any(r["workload"] != ABSENT for r in rows),
        "HIDDEN": HIDDEN,
        "ABSENT": ABSENT,
        "base": BASE,
        **formatters(lang),
    }
    return templates.env.get_template("hr_follow_up.html").render(data)


def conclusion_rows(html: str) -> dict[str, list[str]]:
    table = html.split('id="conclusies"')[1]
    found = {}
    for row in re.findall(r'<tr class="utrecht-table__row">(.*?)</tr>', table, re.S)[1:]:
        head = re.sub(r"<[^>]+>", "", re.search(r'<th[^>]*scope="row">(.*?)</th>', row, re.S).group(1))
        found[head.strip()] = [
            re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
    return found


def test_a_unit_with_fewer_than_five_shows_no_conclusion_distribution():
    html = page("nl")
    rows = conclusion_rows(html)
    assert rows["Team Groot"] == ["1", "3", "1", "0"]
    assert rows["Team Klein"] == ["Verborgen: minder dan 5 mensen met een conclusie."]
    chart = re.search(r'<svg[^>]*aria-labelledby="grafiek-conclusies".*?</svg>', html, re.S).group(0)
    assert "Team Groot" in chart and "Team Klein" not in chart


def test_in_english_too():
    rows = conclusion_rows(page("en"))
    assert rows["Team Klein"] == ["Hidden: fewer than 5 people with a conclusion."]


def test_no_distribution_at_all_draws_no_chart_but_keeps_the_table():
    html = page("nl", figures=[RIJK[1]])
    assert 'aria-labelledby="grafiek-conclusies"' not in html
    assert conclusion_rows(html) == {"Team Klein": ["Verborgen: minder dan 5 mensen met een conclusie."]}


def test_each_chart_has_its_own_title_id():
    html = page("nl")
    ids = re.findall(r'<title id="([^"]+)"', html)
    assert ids == ["grafiek-zonder-gesprek", "grafiek-conclusies"]
    assert all(f'role="img" aria-labelledby="{i}"' in html for i in ids)


def test_workload_is_shown_only_where_the_cycle_records_it():
    assert "Werkdruk en balans besproken" not in page("nl")  # Rijk: no workload topic
    bel = [
        unit(BIG, workload_raised=2, talked=5),
        unit(SMALL, employees=3, talked=3, hidden=["workload_raised"]),
    ]
    html = page("nl", figures=bel, levels=[])
    assert "Werkdruk en balans besproken" in html and 'id="conclusies"' not in html
    assert "2 van 5" in html and "verborgen" in html
    chart = re.search(r'<svg[^>]*aria-labelledby="grafiek-werkdruk".*?</svg>', html, re.S).group(0)
    assert "40%" in chart and "Team Klein" not in chart
    assert CONTINUOUS.conclusion_scale is None


def test_the_named_lists_of_a_chosen_unit():
    _ = translations("nl").gettext
    shown = unit_rows(RIJK, NAMES, LEVELS, _)[0]
    named = {
        "zonder-gesprek": [{"employee_id": BIG, "name": "Greet Groot"}],
        "over-datum": [],
        "ontwikkelbehoeften": [
            {
                "employee_id": BIG,
                "name": "Greet Groot",
                "title": "Cursus Omgevingswet",
                "goal": None,
                "due_on": "2026-12-31",
                "confirmed_by_employee": True,
                "confirmed_by_manager": False,
            }
        ],
    }
    html = page("nl", unit_shown=shown, named=named)
    assert "Opvolgen in Team Groot" in html and f'href="/portfolio/{BIG}"' in html
    assert "Geen afspraken over hun datum." in html and "31 december 2026" in html
    assert f"{BASE}/ontwikkelbehoeften.csv?peildatum=2026-12-02&amp;afdeling={BIG}" in html


def test_csv_for_dutch_excel():
    text = table_csv(["Afdeling", "Conclusie ++"], [["Team é", 3], ["=HYPERLINK(1)", None]])
    assert text == "Afdeling;Conclusie ++\r\nTeam é;3\r\n'=HYPERLINK(1);\r\n"
    assert [cell(v) for v in ("+31", "-", "@x", "a;b", 0)] == ["'+31", "'-", "'@x", "a;b", "0"]
    response = csv_response("opvolging-afdelingen-2026-12-02.csv", ["Naam"], [["Zoë"]])
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="opvolging-afdelingen-2026-12-02.csv"'
    )
    assert response.body == "\ufeffNaam\r\nZoë\r\n".encode()


def test_dates_in_the_csv_as_dutch_excel_reads_them():
    assert excel_date("2026-12-31") == "31-12-2026" and excel_date(None) == ""


def test_a_year_before():
    assert a_year_before(date(2026, 12, 2)) == date(2025, 12, 2)
    assert a_year_before(date(2028, 2, 29)) == date(2027, 2, 28)


async def test_a_day_before_the_first_cycle_version_uses_the_first(monkeypatch):
    """ "Een jaar eerder" on a tenant made this year: organisatie has no cycle in force on that day
    (404); the page takes the tenant's first version, as portfolio counts such a day."""
    import httpx

    from dialoog.portal.web import follow_up_pages
    from dialoog.portal.web.services import ServiceError

    first = FOUR_LEVELS.model_dump(mode="json")
    asked: list[str] = []

    class Organisatie:
        async def call(self, method, path, **kwargs):
            asked.append(path)
            if path == "/v1/cycle":
                raise ServiceError(httpx.Response(404, json={"code": "cycle-not-found"}))
            return httpx.Response(200, json={"number": 1, "definition": first})

        async def every(self, path, params=None, **kwargs):
            asked.append(path)
            return [{"number": 1}, {"number": 2}]

    monkeypatch.setattr(follow_up_pages, "organisatie", lambda request: Organisatie())
    assert await follow_up_pages._cycle(None, date(2025, 12, 2)) == first
    assert asked == ["/v1/cycle", "/v1/cycle/versions", "/v1/cycle/versions/1"]


def test_a_tenant_with_more_units_than_a_page_gets_them_a_page_at_a_time():
    """Charts and tables draw one page of units (ADR 0038); each page links to the next and back."""
    many = [unit(f"00000000-0000-4000-8000-{n:012d}") for n in range(UNITS_SHOWN + 3)]
    NAMES.update({u["org_unit_id"]: f"Team {n:03d}" for n, u in enumerate(many)})
    first = page("nl", figures=many)
    assert first.count('scope="row"') == UNITS_SHOWN and "Team 000" in first and "Team 050" not in first
    assert first.count("<text") == 2 * UNITS_SHOWN  # a label and a figure per bar of the page's units
    assert f"Pagina 1 van 2: afdelingen 1–{UNITS_SHOWN} van {UNITS_SHOWN + 3}" in first
    assert "pagina=2#afdelingen" in first and 'rel="prev"' not in first
    last = page("en", figures=many, pagina="2")
    assert last.count('scope="row"') == 3 and "Team 052" in last and "Team 049" not in last
    assert 'rel="next"' not in last and "pagina=1#afdelingen" in last
    assert page("nl", figures=many, pagina="99") == page("nl", figures=many, pagina="2")
    assert page("nl", figures=many, pagina="twee") == first
    assert "portal-pager" not in page("nl")  # one page: no pages to go to
