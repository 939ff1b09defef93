"""Whom a requester can ask: her manager first, then her team (her own unit), then everyone else
of the tenant by name. Names and units only: the picker shows nothing else of a person."""

from __future__ import annotations

from dialoog.feedback.persistence.colleagues import ColleagueRepository
from dialoog.feedback.persistence.projections import ProjectionRepository
from dialoog.feedback.service.context import me
from dialoog.kit.pagination import PageRequest, by, page_list

RANK = {"manager": 0, "team": 1, "other": 2}


async def colleagues(session, principal, q: str | None, page: PageRequest) -> dict:
    own = await me(session, principal)
    projection = ProjectionRepository(session)
    managers = await projection.managers_of(own)
    person = await projection.person(own)
    unit = person.org_unit_id if person else None
    found = []
    for row in await ColleagueRepository(session).search(q, without=own):
        if row.person_id in managers:
            relation = "manager"
        elif unit is not None and row.org_unit_id == unit:
            relation = "team"
        else:
            relation = "other"
        found.append(
            {
                "person_id": row.person_id,
                "name": row.display_name,
                "org_unit_name": row.org_unit_name,
                "relation": relation,
                "rank": RANK[relation],
            }
        )
    return page_list(found, page, by("rank", "name", "person_id"))
