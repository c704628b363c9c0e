"""Histories: of an issue (or of every issue of a topic), a body, a person, an agreement.

`issue_history` lists every item, decision, assignment, event and deadline of an issue in
date order, each with its body, meeting, section and the quoted sentence it came from; with
`limit` (and `offset`) only that page of the entries, whose quotes alone are then fetched:
an issue of ten years has thousands of entries.
Bodies, people and agreements are in graph/history_more.py and re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

from rdflib import URIRef

from .derive.describe import Quote, quotes_of
from .errors import NotFound
from .namespaces import GOV
from .queries import load_query
from .store import Store, values_block

PAGE_ENTRIES = 100  # entries of an issue's history shown at once, unless asked

KIND_ORDER = {
    "item": 0,
    "decision": 1,
    "termination": 2,
    "assignment": 3,
    "options": 4,
    "agreement": 5,
    "establishment": 6,
    "event": 7,
    "milestone": 8,
    "deadline": 9,
    "planned meeting": 10,
}
FACT_KINDS = {
    str(GOV.Termination): "termination",
    str(GOV.Assignment): "assignment",
    str(GOV.Establishment): "establishment",
    str(GOV.Milestone): "milestone",
    str(GOV.InterimAgreement): "agreement",
    str(GOV.CollaborationAgreement): "agreement",
    str(GOV.Agreement): "agreement",
    str(GOV.Event): "event",
}


@dataclass(frozen=True, slots=True)
class Entry:
    """One dated thing in a history."""

    sort_date: str
    date_text: str
    kind: str
    label: str
    body: str
    meeting: str
    section: str
    iri: str
    quote: Quote | None = None

    def to_json(self) -> dict[str, object]:
        # field by field: dataclasses.asdict deep-copies, and a long history has
        # thousands of entries
        data: dict[str, object] = {name: getattr(self, name) for name in _ENTRY_FIELDS}
        data["quote"] = self.quote.to_json() if self.quote else None
        return data


_ENTRY_FIELDS = [f.name for f in fields(Entry)]


@dataclass(slots=True)
class History:
    """The history of an issue, or of every issue of a topic."""

    subject: str
    label: str
    issues: list[tuple[str, str]] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    total: int = 0  # entries of the whole history; `entries` may be one page of them
    offset: int = 0
    limit: int | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "subject": self.subject,
            "label": self.label,
            "issues": [{"iri": i, "label": label} for i, label in self.issues],
            "total": self.total,
            "offset": self.offset,
            "limit": self.limit,
            "entries": [e.to_json() for e in self.entries],
        }


def issue_history(store: Store, issue: str, offset: int = 0, limit: int | None = None) -> History:
    """Every item, decision, assignment, event and deadline of an issue, in date order;
    with `limit`, the `limit` entries from `offset` on (`total` counts them all)."""
    issues = covered_issues(store, issue)
    if not issues:
        raise NotFound(f"{issue} is neither an issue nor a topic with issues; run 'govkg derive'")
    label = issues[0][1] if len(issues) == 1 else ", ".join(lbl for _, lbl in issues)
    history = History(issue, label, issues)
    entries: dict[tuple[str, str], Entry] = {}
    passages: dict[tuple[str, str], str] = {}  # entry → the passage of its quote
    where: dict[str, tuple[str, str, str, str]] = {}  # item → (date, body, meeting, section)
    covered = [URIRef(iri) for iri, _ in issues]
    items = store.select(values_block(load_query("history-issue-items"), "issue", covered))
    facts: dict[str, dict] = {}
    for r in store.select(values_block(load_query("history-issue-facts"), "issue", covered)):
        merged = facts.setdefault(str(r["fact"]), {"types": set()})
        merged["types"].add(str(r["type"]))
        if "option" in r:
            merged.setdefault("options", set()).add(str(r["option"]))
        for key, value in r.items():
            merged.setdefault(key, value)

    def _add(entry: Entry, passage: object) -> None:
        key = (entry.iri, entry.kind)
        if key not in entries:
            entries[key] = entry
            passages[key] = str(passage) if isinstance(passage, URIRef) else ""

    for r in items:
        item = str(r["item"])
        date, body, meeting = str(r["date"]), str(r["bodyLabel"]), str(r["meeting"])
        section = str(r.get("section", ""))
        where[item] = (date, body, meeting, section)
        _add(
            Entry(date, date, "item", str(r["title"]), body, meeting, section, item),
            r.get("itemPassage"),
        )
        if "decision" in r:
            decision = str(r["decision"])
            text = str(r["decisionText"])
            _add(
                Entry(date, date, "decision", text, body, meeting, section, decision),
                r.get("decisionPassage"),
            )
    for r in facts.values():
        for entry in _fact_entries(r, where.get(str(r["item"]))):
            _add(entry, r.get("passage"))
    ordered = sorted(entries, key=lambda k: _entry_order(entries[k]))
    history.total, history.offset, history.limit = len(ordered), offset, limit
    shown = ordered[offset : None if limit is None else offset + limit]
    found = quotes_of(store, (passages[k] for k in shown))
    history.entries = [replace(entries[k], quote=found.get(passages[k])) for k in shown]
    return history


def covered_issues(store: Store, scope: str) -> list[tuple[str, str]]:
    """(issue, label) of what a history covers: the issue itself, or every issue of a
    topic; by label, then IRI."""
    bound = {"scope": URIRef(scope)}
    found = {
        (scope, str(r["label"])) for r in store.select(load_query("history-issue-label"), bound)
    }
    found |= {
        (str(r["issue"]), str(r["label"]))
        for r in store.select(load_query("history-topic-issues"), bound)
    }
    return sorted(found, key=lambda pair: (pair[1][:120], pair[0]))


def _entry_order(entry: Entry) -> tuple[str, int, str]:
    return entry.sort_date, KIND_ORDER.get(entry.kind, 99), entry.iri


def _fact_entries(r: dict, place: tuple[str, str, str, str] | None) -> list[Entry]:
    if place is None:
        return []
    date, body, meeting, section = place
    fact = str(r["fact"])
    kind = next((k for t, k in FACT_KINDS.items() if t in r["types"]), None)
    if kind is None:
        return []
    if kind == "event" and str(r.get("eventType", "")).endswith("OptionsStudied"):
        kind = "options"
    if kind == "event" and str(r.get("eventType", "")).endswith("PlannedMeeting"):
        kind = "planned meeting"
    when = str(r.get("notBefore", date))
    text = str(r.get("dateText", when))
    label = {
        "termination": f"uppsägning av {r.get('agreementTitle', '')}",
        "assignment": f"uppdrag: {r.get('task', '')}",
        "establishment": f"inrättande av {r.get('bodyLabel', '')}",
        "agreement": str(r.get("title", "")),
        "options": "utredda former: " + ", ".join(sorted(r.get("options", ()))),
    }.get(kind, str(r.get("label", r.get("title", kind))))
    if kind == "agreement":
        when, text = date, date
    found = [Entry(when, text, kind, label, body, meeting, section, fact)]
    if "reportBackDate" in r:
        due = str(r["reportBackDate"])
        to = str(r.get("reportTo", ""))
        found.append(
            Entry(
                due,
                str(r.get("reportBackText", due)),
                "deadline",
                f"återkoppling till {to}: {r.get('task', '')}".strip(),
                body,
                meeting,
                section,
                fact,
            )
        )
    if "noticeEnd" in r:
        end = str(r["noticeEnd"])
        found.append(
            Entry(
                end,
                end,
                "deadline",
                f"uppsägningstiden löper ut: {r.get('agreementTitle', '')}",
                body,
                meeting,
                section,
                fact,
            )
        )
    return found


from .history_more import (  # noqa: E402
    AgreementLifecycle,
    BodyHistory,
    PersonHistory,
    agreement_lifecycle,
    body_history,
    person_history,
)

__all__ = [
    "AgreementLifecycle",
    "BodyHistory",
    "Entry",
    "History",
    "PersonHistory",
    "agreement_lifecycle",
    "body_history",
    "issue_history",
    "person_history",
]
