"""Pages of units on HR's pages with a row per org unit (progress, follow-up; ADR 0038): the
service call brings every unit at once (the totals and the CSV need them all), the page draws
the chart and the table of one page of them. Drawing all of a tenant's units (385 at 5,000
employees) was most of those pages' time (docs/capacity.md "Portal pages", run G)."""

from __future__ import annotations

from dataclasses import dataclass

UNITS_SHOWN = 50


@dataclass(frozen=True)
class UnitPage:
    number: int
    pages: int
    first: int  # the first shown unit's position (1-based), 0 when there are none
    last: int
    units: int


def page_of_units(rows: list, asked: str | None, size: int = UNITS_SHOWN) -> tuple[list, UnitPage]:
    """The rows of the page asked for (`?pagina=`), and where it is. What is not a page number is
    the first page; a number past the last is the last (a tenant may have lost units since)."""
    pages = max(1, -(-len(rows) // size))
    try:
        number = int(asked) if asked else 1
    except ValueError:
        number = 1
    number = min(max(number, 1), pages)
    shown = rows[(number - 1) * size : number * size]
    first = (number - 1) * size + 1 if shown else 0
    return shown, UnitPage(number, pages, first, first + len(shown) - 1 if shown else 0, len(rows))
