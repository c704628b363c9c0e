"""The remote store against Virtuoso Open Source on loopback (started by scripts/virtuoso.sh).

The fixture installs and starts Virtuoso when needed; if that fails the tests fail (they
do not skip): the remote backend is a supported backend.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from graph import pages, registry
from graph.identity import Known
from graph.namespaces import GOV, ID, PREFIXES
from graph.pipeline import build, write_checked
from graph.remote_store import RemoteStore
from graph.settings import BUNDLED_CORPUS
from graph.store import LoadRecord, Store
from graph.store_base import GraphStore, open_store
from graph.validation_view import LoadView

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "virtuoso.sh"
QUERIES = sorted((ROOT / "bench" / "queries").glob("*.rq"))
TEST_GRAPH = "https://w3id.org/govkg/id/graph/test/remote"


@pytest.fixture(scope="session")
def endpoint() -> str:
    proc = subprocess.run(
        ["bash", str(SCRIPT), "start"], capture_output=True, text=True, timeout=600
    )
    if proc.returncode != 0:
        pytest.fail(
            f"Virtuoso could not be installed or started by {SCRIPT}:\n{proc.stderr[-2000:]}"
        )
    return proc.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def stores(endpoint: str) -> tuple[RemoteStore, Store]:
    remote = open_store(endpoint)
    assert isinstance(remote, RemoteStore)
    remote.clear()
    build([BUNDLED_CORPUS], remote)
    local = Store.memory()
    build([BUNDLED_CORPUS], local)
    return remote, local


def _rows(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((k, str(v)) for k, v in row.items())) for row in rows)


def test_both_backends_satisfy_the_interface(stores: tuple[RemoteStore, Store]) -> None:
    remote, local = stores
    assert isinstance(remote, GraphStore)
    assert isinstance(local, GraphStore)


def test_build_stores_the_same_graphs(stores: tuple[RemoteStore, Store]) -> None:
    remote, local = stores
    assert remote.graph_names() == local.graph_names()
    assert len(remote) == len(local)
    assert {str(r["graph"]) for r in remote.loads()} == {str(r["graph"]) for r in local.loads()}


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_standard_queries_answer_alike(stores: tuple[RemoteStore, Store], query: Path) -> None:
    remote, local = stores
    text = query.read_text(encoding="utf-8")
    assert _rows(remote.select(text)) == _rows(local.select(text))


def test_select_ask_construct(stores: tuple[RemoteStore, Store]) -> None:
    remote, local = stores
    q = "SELECT ?m ?d WHERE { ?m a gov:Meeting ; dct:date ?d } ORDER BY ?d"
    assert _rows(remote.select(q)) == _rows(local.select(q))
    assert remote.ask("ASK { ?m a gov:Meeting }")
    assert not remote.ask("ASK { ?m a gov:NoSuchClass }")
    c = "CONSTRUCT { ?m gov:body ?b } WHERE { ?m a gov:Meeting ; gov:body ?b }"
    assert set(remote.construct(c)) == set(local.construct(c))
    kind, rows = remote.run(q)
    assert kind == "rows" and remote.last_variables == ["m", "d"] and rows


def test_a_query_over_hundreds_of_graphs(stores: tuple[RemoteStore, Store]) -> None:
    """A query restricted to our graphs names each one in the request, and Virtuoso
    echoes each name as a header of its answer: 300 graphs, 600 headers."""
    remote, _ = stores
    names = [f"https://w3id.org/govkg/id/graph/test/many/{i}" for i in range(300)]
    quads = " ".join(f"GRAPH <{n}> {{ <{n}> <urn:x:p> {i} }}" for i, n in enumerate(names))
    remote.update(f"INSERT DATA {{ {quads} }}")
    try:
        query = "SELECT (COUNT(*) AS ?n) WHERE { ?s <urn:x:p> ?o }"
        with remote.query_stream(query, timeout=30) as answer:
            rows = list(answer)
        assert int(rows[0]["n"].value) == 300
    finally:
        remote.update(" ; ".join(f"DROP SILENT GRAPH <{n}>" for n in names))
    assert not any("/test/many/" in n for n in remote.graph_names())


def test_replace_and_drop_graph(stores: tuple[RemoteStore, Store]) -> None:
    remote, _ = stores
    g = Graph()
    node = URIRef("https://w3id.org/govkg/id/test/node")
    g.add((node, URIRef("https://w3id.org/govkg/ontology#note"), Literal("ett")))
    remote.replace_graph(TEST_GRAPH, g, LoadRecord(TEST_GRAPH, "t.ttl", "0" * 64, 1))
    g2 = Graph()
    g2.add((node, URIRef("https://w3id.org/govkg/ontology#note"), Literal("två")))
    remote.replace_graph(TEST_GRAPH, g2, LoadRecord(TEST_GRAPH, "t.ttl", "1" * 64, 1))
    assert set(remote.named_graph(TEST_GRAPH)) == set(g2)
    records = [r for r in remote.loads() if str(r["graph"]) == TEST_GRAPH]
    assert len(records) == 1 and str(records[0]["sha256"]) == "1" * 64
    assert remote.drop_graph(TEST_GRAPH)
    assert not remote.has_graph(TEST_GRAPH)
    assert not any(str(r["graph"]) == TEST_GRAPH for r in remote.loads())
    assert not remote.drop_graph(TEST_GRAPH)


def test_a_load_is_validated_with_remote_context(stores: tuple[RemoteStore, Store]) -> None:
    remote, local = stores
    name = next(n for n in local.graph_names() if "/meeting/" in n)
    graph = local.named_graph(name)
    result = write_checked(remote, name, graph, "again.txt", "2" * 64, None, derive_after=False)
    assert result.triples == len(graph)
    assert set(remote.named_graph(name)) == set(graph)


def test_durations_survive_the_round_trip(stores: tuple[RemoteStore, Store]) -> None:
    remote, local = stores
    q = "SELECT ?a ?d WHERE { ?a gov:noticePeriod ?d }"
    assert _rows(remote.select(q)) == _rows(local.select(q))


def _many_graphs(names: list[str], body: str) -> str:
    """TriG of `names` graphs, each declaring the same body and its chair's membership."""
    person, membership = f"{ID}person/many-graphs", f"{ID}membership/00/many-graphs/chair"
    graphs = []
    for i, name in enumerate(names):
        attendance = f"{ID}attendance/many-graphs/{i}"
        meeting = f"{ID}meeting/00/many-graphs/{i}"
        day = f"2020-01-{i + 1:02d}"
        graphs.append(
            f"""GRAPH <{name}> {{
              <{body}> a gov:Body ; skos:prefLabel "Organ i många grafer"@sv ;
                skos:altLabel "Organet", "Mångorganet" ; gov:county "99" ;
                gov:bodyKind gov:Council .
              <{person}> a foaf:Person ; foaf:name "Tora Många" ; skos:altLabel "T. Många" .
              <{meeting}> a gov:Meeting ; gov:body <{body}> ; dct:date "{day}"^^xsd:date .
              <{attendance}> gov:attendee <{person}> ; gov:meeting <{meeting}> .
              <{membership}> a org:Membership ; org:member <{person}> ;
                org:organization <{body}> ; org:role gov:Chair ;
                gov:party <{ID}party/s> ; gov:represents <{ID}region/99> ;
                gov:attestedOn "{day}"^^xsd:date ; org:memberDuring <{membership}/period> .
              <{membership}/period> a dct:PeriodOfTime ;
                dcat:startDate "2019-01-01"^^xsd:date ; dcat:endDate "2022-12-31"^^xsd:date .
            }}"""
        )
    return "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items()) + "".join(graphs)


@contextmanager
def declared_in_many_graphs(stores: tuple[RemoteStore, Store], body: str) -> Iterator[Store]:
    """24 graphs that declare the same body, person and membership, written to the remote
    store and to a copy of the embedded one (yielded); dropped from the remote after."""
    remote, local = stores
    names = [f"{ID}graph/test/declared/{i}" for i in range(24)]
    dataset = Dataset()
    dataset.parse(data=_many_graphs(names, body), format="trig")
    copy = local.copy()
    try:
        for name in names:
            remote.replace_graph(name, dataset.graph(URIRef(name)))
            copy.replace_graph(name, dataset.graph(URIRef(name)))
        yield copy
    finally:
        for name in names:
            remote.drop_graph(name)
        copy.close()


def test_identity_registry_of_nodes_that_many_graphs_declare(
    stores: tuple[RemoteStore, Store],
) -> None:
    """Virtuoso's default graph repeats a triple once for each graph holding it; a body
    that 24 protocols declare with two other names, a county and a kind would have given
    24⁵ rows to a join of its facts (the server cuts an answer at 2²⁰ rows), and lost
    every body after it. The registry asks for each fact alone."""
    remote, _local = stores
    body, person = f"{ID}body/00/many-graphs", f"{ID}person/many-graphs"
    with declared_in_many_graphs(stores, body) as copy:
        found, expected = registry.from_store(remote), registry.from_store(copy)
        assert found.bodies[body] == Known(
            body, {"Organ i många grafer", "Organet", "Mångorganet"}, set(), "99", "Council",
            "Organ i många grafer",
        )  # fmt: skip
        assert found.persons[person].names == {"Tora Många", "T. Många"}
        assert found.persons[person].contexts == {body}
        assert found.bodies == expected.bodies
        assert found.persons == expected.persons


def test_pages_of_a_membership_that_many_graphs_declare(
    stores: tuple[RemoteStore, Store],
) -> None:
    """A membership that 24 protocols declare, with its person, body, role, party,
    organisation, day attested and period: a join of those facts on Virtuoso's union
    would give 24⁹ rows (the body page did not answer within a minute at 100k triples).
    The pages read each fact alone, and show what the embedded store shows."""
    remote, _local = stores
    body, person = f"{ID}body/00/many-graphs", f"{ID}person/many-graphs"
    with declared_in_many_graphs(stores, body) as copy:
        for iri in (body, person):
            found, expected = pages.page(remote, iri), pages.page(copy, iri)
            assert found == expected
        members = pages.page(remote, body)["members"]
        assert [m["person"]["iri"] for m in members] == [person]
        assert len(members[0]["attested"]) == 24
        assert members[0]["periods"] == [{"from": "2019-01-01", "to": "2022-12-31"}]
        assert members[0]["party"]["iri"] == f"{ID}party/s"


def test_a_replaced_graph_s_triples_held_elsewhere_stay(stores: tuple[RemoteStore, Store]) -> None:
    """Replacing graph A takes away only what no other graph holds: a triple graph B holds
    too stays (Virtuoso answers the EXISTS that tells so as 1 or 0, not true or false)."""
    remote, local = stores
    a, b = f"{ID}graph/test/replaced-a", f"{ID}graph/test/replaced-b"
    node, note = URIRef(f"{ID}test/replaced"), URIRef(f"{GOV}note")
    shared, alone, new = ((node, note, Literal(text)) for text in ("båda", "bara A", "ny"))
    graph_a, graph_b, load = Graph(), Graph(), Graph()
    graph_a.add(shared)
    graph_a.add(alone)
    graph_b.add(shared)
    load.add(new)
    copy = local.copy()
    try:
        for store in (remote, copy):
            store.replace_graph(a, graph_a)
            store.replace_graph(b, graph_b)
            assert set(LoadView(store, load, a).changed()) == {new, alone}, store
    finally:
        for name in (a, b):
            remote.drop_graph(name)
        copy.close()
