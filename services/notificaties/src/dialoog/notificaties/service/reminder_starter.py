"""Starting or waking a subject's reminder workflow from the consumer (ADR 0030): signal-with-start
on its deterministic id, so a redelivered event, a second event about the same subject, or one that
fulfils it, all reach the one workflow. Called in the consumer's transaction before it commits: a
failure to reach Temporal fails the event (redelivered); a workflow that starts before the subject
is committed retries its first tick until it is there."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from temporalio.client import Client

from dialoog.kit import clock
from dialoog.kit.db import tenant_transaction
from dialoog.notificaties.persistence.reminders import ReminderRepository
from dialoog.notificaties.service.digests import tenants as all_tenants
from dialoog.notificaties.service.reminders import Ref
from dialoog.notificaties.settings import Settings
from dialoog.notificaties.workflows.reminders import WAKE, ReminderInput

log = logging.getLogger(__name__)


class ReminderStarter:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._client: Client | None = None
        self._lock = asyncio.Lock()

    async def client(self) -> Client:
        async with self._lock:
            if self._client is None:
                self._client = await Client.connect(
                    self.settings.temporal_address, namespace=self.settings.temporal_namespace
                )
            return self._client

    async def start(self, refs: list[Ref]) -> None:
        """Best effort: Temporal out of reach must not stop notifications; the subject is kept
        and the notificaties worker starts every open subject's workflow when it starts."""
        if not refs:
            return
        try:
            await self.start_on(await self.client(), refs)
        except Exception as exc:
            log.warning("reminder workflows not started (%s: %s); the worker will", type(exc).__name__, exc)

    async def start_on(self, client: Client, refs: list[Ref]) -> None:
        for ref in refs:
            inp = ReminderInput(ref.tenant, ref.kind, ref.subject_id, int(clock.offset().total_seconds()))
            await client.start_workflow(
                "NotificatiesReminder",
                inp,
                id=ref.workflow_id,
                task_queue=self.settings.temporal_task_queue,
                start_signal=WAKE,
            )


async def start_open(client: Client, settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> int:
    """At the worker's start: every open subject's workflow, started or woken (idempotent)."""
    refs: list[Ref] = []
    for tenant in await all_tenants(sessions):
        async with tenant_transaction(sessions, tenant) as session:
            refs += [Ref(tenant, k, s) for k, s in await ReminderRepository(session).open_subjects()]
    await ReminderStarter(settings).start_on(client, refs)
    return len(refs)
