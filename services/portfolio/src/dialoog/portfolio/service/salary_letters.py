"""Salary decision letters in the personnel file. The record that a letter was sent arrives from
salaris (handlers/salaris.py); the PDF stays in salaris, which decides who may read it. The dossier
export fetches each PDF there with the caller's own token, so salaris's access rules and audit
apply; a letter it does not hand over is listed as not fetched and the export still succeeds."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

import httpx

from dialoog.kit.auth import TENANT_HEADER

log = logging.getLogger(__name__)
FETCHED, NOT_FETCHED = "opgehaald", "niet opgehaald"


@dataclass(frozen=True)
class SalarisLetters:
    """How to reach salaris for the caller: the service's base URL and the caller's own token."""

    http: httpx.AsyncClient
    base_url: str
    authorization: str
    tenant: str | None
    timeout: float = 5.0

    async def pdf(self, decision_id: UUID, letter_id: UUID) -> bytes | None:
        """The letter's PDF, or None when salaris cannot be reached or does not answer 200."""
        url = f"{self.base_url.rstrip('/')}/v1/salary/decisions/{decision_id}/letters/{letter_id}"
        headers = {"Authorization": self.authorization, "Accept": "application/pdf"}
        if self.tenant:
            headers[TENANT_HEADER] = self.tenant
        try:
            response = await self.http.get(url, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as exc:
            log.warning("salary letter %s not fetched: %s: %s", letter_id, type(exc).__name__, exc)
            return None
        if response.status_code != 200 or not response.content.startswith(b"%PDF"):
            log.warning("salary letter %s not fetched: salaris answered %s", letter_id, response.status_code)
            return None
        return response.content


def letter_title(letter: dict) -> str:
    """How the file names a letter: "Salarisbesluit <year> (versie n)", the year of the round (or,
    for letters announced before events carried it, the year it was sent)."""
    year = letter.get("round_year") or letter["sent_on"].year
    return f"Salarisbesluit {year} (versie {letter['decision_version']})"
