"""What is due: open assignments, upcoming report-backs and plans, and overdue reports.

`due(store, as_of, body)` reads what the graph knew on `as_of` (things noted in protocols
dated on or before it):

* open: assignments given (or first mentioned) on or before `as_of` and not reported back
  by then;
* upcoming: report-back dates, planned meetings, milestones, establishments and ends of
  notice periods on or after `as_of`;
* overdue: open assignments whose report date is before `as_of`.

An assignment counts as reported back from the date of the first item that reports back on
it: gov:reportedBackIn or gov:reportsBackOn, or a later item of the same issue at a meeting
of the body the report is due to, on or after the report date.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from rdflib import URIRef

from .derive.describe import Quote, quotes_of
from .queries import load_query
from .store import Store


@dataclass(frozen=True, slots=True)
class DueEntry:
    kind: str  # "assignment" | "report-back" | "planned meeting" | "milestone" | ...
    date: str
    date_text: str
    body: str  # who it is due to (the report's receiver), else the body that noted it
    task: str
    iri: str
    noted_by: str  # the body whose protocol notes it
    section: str
    quote: Quote | None = None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["quote"] = self.quote.to_json() if self.quote else None
        return data


@dataclass(slots=True)
class DueReport:
    as_of: str
    body: str | None = None
    open: list[DueEntry] = field(default_factory=list)
    upcoming: list[DueEntry] = field(default_factory=list)
    overdue: list[DueEntry] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.as_of,
            "body": self.body,
            "open": [e.to_json() for e in self.open],
            "upcoming": [e.to_json() for e in self.upcoming],
            "overdue": [e.to_json() for e in self.overdue],
        }


def _assignments(store: Store) -> dict[str, dict]:
    merged: dict[str, dict] = {}
    for row in store.select(load_query("due-assignments")):
        entry = merged.setdefault(str(row["assignment"]), {"reported": set(), "bodies": set()})
        for key, value in row.items():
            entry.setdefault(key, value)
        if "reportedDate" in row:
            entry["reported"].add(str(row["reportedDate"]))
        for key in ("giver", "reportTo"):
            if key in row:
                entry["bodies"].add(str(row[key]))
    return merged


def due(store: Store, as_of: date, body: str | None = None) -> DueReport:
    """Open, upcoming and overdue things as of a day, for one body or for all."""
    today = as_of.isoformat()
    report = DueReport(today, body)
    assignments = []
    for iri, a in sorted(_assignments(store).items()):
        known = str(a["mentionDate"])
        given = min(str(a.get("given", known)), known)
        if given > today or known > today:
            continue
        if body and body not in a["bodies"]:
            continue
        if any(d <= today for d in a["reported"]):
            continue
        assignments.append((iri, given, a))
    events = []
    for row in store.select(load_query("due-events")):
        start, known = str(row["start"]), str(row["mentionDate"])
        if known > today or start < today:
            continue
        if body and body not in {str(row["body"]), str(row.get("concerns", ""))}:
            continue
        events.append(row)
    passages = [r.get("passage") for r in [*(a for _, _, a in assignments), *events]]
    found = quotes_of(store, (str(p) for p in passages if isinstance(p, URIRef)))
    for iri, given, a in assignments:
        receiver = str(a.get("toLabel", a.get("giverLabel", a["bodyLabel"])))
        quote = found.get(str(a.get("passage")))
        common = dict(iri=iri, noted_by=str(a["bodyLabel"]), section=str(a.get("section", "")))
        report.open.append(
            DueEntry("assignment", given, given, receiver, str(a["task"]), quote=quote, **common)
        )
        if "reportDate" in a:
            when = str(a["reportDate"])
            entry = DueEntry(
                "report-back",
                when,
                str(a.get("reportText", when)),
                receiver,
                str(a["task"]),
                quote=quote,
                **common,
            )
            (report.upcoming if when >= today else report.overdue).append(entry)
    for row in events:
        start = str(row["start"])
        report.upcoming.append(
            DueEntry(
                str(row["kind"]),
                start,
                str(row.get("dateText", start)),
                str(row["bodyLabel"]),
                str(row.get("label", "")),
                str(row["event"]),
                str(row["bodyLabel"]),
                str(row.get("section", "")),
                found.get(str(row.get("passage"))),
            )
        )
    for entries in (report.open, report.upcoming, report.overdue):
        unique = {(e.kind, e.iri): e for e in entries}
        entries[:] = sorted(unique.values(), key=lambda e: (e.date, e.body, e.iri))
    return report
