"""A lineage route as a picture: the nodes left to right in time order, joined by arrows
labelled with the link, each node with its kind, date and (wrapped) label.

Hand-built SVG: every piece of text goes through xml.sax.saxutils.escape (or quoteattr
for attributes), so the picture is safe to serve as `image/svg+xml`.
"""

from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape, quoteattr

from graph.lineage import Route
from graph.namespaces import ID

BOX_W = 170
BOX_H = 96
GAP = 70
TOP = 30
LEFT = 20
COLOURS = {
    "agreement": "#e377c2",
    "termination": "#8c564b",
    "assignment": "#ff7f0e",
    "decision": "#2ca02c",
    "item": "#1f77b4",
    "meeting": "#1f77b4",
    "body": "#17becf",
    "establishment": "#17becf",
    "milestone": "#9467bd",
}


def _href(iri: str) -> str:
    return "/id/" + iri.removeprefix(str(ID)) if iri.startswith(str(ID)) else iri


def _lines(label: str, width: int = 26, count: int = 4) -> list[str]:
    lines = textwrap.wrap(label, width) or [""]
    if len(lines) > count:
        lines = lines[:count]
        lines[-1] = lines[-1][: width - 1] + "…"
    return lines


def route_svg(route: Route, title: str = "") -> str:
    """The SVG text of one route."""
    count = max(len(route.nodes), 1)
    width = LEFT * 2 + count * BOX_W + (count - 1) * GAP
    height = TOP * 2 + BOX_H + 20
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>'
        "</defs>",
    ]
    for k, step in enumerate(route.steps):
        x1 = LEFT + k * (BOX_W + GAP) + BOX_W
        x2 = x1 + GAP
        y = TOP + BOX_H / 2
        parts.append(
            f'<line x1="{x1}" y1="{y}" x2="{x2 - 2}" y2="{y}" stroke="#555" '
            'stroke-width="1.5" marker-end="url(#arrow)"/>'
        )
        tip = "; ".join(q.cite() for q in step.evidence) or step.rule
        parts.append(f"<g><title>{escape(tip)}</title>")
        parts.append(
            f'<text x="{x1 + GAP / 2}" y="{y - 6}" text-anchor="middle">'
            f"{escape(step.link[:14])}</text></g>"
        )
    for k, node in enumerate(route.nodes):
        x = LEFT + k * (BOX_W + GAP)
        colour = COLOURS.get(node.kind, "#7f7f7f")
        parts.append(f"<a href={quoteattr(_href(node.iri))}>")
        parts.append(f"<title>{escape(node.label)}</title>")
        parts.append(
            f'<rect x="{x}" y="{TOP}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#fff" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{x + 8}" y="{TOP + 15}" fill="{colour}" font-weight="bold">'
            f"{escape(node.kind)} · {escape(node.date_text[:20])}</text>"
        )
        for n, line in enumerate(_lines(node.label)):
            parts.append(f'<text x="{x + 8}" y="{TOP + 33 + 14 * n}">{escape(line)}</text>')
        parts.append("</a>")
    parts.append("</svg>")
    return "\n".join(parts)
