from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, model_validator

from dialoog.kit.errors import Problem, Text, install_problem_handlers
from dialoog.kit.limits import BodyLimitMiddleware


class Thing(BaseModel):
    name: str
    count: int


class Span(BaseModel):
    low: int
    high: int

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.high < self.low:
            raise ValueError("high is below low")
        return self


def make_app(limit: int = 1000) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=limit)

    @app.post("/things")
    async def create(thing: Thing) -> Thing:
        return thing

    @app.post("/spans")
    async def span(span: Span) -> Span:
        return span

    @app.get("/conflict")
    async def conflict() -> None:
        raise Problem(409, "taken", Text("Bezet", "Taken"), Text("Al in gebruik.", "Already in use."))

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("bug")

    return app


def test_problem_speaks_dutch_by_default_and_carries_both_languages():
    response = TestClient(make_app()).get("/conflict")
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "urn:dialoog:problem:taken"
    assert body["title"] == "Bezet" and body["detail"] == "Al in gebruik."
    assert body["i18n"]["en"] == {"title": "Taken", "detail": "Already in use."}
    assert body["instance"] == "/conflict"


def test_problem_in_english_when_asked():
    response = TestClient(make_app()).get("/conflict", headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})
    assert response.json()["title"] == "Taken"


def test_dutch_wins_when_preferred_over_english():
    response = TestClient(make_app()).get("/conflict", headers={"Accept-Language": "en;q=0.3, nl-NL"})
    assert response.json()["title"] == "Bezet"


def test_malformed_json_is_400_problem():
    response = TestClient(make_app()).post(
        "/things", content=b'{"name": "x", ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed-json"


def test_wrong_types_are_422_naming_the_field():
    response = TestClient(make_app()).post("/things", json={"name": "x", "count": "many"})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation"
    assert [e["field"] for e in body["errors"]] == ["body.count"]


def test_a_rule_the_schema_cannot_say_is_422_rule_not_validation():
    # The shape is right (two integers), a validator of our own refuses it: `rule` (ADR 0020).
    body = TestClient(make_app()).post("/spans", json={"low": 5, "high": 1}).json()
    assert body["status"] == 422 and body["code"] == "rule"
    assert body["errors"][0]["reason_nl"] == "high is below low"
    # A wrong shape next to it makes the whole answer `validation`.
    body = TestClient(make_app()).post("/spans", json={"low": "x", "high": 1}).json()
    assert body["code"] == "validation"


def test_unknown_route_is_404_problem():
    response = TestClient(make_app()).get("/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


def test_a_bug_is_a_500_problem_without_internals():
    response = TestClient(make_app(), raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert response.json()["code"] == "internal"
    assert "bug" not in response.text


def test_declared_body_over_the_limit_is_413():
    response = TestClient(make_app(limit=100)).post(
        "/things", content=b"x" * 101, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload-too-large"


def test_streamed_body_over_the_limit_is_413():
    def chunks():
        for _ in range(10):
            yield b"x" * 50

    response = TestClient(make_app(limit=100)).post(
        "/things", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_field_errors_speak_dutch_by_default_and_english_on_request():
    client = TestClient(make_app())
    dutch = client.post("/things", json={"name": "x", "count": "veel"}).json()
    assert dutch["errors"][0]["reason"] == "moet een geheel getal zijn"
    assert dutch["errors"][0]["reason_en"].startswith("Input should be a valid integer")
    english = client.post("/things", json={"name": "x"}, headers={"Accept-Language": "en"}).json()
    assert english["errors"][0]["reason"] == "Field required"
