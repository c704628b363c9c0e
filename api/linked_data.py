"""Linked data: dereferenceable `/id/...` IRIs, the ontology and the shapes.

`/id/<rest>` stands for the IRI `https://w3id.org/govkg/id/<rest>`. A browser is sent
(303 See Other) to the browse page of the node; other clients get the node's description
(its triples as subject, plus the labels of the nodes it points to) in Turtle, N-Triples,
JSON-LD or RDF/XML. Every answer lists the formats in `Link: <…>; rel="alternate"` headers.

`/ontology` serves ontology/govkg.ttl (Turtle, or an HTML page documenting every term);
`/shapes` the SHACL shapes (Turtle, or an HTML listing with their messages).
"""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from graph.errors import NotFound
from graph.namespaces import GOVSH, ID, PREFIXES, bind_all
from graph.settings import PROJECT_ROOT

from . import negotiation

bp = Blueprint("linked_data", __name__)

ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "govkg.ttl"
SHAPES_DIR = PROJECT_ROOT / "shapes"

# The one query the API writes itself: a generic description of any node.
DESCRIBE = """
CONSTRUCT { ?node ?p ?o . ?o ?labelProperty ?label . }
WHERE {
  ?node ?p ?o .
  OPTIONAL {
    VALUES ?labelProperty { skos:prefLabel rdfs:label foaf:name dct:title }
    ?o ?labelProperty ?label .
  }
}"""
EXISTS = "ASK WHERE { { ?node ?p ?o } UNION { ?s ?p ?node } }"
INCOMING = """
SELECT ?s ?p WHERE { ?s ?p ?node } ORDER BY ?p ?s LIMIT 500"""


def store():
    return current_app.extensions["govkg"].store


def with_alternates(response: Response, url_for_format) -> Response:
    for value in negotiation.rdf_alternates(url_for_format):
        response.headers.add("Link", value)
    response.headers["Vary"] = "Accept"
    return response


def serialize(graph: Graph, fmt: negotiation.Format) -> Response:
    bind_all(graph)
    return Response(graph.serialize(format=fmt.rdflib, encoding="utf-8"), mimetype=fmt.media_type)


# --- /id/... ----------------------------------------------------------------------


@bp.get("/id/<path:rest>")
def resource(rest: str) -> Response:
    iri = URIRef(str(ID) + rest)
    if not store().ask(EXISTS, {"node": iri}):
        raise NotFound(f"No node {iri} in the graph.")

    def alternate(short: str) -> str:
        return url_for("linked_data.resource", rest=rest, format=short)

    if negotiation.wants_html(request):
        if "browse" in current_app.blueprints:
            response = redirect("/browse?" + urlencode({"iri": str(iri)}), code=303)
        else:
            response = resource_page(iri)
        return with_alternates(response, alternate)
    fmt = negotiation.choose(request, "rdf")
    description = store().construct(DESCRIBE, {"node": iri})
    return with_alternates(serialize(description, fmt), alternate)


def local_link(term: Node) -> str | None:
    """The /id/ path of a node in our namespace (None for other nodes)."""
    text = str(term)
    if isinstance(term, URIRef) and text.startswith(str(ID)):
        return "/id/" + text[len(str(ID)) :]
    return None


def resource_page(iri: URIRef) -> Response:
    description = store().construct(DESCRIBE, {"node": iri})
    outgoing = sorted((p, o) for s, p, o in description if s == iri)
    incoming = [(r["s"], r["p"]) for r in store().select(INCOMING, {"node": iri})]
    html = render_template(
        "resource.html",
        iri=iri,
        outgoing=outgoing,
        incoming=incoming,
        local_link=local_link,
        qname=qname,
        is_iri=lambda node: isinstance(node, URIRef),
        formats=negotiation.formats("rdf"),
        sparql=f"DESCRIBE <{iri}>",
    )
    return Response(html, mimetype="text/html")


def qname(term: Node) -> str:
    """A prefixed name for an IRI in one of our namespaces, else the IRI itself."""
    text = str(term)
    for prefix, namespace in [*PREFIXES.items(), ("govsh", str(GOVSH)), ("sh", str(SH))]:
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


# --- ontology and shapes ----------------------------------------------------------


@cache
def ontology_graph() -> Graph:
    graph = Graph()
    graph.parse(ONTOLOGY_FILE, format="turtle")
    return graph


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def text_of(graph: Graph, node: Node, prop: URIRef, lang: str) -> str:
    for value in graph.objects(node, prop):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


ONTOLOGY_GROUPS = (
    (OWL.Class, "Klasser"),
    (OWL.ObjectProperty, "Objektegenskaper"),
    (OWL.DatatypeProperty, "Dataegenskaper"),
    (RDF.Property, "Övriga egenskaper"),
    (OWL.AnnotationProperty, "Annoteringsegenskaper"),
    (SKOS.ConceptScheme, "Kodlistor"),
    (SKOS.Concept, "Begrepp (kodlistornas värden)"),
)


def ontology_terms() -> list[tuple[str, list[dict[str, str]]]]:
    graph = ontology_graph()
    seen: set[Node] = set()
    groups = []
    for rdf_type, title in ONTOLOGY_GROUPS:
        terms = []
        for term in sorted(set(graph.subjects(RDF.type, rdf_type)) - seen):
            if not isinstance(term, URIRef):
                continue
            seen.add(term)
            name = qname(term)
            terms.append({
                "iri": str(term), "name": name, "anchor": name.replace(":", "-"),
                "label_sv": text_of(graph, term, RDFS.label, "sv")
                or text_of(graph, term, SKOS.prefLabel, "sv"),
                "label_en": text_of(graph, term, RDFS.label, "en")
                or text_of(graph, term, SKOS.prefLabel, "en"),
                "comment_sv": text_of(graph, term, RDFS.comment, "sv")
                or text_of(graph, term, SKOS.definition, "sv"),
                "comment_en": text_of(graph, term, RDFS.comment, "en")
                or text_of(graph, term, SKOS.definition, "en"),
                "parents": [qname(p) for p in graph.objects(term, RDFS.subClassOf)
                            if isinstance(p, URIRef)]
                + [qname(p) for p in graph.objects(term, RDFS.subPropertyOf)],
            })  # fmt: skip
        if terms:
            groups.append((title, terms))
    return groups


def file_or_page(graph: Graph, raw: bytes | None, page) -> Response:
    if negotiation.wants_html(request):
        response = Response(page(), mimetype="text/html")
    else:
        fmt = negotiation.choose(request, "rdf")
        if fmt.short == "ttl" and raw is not None:
            response = Response(raw, mimetype=fmt.media_type)
        else:
            response = serialize(graph, fmt)
    return with_alternates(response, lambda short: url_for(request.endpoint, format=short,
                                                          **(request.view_args or {})))  # fmt: skip


@bp.get("/ontology")
@bp.get("/ontology/<path:term>")
def ontology(term: str | None = None) -> Response:
    def page() -> str:
        return render_template(
            "linked_data/ontology.html",
            groups=ontology_terms(),
            title=text_of(ontology_graph(), URIRef(str(PREFIXES["gov"]).rstrip("#")),
                          URIRef("http://purl.org/dc/terms/title"), "sv"),
        )  # fmt: skip

    return file_or_page(ontology_graph(), ONTOLOGY_FILE.read_bytes(), page)


def shape_listing() -> list[dict[str, object]]:
    graph = shapes_graph()
    shapes = []
    for shape in sorted(graph.subjects(RDF.type, SH.NodeShape)):
        properties = []
        for prop in graph.objects(shape, SH.property):
            path = graph.value(prop, SH.path)
            severity = graph.value(prop, SH.severity) or SH.Violation
            properties.append({
                "path": qname(path) if isinstance(path, URIRef) else "(sökväg)",
                "name": text_of(graph, prop, SH.name, "sv") or text_of(graph, prop, SH.name, "en"),
                "message": text_of(graph, prop, SH.message, "sv")
                or text_of(graph, prop, SH.message, "en"),
                "severity": qname(severity).split(":")[-1].split("#")[-1],
            })  # fmt: skip
        targets = [qname(t) for t in graph.objects(shape, SH.targetClass)]
        shapes.append({
            "name": qname(shape), "anchor": qname(shape).replace(":", "-"),
            "label": text_of(graph, shape, RDFS.label, "sv"), "targets": targets,
            "properties": sorted(properties, key=lambda p: str(p["path"])),
        })  # fmt: skip
    return shapes


@bp.get("/shapes")
def shapes() -> Response:
    def page() -> str:
        return render_template("linked_data/shapes.html", shapes=shape_listing())

    return file_or_page(shapes_graph(), None, page)
