"""The partitions of the derived graphs: one per county, so a load re-derives only its own.

Issues group the agenda items of one county, and lineage links join the events, decisions
and agreements of those issues, so both are derived per partition: the county of a body
(`gov:county`), or "se" for a body whose county is not known. Partition `c` is written to
the named graphs id:graph/derived/issues/<c> and id:graph/derived/lineage/<c>.

The queries of the derivation (issues-*.rq, lineage-rule-*.rq) say with `#PARTITION`
lines where the partition's bodies are joined; `partition_query` puts a VALUES block of
those bodies there. (A VALUES block of distinct bodies rather than a pattern on
gov:county: a body is described again in every document that names it, and the union of
the document graphs repeats its triples as often.)

`graph_partitions(store, graph)` says which partitions a document graph takes part in,
so that a load or a withdrawal re-derives those and no others; `None` means every
partition (a graph of topics, or one that names no body, meeting or region).
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef

from ..namespaces import ID
from ..queries import load_query
from ..store import Store

DERIVED_PREFIX = str(ID["graph/derived/"])
ISSUES_PREFIX = f"{DERIVED_PREFIX}issues/"
LINEAGE_PREFIX = f"{DERIVED_PREFIX}lineage/"


def issues_graph_iri(county: str) -> URIRef:
    return URIRef(f"{ISSUES_PREFIX}{county}")


def lineage_graph_iri(county: str) -> URIRef:
    return URIRef(f"{LINEAGE_PREFIX}{county}")


def is_derived(graph_iri: str) -> bool:
    return graph_iri.startswith(DERIVED_PREFIX)


def partitions(store: Store) -> set[str]:
    """Every partition the store's bodies make."""
    return {str(r["county"]) for r in store.select(load_query("derive-partitions"))}


UNPLACED = "se"  # the partition of the bodies whose county is not known
EVERY = "*"  # what derive-node-partitions.rq answers for a node every partition reads
NODE_BATCH = 500  # nodes per query
PLACEHOLDER = re.compile(r"^[ \t]*#PARTITION\b.*$", re.MULTILINE)


def partition_bodies(store: Store, county: str) -> list[URIRef]:
    """The distinct bodies of a partition."""
    if county == UNPLACED:
        rows = store.select(load_query("derive-partition-bodies-unplaced"))
    else:
        rows = store.select(load_query("derive-partition-bodies"), {"county": Literal(county)})
    return sorted({row["body"] for row in rows if isinstance(row.get("body"), URIRef)})


def partition_query(name: str, bodies: list[URIRef]) -> str:
    """The derivation query `name` joined to the bodies of one partition."""
    text = load_query(name)
    if not PLACEHOLDER.search(text):
        raise ValueError(f"query {name!r} has no #PARTITION line")
    values = " ".join(f"<{body}>" for body in bodies)
    return PLACEHOLDER.sub(lambda _m: f"  VALUES ?body {{ {values} }}", text)


def derived_partitions(store: Store) -> set[str]:
    """The partitions that have a derived graph in the store now."""
    found = set()
    for name in store.graph_names():
        for prefix in (ISSUES_PREFIX, LINEAGE_PREFIX):
            if name.startswith(prefix):
                found.add(name.removeprefix(prefix))
    return found


def graph_partitions(store: Store, graph_iri: str) -> set[str] | None:
    """The partitions the named graph takes part in; None for all of them."""
    if is_derived(graph_iri) or not store.has_graph(graph_iri):
        return set()
    graph = store.named_graph(graph_iri)
    nodes = sorted(
        {str(t) for triple in graph for t in (triple[0], triple[2]) if isinstance(t, URIRef)}
    )
    found: set[str] = set()
    for start in range(0, len(nodes), NODE_BATCH):
        values = " ".join(f"<{node}>" for node in nodes[start : start + NODE_BATCH])
        query = load_query("derive-node-partitions").replace(
            "#NODES", f"VALUES ?node {{ {values} }}"
        )
        found.update(str(row["county"]) for row in store.select(query))
    if EVERY in found or not found:
        return None
    return found


def write_partition(store: Store, graph_iri: URIRef, graph: Graph) -> None:
    """Replace a derived graph; an empty one is removed rather than kept empty."""
    if len(graph):
        store.replace_graph(str(graph_iri), graph)
    elif store.has_graph(str(graph_iri)):
        store.drop_graph(str(graph_iri))
