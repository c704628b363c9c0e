"""What the store already knows, for resolving names and validating new data.

`from_store` fills an identity `Registry` with the people and bodies in the store;
`context_for` fetches the stored triples about the nodes a new graph mentions, so that
a load is validated together with the data it refers to, never against the whole store.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from .identity import Known, Registry
from .namespaces import ID
from .queries import load_query
from .store import Store


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


def context_for(graph: Graph, store: Store, *, exclude_graph: str | None = None) -> Graph:
    """The stored triples whose subject is a node of ours that `graph` mentions."""
    ours = str(ID)
    nodes = {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    nodes = {n for n in nodes if str(n).startswith(ours)}
    if not nodes or len(store) == 0:
        return Graph()
    context = Graph()
    nodes_list = sorted(nodes)
    for start in range(0, len(nodes_list), 500):
        values = " ".join(f"<{n}>" for n in nodes_list[start : start + 500])
        query = load_query("context-triples").replace("#VALUES", f"VALUES ?s {{ {values} }}")
        if exclude_graph:
            query = query.replace("#FILTER", f"FILTER(?g != <{exclude_graph}>)")
        context += store.construct(query)
    return context
