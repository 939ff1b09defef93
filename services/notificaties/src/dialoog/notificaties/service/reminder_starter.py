"""Starting or waking a subject's reminder workflow from the consumer (ADR 0030): signal-with-start
on its deterministic id, so a redelivered event, a second event about the same subject, or one that
fulfils it, all reach the one workflow. Called in the consumer's transaction before it commits: a
failure to reach Temporal fails the event (redelivered); a workflow that starts before the subject
is committed retries its first tick until it is there."""

from __future__ import annotations

import asyncio

from temporalio.client import Client

from dialoog.kit import clock
from dialoog.notificaties.service.reminders import Ref
from dialoog.notificaties.settings import Settings
from dialoog.notificaties.workflows.reminders import WAKE, ReminderInput


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
        if not refs:
            return
        client = await self.client()
        for ref in refs:
            inp = ReminderInput(ref.tenant, ref.kind, ref.subject_id, int(clock.offset().total_seconds()))
            await client.start_workflow(
                "NotificatiesReminder",
                inp,
                id=ref.workflow_id,
                task_queue=self.settings.temporal_task_queue,
                start_signal=WAKE,
            )
