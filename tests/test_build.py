"""Building the bundled corpus: validity, determinism, replacement, identity, provenance."""

from __future__ import annotations

import re

from conftest import corpus_file
from rdflib import Graph

from graph.namespaces import ID
from graph.pipeline import build, ingest_file
from graph.settings import BUNDLED_CORPUS
from graph.sources import read_source
from graph.store import Store
from graph.validate import undeclared_terms, validate

LOADS = str(ID["graph/loads"])
ONTOLOGY = str(ID["graph/ontology"])


def data_graph(store: Store) -> Graph:
    graph = Graph()
    for name in store.graph_names():
        if name not in {LOADS, ONTOLOGY}:
            graph += store.named_graph(name)
    return graph


def test_the_whole_corpus_conforms(corpus_store: Store) -> None:
    # The ontology graph (with the topic concepts) is context, not data under test.
    report = validate(data_graph(corpus_store), context=corpus_store.named_graph(ONTOLOGY))
    assert report.conforms, report.to_text()
    assert report.violations() == []


def test_every_term_in_the_data_is_declared(corpus_store: Store) -> None:
    assert undeclared_terms(data_graph(corpus_store)) == set()


def test_one_named_graph_per_document(corpus_store: Store) -> None:
    derived = str(ID["graph/derived/"])
    documents = [
        g
        for g in corpus_store.graph_names()
        if g not in {LOADS, ONTOLOGY} and not g.startswith(derived)
    ]
    assert len(documents) == 5
    loads = {str(r["source"]) for r in corpus_store.loads()}
    assert {p.name for p in BUNDLED_CORPUS.glob("*.txt")} <= loads


def test_the_same_input_gives_the_same_iris() -> None:
    first, second = Store.memory(), Store.memory()
    build([BUNDLED_CORPUS], first)
    build([BUNDLED_CORPUS], second)
    assert set(data_graph(first)) == set(data_graph(second))


def test_reingesting_a_document_replaces_its_graph() -> None:
    store = Store.memory()
    build([BUNDLED_CORPUS], store)
    before_graphs, before = store.graph_names(), set(data_graph(store))
    ingest_file(corpus_file("000"), store)
    assert store.graph_names() == before_graphs
    assert set(data_graph(store)) == before


def labels(store: Store, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row.values()) for row in store.select(query)}


def test_one_node_per_person_with_variants_and_reasons(corpus_store: Store) -> None:
    rows = labels(
        corpus_store,
        """SELECT DISTINCT ?name ?variant ?rule WHERE {
             ?p a foaf:Person ; foaf:name ?name ; skos:altLabel ?variant ; gov:mergeNote ?m .
             ?m gov:mergedLabel ?variant ; gov:mergeRule ?rule ; gov:mergeReason ?why }""",
    )
    assert ("Beatrice Öhman", "Beatrice Öman", "spelling-variant") in rows
    assert ("Bodil Wennerbrandt Sevastik", "Bodil Wennerbrandt", "name-extension") in rows
    meetings = corpus_store.select(
        """SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE {
             ?p foaf:name "Beatrice Öhman" . ?a gov:attendee ?p ; gov:meeting ?m }"""
    )
    assert int(meetings[0]["n"]) == 2


def test_one_node_per_body_and_organisation(corpus_store: Store) -> None:
    bodies = corpus_store.select(
        """SELECT ?body (COUNT(DISTINCT ?doc) AS ?n) WHERE {
             ?doc gov:minutesOf ?m . ?m gov:body ?body ;
             gov:bodyText ?t FILTER(CONTAINS(LCASE(?t), "samverkansberedning")) }
           GROUP BY ?body"""
    )
    assert len(bodies) == 1 and int(bodies[0]["n"]) == 2
    variants = labels(
        corpus_store,
        f"SELECT ?v WHERE {{ <{bodies[0]['body']}> skos:altLabel ?v }}",
    )
    assert ("Politisk samverkansberedning för hälsa, vård, omsorg och skola",) in variants
    association = corpus_store.select(
        """SELECT DISTINCT ?o WHERE { ?o a gov:MunicipalAssociation ;
             skos:prefLabel ?l FILTER(LCASE(STR(?l)) = "norrbottens kommuner") }"""
    )
    assert len(association) == 1
    assert ("Norrbottens kommuner",) in labels(
        corpus_store, f"SELECT ?v WHERE {{ <{association[0]['o']}> skos:altLabel ?v }}"
    )


def test_municipalities_are_resolved_by_scb_code(corpus_store: Store) -> None:
    rows = labels(
        corpus_store,
        """SELECT DISTINCT ?code ?name WHERE { ?a gov:organisationText "Boden" ;
             gov:represents ?m . ?m gov:scbCode ?code ; skos:prefLabel ?name }""",
    )
    assert rows == {("2582", "Bodens kommun")}


def _norm(text: str) -> str:
    text = re.sub(r"(\w)-\s+(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text).strip()


def test_every_passage_quotes_the_raw_text_at_its_offsets(corpus_store: Store) -> None:
    raw = {p.stem: read_source(p).raw for p in BUNDLED_CORPUS.glob("*.txt")}
    rows = corpus_store.select(
        """SELECT ?stem ?quote ?start ?end WHERE {
             ?p a gov:Passage ; gov:quote ?quote ; gov:charStart ?start ; gov:charEnd ?end ;
                gov:inDocument/dct:identifier ?stem }"""
    )
    assert len(rows) > 200
    for row in rows:
        text = raw[str(row["stem"])][int(row["start"]) : int(row["end"])]
        first_word = _norm(str(row["quote"])).split(" ")[0]
        assert first_word in _norm(text), (row["quote"], text)


def test_extracted_nodes_carry_evidence(corpus_store: Store) -> None:
    missing = corpus_store.select(
        """SELECT ?node ?type WHERE {
             VALUES ?type { gov:Meeting gov:Attendance gov:AgendaItem gov:Decision
                            gov:Assignment gov:Termination gov:Establishment gov:Milestone }
             ?node a ?type ; prov:hadPrimarySource ?doc .
             FILTER NOT EXISTS { ?node gov:evidence ?p } }"""
    )
    assert missing == []


def test_a_build_ends_by_compacting_the_store(monkeypatch) -> None:
    """After a build's many writes the store's indexes are compacted (Store.optimize),
    once, after the derivation and the search index."""
    calls: list[int] = []
    store = Store.memory()
    monkeypatch.setattr(store, "optimize", lambda: calls.append(len(store)))
    build([corpus_file("000")], store)
    assert calls == [len(store)]
