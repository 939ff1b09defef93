"""`once_more_if_disconnected` (ADR 0043): a transaction whose connection the server had ended
runs once more; any other database error, and a second disconnect, reach the caller as they are."""

import pytest
from sqlalchemy.exc import DBAPIError

from dialoog.kit.db import disconnected, once_more_if_disconnected


def error(invalidated: bool) -> DBAPIError:
    return DBAPIError("select 1", {}, Exception("boom"), connection_invalidated=invalidated)


def attempts(*outcomes):
    """A piece of work that raises or returns each outcome in turn, and counts its calls."""
    calls = []

    async def work():
        calls.append(1)
        outcome = outcomes[len(calls) - 1]
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    return work, calls


async def test_a_connection_the_server_ended_is_tried_once_more():
    work, calls = attempts(error(invalidated=True), "rows")
    assert await once_more_if_disconnected(work) == "rows"
    assert len(calls) == 2


async def test_another_database_error_is_not_tried_again():
    work, calls = attempts(error(invalidated=False), "rows")
    with pytest.raises(DBAPIError):
        await once_more_if_disconnected(work)
    assert len(calls) == 1


async def test_a_second_disconnect_reaches_the_caller():
    work, calls = attempts(error(invalidated=True), error(invalidated=True), "rows")
    with pytest.raises(DBAPIError) as raised:
        await once_more_if_disconnected(work)
    assert disconnected(raised.value) and len(calls) == 2


def test_only_an_invalidated_connection_counts_as_disconnected():
    assert disconnected(error(invalidated=True))
    assert not disconnected(error(invalidated=False))
    assert not disconnected(ValueError("not a database error"))
