"""The notificaties worker as a process for the reminder crash test: `python crashing_worker.py
CRASH_AT MARKER`. With CRASH_AT `before_commit` its reminder tick, once it has recorded an
objection term's notifications and before its transaction commits (woken, deciding, not yet
sent), writes MARKER and hangs there; the test then SIGKILLs it. `never`: the plain worker."""

import asyncio
import sys
from pathlib import Path

from dialoog.notificaties.service import reminders

crash_at, marker = sys.argv[1], Path(sys.argv[2])

if crash_at == "before_commit":
    recorded = reminders.record

    async def record_then_hang(session, ctx, tenant, event_id, rule, data, audiences):
        made = await recorded(session, ctx, tenant, event_id, rule, data, audiences)
        if rule.kind.endswith("objection_term_salaris"):
            marker.write_text(event_id)
            await asyncio.sleep(3600)
        return made

    reminders.record = record_then_hang

from dialoog.notificaties.workflows.worker import main  # noqa: E402

asyncio.run(main())
