"""All SQL about HR import jobs."""

from __future__ import annotations

from uuid import UUID, uuid4

from sqlalchemy import cast, func, insert, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB, JSONPATH
from sqlalchemy.ext.asyncio import AsyncSession

from dialoog.kit.pagination import PageRequest, keyset
from dialoog.organisatie.persistence.tables import imports

SUMMARY = [c for c in imports.c if c.name not in ("content", "report")]
ERROR_ROWS = func.jsonb_path_query_array(
    imports.c.report, cast(literal('$[*] ? (@.status == "error")'), JSONPATH)
).label("report")


class ImportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(
        self, tenant_id: str, filename: str | None, content: bytes, total: int, created_by: str
    ) -> UUID:
        job_id = uuid4()
        await self.session.execute(
            insert(imports).values(
                id=job_id,
                tenant_id=tenant_id,
                filename=filename,
                content=content,
                total=total,
                created_by=created_by,
            )
        )
        return job_id

    async def get(self, job_id: UUID, with_report: bool = True, errors_only: bool = False):
        """The job; with its per-row report, or only the rows with errors (a progress poll)."""
        report = ERROR_ROWS if errors_only else imports.c.report
        columns = [*SUMMARY, report] if with_report else SUMMARY
        return (await self.session.execute(select(*columns).where(imports.c.id == job_id))).first()

    async def content(self, job_id: UUID) -> bytes:
        return (
            await self.session.execute(select(imports.c.content).where(imports.c.id == job_id))
        ).scalar_one()

    async def page(self, page: PageRequest):
        """A page of the imports, newest first (by creation time and id)."""
        stmt = select(*SUMMARY)
        keys = (imports.c.created_at, imports.c.id)
        return list(await self.session.execute(keyset(stmt, keys, page, descending=True)))

    async def progress(
        self, job_id: UUID, processed: int, counts: dict[str, int], report_rows: list[dict]
    ) -> None:
        await self.session.execute(
            update(imports)
            .where(imports.c.id == job_id)
            .values(
                processed=processed,
                created=imports.c.created + counts.get("created", 0),
                updated=imports.c.updated + counts.get("updated", 0),
                unchanged=imports.c.unchanged + counts.get("unchanged", 0),
                failed=imports.c.failed + counts.get("failed", 0),
                report=imports.c.report.op("||")(literal(report_rows, type_=JSONB)),
            )
        )

    async def finish(self, job_id: UUID, status: str) -> None:
        await self.session.execute(
            update(imports).where(imports.c.id == job_id).values(status=status, finished_at=func.now())
        )
