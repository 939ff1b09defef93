"""Throwaway databases of a service, for test workers and benchmarks."""

from __future__ import annotations

import asyncio

from dialoog.devstack import postgres
from dialoog.devstack.config import StackConfig
from dialoog.kit.migrations import upgrade


def fresh_database(cfg: StackConfig, service: str, suffix: str, revision: str = "head") -> dict[str, str]:
    """Drop what is left of the service's database `suffix` from an earlier run, make it again and
    migrate it (to `revision`): {"app": url, "owner": url, "suffix": suffix}. Blocking (it calls
    asyncio.run): from inside an event loop, run it on a thread of its own."""
    asyncio.run(postgres.drop_database(cfg, service, suffix))
    asyncio.run(postgres.ensure_database(cfg, service, suffix))
    owner = cfg.database_url(service, owner=True, suffix=suffix)
    upgrade(service, owner, revision)
    return {"app": cfg.database_url(service, suffix=suffix), "owner": owner, "suffix": suffix}
