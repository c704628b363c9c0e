"""A timeline picture of a history: dates on the x axis, bodies on the y axis.

`timeline_svg(history)` draws one marker per dated entry, joins the entries with lines in
date order, labels them, and makes each marker a link (<a href="/id/...">) with the quoted
sentence as its <title>. Hand-built SVG, escaped with xml.sax.saxutils; the web pages use
the same drawing.
"""

from __future__ import annotations

from datetime import date
from xml.sax.saxutils import escape, quoteattr

from .history import Entry, History
from .namespaces import ID

WIDTH = 960
ROW = 70
LEFT = 220
RIGHT = 40
TOP = 40
COLOURS = {
    "item": "#1f77b4",
    "decision": "#2ca02c",
    "assignment": "#ff7f0e",
    "deadline": "#d62728",
    "termination": "#8c564b",
    "milestone": "#9467bd",
    "establishment": "#17becf",
    "agreement": "#e377c2",
}


def _day(entry: Entry) -> int | None:
    try:
        return date.fromisoformat(entry.sort_date[:10]).toordinal()
    except ValueError:
        return None


def _href(iri: str) -> str:
    return "/id/" + iri.removeprefix(str(ID)) if iri.startswith(str(ID)) else iri


def timeline_svg(history: History) -> str:
    """The SVG text of a history's timeline."""
    entries = [e for e in history.entries if _day(e) is not None]
    bodies = sorted({e.body for e in entries}) or [""]
    height = TOP * 2 + ROW * len(bodies)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(history.label)}</title>",
    ]
    if not entries:
        parts.append(f'<text x="{LEFT}" y="{TOP}">{escape("(inga daterade poster)")}</text>')
        return "\n".join([*parts, "</svg>"])
    first, last = min(_day(e) for e in entries), max(_day(e) for e in entries)  # type: ignore[type-var]
    span = max(last - first, 1)

    def x(entry: Entry) -> float:
        return LEFT + (WIDTH - LEFT - RIGHT) * ((_day(entry) or first) - first) / span

    def y(entry: Entry) -> float:
        return TOP + ROW * bodies.index(entry.body) + ROW / 2

    for k, body in enumerate(bodies):
        row_y = TOP + ROW * k + ROW / 2
        parts.append(
            f'<line x1="{LEFT}" y1="{row_y}" x2="{WIDTH - RIGHT}" y2="{row_y}" stroke="#ddd"/>'
        )
        parts.append(f'<text x="8" y="{row_y + 4}">{escape(body[:34])}</text>')
    for year in range(date.fromordinal(first).year, date.fromordinal(last).year + 1):
        tick = date(year, 1, 1).toordinal()
        if first <= tick <= last:
            tx = LEFT + (WIDTH - LEFT - RIGHT) * (tick - first) / span
            parts.append(
                f'<line x1="{tx:.1f}" y1="{TOP - 10}" x2="{tx:.1f}" y2="{height - TOP}" '
                'stroke="#eee"/>'
            )
            parts.append(f'<text x="{tx + 2:.1f}" y="{TOP - 14}">{year}</text>')
    ordered = sorted(entries, key=lambda e: (e.sort_date, e.iri))
    points = " ".join(f"{x(e):.1f},{y(e):.1f}" for e in ordered)
    parts.append(f'<polyline points="{points}" fill="none" stroke="#999" stroke-width="1"/>')
    for k, entry in enumerate(ordered):
        ex, ey = x(entry), y(entry)
        colour = COLOURS.get(entry.kind, "#7f7f7f")
        tip = entry.quote.cite() if entry.quote else entry.label
        label = f"{entry.date_text} {entry.label}"
        parts.append(f"<a href={quoteattr(_href(entry.iri))}>")
        parts.append(f"<title>{escape(tip)}</title>")
        parts.append(f'<circle cx="{ex:.1f}" cy="{ey:.1f}" r="5" fill="{colour}"/>')
        dy = -9 - 11 * (k % 3)
        parts.append(f'<text x="{ex + 6:.1f}" y="{ey + dy:.1f}">{escape(label[:48])}</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return "\n".join(parts)
