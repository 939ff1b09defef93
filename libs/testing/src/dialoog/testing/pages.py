"""Reading the services' lists in tests: every list answers `{items, next_cursor}`."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx

MAX_PAGES = 1000


async def every(client: httpx.AsyncClient, url: str, headers: dict, limit: int = 200) -> list:
    """Every item of the list at `url`, following next_cursor; asserts each page is a 200."""
    # httpx replaces a URL's query with `params`: keep the filters written in the URL.
    path, _, query = url.partition("?")
    params: dict = {**dict(parse_qsl(query)), "limit": limit}
    found: list = []
    for _ in range(MAX_PAGES):
        response = await client.get(path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        found.extend(page["items"])
        if page["next_cursor"] is None:
            return found
        params["cursor"] = page["next_cursor"]
    raise AssertionError(f"{url}: more than {MAX_PAGES} pages")


def items(response: httpx.Response) -> list:
    """The items of one page (asserting a 200)."""
    assert response.status_code == 200, response.text
    return response.json()["items"]
