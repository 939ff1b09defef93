"""The tenant's question sets: the defaults (domain) unless the tenant admin changed them, and
her own sets."""

from __future__ import annotations

import uuid
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.domain.questions import DEFAULT_SETS, DEFAULTS_BY_ID, duplicate_keys, with_keys
from dialoog.feedback.persistence.question_sets import QuestionSetRepository
from dialoog.feedback.service.invitations import rule
from dialoog.kit.auth import Principal, require_roles
from dialoog.kit.concurrency import stale_version
from dialoog.kit.problems import not_found


def _out(row, builtin: bool = False) -> dict:
    data = dict(row) if isinstance(row, dict) else dict(row._mapping)
    return {
        "id": data["id"],
        "name": data["name"],
        "questions": data["questions"],
        "version": data["version"],
        "builtin": builtin,
    }


async def all_sets(session: AsyncSession) -> list[dict]:
    stored = {r.id: r for r in await QuestionSetRepository(session).all()}
    defaults = [_out(s, True) for s in DEFAULT_SETS if s["id"] not in stored]
    return defaults + [_out(r, r.id in DEFAULTS_BY_ID) for r in stored.values()]


def _checked(questions: list[dict]) -> list[dict]:
    keyed = with_keys(questions)
    twice = duplicate_keys(keyed)
    if twice:
        raise rule(
            [
                (
                    "body.questions",
                    "sleutels komen dubbel voor: " + ", ".join(twice),
                    "keys appear twice: " + ", ".join(twice),
                )
            ]
        )
    return keyed


async def create(session: AsyncSession, principal: Principal, name: dict, questions: list[dict]) -> dict:
    require_roles(principal, ["tenant_admin"])
    row = await QuestionSetRepository(session).add(principal.tenant, uuid.uuid4(), name, _checked(questions))
    return _out(row)


async def replace(
    session: AsyncSession,
    principal: Principal,
    set_id: UUID,
    expected: int,
    name: dict,
    questions: list[dict],
) -> dict:
    require_roles(principal, ["tenant_admin"])
    repo = QuestionSetRepository(session)
    current = await repo.get(set_id)
    if current is None:
        if set_id not in DEFAULTS_BY_ID:
            raise not_found("question-set-not-found")
        if expected != DEFAULTS_BY_ID[set_id]["version"]:
            raise stale_version()
        return _out(await repo.add(principal.tenant, set_id, name, _checked(questions), expected + 1), True)
    if current.version != expected:
        raise stale_version()
    return _out(await repo.replace(set_id, expected, name, _checked(questions)), set_id in DEFAULTS_BY_ID)
