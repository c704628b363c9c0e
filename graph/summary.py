"""The summary JSON of one document, read back from its graph with SPARQL.

`summarise(store)` runs the summary queries over a store that holds one document's graph
(and the ontology, for role and kind labels): the JSON is what the graph says, not a copy
kept on the side.
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import Literal
from rdflib.term import Node

from .queries import load_query
from .store import Store


def _text(value: Node | None) -> str | None:
    return None if value is None else str(value)


def _hhmm(value: Node | None) -> str | None:
    return None if value is None else str(value)[:5]


def _sort_key(value: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", value)]


def summarise(store: Store) -> dict[str, Any]:
    """The summary of the (single) document in `store`: a meeting or an agreement."""
    meetings = store.select(load_query("summary-meeting"))
    if meetings:
        return summarise_meeting(store, meetings[0])
    return summarise_agreement(store)


def summarise_meeting(store: Store, row: dict[str, Node]) -> dict[str, Any]:
    meeting = row["meeting"]
    attendees = []
    for a in store.select(load_query("summary-attendees"), {"meeting": meeting}):
        roles = [r for r in _text(a.get("roles")).split("|") if r] if a.get("roles") else []
        attendees.append(
            {
                "name": _text(a.get("name")),
                "party": _text(a.get("party")),
                "organisation": _text(a.get("organisation")),
                "roles": roles,
                "present": bool(a["present"].toPython())
                if isinstance(a.get("present"), Literal)
                else None,
            }
        )
    items = [
        {
            "number": _text(i.get("number")),
            "title": _text(i.get("title")),
            "kind": _text(i.get("kind")),
            "decision": _text(i.get("decision")),
        }
        for i in store.select(load_query("summary-items"), {"meeting": meeting})
    ]
    return {
        "body": _text(row.get("body")),
        "organisation": _text(row.get("organisation")),
        "date": _text(row.get("date")),
        "start_time": _hhmm(row.get("start")),
        "end_time": _hhmm(row.get("end")),
        "place": _text(row.get("place")),
        "attendees": attendees,
        "items": items,
    }


def _duration_number(value: Node | None, unit: str) -> int | None:
    if value is None:
        return None
    m = re.fullmatch(rf"P(\d+){unit}", str(value))
    return int(m.group(1)) if m else None


def summarise_agreement(store: Store) -> dict[str, Any]:
    rows = store.select(load_query("summary-agreement"))
    if not rows:
        return {}
    row = rows[0]
    parts: dict[str, list[dict[str, Node]]] = {}
    for part in store.select(
        load_query("summary-agreement-parts"), {"agreement": row["agreement"]}
    ):
        parts.setdefault(str(part["part"]), []).append(part)
    for rows_of_part in parts.values():
        rows_of_part.sort(key=lambda r: _sort_key(str(r.get("order", ""))))
    return {
        "title": _text(row.get("title")),
        "parties": sorted({str(p["a"]) for p in parts.get("party", [])}),
        "in_force_from": _text(row.get("inForce")),
        "notice_period_months": _duration_number(row.get("notice"), "M"),
        "review_interval_years": _duration_number(row.get("review"), "Y"),
        "signatories": [
            {
                "name": _text(p.get("a")),
                "role": _text(p.get("b")),
                "organisation": _text(p.get("c")),
            }
            for p in parts.get("signatory", [])
        ],
        "bodies_mentioned": [str(p["a"]) for p in parts.get("body", [])],
        "composition": [
            {
                "appointing_party": _text(p.get("a")),
                "seats": int(str(p["b"])),
                "from_body": _text(p.get("c")),
            }
            for p in parts.get("seat", [])
        ],
        "rules": [str(p["a"]) for p in parts.get("rule", [])],
    }
