"""Full-text search over labels, titles, names, tasks, decision texts and item texts.

`search(store, text, limit)` finds the nodes whose texts hold every word of `text`,
ignoring case and diacritics ("hjalpmedel" finds "hjälpmedel"). The SPARQL
(graph/queries/search.rq) filters on the longest word with LCASE and folded diacritics;
the other words, and the snippet around the match, are checked here. The signature stays
as it is so a text index can replace the query later.
"""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass

from rdflib import Literal, URIRef

from .derive.describe import KINDS
from .namespaces import FOAF, ORG, SKOS
from .queries import load_query
from .store import Store

SNIPPET = 60  # characters of context either side of the match
KIND_ORDER = (
    "body",
    "organisation",
    "person",
    "meeting",
    "item",
    "decision",
    "assignment",
    "agreement",
    "issue",
    "event",
    "document",
    "node",
)
EXTRA_KINDS = (
    (FOAF.Person, "person"),
    (ORG.Organization, "organisation"),
    (FOAF.Document, "document"),
    (SKOS.Concept, "topic"),
)
EVENT_KINDS = {"termination", "establishment", "milestone", "event"}
PROPERTY_RANK = {
    "prefLabel": 0,
    "name": 0,
    "title": 0,
    "altLabel": 1,
    "label": 1,
    "task": 2,
    "decisionText": 2,
    "itemText": 3,
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One node that matched, with the text that matched and a snippet around it."""

    iri: str
    kind: str
    label: str
    property: str  # local name: prefLabel, title, name, decisionText, itemText, …
    before: str
    match: str
    after: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def fold(text: str) -> str:
    """Lower case without diacritics, one character for each character of `text`."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        return char
    base = unicodedata.normalize("NFKD", lowered)
    kept = "".join(c for c in base if not unicodedata.combining(c))
    return kept if len(kept) == 1 else lowered


def _kind(types: set[str]) -> str:
    for cls, kind in KINDS:
        if str(cls) in types:
            kind = "event" if kind in EVENT_KINDS else kind
            return kind
    for cls, kind in EXTRA_KINDS:
        if str(cls) in types:
            return kind
    return "node"


def _snippet(text: str, folded: str, word: str) -> tuple[str, str, str]:
    at = folded.find(word)
    start, end = at, at + len(word)
    lo, hi = max(0, start - SNIPPET), min(len(text), end + SNIPPET)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return before, text[start:end], after


def words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w]


def search(store: Store, text: str, limit: int = 50) -> list[Hit]:
    """Nodes whose label, title, name, task, decision or item text holds every word."""
    query = words(text)
    if not query:
        return []
    longest = max(query, key=len)
    rows = store.select(load_query("search"), {"q": Literal(longest)})
    found: dict[str, dict] = {}
    for row in rows:
        value = str(row["text"])
        folded = fold(value)
        if not all(w in folded for w in query):
            continue
        iri = str(row["node"])
        entry = found.setdefault(iri, {"types": set(), "matches": {}, "labels": []})
        if "type" in row:
            entry["types"].add(str(row["type"]))
        prop = str(row["property"]).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        entry["matches"][(prop, value)] = folded
    labels = _labels(store, list(found))
    hits = []
    for iri, entry in found.items():
        (prop, value), folded = min(
            entry["matches"].items(), key=lambda m: (PROPERTY_RANK.get(m[0][0], 9), len(m[0][1]))
        )
        before, match, after = _snippet(value, folded, longest)
        label = labels.get(iri) or value[:120]
        hits.append(Hit(iri, _kind(entry["types"]), label, prop, before, match, after))
    hits.sort(key=lambda h: (_rank(h.kind), PROPERTY_RANK.get(h.property, 9), h.label.casefold()))
    return hits[:limit]


def _rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _labels(store: Store, iris: list[str]) -> dict[str, str]:
    """A display label for each hit (the page data's label rules)."""
    from .pages import Page

    page = Page(store)
    page.prefetch([URIRef(i) for i in iris])
    labels = {}
    for iri in iris:
        label = page.label(iri)
        if label != iri.rsplit("/", 1)[-1]:
            labels[iri] = label
    return labels
