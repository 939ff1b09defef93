"""Waiting for what the worker does, and making endpoints, for notificaties' webhook tests."""

import asyncio


async def eventually(check, seconds: float = 20.0, every: float = 0.1):
    """`check()` (async) until it returns something truthy; that value."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        found = await check()
        if found:
            return found
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {seconds}s: {check.__doc__ or check.__name__}")
        await asyncio.sleep(every)


# A type no test publishes: an endpoint that takes only it receives its test pings alone (other
# tests' events, `webhook.disabled` among them, would reach an endpoint that takes every type).
QUIET = ["nl.dialoog.salaris.round.closed.v1"]


async def make_endpoint(hooks, receiver, user="bel.beheer", **body):
    """An endpoint for `receiver` (whose secret it learns), taking only QUIET events unless
    `event_types` says otherwise; the created endpoint as JSON."""
    body = {"event_types": QUIET, **body}
    r = await hooks["client"].post(
        "/v1/webhooks", json={"url": receiver.url, **body}, headers=hooks["auth"](user)
    )
    assert r.status_code == 201, r.text
    made = r.json()
    receiver.secret = made["secret"]
    return made


async def delivery(hooks, endpoint_id, delivery_id, user="bel.beheer") -> dict:
    r = await hooks["client"].get(
        f"/v1/webhooks/{endpoint_id}/deliveries/{delivery_id}", headers=hooks["auth"](user)
    )
    assert r.status_code == 200, r.text
    return r.json()


async def settled(hooks, endpoint_id, delivery_id, user="bel.beheer", seconds=20.0) -> dict:
    """The delivery once it is delivered or gave up."""

    async def done():
        found = await delivery(hooks, endpoint_id, delivery_id, user)
        return found if found["state"] in ("delivered", "gave_up") else None

    return await eventually(done, seconds)
