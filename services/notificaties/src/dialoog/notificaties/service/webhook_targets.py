"""Is a URL a target webhooks may go to? The rules are the domain's (`webhook_urls`); this adds
the name lookup (DNS), at registration and again before every attempt (a name may change)."""

from __future__ import annotations

import asyncio
import socket

from dialoog.notificaties.domain import webhook_urls
from dialoog.notificaties.domain.webhook_urls import Refusal

LOOKUP_SECONDS = 5.0


async def addresses_of(host: str) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(LOOKUP_SECONDS):
            found = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError, UnicodeError):
        return []
    return sorted({str(info[4][0]) for info in found})


async def refusal(url: str, *, allow_http: bool, allow_private: bool) -> Refusal | None:
    """Why `url` may not receive webhooks, or None."""
    host, refused = webhook_urls.check_shape(url, allow_http=allow_http, allow_private=allow_private)
    if refused is not None or host is None:
        return refused
    if allow_private:  # the dev stack and tests: loopback receivers, no lookup needed
        return None
    literal = webhook_urls.literal_address(host)
    found = [literal] if literal is not None else await addresses_of(host)
    return webhook_urls.check_addresses(found, allow_private=allow_private)
