"""Whom an employee can ask: the people of her tenant from feedback's projection of organisatie,
her manager first, then her team (her org unit), then everyone else by name."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.service.context import me
from dialoog.kit.auth import Principal
from dialoog.kit.pagination import PageRequest, page_list

RANK = {"manager": 0, "team": 1, "other": 2}


async def colleagues(session: AsyncSession, principal: Principal, q: str | None, page: PageRequest) -> dict:
    person = await me(session, principal)
    projection = ProjectionRepository(session)
    mine = await projection.person(person)
    managers = await projection.managers_of(person)
    items = []
    for row in await projection.colleagues(q, person):
        if row.person_id in managers:
            relation = "manager"
        elif mine is not None and mine.org_unit_id is not None and row.org_unit_id == mine.org_unit_id:
            relation = "team"
        else:
            relation = "other"
        name = row.display_name or row.employee_number
        items.append(
            {
                "person_id": row.person_id,
                "name": name,
                "org_unit_name": row.org_unit_name,
                "relation": relation,
                "rank": RANK[relation],
                "sort_name": name.casefold(),
            }
        )
    result = page_list(items, page, lambda i: (i["rank"], i["sort_name"], i["person_id"]))
    for item in result["items"]:
        item.pop("rank"), item.pop("sort_name")
    return result
