"""The portal's own database (its sessions) stopped by pid under a running portal: a page answers
the 503 page "Tijdelijk niet beschikbaar" with Retry-After, not a 500, and works again once the
database is back, without a restart of the portal."""

import httpx
import pytest

from dialoog.portal.main import create_app
from dialoog.testing.plugin import in_thread
from dialoog.testing.postgres_server import PostgresServer

pytestmark = pytest.mark.timeout(240)


async def test_sessions_database_down_gives_the_503_page_and_recovers(service_settings, tmp_path):
    server = PostgresServer(tmp_path / "pg").start()
    try:
        urls = in_thread(server.database, "portal")
        app = create_app(service_settings("portal", database_url=urls["app"]))
        async with app.router.lifespan_context(app):
            # The session store fails inside a middleware, outside any route: the server still
            # re-raises it after answering (for its log), so the transport must not.
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as portal:
                assert (await portal.get("/")).status_code == 200

                server.stop()
                down = await portal.get("/")
                assert down.status_code == 503 and down.headers["retry-after"] == "5"
                assert down.headers["content-type"].startswith("text/html")
                assert "Tijdelijk niet beschikbaar" in down.text

                server.start()
                assert (await portal.get("/")).status_code == 200
    finally:
        if server.pid:
            server.stop()
