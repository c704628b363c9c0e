"""What the store already knows, for resolving names and validating new data.

`from_store` fills an identity `Registry` with the people and bodies in the store;
`context_for` fetches what a new graph is validated with: the stored data the shapes can
look at from the nodes it touches (graph/validation_context.py).
"""

from __future__ import annotations

from rdflib import Graph

from .identity import Known, Registry
from .queries import load_query
from .store import Store
from .store_base import GraphStore
from .validate import ValidationContext
from .validation_context import load_context


def from_store(store: Store) -> Registry:
    registry = Registry()
    for row in store.select(load_query("registry-persons")):
        iri = str(row["person"])
        known = registry.persons.get(iri)
        if known is None:
            known = registry.persons[iri] = Known(
                iri, {str(row["name"])}, preferred=str(row["name"])
            )
        if "alt" in row:
            known.names.add(str(row["alt"]))
        if "context" in row:
            known.contexts.add(str(row["context"]))
    for row in store.select(load_query("registry-bodies")):
        iri = str(row["body"])
        known = registry.bodies.get(iri)
        if known is None:
            kind = str(row["kind"]).rsplit("#", 1)[-1] if "kind" in row else "OtherBody"
            county = str(row["county"]) if "county" in row else None
            known = registry.bodies[iri] = Known(
                iri, {str(row["label"])}, county=county, kind=kind, preferred=str(row["label"])
            )
        if "alt" in row:
            known.names.add(str(row["alt"]))
    return registry


def context_for(
    graph: Graph, store: GraphStore, *, exclude_graph: str | None = None
) -> ValidationContext:
    """What `graph` is validated with when it is written as `exclude_graph` (or as a new
    graph): the stored triples the shapes can look at, and the scope of its report (see
    graph/validation_context.py). Pass it to `graph.validate.validate` as `context`."""
    return load_context(graph, store, exclude_graph)
