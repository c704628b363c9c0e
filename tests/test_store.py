"""The store: named graphs replaced atomically, loads recorded, union queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph.errors import InputError, QueryError
from graph.namespaces import DCT, ID
from graph.store import LoadRecord, Store

G = str(ID["graph/test"])


def small_graph(title: str, n: int = 3) -> Graph:
    g = Graph()
    for i in range(n):
        g.add((ID[f"thing/{i}"], DCT.title, Literal(f"{title} {i}", lang="sv")))
    return g


def test_replace_graph_swaps_and_records_the_load(store: Store) -> None:
    store.replace_graph(G, small_graph("a"), LoadRecord(G, "a.ttl", "sha-a", 3, "steward"))
    store.replace_graph(G, small_graph("b", 2), LoadRecord(G, "b.ttl", "sha-b", 2, "steward"))
    titles = {str(r["t"]) for r in store.select("SELECT ?t WHERE { ?s dct:title ?t }")}
    assert titles == {"b 0", "b 1"}
    loads = store.loads()
    assert [str(r["source"]) for r in loads] == ["b.ttl"]
    assert str(loads[0]["by"]) == "steward"


def test_a_failing_update_writes_nothing(store: Store) -> None:
    store.replace_graph(G, small_graph("a"))
    before = len(store)
    broken = small_graph("x")
    broken.add((URIRef("https://w3id.org/govkg/id/bad iri"), DCT.title, Literal("x")))
    with pytest.raises(InputError):
        store.replace_graph(G, broken)
    assert len(store) == before
    assert {str(r["t"]) for r in store.select("SELECT ?t WHERE { ?s dct:title ?t }")} == {
        "a 0",
        "a 1",
        "a 2",
    }


def test_drop_graph_removes_the_graph_and_its_record(store: Store) -> None:
    store.replace_graph(G, small_graph("a"), LoadRecord(G, "a.ttl", "sha", 3))
    assert store.drop_graph(G)
    assert not store.drop_graph(G)
    assert store.loads() == []
    assert len(store) == 0


def test_bindings_are_substituted_not_pasted(store: Store) -> None:
    store.replace_graph(G, small_graph("a"))
    rows = store.select("SELECT ?t WHERE { ?s dct:title ?t }", {"s": ID["thing/1"]})
    assert [str(r["t"]) for r in rows] == ["a 1"]


def test_syntax_errors_become_query_errors(store: Store) -> None:
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        store.select("SELECT WHERE {")


def test_on_disk_store_persists_and_opens_read_only(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = Store(path)
    writer.replace_graph(G, small_graph("a"))
    writer.flush()
    del writer
    reader = Store(path, read_only=True)
    assert len(reader.select("SELECT ?t WHERE { ?s dct:title ?t }")) == 3
    with pytest.raises(InputError, match="read-only"):
        reader.replace_graph(G, small_graph("b"))


def test_optimize_keeps_every_quad_and_needs_a_writable_store(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = Store(path)
    for i in range(5):
        writer.replace_graph(f"{G}/{i}", small_graph(f"g{i}"))
    before = sorted(map(str, writer._ox.quads_for_pattern(None, None, None, None)))
    revision = writer.revision()
    writer.optimize()
    assert sorted(map(str, writer._ox.quads_for_pattern(None, None, None, None))) == before
    assert writer.revision() == revision  # compaction is not a write of data
    writer.close()
    reader = Store(path, read_only=True)
    with pytest.raises(InputError, match="read-only"):
        reader.optimize()


def test_bulk_load_gives_every_graph_a_revision(tmp_path: Path) -> None:
    dump = tmp_path / "dump.nq"
    dump.write_text(
        '<https://w3id.org/govkg/id/a> <https://w3id.org/govkg/ontology#note> "ett" '
        "<https://w3id.org/govkg/id/graph/one> .\n"
        '<https://w3id.org/govkg/id/b> <https://w3id.org/govkg/ontology#note> "två" '
        "<https://w3id.org/govkg/id/graph/two> .\n",
        encoding="utf-8",
    )
    store = Store(tmp_path / "store")
    store.bulk_load(dump)
    revisions = store.graph_revisions()
    assert set(revisions) == {f"{ID}graph/one", f"{ID}graph/two"}
    assert all(revisions.values()) and store.revision()
    broken = tmp_path / "broken.nq"
    broken.write_text("<not a quad\n", encoding="utf-8")
    with pytest.raises(InputError):
        store.bulk_load(broken)


def note_graph(value: str) -> Graph:
    graph = Graph()
    node = URIRef(f"{ID}shared")
    graph.add((node, URIRef("https://w3id.org/govkg/ontology#note"), Literal(value)))
    graph.add((node, DCT.title, Literal("delad nod")))
    return graph


NOTES = "SELECT ?v ?t WHERE { ?s gov:note ?v ; dct:title ?t }"


def test_queries_see_each_triple_once_however_many_graphs_hold_it(store: Store) -> None:
    for n in range(5):
        store.replace_graph(f"{ID}graph/doc/{n}", note_graph("samma"))
    assert len(store.select(NOTES)) == 1  # not 5 × 5 rows from the graphs' union
    assert len(store) == 10


def test_the_merge_follows_every_replacement_and_withdrawal(store: Store) -> None:
    store.replace_graph(f"{ID}graph/doc/a", note_graph("ett"))
    store.replace_graph(f"{ID}graph/doc/b", note_graph("ett"))
    store.replace_graph(f"{ID}graph/doc/a", note_graph("två"))
    assert sorted(str(r["v"]) for r in store.select(NOTES)) == ["ett", "två"]
    store.drop_graph(f"{ID}graph/doc/b")
    assert [str(r["v"]) for r in store.select(NOTES)] == ["två"]
    store.drop_graph(f"{ID}graph/doc/a")
    assert store.select(NOTES) == []
    assert not store.ask("ASK { ?s ?p ?o FILTER (?p != gov:revision && ?p != gov:storeLayout) }")


def test_a_store_of_the_older_layout_is_read_as_the_union_and_converted(
    tmp_path: Path,
) -> None:
    import pyoxigraph as ox

    path = tmp_path / "old"
    raw = ox.Store(str(path))
    for n in range(2):
        for s, p, o in note_graph("gammal"):
            raw.add(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.Literal(str(o)),
                            ox.NamedNode(f"{ID}graph/old/{n}")))  # fmt: skip
    raw.flush()
    del raw
    reader = Store(path, read_only=True)
    assert len(reader.select(NOTES)) == 4  # read as the union: 2 graphs × 2 graphs
    assert len(reader) == 4  # the quads of the named graphs (no merge to leave out)
    del reader
    writer = Store(path)  # opening for writing converts it
    assert len(writer.select(NOTES)) == 1
    assert len(writer) == 4  # the merge and the layout mark are not counted
    writer.drop_graph(f"{ID}graph/old/0")
    assert len(writer.select(NOTES)) == 1
    writer.drop_graph(f"{ID}graph/old/1")
    assert writer.select(NOTES) == []
