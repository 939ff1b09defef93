"""Fetching a salary decision letter from salaris for the dossier export: the caller's own token
and tenant go along; anything but a PDF with 200 is "not fetched", never an error. salaris itself
is replaced by httpx's MockTransport here (a unit test; the integration tests use real processes)."""

import uuid
from datetime import date

import httpx

from dialoog.portfolio.service.salary_letters import SalarisLetters, letter_title

DECISION, LETTER = uuid.uuid4(), uuid.uuid4()


def client(handler) -> SalarisLetters:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return SalarisLetters(http, "http://salaris.test/", "Bearer abc", "bel", timeout=1.0)


async def test_the_pdf_is_fetched_with_the_callers_token_and_tenant():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"%PDF-1.7 letter", headers={"content-type": "application/pdf"})

    assert await client(handler).pdf(DECISION, LETTER) == b"%PDF-1.7 letter"
    [request] = seen
    assert str(request.url) == f"http://salaris.test/v1/salary/decisions/{DECISION}/letters/{LETTER}"
    assert request.headers["authorization"] == "Bearer abc"
    assert request.headers["x-dialoog-tenant"] == "bel"


async def test_no_pdf_when_salaris_refuses_fails_or_cannot_be_reached():
    answers = [
        httpx.Response(404, json={"code": "letter-not-found"}),
        httpx.Response(403, json={"code": "forbidden"}),
        httpx.Response(500, text="boom"),
        httpx.Response(200, text="<html>not a letter</html>"),
    ]
    for answer in answers:
        assert await client(lambda request, answer=answer: answer).pdf(DECISION, LETTER) is None

    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    assert await client(unreachable).pdf(DECISION, LETTER) is None
    assert await client(slow).pdf(DECISION, LETTER) is None


def test_the_title_names_year_and_version():
    assert (
        letter_title({"sent_on": date(2026, 12, 3), "decision_version": 2})
        == "Salarisbesluit 2026 (versie 2)"
    )
