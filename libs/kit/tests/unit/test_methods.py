"""The kit's 405: a path's methods are those of its most specific template, all of its routes."""

import httpx
from fastapi import APIRouter, FastAPI
from starlette.responses import PlainTextResponse

from dialoog.kit.methods import AllowHeaderMiddleware


def make_app() -> FastAPI:
    app = FastAPI()
    router = APIRouter(prefix="/v1/things")

    @router.get("")
    async def list_things():
        return []

    @router.post("")
    async def add_thing():
        return {}

    @router.put("/{name}")
    async def put_thing(name: str):
        return {"name": name}

    @router.post("/import")
    async def import_things():
        return {"imported": 0}

    app.include_router(router)
    app.mount("/static", PlainTextResponse("static"))
    app.add_middleware(AllowHeaderMiddleware, routes=app.router.routes)
    return app


async def request(method: str, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=make_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path)


async def test_every_route_of_a_path_is_in_allow():
    response = await request("DELETE", "/v1/things")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "method-not-allowed"


async def test_a_literal_path_is_not_served_by_the_template_beside_it():
    assert (await request("PUT", "/v1/things/import")).headers["allow"] == "POST"
    assert (await request("GET", "/v1/things/import")).headers["allow"] == "POST"
    assert (await request("POST", "/v1/things/import")).json() == {"imported": 0}
    assert (await request("PUT", "/v1/things/lamp")).json() == {"name": "lamp"}
    assert (await request("GET", "/v1/things/lamp")).headers["allow"] == "PUT"


async def test_unknown_paths_and_mounted_apps_are_left_alone():
    assert (await request("GET", "/nowhere")).status_code == 404
    assert (await request("DELETE", "/static/app.css")).text == "static"
