"""What the routes of organisatie share."""

from __future__ import annotations

from dialoog.kit.openapi import PROBLEM

ERRORS = {
    401: PROBLEM,
    403: PROBLEM,
    404: PROBLEM,
    409: PROBLEM,
    412: PROBLEM,
    413: PROBLEM,
    422: PROBLEM,
    428: PROBLEM,
}
