"""The kit's input guard: NUL and lone surrogates never reach a route; everything else passes."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from dialoog.kit.errors import install_problem_handlers
from dialoog.kit.fields import Number
from dialoog.kit.input_guard import bad_places, bad_text, install_input_guard

reached: list[object] = []


class Item(BaseModel):
    name: str
    tags: list[str] = []


def app() -> FastAPI:
    application = FastAPI()
    install_problem_handlers(application)
    install_input_guard(application)

    @application.post("/items")
    async def create(item: Item):
        reached.append(item)
        return {"name": item.name}

    @application.get("/items/{number}")
    async def read(number: Number, q: str = ""):
        reached.append(number)
        return {"number": number, "q": q}

    return application


@pytest.fixture
def client():
    reached.clear()
    return TestClient(app())


@pytest.mark.parametrize("text", ["a\x00b", "\ud800", "x\udfff"])
def test_bad_text(text):
    assert bad_text(text)


@pytest.mark.parametrize("text", ["", "gewoon", "één · ẞ · 😀", "tab\tand\nnewline"])
def test_good_text(text):
    assert not bad_text(text)


def test_nul_in_a_json_field_is_refused_before_the_route(client):
    response = client.post(
        "/items", content=b'{"name": "a\\u0000b"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "invalid-text" and body["errors"][0]["field"] == "body.name"
    assert reached == []


def test_a_lone_surrogate_deep_in_a_list_is_refused(client):
    response = client.post(
        "/items",
        content=b'{"name": "ok", "tags": ["x", "\\ud800"]}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "body.tags.1"
    assert reached == []


def test_nul_in_query_and_path(client):
    query = client.get("/items/1?q=a%00b")
    assert query.status_code == 422 and query.json()["errors"][0]["field"] == "query.q"
    path = client.get("/items/%00")
    assert path.status_code == 422 and path.json()["errors"][0]["field"] == "path"
    assert reached == []


def test_an_integer_past_int32_is_a_validation_problem(client):
    response = client.get("/items/2147483648")
    assert response.status_code == 422 and response.json()["code"] == "validation"
    assert reached == []


def test_good_requests_pass_with_their_body_intact(client):
    created = client.post("/items", json={"name": "één 😀", "tags": ["a"]})
    assert created.status_code == 200 and created.json() == {"name": "één 😀"}
    read = client.get("/items/2147483647?q=x")
    assert read.status_code == 200 and read.json() == {"number": 2147483647, "q": "x"}


def test_malformed_json_is_left_to_the_app(client):
    response = client.post("/items", content=b'{"name": "a', headers={"content-type": "application/json"})
    assert response.status_code == 400 and response.json()["code"] == "malformed-json"


def test_form_bodies_are_checked_too():
    scope = {
        "path": "/x",
        "query_string": b"",
        "headers": [(b"content-type", b"application/x-www-form-urlencoded")],
    }
    assert bad_places(scope, b"title=a%00b&ok=1") == ["body.title"]
