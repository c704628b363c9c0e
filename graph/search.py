"""Full-text search over labels, titles, names, tasks, decision texts and item texts.

`search(store, text, limit)` finds the nodes with a text that holds every word of `text`,
anywhere in a word, ignoring case and diacritics ("hjalpmedel" finds "Hjälpmedelsnämnden").
The matching texts, and the kinds and labels of their nodes, come from the text index
(graph/text_index.py), brought in step with the store first (one tiny query when it is).
Without a usable index (say, a read-only data directory where none could be made) they
come from SPARQL over the store: graph/queries/search.rq, which filters on the longest
word with LCASE and the diacritics it folds, then the nodes' types and labels; slower, and
the same answers as long as fewer than MAX_ROWS texts hold that word. Every word is checked
on each text here, and the snippet is cut around the longest. Hits are ranked by their
node's kind, then the property that matched, then the label: only the nodes up to the
limit's kind and property have their labels read (at 10M triples a common word matches
thousands of nodes, most of them ranked out by kind and property alone).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass

from rdflib import Literal, URIRef

from . import text_index
from .pages import local_name, pick_label
from .queries import load_query
from .store import Store, values_block
from .text_index import Row, fold, kind_of

log = logging.getLogger(__name__)

SNIPPET = 60  # characters of context either side of the match
MAX_ROWS = 2000  # matching texts considered per search
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
    found = _from_index(store, query) or _from_store(store, query, longest)
    best: dict[str, tuple[int, str, str, str]] = {}  # node → its best text
    names: dict[str, str] = {}
    for iri, prop_iri, value, folded in found.rows:
        prop = names.get(prop_iri) or names.setdefault(prop_iri, local_name(prop_iri))
        rank = PROPERTY_RANK.get(prop, 9)
        held = best.get(iri)
        if held is None or (rank, len(value)) < (held[0], len(held[2])):
            best[iri] = (rank, prop, value, folded)
    # ranked by kind, then property, then label: only the nodes up to the limit's
    # (kind, property) need their labels
    tier = {iri: (_rank(found.kinds.get(iri, "node")), held[0]) for iri, held in best.items()}
    tiers = sorted(tier.values())
    if not tiers:
        return []
    last = tiers[min(limit, len(tiers)) - 1]
    wanted = [iri for iri, t in tier.items() if t <= last]
    labels = found.labels(wanted)
    ranked = []
    for iri in wanted:
        _, prop, value, folded = best[iri]
        label = _display_label(iri, labels.get(iri, [])) or value[:120]
        ranked.append(((*tier[iri], label.casefold(), iri), iri, label, prop, value, folded))
    ranked.sort(key=lambda entry: entry[0])
    return [
        Hit(iri, found.kinds.get(iri, "node"), label, prop, *_snippet(value, folded, longest))
        for _, iri, label, prop, value, folded in ranked[:limit]
    ]


class _Label(str):
    """A label with its language, as `pick_label` reads it (lighter than a Literal)."""

    language: str | None

    def __new__(cls, text: str, language: str | None) -> _Label:
        label = super().__new__(cls, text)
        label.language = language
        return label


@dataclass(frozen=True, slots=True)
class _Found:
    """The matching texts, the kind of their nodes, and how to get their display labels."""

    rows: list[Row]
    kinds: dict[str, str]
    labels: Callable[[list[str]], dict[str, list[str]]]  # Literals, or _Labels: what
    # pick_label reads, of these nodes


def _from_index(store: Store, query: list[str]) -> _Found | None:
    """From the text index, brought in step with the store; None when there is none."""
    index = text_index.index_for(store)
    try:
        index.sync(store)
        found = index.find(query, MAX_ROWS)
    except text_index.IndexUnavailable as exc:
        log.warning("search without the text index: %s", exc)
        return None

    def labels(nodes: list[str]) -> dict[str, list[str]]:
        ids = {n: found.ids[n] for n in nodes}
        try:
            pairs = index.labels(ids)
        except text_index.IndexUnavailable as exc:
            log.warning("search labels without the text index: %s", exc)
            return _labels_from_store(store, nodes)
        return {node: [_Label(text, lang) for text, lang in ps] for node, ps in pairs.items()}

    return _Found(found.rows, found.kinds, labels)


def _from_store(store: Store, query: list[str], longest: str) -> _Found:
    """From SPARQL over the store (graph/queries/search.rq), when there is no index."""
    rows = []
    for row in store.select(load_query("search"), {"q": Literal(longest)}):
        value = str(row["text"])
        folded = fold(value)
        if all(w in folded for w in query):
            rows.append((str(row["node"]), str(row["property"]), value, folded))
    nodes = [URIRef(n) for n in dict.fromkeys(row[0] for row in rows)]
    types: dict[str, set[str]] = {}
    if nodes:
        for row in store.select(values_block(load_query("search-types"), "node", nodes)):
            types.setdefault(str(row["node"]), set()).add(str(row["type"]))
    kinds = {str(n): kind_of(types.get(str(n), ())) for n in nodes}
    return _Found(rows, kinds, lambda wanted: _labels_from_store(store, wanted))


def _labels_from_store(store: Store, nodes: list[str]) -> dict[str, list[str]]:
    labels: dict[str, list[str]] = {}
    if nodes:
        terms = [URIRef(n) for n in nodes]
        for row in store.select(values_block(load_query("page-labels"), "node", terms)):
            if isinstance(row["label"], Literal):
                labels.setdefault(str(row["node"]), []).append(row["label"])
    return labels


def _display_label(iri: str, labels: list[str]) -> str | None:
    """A node's label by the page data's rules; None when it would only be the IRI's end."""
    label = pick_label(labels) or local_name(iri)
    return None if label == iri.rsplit("/", 1)[-1] else label


def _rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)
