"""Words to nodes: `resolve(store, text)` finds the one node a user means.

An IRI (absolute, or `id:`-prefixed) is returned when the store holds it. Otherwise every
word must occur, as a word or the start of a word, in one label of the node (skos:prefLabel,
skos:altLabel, dct:title, foaf:name, rdfs:label, or a name composed for a fact), ignoring
case and diacritics. `kinds` says which kinds of node to prefer, in order: the first kind
with any match wins; several matches of that kind raise Ambiguous unless exactly one of them
has a label equal to the words.
"""

from __future__ import annotations

from rdflib import URIRef

from .derive.describe import KINDS
from .derive.matching import fold
from .errors import Ambiguous, NotFound
from .namespaces import FOAF, ID, SKOS
from .queries import load_query
from .store import Store

HISTORY_KINDS = ("topic", "issue", "agreement", "body", "person")
LINEAGE_KINDS = (
    "body",
    "agreement",
    "termination",
    "establishment",
    "assignment",
    "event",
    "milestone",
    "decision",
    "meeting",
    "item",
)
EXTRA_KINDS = {str(SKOS.Concept): "topic", str(FOAF.Person): "person"}
KIND_OF = {str(t): k for t, k in KINDS} | EXTRA_KINDS
MAX_CANDIDATES = 20


def _words(text: str) -> list[str]:
    return fold(text).replace("-", " ").split()


def _matches(query: list[str], label: str) -> bool:
    label_words = _words("".join(c if c.isalnum() else " " for c in label))
    return all(any(w.startswith(q) for w in label_words) for q in query)


def _kind(types: set[str]) -> str:
    for t, k in KINDS:
        if str(t) in types:
            return k
    for t, k in EXTRA_KINDS.items():
        if t in types:
            return k
    return "node"


def resolve(store: Store, text: str, kinds: tuple[str, ...] | None = None) -> str:
    """The IRI of the node `text` names; Ambiguous or NotFound otherwise."""
    text = text.strip()
    if not text:
        raise NotFound("no words given")
    if text.startswith(("http://", "https://", "id:")):
        iri = str(ID[text[3:]]) if text.startswith("id:") else text
        if store.ask(load_query("resolve-exists"), {"node": URIRef(iri)}):
            return iri
        raise NotFound(f"no node {text} in the store")
    query = _words("".join(c if c.isalnum() else " " for c in text))
    found: dict[str, tuple[set[str], list[str]]] = {}
    for row in store.select(load_query("resolve-labels")):
        label = str(row["label"])
        if not _matches(query, label):
            continue
        types, labels = found.setdefault(str(row["node"]), (set(), []))
        if "type" in row:
            types.add(str(row["type"]))
        if label not in labels:
            labels.append(label)
    if not found:
        raise NotFound(f"nothing in the store is called {text!r}")
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for iri, (types, labels) in sorted(found.items()):
        by_kind.setdefault(_kind(types), []).append((iri, min(labels, key=len)))
    order = list(kinds or ()) + sorted(k for k in by_kind if k not in (kinds or ()))
    for kind in order:
        candidates = by_kind.get(kind)
        if not candidates:
            continue
        if len(candidates) == 1:
            return candidates[0][0]
        exact = [c for c in candidates if _words(c[1]) == query]
        if len(exact) == 1:
            return exact[0][0]
        raise Ambiguous(
            f"{text!r} matches {len(candidates)} nodes ({kind}); give more words or an IRI",
            candidates[:MAX_CANDIDATES],
        )
    raise NotFound(f"nothing in the store is called {text!r}")
