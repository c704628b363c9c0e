"""The namespaces govkg uses, and the SPARQL prefix block built from them."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

GOV = Namespace("https://w3id.org/govkg/ontology#")
ID = Namespace("https://w3id.org/govkg/id/")
GOVSH = Namespace("https://w3id.org/govkg/shapes#")
DCT = DCTERMS

PREFIXES: dict[str, str] = {
    "gov": str(GOV),
    "id": str(ID),
    "org": str(ORG),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "skos": str(SKOS),
    "time": str(TIME),
    "dcat": str(DCAT),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

LOADS_GRAPH = ID["graph/loads"]  # where each load is recorded
STATE_GRAPH = ID["graph/state"]  # the revision of each named graph and of the store


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_all(graph) -> None:
    """Bind our prefixes on an rdflib Graph or Dataset (for readable Turtle)."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)


__all__ = [
    "DCAT", "DCT", "FOAF", "GOV", "GOVSH", "ID", "LOADS_GRAPH", "ORG", "OWL", "PREFIXES",
    "PROV", "RDF", "RDFS", "SKOS", "STATE_GRAPH", "TIME", "XSD", "bind_all", "sparql_prefixes",
]  # fmt: skip
