"""Response models made from the columns a repository selects, so that every route documents what
it returns without a second, hand-kept copy of each table.

`row_model("Agreement", agreements)` (a table) or `row_model("AssessmentSummary", SUMMARY)` (the
columns and labels a query selects) gives a pydantic model with one typed field per column:
non-null columns are required, nullable ones may be null, and a column a query does not select
is absent from the answer (never an invented null). `tenant_id` and binary columns are never
part of a response: the tenant is the caller's own and documents are served by their own routes.
Values a use case adds beside the row (`objections`, a joined `name`) are declared with `extra` or
pass through untyped (the models allow additional properties).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializerFunctionWrapHandler,
    create_model,
    model_serializer,
    model_validator,
)
from sqlalchemy import ARRAY, Boolean, Date, DateTime, Integer, LargeBinary, Text
from sqlalchemy import Table as SaTable
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.sql import ColumnElement

NEVER_SHOWN = frozenset({"tenant_id"})


class RowOut(BaseModel):
    """A row as a client sees it: never its tenant, never binary content."""

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="before")
    @classmethod
    def _public(cls, value: Any) -> Any:
        if isinstance(value, Mapping):
            return {
                k: v
                for k, v in value.items()
                if k not in NEVER_SHOWN and not isinstance(v, bytes | memoryview)
            }
        mapping = getattr(value, "_mapping", None)
        if mapping is not None:
            return cls._public(mapping)
        return value

    @model_serializer(mode="wrap")
    def _as_selected(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A column the query did not select stays absent rather than turning into null.
        data = handler(self)
        if isinstance(data, dict):
            given = self.model_fields_set | set(self.__pydantic_extra__ or {})
            return {k: v for k, v in data.items() if k in given}
        return data


def _python_type(column: ColumnElement[Any]) -> Any:
    kind = column.type
    if isinstance(kind, PgUUID):
        return uuid.UUID
    if isinstance(kind, DateTime):
        return dt.datetime
    if isinstance(kind, Date):
        return dt.date
    if isinstance(kind, Boolean):
        return bool
    if isinstance(kind, Integer):
        return int
    if isinstance(kind, Text):
        return str
    if isinstance(kind, ARRAY):
        return list[_python_type(_Element(kind.item_type))]  # type: ignore[misc]
    if isinstance(kind, JSONB):
        return Any
    try:
        return kind.python_type
    except NotImplementedError:
        return Any


class _Element:
    """Just enough of a column to ask `_python_type` about an array's item type."""

    def __init__(self, kind: Any) -> None:
        self.type = kind


def row_model(
    name: str,
    columns: SaTable | Iterable[ColumnElement[Any]],
    *,
    exclude: Iterable[str] = (),
    extra: Mapping[str, Any] | None = None,
    doc: str | None = None,
) -> type[RowOut]:
    """A response model with a field per selected column (see the module docstring)."""
    selected = list(columns.columns if isinstance(columns, SaTable) else columns)
    skip = NEVER_SHOWN | set(exclude)
    fields: dict[str, Any] = {}
    for column in selected:
        key = column.key if hasattr(column, "key") else column.name
        if key in skip or isinstance(column.type, LargeBinary):
            continue
        kind = _python_type(column)
        nullable = getattr(column, "nullable", True)
        if kind is Any:
            fields[key] = (Any, None)
        else:
            fields[key] = (kind, ...) if nullable is False else (kind | None, None)
    for key, spec in (extra or {}).items():
        fields[key] = spec
    return create_model(name, __base__=RowOut, __doc__=doc, **fields)
