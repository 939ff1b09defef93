"""The cursor of a page: it carries the sort key of the last item there and back unchanged; a cursor
that is damaged, made up or of another list is 422 invalid-cursor (Dutch and English)."""

import datetime as dt
import uuid

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Column, Date, Integer, MetaData, Table, Text, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import UUID

from dialoog.kit.errors import Problem, install_problem_handlers
from dialoog.kit.pagination import (
    Page,
    PageRequest,
    Paging,
    by,
    decode_cursor,
    encode_cursor,
    keyset,
    page_list,
    paging,
)

KEY = ("Jansen", dt.date(2026, 3, 1), uuid.UUID("6f1c4f3e-1d2b-4c5a-9e8f-0a1b2c3d4e5f"), 7)


def test_a_cursor_carries_the_key_there_and_back():
    token = encode_cursor(KEY)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    assert decode_cursor(token) == ("Jansen", "2026-03-01", str(KEY[2]), 7)


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the check sum
        lambda t: ("A" if t[0] != "A" else "B") + t[1:],  # the key
        lambda t: t[:4],
        lambda t: "bm9n",  # base64 of something that is not ours
        lambda t: "=" + t,
    ],
)
def test_a_damaged_cursor_is_invalid(damage):
    with pytest.raises(Problem) as raised:
        decode_cursor(damage(encode_cursor(KEY)))
    assert raised.value.status == 422 and raised.value.code == "invalid-cursor"
    assert raised.value.title.nl == "Ongeldige cursor" and raised.value.title.en == "Invalid cursor"


people = Table(
    "people",
    MetaData(),
    Column("id", UUID(as_uuid=True)),
    Column("last_name", Text),
    Column("born", Date),
    Column("seq", Integer),
)


def test_keyset_orders_by_the_key_and_starts_after_the_cursor():
    after = decode_cursor(encode_cursor(("Jansen", uuid.UUID(int=5))))
    stmt = keyset(select(people), (people.c.last_name, people.c.id), PageRequest(after, 10))
    sql = str(stmt.compile(dialect=postgresql.dialect()))
    assert "(people.last_name, people.id) > (" in sql
    assert "ORDER BY people.last_name, people.id" in sql and "LIMIT" in sql
    assert 11 in stmt.compile(dialect=postgresql.dialect()).params.values()  # one more: is there a next page?
    first = keyset(select(people), (people.c.seq,), PageRequest(None, 3), descending=True)
    assert "WHERE" not in str(first) and "DESC" in str(first)


@pytest.mark.parametrize("key", [("Jansen",), ("Jansen", "geen-id"), ("Jansen", 12)])
def test_a_cursor_of_another_list_is_invalid_in_keyset(key):
    with pytest.raises(Problem) as raised:
        keyset(select(people), (people.c.last_name, people.c.id), PageRequest(tuple(key), 10))
    assert raised.value.code == "invalid-cursor"


def test_page_list_walks_a_sorted_list_page_by_page():
    rows = [{"name": n, "id": i} for i, n in enumerate(["b", "a", "c", "a", "d"])]
    seen, cursor = [], None
    for _ in range(5):
        page = page_list(rows, PageRequest(decode_cursor(cursor) if cursor else None, 2), by("name", "id"))
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [(r["name"], r["id"]) for r in seen] == [("a", 1), ("a", 3), ("b", 0), ("c", 2), ("d", 4)]
    newest = page_list(rows, PageRequest(None, 2), by("id"), descending=True)
    assert [r["id"] for r in newest["items"]] == [4, 3] and newest["next_cursor"]


def app() -> FastAPI:
    api = FastAPI()
    install_problem_handlers(api)

    @api.get("/things", response_model=Page[dict])
    async def things(page: Paging):
        return page_list([{"n": n} for n in range(5)], page, by("n"))

    @api.get("/few")
    async def few(page: PageRequest = Depends(paging(maximum=3))):
        return {"limit": page.limit}

    return api


def test_the_query_parameters_and_a_tampered_cursor_over_http():
    client = TestClient(app())
    first = client.get("/things?limit=2").json()
    assert [i["n"] for i in first["items"]] == [0, 1] and first["next_cursor"]
    second = client.get("/things", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [i["n"] for i in second["items"]] == [2, 3]
    last = client.get("/things", params={"limit": 2, "cursor": second["next_cursor"]}).json()
    assert last == {"items": [{"n": 4}], "next_cursor": None}
    tampered = first["next_cursor"][:-2] + ("AA" if first["next_cursor"][-2:] != "AA" else "BB")
    refused = client.get("/things", params={"cursor": tampered}, headers={"Accept-Language": "en"})
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "invalid-cursor" and refused.json()["title"] == "Invalid cursor"
    assert client.get("/things?limit=0").status_code == 422
    assert client.get("/things?limit=201").status_code == 422
    assert client.get("/few").json() == {"limit": 3} and client.get("/few?limit=4").status_code == 422
