"""The data of each browse page, as plain dicts: the same data feeds the HTML pages and the
JSON API.

`page(store, iri, lang)` looks at a node's types and returns the page of its kind
(organisation, body, person, meeting, item, issue, agreement) or a generic page listing its
triples. Every page function runs named queries (graph/queries/page-*.rq) through a `Page`,
which records each query with its bindings (shown on the page as the SPARQL behind it),
fetches the labels of every node the page names in one query, and the sentences every
fact came from (`evidence`) in another.

A node is shown as `{"iri": …, "label": …}`; labels are chosen in the page's language, then
the other one, then a label without language, then the IRI's local name. Evidence is
`{"passage", "quote", "section", "document", "document_title", "identifier"}`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from itertools import product
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .errors import GraphError, NotFound
from .namespaces import DCAT, DCT, FOAF, GOV, ORG, RDF, SKOS
from .queries import load_query
from .store import Store, bind_values, values_block

Row = dict[str, Node]
Data = dict[str, Any]

# Page kinds by type, the first match wins (a body is also an org:Organization).
PAGE_KINDS: tuple[tuple[URIRef, str], ...] = (
    (GOV.Issue, "issue"),
    (GOV.Meeting, "meeting"),
    (GOV.AgendaItem, "item"),
    (GOV.Agreement, "agreement"),
    (GOV.Body, "body"),
    (FOAF.Person, "person"),
    (GOV.Region, "organisation"),
    (GOV.Municipality, "organisation"),
    (GOV.MunicipalAssociation, "organisation"),
    (GOV.Company, "organisation"),
    (GOV.PoliticalParty, "organisation"),
    (ORG.Organization, "organisation"),
)

# The kinds the JSON API and the list pages enumerate, with their class.
LIST_KINDS: dict[str, URIRef] = {
    "bodies": GOV.Body,
    "organisations": ORG.Organization,
    "people": FOAF.Person,
    "meetings": GOV.Meeting,
    "items": GOV.AgendaItem,
    "decisions": GOV.Decision,
    "assignments": GOV.Assignment,
    "agreements": GOV.Agreement,
    "issues": GOV.Issue,
    "events": GOV.Event,
    "documents": FOAF.Document,
}
HOME_KINDS = (
    "bodies",
    "meetings",
    "people",
    "decisions",
    "assignments",
    "agreements",
    "issues",
    "documents",
)
ROLE_ORDER = [
    GOV.Chair,
    GOV.ViceChair,
    GOV.Member,
    GOV.ServingSubstitute,
    GOV.Substitute,
    GOV.CoOpted,
    GOV.Adjuster,
    GOV.Secretary,
    GOV.MinuteTaker,
    GOV.Presenter,
    GOV.OtherParticipant,
]


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def pick_label(labels: Iterable[Literal | str], lang: str = "sv") -> str | None:
    """One label: in `lang`, then sv, then en, then one without a language tag (the least
    of each), else the first one given."""
    found = list(labels)
    if not found:
        return None
    order = {None: 3, "": 4}
    for rank, wanted in enumerate(("en", "sv", lang)):  # the last one written wins
        order[wanted] = 2 - rank
    best: tuple[int, str] | None = None
    for label in found:
        rank = order.get(getattr(label, "language", None))
        if rank is not None and (best is None or (rank, str(label)) < best):
            best = (rank, str(label))
    return best[1] if best else str(found[0])


def text(row: Row, key: str) -> str:
    return str(row[key]) if key in row else ""


class Page:
    """Runs a page's named queries and remembers them, with labels and evidence."""

    def __init__(self, store: Store, lang: str = "sv"):
        self.store = store
        self.lang = lang
        self.queries: list[dict[str, str]] = []
        self._labels: dict[str, list[Literal]] = {}

    def _record(self, name: str, sparql: str) -> None:
        if not any(q["query"] == sparql for q in self.queries):
            self.queries.append({"name": name, "query": sparql})

    def select(self, name: str, **bindings: Node) -> list[Row]:
        sparql = load_query(name)
        shown = bind_values(sparql, bindings) if bindings else sparql
        self._record(name, shown)
        return self.store.select(sparql, bindings or None)

    def select_values(self, name: str, var: str, terms: Iterable[Node]) -> list[Row]:
        """The query with a VALUES block of `terms` for `var`; blank nodes are left out
        (a query cannot name one), so nothing is looked up about them."""
        terms = sorted({t for t in terms if not isinstance(t, BNode)}, key=str)
        if not terms:
            return []
        sparql = values_block(load_query(name), var, terms)
        self._record(name, sparql)
        return self.store.select(sparql)

    def ask(self, name: str, **bindings: Node) -> bool:
        return self.store.ask(load_query(name), bindings)

    # --- labels ---------------------------------------------------------------

    def prefetch(self, *groups: Iterable[Row] | Iterable[Node]) -> None:
        """Fetch, in one query, the labels of every IRI in these rows or terms."""
        wanted: set[URIRef] = set()
        for group in groups:
            for item in group:
                values = item.values() if isinstance(item, dict) else [item]
                wanted.update(v for v in values if isinstance(v, URIRef))
        wanted -= {URIRef(k) for k in self._labels}
        for iri in wanted:
            self._labels[str(iri)] = []
        for row in self.select_values("page-labels", "node", wanted):
            label = row["label"]
            if isinstance(label, Literal):
                self._labels[str(row["node"])].append(label)

    def label(self, iri: Node | str) -> str:
        key = str(iri)
        if key not in self._labels:
            self.prefetch([URIRef(key)])
        return pick_label(self._labels.get(key, []), self.lang) or local_name(key)

    def ref(self, iri: Node | str | None, label: str | None = None) -> dict[str, str] | None:
        if iri is None or str(iri) == "":
            return None
        return {"iri": str(iri), "label": label or self.label(iri)}

    # --- evidence -------------------------------------------------------------

    def evidence(self, nodes: Iterable[Node | str]) -> dict[str, list[dict[str, str]]]:
        """The sentences each node came from, in document order."""
        found: dict[str, list[dict[str, str]]] = defaultdict(list)
        terms = (n if isinstance(n, Node) else URIRef(n) for n in nodes)
        rows = self.select_values("page-evidence", "node", terms)
        documents = self._documents(r["document"] for r in rows)
        for r in rows:
            found[str(r["node"])].append(evidence_entry(r, documents.get(str(r["document"]), {})))
        for entries in found.values():
            entries.sort(key=_evidence_order)
        return found

    def _documents(self, documents: Iterable[Node]) -> dict[str, dict[str, str]]:
        """{document: {"identifier", "document_title"}}, the least of each when several."""
        found: dict[str, dict[str, str]] = {}
        for r in self.select_values("page-evidence-documents", "document", documents):
            entry = found.setdefault(str(r["document"]), {})
            for key, name in (("identifier", "identifier"), ("documentTitle", "document_title")):
                if key in r and (name not in entry or str(r[key]) < entry[name]):
                    entry[name] = str(r[key])
        return found

    def finish(self, data: Data) -> Data:
        data["queries"] = self.queries
        return data


def evidence_entry(r: Row, document: dict[str, str]) -> dict[str, str]:
    return {
        "passage": text(r, "passage"),
        "quote": text(r, "quote"),
        "section": text(r, "section"),
        "start": text(r, "start"),
        "end": text(r, "end"),
        "document": text(r, "document"),
        "document_title": document.get("document_title", ""),
        "identifier": document.get("identifier", ""),
    }


def _evidence_order(entry: dict[str, str]) -> tuple[Any, ...]:
    """Document order: by document and span, then the rest, so the order is the same on
    every store."""
    return (
        entry["document"],
        int(entry["start"] or 0),
        int(entry["end"] or 0),
        entry["passage"],
        entry["quote"],
        entry["section"],
    )


def passage_of(document: str, start: int | None, end: int | None) -> str:
    """The passage IRI of a quote (graph.mapping_base.Builder.passage mints it so)."""
    return f"{document}/passage/{start}-{end}" if start is not None else ""


# --- dispatch ---------------------------------------------------------------------


def node_types(store: Store, iri: str) -> set[str]:
    rows = store.select(load_query("page-types"), {"node": URIRef(iri)})
    return {str(r["type"]) for r in rows}


def page_kind(types: set[str]) -> str:
    for cls, kind in PAGE_KINDS:
        if str(cls) in types:
            return kind
    return "generic"


def check_iri(iri: str) -> URIRef:
    """The IRI as a term; NotFound for text that is no absolute IRI."""
    if not iri or not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", iri):
        raise NotFound(f"{iri!r} is not an IRI of a node")
    return URIRef(iri)


def page(store: Store, iri: str, lang: str = "sv") -> Data:
    """The page data of any node; NotFound when the graph does not hold it."""
    node = check_iri(iri)
    if not store.ask(load_query("page-exists"), {"node": node}):
        raise NotFound(f"no node {iri} in the graph")
    kind = page_kind(node_types(store, iri))
    builder = PAGE_BUILDERS.get(kind, generic_page)
    return builder(store, iri, lang)


def _head(p: Page, iri: str, kind: str) -> tuple[Data, dict[str, list[Node]]]:
    """The properties of a node as {property IRI: values}, and the common page keys."""
    props: dict[str, list[Node]] = defaultdict(list)
    for r in p.select("page-properties", node=URIRef(iri)):
        props[str(r["p"])].append(r["o"])
    p.prefetch([URIRef(iri)], (v for vs in props.values() for v in vs))
    types = [p.ref(t) for t in sorted(props.get(str(RDF.type), []), key=str)]
    data: Data = {
        "kind": kind,
        "iri": iri,
        "label": p.label(iri),
        "types": types,
        "evidence": p.evidence([iri]).get(iri, []),
    }
    return data, props


def _first(props: dict[str, list[Node]], prop: URIRef) -> str:
    values = props.get(str(prop), [])
    return str(sorted(values, key=str)[0]) if values else ""


def _refs(p: Page, props: dict[str, list[Node]], prop: URIRef) -> list[dict[str, str]]:
    return [p.ref(v) for v in sorted(props.get(str(prop), []), key=str) if isinstance(v, URIRef)]


def _merges(p: Page, iri: str) -> list[dict[str, str]]:
    return [
        {
            "variant": text(r, "variant"),
            "rule": text(r, "rule"),
            "reason": text(r, "reason"),
            "document": text(r, "document"),
        }
        for r in p.select("page-merges", node=URIRef(iri))
    ]


# --- home and lists ---------------------------------------------------------------


def home_counts(store: Store) -> tuple[dict[str, int], list[dict[str, str]]]:
    """How many nodes of each home kind the graph holds, and the query that counts them."""
    p = Page(store)
    counts = dict.fromkeys(HOME_KINDS, 0)
    for r in p.select("page-home-counts"):
        counts[str(r["kind"])] = int(r["count"])
    return counts, p.queries


def entity_list(store: Store, kind: str, lang: str = "sv") -> Data:
    """Every node of a list kind, labelled, newest first when dated."""
    if kind not in LIST_KINDS:
        known = ", ".join(LIST_KINDS)
        raise NotFound(f"no kind {kind!r}; the kinds are {known}")
    p = Page(store, lang)
    merged: dict[str, dict[str, Any]] = {}
    for r in p.select("page-list", **{"class": LIST_KINDS[kind]}):
        entry = merged.setdefault(str(r["node"]), {"labels": [], "date": ""})
        if "label" in r:
            entry["labels"].append(r["label"])
        entry["date"] = max(entry["date"], text(r, "date"))
        if "body" in r:
            entry["body"] = r["body"]
    p.prefetch(entry["body"] for entry in merged.values() if "body" in entry)
    items = []
    for iri, entry in merged.items():
        date = entry["date"][:10]
        label = pick_label(entry["labels"], lang)
        if "body" in entry:
            label = meeting_label(p, entry["body"], date, iri)
        items.append({"iri": iri, "label": label or local_name(iri), "date": date})
    items.sort(key=lambda i: i["label"].casefold())
    items.sort(key=lambda i: i["date"], reverse=True)  # stable: undated last, by label
    return p.finish({"kind": kind, "items": items})


def meeting_label(p: Page, body: Node | None, date: str, iri: str) -> str:
    if body is None:
        return local_name(iri)
    return f"{p.label(body)} {date[:10]}".strip()


# --- organisation -------------------------------------------------------------------


def organisation_page(store: Store, iri: str, lang: str = "sv") -> Data:
    p = Page(store, lang)
    data, props = _head(p, iri, "organisation")
    node = URIRef(iri)
    bodies = p.select("page-organisation-bodies", node=node)
    people = p.select("page-organisation-people", node=node)
    agreements = p.select("page-organisation-agreements", node=node)
    p.prefetch(bodies, people, agreements)
    data["scb_code"] = _first(props, GOV.scbCode)
    data["county"] = _first(props, GOV.county)
    data["notation"] = _first(props, SKOS.notation)
    data["bodies"] = [{"body": p.ref(r["body"]), "relation": text(r, "relation")} for r in bodies]
    evidence = p.evidence(r["via"] for r in people)
    seen: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in people:
        key = (str(r["person"]), str(r["body"]), text(r, "role"))
        entry = seen.setdefault(
            key,
            {
                "person": p.ref(r["person"]),
                "body": p.ref(r["body"]),
                "role": p.ref(r.get("role")),
                "dates": [],
                "evidence": [],
            },
        )
        date = text(r, "date")[:10]
        if date and date not in entry["dates"]:
            entry["dates"].append(date)
        for ev in evidence.get(str(r["via"]), []):
            if ev not in entry["evidence"]:
                entry["evidence"].append(ev)
    data["people"] = sorted(seen.values(), key=lambda e: e["person"]["label"])
    for entry in data["people"]:
        entry["dates"].sort()
    data["agreements"] = [p.ref(r["agreement"]) for r in agreements]
    data["merges"] = _merges(p, iri)
    return p.finish(data)


# --- body ---------------------------------------------------------------------------


# A membership row's facts (graph/queries/page-memberships.rq): row key -> property.
_MEMBERSHIP_FACTS = {
    "person": ORG.member,
    "body": ORG.organization,
    "role": ORG.role,
    "party": GOV.party,
    "organisation": GOV.represents,
    "attested": GOV.attestedOn,
}
_PERIOD_FACTS = {"start": DCAT.startDate, "end": DCAT.endDate}
# How a body's members and a person's memberships are ordered (then by the rest).
_BODY_MEMBER_ORDER = ["person", "role", "attested", "membership"]
_PERSON_MEMBERSHIP_ORDER = ["body", "attested", "role", "membership"]
_REST = ["organisation", "party", "start", "end"]


def _memberships(p: Page, relation: URIRef, node: URIRef, order: list[str]) -> list[Row]:
    """The memberships of `node` by `relation` (org:organization: of a body; org:member:
    of a person), a row for each combination of their facts (other side, role, party,
    organisation, day attested, period held), as one join of them would answer, sorted by
    the keys in `order`. Memberships without a person, body or role are left out, as are
    periods without a date."""
    keys = {str(prop): key for key, prop in {**_MEMBERSHIP_FACTS, **_PERIOD_FACTS}.items()}
    facts: dict[Node, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    periods: dict[Node, dict[Node, dict[str, list[Node]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    found: dict[Node, None] = {}
    for r in p.select("page-memberships", relation=relation, node=node):
        found.setdefault(r["membership"])
        held = periods[r["membership"]][r["period"]] if "period" in r else facts[r["membership"]]
        held[keys[str(r["field"])]].append(r["value"])
    rows: list[Row] = []
    for membership in found:
        fact = facts.get(membership, {})
        if not all(fact.get(k) for k in ("person", "body", "role")):
            continue
        choices = [[(k, v) for v in fact.get(k) or [None]] for k in _MEMBERSHIP_FACTS]
        for *cells, span in product(*choices, _spans(periods.get(membership, {}))):
            row: Row = {"membership": membership, **span}
            row.update((k, v) for k, v in cells if v is not None)
            rows.append(row)
    rows.sort(key=lambda r: tuple((k in r, str(r.get(k, ""))) for k in [*order, *_REST]))
    return rows


def _spans(periods: dict[Node, dict[str, list[Node]]]) -> list[dict[str, Node]]:
    """Each (start, end) a membership's periods give ({} for none)."""
    spans: list[dict[str, Node]] = []
    for dates in periods.values():
        for start, end in product(dates.get("start") or [None], dates.get("end") or [None]):
            span = {k: v for k, v in (("start", start), ("end", end)) if v is not None}
            if span not in spans:
                spans.append(span)
    return spans or [{}]


def _membership_rows(p: Page, rows: list[Row], other: str) -> list[dict[str, Any]]:
    """Memberships merged per (other side, role): attested days and periods."""
    evidence = p.evidence(r["membership"] for r in rows)
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (str(r[other]), str(r["role"]))
        entry = merged.setdefault(
            key,
            {
                other: p.ref(r[other]),
                "role": p.ref(r["role"]),
                "party": p.ref(r.get("party")),
                "organisation": p.ref(r.get("organisation")),
                "attested": [],
                "periods": [],
                "evidence": [],
            },
        )
        day = text(r, "attested")
        if day and day not in entry["attested"]:
            entry["attested"].append(day)
        if "start" in r or "end" in r:
            period = {"from": text(r, "start"), "to": text(r, "end")}
            if period not in entry["periods"]:
                entry["periods"].append(period)
        for ev in evidence.get(str(r["membership"]), []):
            if ev not in entry["evidence"]:
                entry["evidence"].append(ev)
    found = list(merged.values())
    for entry in found:
        entry["attested"].sort()
        entry["first"] = min(entry["attested"] + [x["from"] for x in entry["periods"]] or [""])
        entry["last"] = max(entry["attested"] + [x["to"] for x in entry["periods"]] or [""])
    return found


def _role_rank(role: dict[str, str] | None) -> int:
    iris = [str(r) for r in ROLE_ORDER]
    return iris.index(role["iri"]) if role and role["iri"] in iris else len(iris)


def body_page(store: Store, iri: str, lang: str = "sv") -> Data:
    p = Page(store, lang)
    data, props = _head(p, iri, "body")
    node = URIRef(iri)
    members = _memberships(p, ORG.organization, node, _BODY_MEMBER_ORDER)
    meetings = p.select("page-body-meetings", node=node)
    agreements = p.select("page-body-agreements", node=node)
    p.prefetch(members, meetings, agreements)
    data["alt_labels"] = sorted(str(v) for v in props.get(str(SKOS.altLabel), []))
    data["body_kind"] = (_refs(p, props, GOV.bodyKind) or [None])[0]
    data["status"] = (_refs(p, props, GOV.bodyStatus) or [None])[0]
    data["county"] = _first(props, GOV.county)
    data["run_by"] = _refs(p, props, GOV.runBy)
    data["host"] = _refs(p, props, GOV.host)
    rows = _membership_rows(p, members, "person")
    rows.sort(key=lambda e: (_role_rank(e["role"]), e["person"]["label"]))
    data["members"] = rows
    data["chairs"] = [e for e in rows if _role_rank(e["role"]) <= 1]
    by_year: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in meetings:
        date = text(r, "date")[:10]
        entry = {
            "meeting": p.ref(r["meeting"], meeting_label(p, node, date, str(r["meeting"]))),
            "date": date,
            "document": p.ref(r.get("document")),
        }
        if entry not in by_year[date[:4] or "?"]:
            by_year[date[:4] or "?"].append(entry)
    data["meetings_by_year"] = [
        {"year": year, "meetings": by_year[year]} for year in sorted(by_year, reverse=True)
    ]
    data["agreements"] = [
        {"agreement": p.ref(r["agreement"]), "relation": text(r, "relation")} for r in agreements
    ]
    data["merges"] = _merges(p, iri)
    return p.finish(data)


def _optional_history(name: str, store: Store, iri: str, **options: Any) -> dict[str, Any] | None:
    """The history module's answer for a node, when that module can give one."""
    try:
        from . import history
    except ImportError:  # pragma: no cover - the module ships with the package
        return None
    function = getattr(history, name, None)
    if function is None:
        return None
    try:
        return function(store, iri, **options).to_json()
    except GraphError:
        return None


# --- person -------------------------------------------------------------------------


def person_page(store: Store, iri: str, lang: str = "sv") -> Data:
    p = Page(store, lang)
    data, props = _head(p, iri, "person")
    node = URIRef(iri)
    memberships = _memberships(p, ORG.member, node, _PERSON_MEMBERSHIP_ORDER)
    attendance = p.select("page-person-attendance", node=node)
    other = p.select("page-person-other", node=node)
    p.prefetch(memberships, attendance, other)
    data["name"] = _first(props, FOAF.name)
    data["alt_labels"] = sorted(str(v) for v in props.get(str(SKOS.altLabel), []))
    rows = _membership_rows(p, memberships, "body")
    rows.sort(key=lambda e: (e["first"], e["body"]["label"]))
    data["memberships"] = rows
    data["bodies"] = _unique([e["body"] for e in rows] + _attended_bodies(p, attendance))
    data["attendance"] = _attendance_rows(p, attendance)
    data["names_written"] = sorted({text(r, "nameText") for r in attendance} - {""})
    data["mentions"] = [
        {"node": p.ref(r["node2"]), "relation": text(r, "relation"), "context": p.ref(r["context"])}
        for r in other
    ]
    data["merges"] = _merges(p, iri)
    return p.finish(data)


def _unique(refs: list[dict[str, str] | None]) -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for ref in refs:
        if ref is not None:
            seen.setdefault(ref["iri"], ref)
    return list(seen.values())


def _attended_bodies(p: Page, rows: list[Row]) -> list[dict[str, str] | None]:
    return [p.ref(r.get("body")) for r in rows]


def _attendance_rows(p: Page, rows: list[Row]) -> list[dict[str, Any]]:
    evidence = p.evidence(r["attendance"] for r in rows)
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        date = text(r, "date")[:10]
        entry = merged.setdefault(
            str(r["attendance"]),
            {
                "meeting": p.ref(r["meeting"], meeting_label(p, r.get("body"), date, "")),
                "date": date,
                "body": p.ref(r.get("body")),
                "roles": [],
                "present": text(r, "present") != "false",
                "sections": _sections(r),
                "evidence": evidence.get(str(r["attendance"]), []),
            },
        )
        role = p.ref(r.get("role"))
        if role and role not in entry["roles"]:
            entry["roles"].append(role)
    return sorted(merged.values(), key=lambda e: e["date"], reverse=True)


def _sections(r: Row) -> str:
    if "fromSection" not in r:
        return ""
    start, end = text(r, "fromSection"), text(r, "toSection")
    return f"§§ {start}–{end}" if end and end != start else f"§ {start}"


# --- meeting ------------------------------------------------------------------------


def meeting_page(store: Store, iri: str, lang: str = "sv") -> Data:
    p = Page(store, lang)
    data, props = _head(p, iri, "meeting")
    node = URIRef(iri)
    documents = p.select("page-meeting-document", node=node)
    attendance = p.select("page-meeting-attendance", node=node)
    items = p.select("page-meeting-items", node=node)
    p.prefetch(documents, attendance, items)
    body = (props.get(str(GOV.body)) or [None])[0]
    date = _first(props, DCT.date)
    data["label"] = meeting_label(p, body, date, iri)
    data["body"] = p.ref(body)
    data["body_text"] = _first(props, GOV.bodyText)
    data["date"] = date
    data["start_time"] = _first(props, GOV.startTime)[:5]
    data["end_time"] = _first(props, GOV.endTime)[:5]
    data["place"] = _first(props, GOV.place)
    data["digital"] = _first(props, GOV.digital)
    data["diary_number"] = _first(props, GOV.diaryNumber)
    data["section_range"] = _first(props, GOV.sectionRange)
    data["organisation_text"] = _first(props, GOV.organisationText)
    data["documents"] = [
        {"document": p.ref(r["document"]), "relation": text(r, "relation")} for r in documents
    ]
    data["attendance_groups"] = _attendance_groups(p, attendance)
    data["items"] = _meeting_items(p, items)
    return p.finish(data)


def _attendance_groups(p: Page, rows: list[Row]) -> list[dict[str, Any]]:
    """The attendance list grouped by presence and role, in list order."""
    evidence = p.evidence(r["attendance"] for r in rows)
    people: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = people.setdefault(
            str(r["attendance"]),
            {
                "person": p.ref(r["person"]),
                "name_text": text(r, "nameText"),
                "present": text(r, "present") != "false",
                "roles": [],
                "party": p.ref(r.get("party")),
                "organisation": p.ref(r.get("organisation")),
                "organisation_text": text(r, "organisationText"),
                "job_title": text(r, "jobTitle"),
                "group": text(r, "group"),
                "sections": _sections(r),
                "order": int(text(r, "order") or 0),
                "evidence": evidence.get(str(r["attendance"]), []),
            },
        )
        role = p.ref(r.get("role"))
        if role and role not in entry["roles"]:
            entry["roles"].append(role)
    groups: dict[tuple[bool, int, str], dict[str, Any]] = {}
    for entry in sorted(people.values(), key=lambda e: e["order"]):
        entry["roles"].sort(key=_role_rank)
        first = entry["roles"][0] if entry["roles"] else None
        key = (not entry["present"], _role_rank(first), first["iri"] if first else "")
        group = groups.setdefault(key, {"present": entry["present"], "role": first, "people": []})
        group["people"].append(entry)
    return [groups[k] for k in sorted(groups)]


def _meeting_items(p: Page, rows: list[Row]) -> list[dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        entry = merged.setdefault(
            str(r["item"]),
            {
                "item": p.ref(r["item"]),
                "number": text(r, "number"),
                "title": text(r, "title"),
                "kind": p.ref(r.get("kind")),
                "section": text(r, "sectionLabel"),
                "decision": None,
            },
        )
        if "decision" in r:
            decision = entry["decision"] or {
                "iri": str(r["decision"]),
                "text": text(r, "decisionText"),
                "types": [],
            }
            kind = p.ref(r.get("decisionType"))
            if kind and kind not in decision["types"]:
                decision["types"].append(kind)
            entry["decision"] = decision
    evidence = p.evidence(
        [URIRef(i) for i in merged]
        + [URIRef(e["decision"]["iri"]) for e in merged.values() if e["decision"]]
    )
    for iri, entry in merged.items():
        entry["evidence"] = evidence.get(iri, [])
        if entry["decision"]:
            entry["decision"]["evidence"] = evidence.get(entry["decision"]["iri"], [])
    return list(merged.values())


# --- agenda item --------------------------------------------------------------------

FACT_TYPES = (
    (GOV.Termination, "termination"),
    (GOV.Establishment, "establishment"),
    (GOV.Milestone, "milestone"),
    (GOV.Assignment, "assignment"),
    (GOV.Agreement, "agreement"),
    (GOV.Decision, "decision"),
    (GOV.Event, "event"),
    (GOV.Meeting, "meeting"),
    (GOV.Issue, "issue"),
    (FOAF.Person, "person"),
    (FOAF.Document, "document"),
)


def item_page(store: Store, iri: str, lang: str = "sv") -> Data:
    p = Page(store, lang)
    data, props = _head(p, iri, "item")
    node = URIRef(iri)
    related = p.select("page-item-facts", node=node)
    facts = _fact_details(p, [r["fact"] for r in related])
    p.prefetch(related)
    meeting = (props.get(str(GOV.meeting)) or [None])[0]
    data["meeting"] = p.ref(meeting, _meeting_ref_label(p, meeting))
    data["number"] = _first(props, GOV.itemNumber)
    data["title"] = _first(props, DCT.title)
    data["section"] = _first(props, GOV.sectionLabel)
    data["item_kind"] = (_refs(p, props, GOV.itemKind) or [None])[0]
    data["text"] = _first(props, GOV.itemText)
    data["topics"] = _refs(p, props, GOV.topic)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in related:
        relation = text(r, "relation")
        detail = facts.get(str(r["fact"]), {"node": p.ref(r["fact"])})
        if detail not in groups[relation]:
            groups[relation].append(detail)
    decisions = groups.pop("decision", [])
    data["decision"] = decisions[0] if decisions else None
    data["facts"] = groups.pop("fact", [])
    data["reported_back"] = groups.pop("reportedBack", [])
    data["documents"] = groups.pop("document", [])
    data["references"] = groups.pop("reference", []) + groups.pop("approvesMinutesOf", [])
    data["presenters"] = groups.pop("presenter", [])
    data["issues"] = groups.pop("issue", [])
    return p.finish(data)


def _meeting_ref_label(p: Page, meeting: Node | None) -> str | None:
    if meeting is None:
        return None
    rows = p.select("page-properties", node=URIRef(str(meeting)))
    props = {str(r["p"]): r["o"] for r in rows}
    body = props.get(str(GOV.body))
    return meeting_label(p, body, str(props.get(str(DCT.date), "")), str(meeting))


def _fact_details(p: Page, nodes: list[Node]) -> dict[str, dict[str, Any]]:
    """Kind, text, dates and related nodes of the facts an item page lists."""
    rows = p.select_values("page-fact-details", "node", nodes)
    p.prefetch(rows)
    evidence = p.evidence(nodes)
    merged: dict[str, dict[str, Any]] = {}
    for r in rows:
        iri = str(r["node"])
        entry = merged.setdefault(
            iri,
            {
                "node": p.ref(r["node"]),
                "types": set(),
                "text": "",
                "date_text": "",
                "date": "",
                "report_back": "",
                "status": None,
                "related": [],
                "evidence": evidence.get(iri, []),
            },
        )
        entry["types"].add(str(r["type"]))
        entry["text"] = entry["text"] or text(r, "text")
        entry["date_text"] = entry["date_text"] or text(r, "dateText")
        entry["date"] = entry["date"] or text(r, "date")[:10]
        entry["report_back"] = (
            entry["report_back"] or text(r, "reportBackText") or text(r, "reportBackDate")
        )
        entry["status"] = entry["status"] or p.ref(r.get("status"))
        if "relation" in r:
            target = r["target"]
            value = (
                p.ref(target) if isinstance(target, URIRef) else {"iri": "", "label": str(target)}
            )
            pair = {"relation": p.ref(r["relation"]), "value": value}
            if pair not in entry["related"]:
                entry["related"].append(pair)
    for entry in merged.values():
        types = entry.pop("types")
        entry["fact_kind"] = next((k for t, k in FACT_TYPES if str(t) in types), "node")
    return merged


# --- agreement ----------------------------------------------------------------------


def agreement_page(store: Store, iri: str, lang: str = "sv") -> Data:
    p = Page(store, lang)
    data, props = _head(p, iri, "agreement")
    node = URIRef(iri)
    parts = p.select("page-agreement-parts", node=node)
    part_nodes = [
        r["part"] for r in parts if text(r, "relation") in {"signature", "rule", "seatRule"}
    ]
    details = p.select_values("page-agreement-details", "node", part_nodes)
    events = _fact_details(p, [r["part"] for r in parts if text(r, "relation") == "event"])
    p.prefetch(parts, details)
    data["title"] = _first(props, DCT.title)
    data["status"] = (_refs(p, props, GOV.agreementStatus) or [None])[0]
    fields = {
        "in_force_from": GOV.inForceFrom,
        "in_force_text": GOV.inForceText,
        "in_force_condition": GOV.inForceCondition,
        "notice_period": GOV.noticePeriod,
        "review_interval": GOV.reviewInterval,
        "time_limited": GOV.timeLimited,
        "approved_by": GOV.approvedByText,
        "pending": GOV.pendingText,
        "agreement_kind": GOV.agreementKind,
    }
    data["fields"] = {key: _first(props, prop) for key, prop in fields.items()}
    by_part: dict[str, dict[str, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for r in details:
        by_part[str(r["node"])][local_name(str(r["p"]))].append(r["o"])
    evidence = p.evidence(part_nodes)
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in parts:
        relation, part = text(r, "relation"), str(r["part"])
        if relation == "event":
            entry = events.get(part, {"node": p.ref(part)})
        else:
            fields_of = by_part.get(part, {})
            entry = {
                "node": p.ref(part),
                "fields": {
                    k: [
                        p.ref(v) if isinstance(v, URIRef) else {"iri": "", "label": str(v)}
                        for v in vs
                    ]
                    for k, vs in sorted(fields_of.items())
                },
                "evidence": evidence.get(part, []),
            }
        if entry not in groups[relation]:
            groups[relation].append(entry)
    data["parts"] = dict(groups)
    data["lifecycle"] = _optional_history("agreement_lifecycle", store, iri)
    return p.finish(data)


# --- issue --------------------------------------------------------------------------


def issue_page(store: Store, iri: str, lang: str = "sv") -> Data:
    from .history import PAGE_ENTRIES

    p = Page(store, lang)
    data, props = _head(p, iri, "issue")
    items = p.select("page-issue-items", node=URIRef(iri))
    p.prefetch(items)
    data["county"] = _first(props, GOV.county)
    data["topics"] = _refs(p, props, GOV.topic)
    data["diary_number"] = _first(props, GOV.diaryNumber)
    merged: dict[str, dict[str, Any]] = {}
    for r in items:
        date = text(r, "date")[:10]
        entry = merged.setdefault(
            str(r["item"]),
            {
                "item": p.ref(r["item"]),
                "meeting": p.ref(r.get("meeting"), meeting_label(p, r.get("body"), date, "")),
                "date": date,
                "rules": [],
                "words": [],
            },
        )
        for key, field in (("rule", "rules"), ("words", "words")):
            value = text(r, key)
            if value and value not in entry[field]:
                entry[field].append(value)
    data["items"] = sorted(merged.values(), key=lambda e: (e["date"], e["item"]["label"]))
    # the first page of the history: an issue of ten years has thousands of entries, and
    # the rest come page by page from /api/history
    history = _optional_history("issue_history", store, iri, limit=PAGE_ENTRIES)
    if history is not None:
        for entry in history["entries"]:
            quote = entry.get("quote") or {}
            entry["passage"] = passage_of(
                quote.get("document", ""), quote.get("start"), quote.get("end")
            )
    data["history"] = history
    return p.finish(data)


# --- generic ------------------------------------------------------------------------


def generic_page(store: Store, iri: str, lang: str = "sv") -> Data:
    """Any other node: its triples, the nodes pointing to it, labelled and linked."""
    p = Page(store, lang)
    data, props = _head(p, iri, "generic")
    incoming = p.select("page-incoming", node=URIRef(iri))
    p.prefetch(props.keys() and [URIRef(k) for k in props], incoming)
    data["properties"] = [
        {
            "property": p.ref(prop),
            "values": [_value(p, v) for v in sorted(values, key=str)],
        }
        for prop, values in sorted(props.items())
    ]
    data["incoming"] = [{"subject": p.ref(r["s"]), "property": p.ref(r["p"])} for r in incoming]
    data["is_passage"] = str(GOV.Passage) in {str(t) for t in props.get(str(RDF.type), [])}
    return p.finish(data)


def _value(p: Page, value: Node) -> dict[str, str]:
    if isinstance(value, URIRef):
        return {"iri": str(value), "label": p.label(value)}
    lang = getattr(value, "language", None) or ""
    datatype = str(getattr(value, "datatype", None) or "")
    return {"iri": "", "label": str(value), "lang": lang, "datatype": local_name(datatype)}


PAGE_BUILDERS = {
    "organisation": organisation_page,
    "body": body_page,
    "person": person_page,
    "meeting": meeting_page,
    "item": item_page,
    "agreement": agreement_page,
    "issue": issue_page,
    "generic": generic_page,
}


# --- source -------------------------------------------------------------------------


def source_page(store: Store, passage: str, lang: str = "sv", context: int = 1200) -> Data:
    """A passage with the text of its document around it."""
    node = check_iri(passage)
    p = Page(store, lang)
    rows = p.select("page-source", passage=node)
    if not rows:
        raise NotFound(f"no passage {passage} in the graph")
    r = rows[0]
    p.prefetch(rows)
    start = int(text(r, "start")) if "start" in r else None
    end = int(text(r, "end")) if "end" in r else None
    data: Data = {
        "kind": "source",
        "passage": passage,
        "quote": text(r, "quote"),
        "section": text(r, "section"),
        "start": start,
        "end": end,
        "document": p.ref(r["document"]),
        "identifier": text(r, "identifier"),
        "cited_by": _unique([p.ref(row.get("node")) for row in rows]),
        "excerpt": None,
    }
    raw = text(r, "sourceText") or None
    if raw is not None and start is not None and end is not None and end <= len(raw):
        lo, hi = max(0, start - context), min(len(raw), end + context)
        data["excerpt"] = {
            "before": raw[lo:start],
            "passage": raw[start:end],
            "after": raw[end:hi],
            "cut_before": lo > 0,
            "cut_after": hi < len(raw),
        }
    return p.finish(data)
