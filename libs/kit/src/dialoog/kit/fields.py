"""Bounded field types for request parameters and bodies (usable as path, query or body fields:
the bounds are type metadata, not a FastAPI parameter kind).

Every integer a client may send is bounded in the OpenAPI, so that a value past what PostgreSQL's
columns hold is refused at the edge (422) instead of failing inside a query. A test walks every
service's OpenAPI and fails on an integer without both bounds.
"""

from __future__ import annotations

from typing import Annotated

from annotated_types import Interval

INT32_MAX = 2**31 - 1

# A whole number a PostgreSQL `integer` column holds.
Int32 = Annotated[int, Interval(ge=-(2**31), le=INT32_MAX)]
# A positive sequence number (a cycle version, an audit sequence).
Number = Annotated[int, Interval(ge=1, le=INT32_MAX)]
# A calendar year as the platform uses them (salary rounds, periods).
Year = Annotated[int, Interval(ge=2000, le=2100)]
