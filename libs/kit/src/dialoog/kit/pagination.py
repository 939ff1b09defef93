"""One shape for every list of every service: `{items, next_cursor}`, paged with `cursor` and `limit`.

A list is sorted by a unique key (its sort columns plus the id as a tie-breaker). A page holds at
most `limit` items; `next_cursor` is an opaque token for the position after its last item, or null
on the last page. The client passes it back unchanged as `?cursor=` for the next page. The token is
base64url of the JSON key tuple with a check sum: it carries a position, never a filter or a right
(row-level security decides what a caller sees), and a malformed or altered token is 422
`invalid-cursor`.

- `Page[X]` is the response model (a named schema per item model in the OpenAPI).
- `Paging` (or `paging(maximum=...)` for a route with its own bound) is the query dependency.
- `keyset(stmt, keys, page)` adds ORDER BY, `WHERE (k1, k2) > (:a, :b)` and LIMIT limit+1 to a
  repository's select; `page_of(rows, page, key)` turns its rows into a page.
- `page_list(items, page, key)` pages a list a use case assembles in Python with the same cursor.
"""

import base64
import binascii
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Date, DateTime, Integer, Select, tuple_
from sqlalchemy.dialects.postgresql import UUID as PgUUID
from sqlalchemy.sql import ColumnElement

from dialoog.kit.errors import Problem, Text
from dialoog.kit.problems import problem

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_MAX_LENGTH = 512
_CHECK_BYTES = 6


class Page(BaseModel, Generic[T]):
    """A page of a list: at most `limit` items in the list's order, and the cursor of the next page
    (null on the last page)."""

    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True)
class PageRequest:
    """What the client asked for: the position after which to start (None: the first page) and how
    many items at most."""

    after: tuple[Any, ...] | None
    limit: int


def invalid_cursor() -> Problem:
    return problem(
        "invalid-cursor",
        Text(
            "De cursor is beschadigd of hoort niet bij deze lijst; begin opnieuw zonder cursor.",
            "The cursor is damaged or does not belong to this list; start again without a cursor.",
        ),
    )


def _plain(value: Any) -> Any:
    """A key value as JSON: ids, dates and times as their ISO text (which sorts as they do)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, uuid.UUID | dt.date | dt.datetime):
        return value.isoformat() if not isinstance(value, uuid.UUID) else str(value)
    if hasattr(value, "value"):  # an Enum
        return _plain(value.value)
    return str(value)


def _check(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=_CHECK_BYTES, person=b"dialoog-cursor").digest()


def encode_cursor(key: Sequence[Any]) -> str:
    payload = json.dumps([_plain(v) for v in key], separators=(",", ":")).encode()
    token = base64.urlsafe_b64encode(payload + _check(payload)).decode()
    return token.rstrip("=")


def decode_cursor(token: str) -> tuple[Any, ...]:
    """The key tuple in a cursor; a token that is not one of ours is `invalid-cursor`."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        raise invalid_cursor() from None
    payload, check = raw[:-_CHECK_BYTES], raw[-_CHECK_BYTES:]
    canonical = base64.urlsafe_b64encode(raw).decode().rstrip("=") == token  # no spare bits changed
    if not canonical or len(raw) <= _CHECK_BYTES or _check(payload) != check:
        raise invalid_cursor()
    try:
        key = json.loads(payload)
    except ValueError:
        raise invalid_cursor() from None
    if not isinstance(key, list) or not key or any(isinstance(v, dict | list | float) for v in key):
        raise invalid_cursor()
    return tuple(key)


def paging(maximum: int = MAX_LIMIT, default: int = DEFAULT_LIMIT) -> Callable[..., PageRequest]:
    """The `cursor` and `limit` query parameters as a dependency, `limit` bounded by `maximum`."""

    def dependency(
        cursor: Annotated[
            str | None,
            Query(
                min_length=1,
                max_length=CURSOR_MAX_LENGTH,
                pattern=r"^[A-Za-z0-9_-]+$",
                description="Opaque: the next_cursor of the previous page, unchanged. Absent for the first page.",
            ),
        ] = None,
        limit: Annotated[
            int, Query(ge=1, le=maximum, description=f"At most this many items (1..{maximum}).")
        ] = min(default, maximum),
    ) -> PageRequest:
        return PageRequest(after=decode_cursor(cursor) if cursor else None, limit=limit)

    return dependency


Paging = Annotated[PageRequest, Depends(paging())]


# --- in repositories -----------------------------------------------------------------------------


def _typed(column: ColumnElement[Any], value: Any) -> Any:
    """A cursor's JSON value as the column's Python type (a bad value is `invalid-cursor`)."""
    kind = column.type
    try:
        if value is None:
            return None
        if isinstance(kind, PgUUID):
            return uuid.UUID(value)
        if isinstance(kind, DateTime):
            return dt.datetime.fromisoformat(value)
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
                raise ValueError(value)
            return value
        if not isinstance(value, str):
            raise ValueError(value)
        return value
    except (TypeError, ValueError, AttributeError):
        raise invalid_cursor() from None


def keyset(
    stmt: Select, keys: Sequence[ColumnElement[Any]], page: PageRequest, *, descending: bool = False
) -> Select:
    """`stmt` ordered by `keys` (unique together; non-null), starting after the cursor's key, with
    one row more than the page holds so that `page_of` knows whether another page follows."""
    stmt = stmt.order_by(*(k.desc() if descending else k for k in keys))
    if page.after is not None:
        if len(page.after) != len(keys):
            raise invalid_cursor()
        values = [_typed(k, v) for k, v in zip(keys, page.after, strict=True)]
        if any(v is None for v in values):
            raise invalid_cursor()
        here, there = tuple_(*keys), tuple_(*values)
        stmt = stmt.where(here < there if descending else here > there)
    return stmt.limit(page.limit + 1)


def page_of(
    rows: Sequence[T],
    page: PageRequest,
    key: Callable[[T], Sequence[Any]],
    show: Callable[[T], Any] | None = None,
) -> dict[str, Any]:
    """The page of `rows` that `keyset` selected (limit+1 of them at most); `show` makes each row
    the item a client sees (after the key is taken, so the key may use what the item hides)."""
    items = list(rows[: page.limit])
    more = len(rows) > page.limit
    cursor = encode_cursor(key(items[-1])) if more and items else None
    return {"items": [show(i) for i in items] if show else items, "next_cursor": cursor}


# --- in use cases ----------------------------------------------------------------------------------


def by(*names: str) -> Callable[[Any], tuple[Any, ...]]:
    """The key of an item (a row, a mapping or an object) made of these fields."""

    def key(item: Any) -> tuple[Any, ...]:
        data = getattr(item, "_mapping", item)
        if isinstance(data, Mapping):
            return tuple(data[n] for n in names)
        return tuple(getattr(item, n) for n in names)

    return key


def _sortable(key: Sequence[Any]) -> tuple[Any, ...]:
    # As text where JSON has none (ids, dates, times: their ISO text sorts as they do); a null
    # sorts first.
    return tuple("" if v is None else _plain(v) for v in key)


def page_list(
    items: Iterable[T],
    page: PageRequest,
    key: Callable[[T], Sequence[Any]],
    show: Callable[[T], Any] | None = None,
    *,
    descending: bool = False,
) -> dict[str, Any]:
    """A page of a list assembled in Python, sorted by `key` (unique), with the same cursors."""
    ordered = sorted(items, key=lambda i: _sortable(key(i)), reverse=descending)
    if page.after is not None:
        after = _sortable(page.after)
        if ordered and len(after) != len(_sortable(key(ordered[0]))):
            raise invalid_cursor()
        try:
            ordered = [
                i for i in ordered if (_sortable(key(i)) < after if descending else _sortable(key(i)) > after)
            ]
        except TypeError:
            raise invalid_cursor() from None
    return page_of(ordered, page, key, show)
