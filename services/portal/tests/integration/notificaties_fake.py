"""A small HTTP server answering the shapes of the notificaties contract (/work/notif-spec.md,
issue 13), for the portal's page tests while the real service is built in parallel (ADR 0027).
It is a real server on a real port (uvicorn in a thread), so the portal's client, timeouts and
headers are exercised as they will be; it keeps what it was asked so a test can check what the
portal sent (the user's bearer token, If-Match, the token only in a body). To be replaced by the
real notificaties service once the branches are merged."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response

CATEGORIES = ("task", "reminder", "decision", "feedback", "information")
EVENT_TYPES = ["nl.dialoog.portfolio.talk.held.v1", "nl.dialoog.salaris.round.opened.v1"]
VALID_TOKEN = "dGVuYW50LnBlcnNvbi5yZW1pbmRlcg.c2lnbmF0dXJlc2lnbmF0dXJl"


def problem(status: int, code: str, title: str, **extra) -> JSONResponse:
    return JSONResponse(
        {
            "type": f"https://dialoog.nl/problems/{code}",
            "code": code,
            "title": title,
            "status": status,
            **extra,
        },
        status_code=status,
        media_type="application/problem+json",
    )


def preferences(version: int = 1) -> dict:
    return {
        "language": "nl",
        "categories": {c: {"email": True, "mode": "immediate"} for c in CATEGORIES},
        "digest_hour": 8,
        "digest_weekday": 1,
        "quiet_hours": None,
        "always_sent": ["salaris.letter.issued", "portfolio.decision.established"],
        "inherited": list(CATEGORIES),
        "version": version,
    }


@dataclass
class State:
    items: list[dict] = field(default_factory=list)
    badge: str = "ok"  # ok | error | slow
    me: dict = field(default_factory=preferences)
    defaults: dict = field(default_factory=preferences)
    webhooks: dict[str, dict] = field(default_factory=dict)
    deliveries: dict[str, list[dict]] = field(default_factory=dict)
    pings: list[str] = field(default_factory=list)
    redelivered: list[str] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)

    def inbox(self, count: int = 25, unread: int = 3) -> None:
        self.items = [
            {
                "id": str(uuid.UUID(int=i + 1)),
                "category": CATEGORIES[i % len(CATEGORIES)],
                "kind": "salaris.round.tasks_assigned",
                "title": f"Melding {i:02d}",
                "body": "Er staat iets voor u klaar.",
                "link": "/salaris" if i else "https://elders.example/",
                "created_at": f"2026-12-01T{23 - i % 24:02d}:{i % 60:02d}:00+00:00",
                "read_at": None if i < unread else "2026-12-01T23:59:00+00:00",
            }
            for i in range(count)
        ]  # newest first, as the service answers


def build(state: State) -> FastAPI:
    app = FastAPI()

    @app.middleware("http")
    async def remember(request: Request, call_next):
        body = await request.body()
        state.requests.append(
            {
                "method": request.method,
                "path": request.url.path,
                "query": str(request.url.query),
                "headers": dict(request.headers),
                "body": body.decode(errors="replace"),
            }
        )
        return await call_next(request)

    def page(rows: list[dict], request: Request) -> dict:
        start = int(request.query_params.get("cursor") or 0)
        limit = int(request.query_params.get("limit") or 50)
        chunk = rows[start : start + limit]
        more = start + limit < len(rows)
        return {"items": chunk, "next_cursor": str(start + limit) if more else None}

    # --- inbox ---
    @app.get("/v1/inbox/unread-count")
    async def unread_count():
        if state.badge == "error":
            return problem(500, "internal", "Interne fout")
        if state.badge == "slow":
            await asyncio.sleep(5)
        return {"unread": sum(1 for i in state.items if not i["read_at"])}

    @app.get("/v1/inbox")
    async def inbox(request: Request):
        cursor = request.query_params.get("cursor")
        if cursor is not None and not cursor.isdigit():
            return problem(422, "validation", "Ongeldige cursor")
        rows = state.items
        if request.query_params.get("unread") == "true":
            rows = [i for i in rows if not i["read_at"]]
        return page(rows, request)

    @app.post("/v1/inbox/read-all")
    async def read_all():
        marked = 0
        for item in state.items:
            if not item["read_at"]:
                item["read_at"], marked = "2026-12-02T08:00:00+00:00", marked + 1
        return {"marked": marked}

    @app.post("/v1/inbox/{item_id}/read")
    async def read(item_id: str):
        for item in state.items:
            if item["id"] == item_id:
                item["read_at"] = item["read_at"] or "2026-12-02T08:00:00+00:00"
                return item
        return problem(404, "not-found", "Niet gevonden")

    # --- preferences ---
    def prefs_routes(path: str, which: str) -> None:
        @app.get(path, name=f"get-{which}")
        async def get_prefs():
            current = getattr(state, which)
            return JSONResponse(current, headers={"ETag": f'"{current["version"]}"'})

        @app.put(path, name=f"put-{which}")
        async def put_prefs(request: Request):
            current = getattr(state, which)
            if request.headers.get("if-match") != f'"{current["version"]}"':
                return problem(412, "precondition-failed", "Gewijzigd")
            body = await request.json()
            if not 0 <= body.get("digest_hour", 0) <= 23:
                return problem(
                    422, "validation", "Ongeldig", errors=[{"field": "body.digest_hour", "reason": "0..23"}]
                )
            chosen = body["categories"]  # a category left out follows the tenant's default
            categories = {c: chosen.get(c) or state.defaults["categories"][c] for c in CATEGORIES}
            inherited = [c for c in CATEGORIES if c not in chosen] if which == "me" else []
            updated = {
                **current,
                **body,
                "categories": categories,
                "inherited": inherited,
                "version": current["version"] + 1,
            }
            setattr(state, which, updated)
            return JSONResponse(updated, headers={"ETag": f'"{updated["version"]}"'})

    prefs_routes("/v1/preferences/me", "me")
    prefs_routes("/v1/preferences/defaults", "defaults")

    # --- unsubscribe ---
    async def token_of(request: Request) -> dict | None:
        body = await request.json()
        if body.get("token") != VALID_TOKEN:
            return None
        return {"category": "reminder", "tenant_name": "BEL Combinatie", "language": "nl"}

    @app.post("/v1/public/unsubscribe/preview")
    async def preview(request: Request):
        found = await token_of(request)
        return found or problem(404, "unsubscribe-link-invalid", "Ongeldige link")

    @app.post("/v1/public/unsubscribe")
    async def unsubscribe(request: Request):
        found = await token_of(request)
        if not found:
            return problem(404, "unsubscribe-link-invalid", "Ongeldige link")
        state.me["categories"]["reminder"]["email"] = False
        return found

    # --- webhooks ---
    def endpoint_or_404(endpoint_id: str):
        return state.webhooks.get(endpoint_id)

    def stale(request: Request, endpoint: dict) -> bool:
        return request.headers.get("if-match") != f'"{endpoint["version"]}"'

    @app.get("/v1/webhooks/event-types")
    async def event_types(request: Request):  # a Page of {type, service, summary}
        rows = [{"type": t, "service": t.split(".")[2], "summary": t} for t in EVENT_TYPES]
        return page(rows, request)

    @app.get("/v1/webhooks")
    async def list_webhooks(request: Request):
        return page(list(state.webhooks.values()), request)

    @app.post("/v1/webhooks")
    async def create_webhook(request: Request):
        body = await request.json()
        if "127.0.0.1" in body["url"]:
            return problem(
                422,
                "webhook-url-refused",
                "Adres geweigerd",
                errors=[{"field": "body.url", "reason": "privé-adres"}],
            )
        endpoint_id = str(uuid.uuid4())
        endpoint = {
            "id": endpoint_id,
            "url": body["url"],
            "description": body.get("description") or None,
            "event_types": body.get("event_types", []),
            "enabled": True,
            "disabled_reason": None,
            "created_at": "2026-12-01T09:00:00+00:00",
            "version": 1,
        }
        state.webhooks[endpoint_id] = endpoint
        state.deliveries[endpoint_id] = [
            {
                "id": str(uuid.uuid4()),
                "event_id": "e1",
                "event_type": EVENT_TYPES[1],
                "state": "gave_up",
                "attempts": 4,
                "last_status": 500,
                "last_response_ms": 1500,
                "next_attempt_at": None,
                "created_at": "2026-12-01T09:05:00+00:00",
                "attempts_log": [
                    {
                        "at": f"2026-12-01T09:0{5 + n}:00+00:00",
                        "status": 500,
                        "response_ms": 1500,
                        "error": None,
                    }
                    for n in range(4)
                ],
            }
        ]
        return JSONResponse({**endpoint, "secret": "whsec_" + uuid.uuid4().hex}, status_code=201)

    @app.get("/v1/webhooks/{endpoint_id}")
    async def get_webhook(endpoint_id: str):
        found = endpoint_or_404(endpoint_id)
        if not found:
            return problem(404, "not-found", "Niet gevonden")
        return JSONResponse(found, headers={"ETag": f'"{found["version"]}"'})

    @app.patch("/v1/webhooks/{endpoint_id}")
    async def patch_webhook(endpoint_id: str, request: Request):
        found = endpoint_or_404(endpoint_id)
        if not found:
            return problem(404, "not-found", "Niet gevonden")
        if stale(request, found):
            return problem(412, "precondition-failed", "Gewijzigd")
        body = await request.json()
        found.update(body)
        if "enabled" in body:
            found["disabled_reason"] = None if body["enabled"] else "manual"
        found["version"] += 1
        return found

    @app.delete("/v1/webhooks/{endpoint_id}")
    async def delete_webhook(endpoint_id: str, request: Request):
        found = endpoint_or_404(endpoint_id)
        if not found:
            return problem(404, "not-found", "Niet gevonden")
        if stale(request, found):
            return problem(412, "precondition-failed", "Gewijzigd")
        del state.webhooks[endpoint_id]
        return Response(status_code=204)

    @app.post("/v1/webhooks/{endpoint_id}/secret")
    async def rotate(endpoint_id: str, request: Request):
        found = endpoint_or_404(endpoint_id)
        if not found:
            return problem(404, "not-found", "Niet gevonden")
        if stale(request, found):
            return problem(412, "precondition-failed", "Gewijzigd")
        found["version"] += 1
        return {**found, "secret": "whsec_rotated" + uuid.uuid4().hex}

    def disabled(endpoint_id: str) -> JSONResponse | None:
        found = endpoint_or_404(endpoint_id)
        if found and not found["enabled"]:
            return problem(
                409, "webhook-disabled", "Webhook staat uit", detail="Het endpoint staat uit (manual)."
            )
        return None

    @app.post("/v1/webhooks/{endpoint_id}/test")
    async def ping(endpoint_id: str):
        if refused := disabled(endpoint_id):
            return refused
        state.pings.append(endpoint_id)
        return JSONResponse({"accepted": True}, status_code=202)

    @app.get("/v1/webhooks/{endpoint_id}/deliveries")
    async def deliveries(endpoint_id: str, request: Request):
        rows = [
            {k: v for k, v in d.items() if k != "attempts_log"} for d in state.deliveries.get(endpoint_id, [])
        ]
        return page(rows, request)

    @app.get("/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}")
    async def delivery(endpoint_id: str, delivery_id: str):
        for d in state.deliveries.get(endpoint_id, []):
            if d["id"] == delivery_id:
                return d
        return problem(404, "not-found", "Niet gevonden")

    @app.post("/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}/redeliver")
    async def redeliver(endpoint_id: str, delivery_id: str):
        if refused := disabled(endpoint_id):
            return refused
        state.redelivered.append(delivery_id)
        return JSONResponse({"accepted": True}, status_code=202)

    return app


class Served:
    """An ASGI app served by uvicorn on a free local port, in a thread of its own."""

    def __init__(self, app) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self):
        self.thread.start()
        deadline = time.monotonic() + 60
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise TimeoutError(f"the server on {self.url} did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


class FakeNotificaties(Served):
    def __init__(self) -> None:
        self.state = State()
        self.state.inbox()
        super().__init__(build(self.state))

    def asked(self, method: str, path: str) -> list[dict]:
        return [r for r in self.state.requests if r["method"] == method and r["path"] == path]
