"""Generate docs/problems.md from the catalogue in `dialoog.kit.problems`:
`uv run python -m dialoog.kit.problems_doc [docs/problems.md]`. A unit test fails when it is stale."""

from __future__ import annotations

import sys
from pathlib import Path

from dialoog.kit.problems import AREAS, CODES

INTRO = """# Problems (error responses)

<!-- Generated from libs/kit/src/dialoog/kit/problems.py: uv run python -m dialoog.kit.problems_doc -->

Every error from a Dialoog service is `application/problem+json` (RFC 9457). Clients switch on
`code` (also the last part of `type`, `urn:dialoog:problem:<code>`), never on the text. `title` and
`detail` follow `Accept-Language` (Dutch unless English is preferred); `i18n.nl` and `i18n.en` carry
both. Each code below has one status and one title; the detail names the case.

```json
{
  "type": "urn:dialoog:problem:validation",
  "title": "Ongeldige invoer",
  "status": 422,
  "detail": "Controleer deze velden: body.name.",
  "instance": "/v1/org-units",
  "code": "validation",
  "i18n": {"nl": {"title": "Ongeldige invoer", "detail": "..."}, "en": {"title": "Invalid input", "detail": "..."}},
  "errors": [{"field": "body.name", "reason": "String should have at least 1 character", "kind": "string_too_short"}]
}
```

`errors[]` entries carry `field`, `reason` (in the client's language), `reason_nl`, `reason_en`
and `kind`. Any other HTTP status the framework answers by itself has the code `http-<status>`.
"""


def render() -> str:
    parts = [INTRO]
    for area, heading in AREAS.items():
        codes = sorted((c for c in CODES.values() if c.area == area), key=lambda c: (c.status, c.code))
        if not codes:
            continue
        parts.append(f"\n## {heading}\n\n| status | code | title (nl / en) | when |\n|---|---|---|---|\n")
        parts.extend(f"| {c.status} | `{c.code}` | {c.title.nl} / {c.title.en} | {c.when} |\n" for c in codes)
    return "".join(parts)


def main() -> int:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/problems.md")
    target.write_text(render())
    print(f"wrote {len(CODES)} problem codes to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
