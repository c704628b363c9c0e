"""What the store already knows, for resolving names and validating new data.

`from_store` fills an identity `Registry` with the people and bodies in the store (only
the people whose first name the document holds, when its words are given);
`context_for` fetches what a new graph is validated with: the stored data the shapes can
look at from the nodes it touches (graph/validation_context.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph

from .identity import Known, Registry
from .queries import load_query
from .store import Store
from .store_base import GraphStore
from .validate import ValidationContext
from .validation_context import load_context

PERSON_BATCH = 500  # people per query
WORD = re.compile(r"[^\W\d_]+")


def first_names(text: str) -> set[str]:
    """The words of a text, lower case: the first names a document can hold."""
    return {word.casefold() for word in WORD.findall(text)}


def from_store(store: Store, words: set[str] | None = None) -> Registry:
    """The people and bodies of the store; with `words` (those of the document to be
    resolved, see `first_names`), only the people whose first name is among them."""
    registry = Registry()
    for rows in _person_rows(store, words):
        _add_persons(registry, rows)
    _add_bodies(registry, store)
    return registry


def _person_rows(store: Store, words: set[str] | None) -> Iterator[list[dict]]:
    query = load_query("registry-persons")
    if words is None:
        yield store.select(query.replace("#PERSONS", ""))
        return
    names = " ".join(f'"{w}"' for w in sorted(words))  # letters only (WORD)
    candidates = load_query("registry-person-candidates").replace(
        "#FIRSTNAMES", f"VALUES ?first {{ {names} }}"
    )
    persons = sorted(str(row["person"]) for row in store.select(candidates))
    for start in range(0, len(persons), PERSON_BATCH):
        values = " ".join(f"<{p}>" for p in persons[start : start + PERSON_BATCH])
        yield store.select(query.replace("#PERSONS", f"VALUES ?person {{ {values} }}"))


def _add_persons(registry: Registry, rows: list[dict]) -> None:
    """A person's preferred name is the first of their names (in code point order, the
    same on every store); their other names and contexts are all kept."""
    facts = _facts(rows, "person")
    for iri in sorted(facts):
        fact = facts[iri]
        names = fact.get("name")
        if not names:
            continue
        preferred = min(str(name) for name in names)
        known = registry.persons.get(iri)
        if known is None:
            known = registry.persons[iri] = Known(iri, {preferred}, preferred=preferred)
        known.names |= {str(alt) for alt in fact.get("alt", ())}
        known.contexts |= {str(context) for context in fact.get("context", ())}


def _add_bodies(registry: Registry, store: Store) -> None:
    """A body's preferred name is the first of its labels (by text, then language), its
    county and kind the first of each; its other names are all kept."""
    facts = _facts(store.select(load_query("registry-bodies")), "body")
    for iri in sorted(facts):
        fact = {field.rsplit("#", 1)[-1]: values for field, values in facts[iri].items()}
        labels = fact.get("prefLabel")
        if not labels or iri in registry.bodies:
            continue
        label = min(labels, key=lambda term: (str(term), getattr(term, "language", None) or ""))
        kinds = fact.get("bodyKind")
        counties = fact.get("county")
        registry.bodies[iri] = Known(
            iri,
            {str(label)} | {str(alt) for alt in fact.get("altLabel", ())},
            county=min(str(c) for c in counties) if counties else None,
            kind=min(str(k) for k in kinds).rsplit("#", 1)[-1] if kinds else "OtherBody",
            preferred=str(label),
        )


def _facts(rows: list[dict], subject: str) -> dict[str, dict[str, list]]:
    """Rows of (subject, ?field, ?value) put together: subject IRI -> field -> values."""
    facts: dict[str, dict[str, list]] = {}
    for row in rows:
        by_field = facts.setdefault(str(row[subject]), {})
        by_field.setdefault(str(row["field"]), []).append(row["value"])
    return facts


def context_for(
    graph: Graph, store: GraphStore, *, exclude_graph: str | None = None
) -> ValidationContext:
    """What `graph` is validated with when it is written as `exclude_graph` (or as a new
    graph): the stored triples the shapes can look at, and the scope of its report (see
    graph/validation_context.py). Pass it to `graph.validate.validate` as `context`."""
    return load_context(graph, store, exclude_graph)
