"""One file on its own: its graph, its Turtle, and its summary JSON read back by SPARQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rdflib import Graph

from .mapping_base import MappedDocument
from .namespaces import bind_all
from .ontology_graph import ensure_ontology
from .pipeline import RDF_FORMATS, graph_document, parse_rdf
from .sources import read_source
from .store import Store
from .summary import summarise


def mapped_file(path: str | Path) -> MappedDocument:
    return graph_document(read_source(path))


def graph_of_file(path: str | Path) -> Graph:
    """The graph of an RDF file, or of a protocol/agreement after extraction."""
    p = Path(path)
    if p.suffix.lower() in RDF_FORMATS:
        if not p.is_file():
            from .errors import InputError

            raise InputError(f"{p}: no such file")
        return parse_rdf(p.read_bytes(), p.name)
    return mapped_file(p).graph


def extract_turtle(path: str | Path) -> str:
    graph = mapped_file(path).graph
    bind_all(graph)
    return graph.serialize(format="turtle")


def extract_summary(path: str | Path) -> dict[str, Any]:
    """The document's summary, from a store that holds only its graph and the ontology."""
    mapped = mapped_file(path)
    store = Store.memory()
    ensure_ontology(store)
    store.replace_graph(str(mapped.graph_iri), mapped.graph)
    return summarise(store)
