"""Server-rendered SVG charts (no JavaScript), always shown beside a data table."""

from __future__ import annotations

from html import escape


def _open(chart_id: str, title: str, width: int, height: int) -> list[str]:
    """The chart's root: an image named by its title (a page with several charts gives each its id)."""
    return [
        f'<svg role="img" aria-labelledby="{chart_id}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" class="portal-chart">',
        f'<title id="{chart_id}">{escape(title)}</title>',
    ]


def bars(
    rows: list[tuple[str, float]],
    title: str,
    width: int = 560,
    bar: int = 22,
    chart_id: str = "grafiek-titel",
) -> str:
    """Horizontal bars of percentages (0-100), labelled; `title` names the chart for screen readers."""
    label_width = 220
    height = len(rows) * (bar + 10) + 10
    parts = _open(chart_id, title, width, height)
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


# Fills for the parts of a stacked bar: dark to light, each with at least 3:1 contrast against the
# white page (WCAG 1.4.11), and told apart by the legend's order and the table beside the chart.
STACK_FILLS = ("#0b3b66", "#1d5fa0", "#5b8fc7", "#8a6d00", "#a33a3a", "#5a5a5a")


def stacked(
    rows: list[tuple[str, list[int]]],
    parts: list[str],
    title: str,
    chart_id: str,
    width: int = 560,
    bar: int = 22,
) -> str:
    """Horizontal bars of 100%, one per row, split into `parts` (e.g. the levels of a conclusion) by
    their counts; a legend above names the parts in order. The numbers are in the table beside it."""
    label_width, legend = 220, 28
    span = width - label_width - 10
    height = legend + len(rows) * (bar + 10) + 10
    svg = _open(chart_id, title, width, height)
    x = label_width
    for index, name in enumerate(parts):
        fill = STACK_FILLS[index % len(STACK_FILLS)]
        svg.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{fill}"/>')
        svg.append(f'<text x="{x + 18}" y="18" font-size="14" fill="#1a1a1a">{escape(name[:12])}</text>')
        x += 18 + 9 * min(len(name), 12) + 16
    for row, (label, counts) in enumerate(rows):
        y = legend + 10 + row * (bar + 10)
        svg.append(
            f'<text x="0" y="{y + bar * 0.7:.0f}" font-size="14" fill="#1a1a1a">{escape(label[:30])}</text>'
        )
        total = sum(counts)
        start = float(label_width)
        for index, count in enumerate(counts):
            if not total or not count:
                continue
            length = count / total * span
            fill = STACK_FILLS[index % len(STACK_FILLS)]
            svg.append(
                f'<rect x="{start:.1f}" y="{y}" width="{length:.1f}" height="{bar}" fill="{fill}" '
                'stroke="#ffffff" stroke-width="1"/>'
            )
            start += length
    svg.append("</svg>")
    return "".join(svg)
