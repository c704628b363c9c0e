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

WIDTH = 1100
ROW = 22  # one row per entry
BAND_GAP = 12  # space between the bands of two bodies
LEFT = 210
RIGHT = 30
TOP = 40
LABEL_CHARS = 70
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
    """The SVG text of a history's timeline.

    Each body is a band; inside it each entry has a row of its own (in date order), so no
    two labels share a line. A label stands right of its marker in the left half of the
    time axis and left of it in the right half. A thin line joins the entries in date order.
    """
    entries = [e for e in history.entries if _day(e) is not None]
    bodies = sorted({e.body for e in entries}) or [""]
    ordered = sorted(entries, key=lambda e: (bodies.index(e.body), e.sort_date, e.iri))
    rows = {id(e): k for k, e in enumerate(ordered)}
    gaps = len(bodies) - 1
    height = TOP * 2 + ROW * max(len(ordered), 1) + BAND_GAP * gaps
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
    plot = WIDTH - LEFT - RIGHT

    def x(entry: Entry) -> float:
        return LEFT + plot * ((_day(entry) or first) - first) / span

    def y(entry: Entry) -> float:
        return TOP + ROW * rows[id(entry)] + BAND_GAP * bodies.index(entry.body) + ROW / 2

    for body in bodies:
        members = [e for e in ordered if e.body == body]
        top, bottom = y(members[0]) - ROW / 2, y(members[-1]) + ROW / 2
        parts.append(
            f'<rect x="4" y="{top:.1f}" width="{WIDTH - 8}" height="{bottom - top:.1f}" '
            'fill="#f6f8fa" stroke="#e1e4e8"/>'
        )
        name = escape(body if len(body) <= 28 else body[:27] + "…")
        parts.append(f'<text x="10" y="{top + 14:.1f}" font-weight="bold">{name}</text>')
    for year in range(date.fromordinal(first).year, date.fromordinal(last).year + 1):
        tick = date(year, 1, 1).toordinal()
        if first <= tick <= last:
            tx = LEFT + plot * (tick - first) / span
            parts.append(
                f'<line x1="{tx:.1f}" y1="{TOP - 10}" x2="{tx:.1f}" y2="{height - TOP + 10}" '
                'stroke="#d0d7de" stroke-dasharray="2,3"/>'
            )
            parts.append(f'<text x="{tx + 2:.1f}" y="{TOP - 14}">{year}</text>')
    in_time = sorted(entries, key=lambda e: (e.sort_date, e.iri))
    points = " ".join(f"{x(e):.1f},{y(e):.1f}" for e in in_time)
    parts.append(f'<polyline points="{points}" fill="none" stroke="#bbb" stroke-width="1"/>')
    for entry in ordered:
        ex, ey = x(entry), y(entry)
        colour = COLOURS.get(entry.kind, "#7f7f7f")
        tip = entry.quote.cite() if entry.quote else entry.label
        label = f"{entry.date_text} · {entry.label}"
        label = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        right_side = ex < LEFT + plot / 2
        tx, anchor = (ex + 8, "start") if right_side else (ex - 8, "end")
        parts.append(f"<a href={quoteattr(_href(entry.iri))}>")
        parts.append(f"<title>{escape(tip)}</title>")
        parts.append(f'<circle cx="{ex:.1f}" cy="{ey:.1f}" r="5" fill="{colour}"/>')
        parts.append(
            f'<text x="{tx:.1f}" y="{ey + 4:.1f}" text-anchor="{anchor}">{escape(label)}</text>'
        )
        parts.append("</a>")
    parts.append("</svg>")
    return "\n".join(parts)
