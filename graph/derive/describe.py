"""How answers show nodes and evidence: `Quote` (a passage of a source document) and
`NodeInfo` (a node's label, kind and date), read from the store (quotes many at a time)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields

from rdflib import URIRef

from ..namespaces import GOV, ORG
from ..queries import load_query
from ..store import Store, values_block

KINDS: tuple[tuple[URIRef, str], ...] = (
    (GOV.Termination, "termination"),
    (GOV.Establishment, "establishment"),
    (GOV.Milestone, "milestone"),
    (GOV.Assignment, "assignment"),
    (GOV.InterimAgreement, "agreement"),
    (GOV.CollaborationAgreement, "agreement"),
    (GOV.Agreement, "agreement"),
    (GOV.Decision, "decision"),
    (GOV.AgendaItem, "item"),
    (GOV.Meeting, "meeting"),
    (GOV.Body, "body"),
    (GOV.Issue, "issue"),
    (GOV.Event, "event"),
    (ORG.Membership, "membership"),
)


@dataclass(frozen=True, slots=True)
class Quote:
    """A sentence of a source document: the evidence for a fact or a link."""

    document: str
    document_title: str
    section: str
    quote: str
    start: int | None
    end: int | None

    def to_json(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in _QUOTE_FIELDS}  # flat: no deep copy

    def cite(self) -> str:
        where = ", ".join(x for x in (self.document_title or self.document, self.section) if x)
        return f"{where}: “{self.quote}”"


_QUOTE_FIELDS = [f.name for f in fields(Quote)]


@dataclass(frozen=True, slots=True)
class NodeInfo:
    """A node as an answer shows it."""

    iri: str
    label: str
    kind: str
    date_text: str
    sort_date: str  # ISO date, "" when unknown

    def to_json(self) -> dict[str, object]:
        return asdict(self)


BATCH = 400  # passages per query


def quotes_of(store: Store, passages: Iterable[str]) -> dict[str, Quote]:
    """The quote of each passage the store holds, {passage: Quote}, a few queries in all."""
    wanted = sorted({str(p) for p in passages if p})
    found: dict[str, Quote] = {}
    for start in range(0, len(wanted), BATCH):
        terms = [URIRef(p) for p in wanted[start : start + BATCH]]
        for r in store.select(values_block(load_query("lineage-evidence"), "passage", terms)):
            found.setdefault(
                str(r["passage"]),
                Quote(
                    document=str(r["document"]),
                    document_title=str(r.get("documentTitle", "")),
                    section=str(r.get("section", "")),
                    quote=str(r["quote"]),
                    start=int(r["start"]) if "start" in r else None,
                    end=int(r["end"]) if "end" in r else None,
                ),
            )
    return found


def quotes(store: Store, passages: Iterable[str]) -> list[Quote]:
    """Quotes of passages in document order."""
    found = quotes_of(store, passages).values()
    return sorted(found, key=lambda q: (q.document, q.start if q.start is not None else -1))


def node_info(store: Store, iri: str) -> NodeInfo:
    return _node_info(store, iri)


def _node_info(store: Store, iri: str) -> NodeInfo:
    values: dict[str, list[str]] = {}
    for row in store.select(load_query("lineage-node"), {"node": URIRef(iri)}):
        for key, value in row.items():
            values.setdefault(key, [])
            if str(value) not in values[key]:
                values[key].append(str(value))
    types = set(values.get("type", []))
    kind = next((k for t, k in KINDS if str(t) in types), "node")

    def first(key: str) -> str:
        return values.get(key, [""])[0]

    label = _label(kind, values, first)
    dates = [first("date"), first("notBefore"), first("mentionDate"), first("established")]
    if kind in {"agreement", "body"}:
        dates = [first("mentionDate"), first("established"), first("date")]
    sort_date = min((d for d in dates if d), default="")
    if kind in {"agreement", "body"} and values.get("mentionDate"):
        sort_date = min(values["mentionDate"])
    date_text = first("dateText") or first("date") or sort_date
    return NodeInfo(iri, label, kind, date_text, sort_date)


def _label(kind: str, values: dict[str, list[str]], first) -> str:  # type: ignore[no-untyped-def]
    if kind == "termination":
        return f"uppsägning av {first('agreementTitle')}".strip()
    if kind == "establishment":
        return f"inrättande av {first('bodyLabel')}".strip()
    if kind == "assignment":
        return f"uppdrag: {first('task')}"
    if kind == "decision":
        return f"beslut: {first('decisionText')}"
    if kind == "meeting":
        return f"sammanträde {first('meetingBody')} {first('date')}".strip()
    if values.get("option"):
        return "utredda former: " + ", ".join(sorted(values["option"]))
    return first("title") or first("pref") or first("label") or first("task") or ""
