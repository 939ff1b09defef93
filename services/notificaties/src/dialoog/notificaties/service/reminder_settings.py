"""The tenant's reminder settings (tenant admin, versioned with If-Match, ADR 0030): offsets and
whom to tell per kind, over the platform's defaults; rules the schema cannot say are refused with
their own problem code (ADR 0020)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.concurrency import stale_version
from dialoog.kit.problems import invalid
from dialoog.notificaties.domain import reminders as rules
from dialoog.notificaties.persistence.reminders import ReminderRepository

ANCHORS = {
    "feedback_deadline": "the feedback request's deadline",
    "objection_term": "the last day to object",
    "halfway_talk": "1 July, halfway the period",
    "talk_this_year": "31 December, the period's last day",
    "conclusion_due": "31 December, the period's last day",
}
ALWAYS_SENT = {"objection_term"}


def _shown(stored: dict, version: int) -> dict:
    merged = rules.merged(stored)
    kinds = {
        kind: {
            **merged[kind],
            "audiences": list(rules.SPECS[kind].audiences),
            "anchor": ANCHORS[kind],
            "latest_offset": rules.SPECS[kind].latest_offset,
            "always_sent": kind in ALWAYS_SENT,
        }
        for kind in rules.KINDS
    }
    return {"kinds": kinds, "inherited": [k for k in rules.KINDS if k not in stored], "version": version}


async def current(session: AsyncSession, principal: Principal) -> dict:
    require_roles(principal, ["tenant_admin"])
    repo = ReminderRepository(session)
    await repo.ensure_settings(principal.tenant)
    row = await repo.settings()
    return _shown(row.settings, row.version)


async def replace(session: AsyncSession, principal: Principal, expected: int, settings: dict) -> dict:
    require_roles(principal, ["tenant_admin"])
    found = rules.settings_problem(settings)
    if found is not None:
        errors = [(f"body.{found.kind}", found.detail_nl, found.detail_en)]
        if found.code == "reminder-offset-too-late":
            raise invalid(errors, "reminder-offset-too-late")
        raise invalid(errors, "reminder-audience-not-for-kind")
    repo = ReminderRepository(session)
    await repo.ensure_settings(principal.tenant)
    row = await repo.settings(lock=True)
    if row.version != expected:
        raise stale_version()
    await repo.replace_settings(settings)
    return await current(session, principal)
