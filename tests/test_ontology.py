"""The ontology: header, labels and definitions, and every term the shapes and the data
model use is declared with a Swedish and an English label."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDFS, SH, SKOS

from graph.validate import (
    DECLARATION_TYPES,
    ontology_graph,
    shapes_graph,
    undeclared_terms,
)

ROOT = Path(__file__).resolve().parents[1]
GOV = Namespace("https://w3id.org/govkg/ontology#")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY = URIRef("https://w3id.org/govkg/ontology")
PREFIXES = {
    "gov": str(GOV),
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": str(DCTERMS),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": str(SKOS),
    "dcat": "http://www.w3.org/ns/dcat#",
    "time": "http://www.w3.org/2006/time#",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ROOT / "ontology" / "govkg.ttl", format="turtle")


def declared(graph: Graph) -> set[URIRef]:
    return {
        s for t in DECLARATION_TYPES for s in graph.subjects(RDF.type, t) if isinstance(s, URIRef)
    }


def languages(graph: Graph, term: URIRef, prop: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(term, prop) if isinstance(o, Literal)}


def test_header_checklist(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    assert {"sv", "en"} <= languages(onto, ONTOLOGY, DCTERMS.title)
    for prop in (
        DCTERMS.description,
        OWL.versionIRI,
        VANN.preferredNamespacePrefix,
        VANN.preferredNamespaceUri,
        DCTERMS.modified,
    ):
        assert onto.value(ONTOLOGY, prop) is not None, prop
    assert str(onto.value(ONTOLOGY, OWL.versionInfo)) == "0.1.0"
    assert onto.value(ONTOLOGY, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    assert str(onto.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(GOV)


def test_every_term_has_labels_and_definition(onto: Graph) -> None:
    missing = []
    for term in sorted(declared(onto)):
        if not {"sv", "en"} <= languages(onto, term, RDFS.label):
            missing.append(f"{term}: rdfs:label @sv and @en")
        if not languages(onto, term, RDFS.comment):
            missing.append(f"{term}: rdfs:comment")
    assert not missing, "\n".join(missing)


def test_every_term_of_the_data_model_is_declared(onto: Graph) -> None:
    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    names = set(
        re.findall(r"\b(gov|org|prov|dct|foaf|skos|dcat|time):([A-Za-z][A-Za-z0-9]*)", text)
    )
    terms = {URIRef(PREFIXES[prefix] + local) for prefix, local in names}
    assert len(terms) > 100
    assert sorted(terms - declared(onto)) == []


def test_every_term_the_shapes_use_is_declared_with_labels() -> None:
    shapes, ontology = shapes_graph(), ontology_graph()
    used: set[URIRef] = set()
    for prop in (SH.targetClass, SH["class"], SH.path, SH.targetSubjectsOf, SH.hasValue):
        used |= {o for o in shapes.objects(None, prop) if isinstance(o, URIRef)}
    for members in shapes.objects(None, SH["in"]):
        used |= {m for m in shapes.items(members) if isinstance(m, URIRef)}
    missing = [
        term
        for term in sorted(used)
        if term not in declared(ontology)
        or not {"sv", "en"} <= languages(ontology, term, RDFS.label)
    ]
    assert missing == []


def test_every_class_has_a_shape() -> None:
    shapes, ontology = shapes_graph(), ontology_graph()
    classes = {c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(GOV))}
    targets = set(shapes.objects(None, SH.targetClass))
    assert sorted(classes - targets) == []


def test_dangling_rule_covers_every_reference_property() -> None:
    shapes, ontology = shapes_graph(), ontology_graph()
    coded = {SKOS.Concept, URIRef("http://www.w3.org/ns/org#Role")}
    properties = {
        p
        for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
        if str(p).startswith(str(GOV)) and ontology.value(p, RDFS.range) not in coded
    }
    shape = URIRef("https://w3id.org/govkg/shapes#DanglingReferenceShape")
    assert sorted(properties - set(shapes.objects(shape, SH.targetSubjectsOf))) == []


def test_property_shapes_speak_both_languages() -> None:
    shapes = shapes_graph()
    for prop_shape in shapes.objects(None, SH.property):
        for prop in (SH.name, SH.description, SH.message):
            assert {"sv", "en"} <= languages(shapes, prop_shape, prop), (prop_shape, prop)
    for constraint in shapes.objects(None, SH.sparql):
        assert {"sv", "en"} <= languages(shapes, constraint, SH.message)


def test_role_and_item_kind_labels(onto: Graph) -> None:
    roles = {
        str(label)
        for role in onto.subjects(SKOS.inScheme, GOV.RoleScheme)
        for label in onto.objects(role, SKOS.prefLabel)
        if label.language == "sv"
    }
    assert roles == {
        "ordförande",
        "vice ordförande",
        "ledamot",
        "ersättare",
        "tjänstgörande ersättare",
        "justerare",
        "sekreterare",
        "protokollförare",
        "adjungerad",
        "föredragande",
        "övrig",
    }
    assert str(onto.value(GOV.DecisionItem, SKOS.notation)) == "beslut"
    assert str(onto.value(GOV.InformationItem, SKOS.notation)) == "information"
    assert Literal("beslutsärende", lang="sv") in set(
        onto.objects(GOV.DecisionItem, SKOS.prefLabel)
    )


def test_undeclared_terms() -> None:
    valid = ROOT / "tests" / "data" / "shapes" / "valid"
    for path in sorted(valid.glob("*.ttl")):
        assert undeclared_terms(Graph().parse(path)) == set(), path.name
    stray = Graph().parse(
        data="""
        @prefix gov: <https://w3id.org/govkg/ontology#> .
        <https://w3id.org/govkg/id/x> a gov:Meetin ; gov:bodyKind gov:Choir ;
            <http://example.org/p> 1 .
        """,
        format="turtle",
    )
    assert undeclared_terms(stray) == {
        GOV.Meetin,
        GOV.Choir,
        URIRef("http://example.org/p"),
    }
