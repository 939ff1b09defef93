"""The HR import: a CSV of people and their units, parsed and validated row by row (pure).

Columns (header row, `,` or `;`): employee_number, first_name, last_name, email, date_of_birth,
appointment_start, probation_end, unit, parent_unit, manager_employee_number,
delegate_employee_number, roles. Dates as YYYY-MM-DD or DD-MM-YYYY; roles separated by `|`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from dialoog.organisatie.domain.person import PersonRuleBroken, check_dates, normalise_roles

REQUIRED = ("employee_number", "first_name", "last_name", "email")
COLUMNS = (
    *REQUIRED,
    "date_of_birth",
    "appointment_start",
    "probation_end",
    "unit",
    "parent_unit",
    "manager_employee_number",
    "delegate_employee_number",
    "roles",
)
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMPLOYEE_NUMBER = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
MAX_ROWS = 50_000


@dataclass
class Row:
    line: int
    employee_number: str = ""
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    date_of_birth: date | None = None
    appointment_start: date | None = None
    probation_end: date | None = None
    unit: str | None = None
    parent_unit: str | None = None
    manager_employee_number: str | None = None
    delegate_employee_number: str | None = None
    roles: tuple[str, ...] = ("employee",)
    errors: list[dict[str, str]] = field(default_factory=list)

    def fail(self, column: str, nl: str, en: str) -> None:
        """One reason per wrong cell, in Dutch and English (`reason` is the English, as before)."""
        self.errors.append({"field": column, "reason": en, "reason_en": en, "reason_nl": nl})

    @property
    def ok(self) -> bool:
        return not self.errors


class FileProblem(ValueError):
    """The file as a whole cannot be read (encoding, header), in Dutch and English (`str()` is the
    English)."""

    def __init__(self, nl: str, en: str) -> None:
        super().__init__(en)
        self.nl, self.en = nl, en


def _date(value: str) -> date:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"'{value}' is not a date (YYYY-MM-DD or DD-MM-YYYY)")


def decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem(
        "het bestand is geen UTF-8- of Windows-1252-tekst", "the file is neither UTF-8 nor Windows-1252 text"
    )


def parse(content: bytes) -> list[Row]:
    try:
        return _parse(decode(content))
    except csv.Error as exc:  # a stray quote or carriage return the csv module cannot place
        raise FileProblem(
            f"het bestand is geen leesbare CSV ({exc})", f"the file is not readable CSV ({exc})"
        ) from None


def _parse(text: str) -> list[Row]:
    if not text.strip():
        raise FileProblem("het bestand is leeg", "the file is empty")
    sample = text[:2048]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration as exc:
        raise FileProblem("het bestand heeft geen kopregel", "the file has no header row") from exc
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise FileProblem(
            f"de kopregel mist verplichte kolom(men): {', '.join(missing)}",
            f"the header lacks required column(s): {', '.join(missing)}",
        )
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise FileProblem(
            f"onbekende kolom(men): {', '.join(unknown)}; bekend: {', '.join(COLUMNS)}",
            f"unknown column(s): {', '.join(unknown)}; known: {', '.join(COLUMNS)}",
        )
    rows: list[Row] = []
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise FileProblem(
                f"meer dan {MAX_ROWS} regels; splits het bestand",
                f"more than {MAX_ROWS} rows; split the file",
            )
        rows.append(_row(number, header, values))
    _check_file(rows)
    return rows


def _row(line: int, header: list[str], values: list[str]) -> Row:
    row = Row(line=line)
    if len(values) > len(header):
        row.fail(
            "*",
            f"{len(values)} waarden voor {len(header)} kolommen",
            f"{len(values)} values for {len(header)} columns",
        )
    cells = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
    for column in REQUIRED:
        if not cells.get(column):
            row.fail(column, "is verplicht", "is required")
    row.employee_number = cells.get("employee_number", "")
    if row.employee_number and not EMPLOYEE_NUMBER.match(row.employee_number):
        row.fail(
            "employee_number",
            "mag alleen letters, cijfers, '.', '_' en '-' bevatten (hoogstens 32)",
            "may only hold letters, digits, '.', '_' and '-' (at most 32)",
        )
    row.first_name = cells.get("first_name", "")[:100]
    row.last_name = cells.get("last_name", "")[:100]
    row.email = cells.get("email", "").lower()
    if row.email and not EMAIL.match(row.email):
        row.fail("email", f"'{row.email}' is geen e-mailadres", f"'{row.email}' is not an e-mail address")
    for column in ("date_of_birth", "appointment_start", "probation_end"):
        if cells.get(column):
            try:
                setattr(row, column, _date(cells[column]))
            except ValueError:
                value = cells[column]
                row.fail(
                    column,
                    f"'{value}' is geen datum (JJJJ-MM-DD of DD-MM-JJJJ)",
                    f"'{value}' is not a date (YYYY-MM-DD or DD-MM-YYYY)",
                )
    for column, dutch, reason in check_dates(row.appointment_start, row.probation_end, row.date_of_birth):
        row.fail(column, dutch, reason)
    row.unit = cells.get("unit") or None
    row.parent_unit = cells.get("parent_unit") or None
    if row.parent_unit and not row.unit:
        row.fail("parent_unit", "gegeven zonder afdeling", "given without a unit")
    row.manager_employee_number = cells.get("manager_employee_number") or None
    row.delegate_employee_number = cells.get("delegate_employee_number") or None
    if row.manager_employee_number and row.manager_employee_number == row.employee_number:
        row.fail(
            "manager_employee_number",
            "iemand kan niet zijn eigen leidinggevende zijn",
            "a person cannot be their own manager",
        )
    if row.delegate_employee_number and not row.manager_employee_number:
        row.fail(
            "delegate_employee_number",
            "een plaatsvervanger vraagt een leidinggevende",
            "a delegate needs a manager",
        )
    raw_roles = [r.strip() for r in re.split(r"[|]", cells.get("roles", "")) if r.strip()]
    try:
        row.roles = normalise_roles(raw_roles)
    except PersonRuleBroken as exc:
        row.fail("roles", exc.nl, exc.en)
    return row


def _check_file(rows: list[Row]) -> None:
    """Rules across rows: unique employee numbers and e-mail addresses; a unit has one parent."""
    seen: dict[str, int] = {}
    emails: dict[str, int] = {}
    parents: dict[str, tuple[str | None, int]] = {}
    for row in rows:
        if row.employee_number:
            if row.employee_number in seen:
                row.fail(
                    "employee_number",
                    f"ook op regel {seen[row.employee_number]}",
                    f"also on line {seen[row.employee_number]}",
                )
            else:
                seen[row.employee_number] = row.line
        if row.email:
            if row.email in emails:
                row.fail("email", f"ook op regel {emails[row.email]}", f"also on line {emails[row.email]}")
            else:
                emails[row.email] = row.line
        if row.unit:
            known = parents.get(row.unit)
            if known is None:
                parents[row.unit] = (row.parent_unit, row.line)
            elif row.parent_unit and known[0] and row.parent_unit != known[0]:
                row.fail(
                    "parent_unit",
                    f"'{row.unit}' heeft bovenliggende afdeling '{known[0]}' op regel {known[1]}",
                    f"'{row.unit}' has parent '{known[0]}' on line {known[1]}",
                )
