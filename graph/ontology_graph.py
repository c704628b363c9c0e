"""The ontology files (core, lineage, topics) as a named graph, so SPARQL sees labels."""

from __future__ import annotations

import hashlib

from rdflib import Graph

from .namespaces import ID, LOADS_GRAPH
from .settings import PROJECT_ROOT
from .store import LoadRecord, Store

ONTOLOGY_GRAPH = ID["graph/ontology"]
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"  # every *.ttl here: core, lineage, topics


def vocabulary_graph() -> tuple[Graph, str]:
    """The ontology files parsed into one graph, and a digest of their text."""
    graph = Graph()
    digest = hashlib.sha256()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        data = path.read_bytes()
        digest.update(data)
        graph.parse(data=data, format="turtle")
    return graph, digest.hexdigest()


def ensure_ontology(store: Store) -> None:
    """Load the ontology into its named graph unless the same version is already there."""
    graph, digest = vocabulary_graph()
    rows = store.select(
        "SELECT ?sha WHERE { GRAPH ?loads { ?graph gov:sha256 ?sha } }",
        {"loads": LOADS_GRAPH, "graph": ONTOLOGY_GRAPH},
    )
    if rows and str(rows[0]["sha"]) == digest:
        return
    store.replace_graph(
        str(ONTOLOGY_GRAPH),
        graph,
        LoadRecord(str(ONTOLOGY_GRAPH), "ontology/govkg.ttl", digest, len(graph)),
    )
