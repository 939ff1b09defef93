"""Server-rendered SVG charts (no JavaScript), always shown beside a data table."""

from __future__ import annotations

from html import escape


def bars(rows: list[tuple[str, float]], title: str, width: int = 560, bar: int = 22) -> str:
    """Horizontal bars of percentages (0-100), labelled; `title` names the chart for screen readers."""
    label_width = 220
    height = len(rows) * (bar + 10) + 10
    parts = [
        f'<svg role="img" aria-labelledby="grafiek-titel" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" class="portal-chart">',
        f'<title id="grafiek-titel">{escape(title)}</title>',
    ]
    span = width - label_width - 60
    for index, (label, value) in enumerate(rows):
        y = 10 + index * (bar + 10)
        length = max(0.0, min(100.0, value)) / 100 * span
        parts.append(
            f'<text x="0" y="{y + bar * 0.7:.0f}" font-size="14" fill="#1a1a1a">{escape(label[:30])}</text>'
        )
        parts.append(f'<rect x="{label_width}" y="{y}" width="{span}" height="{bar}" fill="#e6e6e6"/>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar}" fill="#1d5fa0"/>')
        parts.append(
            f'<text x="{label_width + span + 6}" y="{y + bar * 0.7:.0f}" font-size="14" '
            f'fill="#1a1a1a">{value:.0f}%</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
