"""Lineage: links inferred by general rules, routes in time order with evidence."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph, Literal, URIRef

from graph.derive import derive, lineage_graph_iri
from graph.lineage import agreement_history, ancestors, descendants, link_graph, routes
from graph.namespaces import DCT, GOV, ID, RDF
from graph.resolve import LINEAGE_KINDS, resolve
from graph.store import Store

PSB = f"{ID}meeting/25/politisk-samverkansberedning"
TERMINATION = f"{PSB}/2021-04-20/item/4/termination-1"
BOARD = f"{ID}body/25/gemensam-namnd-hjalpmedelsforsorjningen"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def derived(corpus_store: Store) -> Store:
    """A copy of the corpus store with the derived graphs (the session store stays as is)."""
    store = Store.memory()
    for name in corpus_store.graph_names():
        store.replace_graph(name, corpus_store.named_graph(name))
    derive(store)
    return store


def the_route(store: Store):  # type: ignore[no-untyped-def]
    found = routes(store, TERMINATION, BOARD)
    assert found, "no route from the termination to the joint board"
    return found[0]


def test_route_from_termination_to_joint_board(derived: Store) -> None:
    route = the_route(derived)
    kinds = [n.kind for n in route.nodes]
    assert kinds == ["termination", "assignment", "event", "agreement", "body"]
    assert route.nodes[1].iri == f"{PSB}/2021-04-20/item/4/assignment-1"
    assert route.nodes[2].iri == f"{PSB}/2021-04-20/item/4/options-1"
    assert "Interimistiskt samverkansavtal" in route.nodes[3].label
    assert [s.link for s in route.steps] == ["ledTo", "ledTo", "ledTo", "bridgesTo"]
    dates = [n.sort_date for n in route.nodes]
    assert dates == sorted(dates), "steps must be in time order"
    assert len(routes(derived, TERMINATION, BOARD)) == 1, "shortcuts are folded into the chain"


def test_every_step_carries_document_section_and_quote(derived: Store) -> None:
    route = the_route(derived)
    sections = []
    for step in route.steps:
        assert step.evidence and step.rule
        for quote in step.evidence:
            assert quote.document.startswith(str(ID)) and quote.quote and quote.section
        sections.append({q.section for q in step.evidence})
    assert sections[0] == {"§ 4"} and "§ 16" in sections[-1]
    assert any("sagt upp" in q.quote for q in route.steps[0].evidence)
    assert any("gemensam nämnd" in q.quote for q in route.steps[-1].evidence)
    data = json.loads(json.dumps(route.to_json(), ensure_ascii=False))
    assert data["steps"][0]["evidence"][0]["section"] == "§ 4"


def test_links_are_stored_directly_and_reified(derived: Store) -> None:
    graph = derived.named_graph(str(lineage_graph_iri("25")))
    interim = next(graph.subjects(GOV.bridgesTo, URIRef(BOARD)))
    assert (URIRef(TERMINATION), GOV.ledTo, interim) in graph
    assert any(graph.triples((interim, DCT.replaces, None)))
    links = list(graph.subjects(RDF.type, GOV.LineageLink))
    assert links and all(graph.value(link, GOV.inferenceRule) for link in links)
    assert all(any(graph.objects(link, GOV.evidence)) for link in links)


def test_ancestors_descendants_and_agreement_history(derived: Store) -> None:
    up = {s.source.iri for s in ancestors(derived, BOARD)}
    assert TERMINATION in up
    down = {s.target.iri for s in descendants(derived, TERMINATION)}
    assert BOARD in down
    interim = resolve(derived, "interimistiskt samverkansavtal", LINEAGE_KINDS)
    links = {s.link for s in agreement_history(derived, interim)}
    assert {"replaces", "bridgesTo", "ledTo"} <= links


def test_link_graph_holds_only_links(derived: Store) -> None:
    graph = link_graph(derived)
    assert graph.number_of_edges() < 200
    assert graph.has_edge(TERMINATION, f"{PSB}/2021-04-20/item/4/assignment-1")


def test_link_graph_around_a_node_is_its_partition_and_is_kept(derived: Store) -> None:
    everything = link_graph(derived)
    around = link_graph(derived, TERMINATION)
    assert around.has_edge(TERMINATION, f"{PSB}/2021-04-20/item/4/assignment-1")
    assert 0 < around.number_of_edges() < everything.number_of_edges()
    assert all("/meeting/24/" not in node for node in around)
    assert link_graph(derived, TERMINATION) is around  # the same revision: kept
    store = derived.copy()
    assert link_graph(store, TERMINATION) is not around  # another store
    first = link_graph(store, TERMINATION)
    lineage_iri = str(lineage_graph_iri("25"))
    store.replace_graph(lineage_iri, store.named_graph(lineage_iri))
    again = link_graph(store, TERMINATION)
    assert again is not first and set(again.edges) == set(first.edges)


def unrelated_meeting() -> Graph:
    graph = Graph()
    meeting = ID["meeting/01/test-samrad/2024-02-02"]
    item = URIRef(f"{meeting}/item/3")
    body = ID["body/01/test-samrad"]
    graph.add((body, RDF.type, GOV.Body))
    graph.add((meeting, RDF.type, GOV.Meeting))
    graph.add((meeting, GOV.body, body))
    graph.add((meeting, DCT.date, Literal("2024-02-02", datatype=XSD_DATE)))
    graph.add((item, RDF.type, GOV.AgendaItem))
    graph.add((item, GOV.meeting, meeting))
    graph.add((item, DCT.title, Literal("Budget för lokaler", lang="sv")))
    assignment = URIRef(f"{item}/assignment-1")
    graph.add((assignment, RDF.type, GOV.Assignment))
    graph.add((assignment, GOV.task, Literal("utreda lokalbehovet", lang="sv")))
    graph.add((assignment, GOV.mentionedIn, item))
    graph.add((assignment, GOV.givenIn, item))
    return graph


def test_unrelated_data_changes_nothing(derived: Store) -> None:
    before = the_route(derived).to_json()
    before_up = [s.to_json() for s in ancestors(derived, BOARD)]
    derived.replace_graph(str(ID["graph/test/unrelated"]), unrelated_meeting())
    try:
        derive(derived)
        assert the_route(derived).to_json() == before
        assert [s.to_json() for s in ancestors(derived, BOARD)] == before_up
    finally:
        derived.drop_graph(str(ID["graph/test/unrelated"]))
        derive(derived)
