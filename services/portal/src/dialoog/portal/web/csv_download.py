"""A table as a CSV download that Dutch Excel opens as it is (ADR 0035): `;` between cells (Excel
with Dutch regional settings expects it, since `,` is the decimal sign), UTF-8 with a byte order
mark (so é and ë survive), CRLF line ends, and cells that would start a formula neutralised with
a leading apostrophe (OWASP "CSV injection": agreement titles are typed by people)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from starlette.responses import Response

SEPARATOR = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def table_csv(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> Response:
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", filename)
    return Response(
        ("\ufeff" + table_csv(header, rows)).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )
