"""The side index: what search matches, revisions, staying in step with every write
(loads, withdrawals, derived graphs, a crash between store and index, old files), and
the latest meeting it finds for validation, as the query over the store does."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from pathlib import Path

import pytest
from api_fixtures import DATA, bearer, make_app
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as vocabularies
from rdflib.term import Node

from graph import pipeline, text_index
from graph import search as search_mod
from graph.errors import InputError
from graph.namespaces import DCT, FOAF, GOV, ID, ORG, RDF, SKOS, STATE_GRAPH
from graph.queries import load_query
from graph.search import search
from graph.store import LoadRecord, Store, new_revision, values_clause
from graph.validate import undeclared_terms, validate

DOC = str(ID["graph/test/doc"])
OTHER = str(ID["graph/test/other"])
BODY = ID["body/97/gemensam-namnd"]
ITEM = ID["meeting/97/x/2024-01-01/item/1"]
PERSON = ID["person/anna-ohman"]
ORGANISATION = ID["organisation/x"]


def doc_graph() -> Graph:
    """A body, an agenda item, a person and an organisation with texts to search."""
    g = Graph()
    g.add((BODY, RDF.type, GOV.Body))
    g.add((BODY, SKOS.prefLabel, Literal("Gemensam nämnd för hjälpmedelsförsörjningen", lang="sv")))
    g.add((ITEM, RDF.type, GOV.AgendaItem))
    g.add((ITEM, DCT.title, Literal("Samordnad individuell plan", lang="sv")))
    g.add((ITEM, GOV.itemText, Literal("Om samordnad planering och hjälpmedelssamverkan i länet.")))
    g.add((PERSON, RDF.type, FOAF.Person))
    g.add((PERSON, FOAF.name, Literal("Anna Öhman")))
    g.add((ORGANISATION, RDF.type, ORG.Organization))
    g.add((ORGANISATION, SKOS.prefLabel, Literal("Kansliet, § 12", lang="sv")))
    return g


def one_text(node: URIRef, text: str, cls: URIRef = GOV.Body) -> Graph:
    g = Graph()
    g.add((node, RDF.type, cls))
    g.add((node, SKOS.prefLabel, Literal(text, lang="sv")))
    return g


def found(store: Store, text: str) -> set[str]:
    return {h.iri for h in search(store, text, 500)}


@pytest.fixture
def store() -> Store:
    store = Store.memory()
    store.replace_graph(DOC, doc_graph())
    return store


# --- what matches ----------------------------------------------------------------------


def test_words_match_with_and_without_diacritics(store: Store) -> None:
    expected = {str(BODY), str(ITEM)}
    for text in ("hjälpmedel", "hjalpmedel", "HJÄLPMEDEL", "Hjalpmedel"):
        assert found(store, text) == expected, text
    assert found(store, "öhman") == found(store, "OHMAN") == {str(PERSON)}
    assert found(store, "ohmann") == set()


def test_every_word_must_be_in_one_text(store: Store) -> None:
    assert found(store, "samordnad planering") == {str(ITEM)}
    assert found(store, "planering SAMORDNAD") == {str(ITEM)}
    assert found(store, "samordnad plan") == {str(ITEM)}
    assert found(store, "planering öhman") == set()  # the words are in two nodes' texts
    assert found(store, "individuell planering") == set()  # in two texts of one node


def test_a_word_matches_anywhere_inside_a_word(store: Store) -> None:
    assert found(store, "hjälpmedelsförsörjning") == {str(BODY)}  # a prefix of the word
    assert found(store, "försörjningen") == {str(BODY)}  # its end
    assert found(store, "samverkan") == {str(ITEM)}  # the end of a compound
    assert found(store, "medelssam") == {str(ITEM)}  # across the parts of a compound


def test_short_words_are_matched_too(store: Store) -> None:
    assert found(store, "§ 12") == {str(ORGANISATION)}  # only words the trigrams cannot hold
    assert found(store, "12 kansliet") == {str(ORGANISATION)}
    assert found(store, "ö") >= {str(PERSON), str(BODY)}  # "ö" folds to "o"
    assert found(store, "zq") == set()


def test_hits_keep_their_kind_label_and_snippet(store: Store) -> None:
    hits = search(store, "hjalpmedel")
    assert [h.kind for h in hits] == ["body", "item"]
    body, item = hits
    assert body.label == "Gemensam nämnd för hjälpmedelsförsörjningen"
    assert (body.property, body.before, body.match) == ("prefLabel", "Gemensam nämnd för ",
                                                       "hjälpmedel")  # fmt: skip
    assert item.label == "Samordnad individuell plan" and item.property == "itemText"
    assert item.match == "hjälpmedel" and item.after.startswith("ssamverkan")


def test_a_kind_and_a_label_from_another_graph_count(store: Store) -> None:
    extra = Graph()
    extra.add((PERSON, RDF.type, GOV.Body))  # a type asserted elsewhere
    extra.add((ITEM, SKOS.prefLabel, Literal("Punkt ett", lang="sv")))
    store.replace_graph(OTHER, extra)
    kinds = {h.iri: (h.kind, h.label) for h in search(store, "öhman")}
    assert kinds[str(PERSON)] == ("body", "Anna Öhman")
    assert {h.label for h in search(store, "individuell")} == {"Punkt ett"}


def test_a_text_many_graphs_hold_is_one_row_until_the_last_of_them_goes(
    store: Store,
) -> None:
    """A body's name that every protocol repeats is one text of the index (a common word
    then reads each text once, not once per protocol); it stays searchable while any
    graph holds it."""
    name = "Länsstyrgrupp för hjälpmedelsfrågor"
    graphs = [f"{DOC}/copy/{i}" for i in range(5)]
    for graph in graphs:
        store.replace_graph(graph, one_text(BODY, name))
    index = text_index.index_for(store)
    index.sync(store)
    held = "SELECT COUNT(*) FROM texts WHERE text = ?"
    assert index._connection().execute(held, (name,)).fetchone() == (1,)
    rows = index.find(["hjalpmedelsfragor"], 100).rows
    assert rows == [(str(BODY), str(SKOS.prefLabel), name, text_index.fold(name))]
    for graph in graphs[:-1]:
        store.drop_graph(graph)
        assert found(store, "hjälpmedelsfrågor") == {str(BODY)}
    store.drop_graph(graphs[-1])
    assert found(store, "hjälpmedelsfrågor") == set()
    assert index._connection().execute(held, (name,)).fetchone() == (0,)


def test_the_index_answers_as_the_query_over_the_store(
    corpus_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    queries = ["hjälpmedel", "HJALPMEDEL", "samverkan", "gemensam nämnd", "öhman", "§ 16",
               "uppsägning avtal", "ab", "s", "länsstyrgrupp", "e-hälsa"]  # fmt: skip
    indexed = {q: search(corpus_store, q, 500) for q in queries}
    assert all(indexed[q] for q in ("hjälpmedel", "samverkan", "öhman", "s"))
    monkeypatch.setattr(search_mod, "_from_index", lambda store, words: None)
    for q in queries:
        assert search(corpus_store, q, 500) == indexed[q], q


@pytest.mark.parametrize("words", ["samverkan", "hjälpmedel", "s", "avtal"])
@pytest.mark.parametrize("from_index", [True, False])
def test_a_limited_search_is_the_head_of_the_whole_ranking(
    corpus_store: Store, monkeypatch: pytest.MonkeyPatch, words: str, from_index: bool
) -> None:
    """Only the nodes up to the limit's kind and property get their labels read: the
    hits are still the first of the whole ranking, ties on kind and property included."""
    if not from_index:
        monkeypatch.setattr(search_mod, "_from_index", lambda store, words: None)
    whole = search(corpus_store, words, 500)
    tiers = [(h.kind, search_mod.PROPERTY_RANK.get(h.property, 9)) for h in whole]
    assert len(set(tiers)) > 1 and len(tiers) > len(set(tiers))  # several tiers, ties in them
    for limit in range(1, min(len(whole), 60) + 1):
        assert search(corpus_store, words, limit) == whole[:limit], limit


# --- revisions ---------------------------------------------------------------------------


def test_revisions_change_with_every_write_and_not_with_reads() -> None:
    store = Store.memory()
    assert store.revision() == "" and store.graph_revisions() == {}
    store.replace_graph(DOC, doc_graph(), LoadRecord(DOC, "doc.ttl", "0" * 64, 9))
    first, graphs = store.revision(), store.graph_revisions()
    assert first and graphs[DOC] == first
    assert store.revision() == first and store.graph_revisions() == graphs  # reads change nothing
    store.replace_graph(OTHER, one_text(BODY, "annan"))
    second = store.revision()
    assert second != first
    assert store.graph_revisions()[DOC] == first and store.graph_revisions()[OTHER] == second
    store.replace_graph(DOC, doc_graph())
    assert store.revision() not in {first, second}
    assert store.drop_graph(DOC)
    after = store.graph_revisions()
    assert DOC not in after and after[OTHER] == second
    assert not store.drop_graph(DOC)
    assert len({new_revision() for _ in range(1000)}) == 1000


def test_the_state_graph_is_bookkeeping(store: Store) -> None:
    assert str(STATE_GRAPH) not in store.graph_names()
    assert len(store) == len(doc_graph())
    with pytest.raises(InputError):
        store.replace_graph(str(STATE_GRAPH), Graph())
    with pytest.raises(InputError):
        store.drop_graph(str(STATE_GRAPH))
    state = store.named_graph(str(STATE_GRAPH))
    assert len(state) == 3  # the document's revision, the store's, and the store's layout
    assert undeclared_terms(state) == set()
    assert validate(state).conforms


# --- staying in step ---------------------------------------------------------------------


def test_a_write_without_a_sync_is_caught_up_by_the_next_search(store: Store) -> None:
    index = text_index.index_for(store)
    assert found(store, "hjalpmedel") == {str(BODY), str(ITEM)}
    assert index.revision() == store.revision()
    # The store is written, then the process dies before the index is brought in step.
    store.replace_graph(DOC, one_text(BODY, "Nämnden för tolktjänst"))
    assert index.revision() != store.revision()
    assert found(store, "hjalpmedel") == set()
    assert found(store, "tolktjanst") == {str(BODY)}
    store.replace_graph(OTHER, one_text(PERSON, "Tolkcentralen", FOAF.Person))
    store.drop_graph(DOC)
    assert found(store, "tolk") == {str(PERSON)}
    assert index.graph_revisions().keys() == store.graph_revisions().keys()


def test_a_load_and_a_withdrawal_keep_the_index_in_step(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    app = make_app(data_dir)
    client = app.test_client()
    access = app.extensions["govkg"]
    index_file = data_dir / text_index.FILE_NAME
    turtle = (DATA / "region.ttl").read_bytes().replace(b"region/99", b"region/97")
    turtle = turtle.replace(b"Testregionen", "Hjälpmedelsregionen".encode())
    response = client.post("/loads?name=extra.ttl", data=turtle, content_type="text/turtle",
                           headers=bearer())  # fmt: skip
    assert response.status_code == 201
    with access.reading() as store:
        revision = store.revision()
    assert index_file.is_file()
    assert _file_revision(index_file) == revision  # brought in step by the load itself
    region = str(ID["region/97"])
    hits = client.get("/api/search", query_string={"q": "hjalpmedelsregion"}).get_json()["hits"]
    assert [(h["iri"], h["kind"]) for h in hits] == [(region, "node")]
    assert client.delete("/loads/graph/load/extra", headers=bearer()).status_code == 204
    with access.reading() as store:
        assert _file_revision(index_file) == store.revision() != revision
    hits = client.get("/api/search", query_string={"q": "hjalpmedelsregion"}).get_json()["hits"]
    assert hits == []


def test_a_derived_graph_is_indexed_after_the_write(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    derived = str(ID["graph/derived/test"])
    issue = ID["issue/97/testregionen"]

    def fake_derive(store: Store, *_: object) -> None:  # an issue per loaded region
        query = "SELECT ?l WHERE { GRAPH ?g { ?r a gov:Region ; skos:prefLabel ?l } }"
        labels = store.select(query, {"g": URIRef(OTHER)})
        if labels:
            store.replace_graph(derived, one_text(issue, f"{labels[0]['l']} (fråga)", GOV.Issue))
        elif store.has_graph(derived):
            store.drop_graph(derived)

    monkeypatch.setattr(pipeline, "derive", fake_derive)
    index = text_index.index_for(store)
    region = Graph().parse(DATA / "region.ttl", format="turtle")
    pipeline.write_checked(store, OTHER, region, "region.ttl", "1" * 64, None)
    assert index.revision() == store.revision()  # in step before any search
    assert index.graph_revisions()[derived] == store.graph_revisions()[derived]
    assert index_hits(index, "testregionen fraga") == [str(issue)]
    assert [(h.iri, h.kind) for h in search(store, "fråga")] == [(str(issue), "issue")]
    assert pipeline.withdraw(store, OTHER)
    assert index.revision() == store.revision()
    assert derived not in index.graph_revisions()
    assert found(store, "fråga") == set()


def index_hits(index: text_index.TextIndex, text: str) -> list[str]:
    return sorted({row[0] for row in index.find(search_mod.words(text), 100).rows})


def test_the_corpus_build_leaves_the_index_in_step(corpus_store: Store) -> None:
    index = text_index.index_for(corpus_store)
    assert index.revision() == corpus_store.revision()
    assert index.graph_revisions() == corpus_store.graph_revisions()
    kinds = {h.kind for h in search(corpus_store, "hjälpmedel", 500)}
    assert {"body", "item", "issue"} <= kinds  # the derived issues are searched too


def test_an_index_file_from_an_older_state_is_repaired(tmp_path: Path) -> None:
    path = tmp_path / "data" / "store"
    store = Store(path)
    store.replace_graph(DOC, doc_graph())
    index = text_index.index_for(store)
    index_file = tmp_path / "data" / text_index.FILE_NAME
    assert index.path == index_file
    assert found(store, "hjalpmedel") == {str(BODY), str(ITEM)}
    index.close()
    shutil.copy(index_file, tmp_path / "old.sqlite")
    store.replace_graph(DOC, one_text(BODY, "Nämnden för tolktjänst"))
    store.replace_graph(OTHER, one_text(PERSON, "Tolkcentralen", FOAF.Person))
    assert found(store, "tolk") == {str(BODY), str(PERSON)}
    index.close()
    shutil.copy(tmp_path / "old.sqlite", index_file)  # the state before the two writes
    assert found(store, "hjalpmedel") == set()
    assert found(store, "tolk") == {str(BODY), str(PERSON)}
    index.close()
    with sqlite3.connect(index_file) as conn:  # made by another version of the index
        conn.execute("UPDATE meta SET value = 'older' WHERE key = 'schema'")
    assert found(store, "tolk") == {str(BODY), str(PERSON)}
    index.close()
    index_file.write_bytes(b"not an index at all" * 100)
    assert found(store, "tolk") == {str(BODY), str(PERSON)}
    assert index.revision() == store.revision()


def test_an_index_made_for_another_store_is_rebuilt(tmp_path: Path) -> None:
    first = Store(tmp_path / "a" / "store")
    first.replace_graph(DOC, doc_graph())
    assert found(first, "hjalpmedel")
    text_index.index_for(first).close()
    second = Store(tmp_path / "b" / "store")
    second.replace_graph(OTHER, one_text(PERSON, "Tolkcentralen", FOAF.Person))
    shutil.copy(tmp_path / "a" / text_index.FILE_NAME, tmp_path / "b" / text_index.FILE_NAME)
    assert found(second, "hjalpmedel") == set()
    assert found(second, "tolk") == {str(PERSON)}


def test_without_an_index_search_asks_the_store(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    store = Store(tmp_path / "data" / "store")
    store.replace_graph(DOC, doc_graph())
    (tmp_path / "data" / text_index.FILE_NAME).mkdir()  # no index file can be made there
    with caplog.at_level(logging.WARNING, logger="graph.search"):
        hits = search(store, "hjalpmedel")
    assert "without the text index" in caplog.text
    memory = Store.memory()
    memory.replace_graph(DOC, doc_graph())
    assert hits == search(memory, "hjalpmedel")
    assert not text_index.sync(store)  # a write path goes on without it


def test_the_state_graph_is_not_a_load_nor_in_void(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    client = app.test_client()
    turtle = (DATA / "region.ttl").read_bytes().replace(b"region/99", b"region/97")
    response = client.post("/loads?name=extra.ttl", data=turtle, content_type="text/turtle",
                           headers=bearer())  # fmt: skip
    assert response.status_code == 201
    loads = client.get("/loads").get_json()["loads"]
    assert loads and all(row["graph"] != str(STATE_GRAPH) for row in loads)
    void = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"})
                         .get_data(as_text=True), format="turtle")  # fmt: skip
    subsets = {str(o) for o in void.objects(None, URIRef("http://rdfs.org/ns/void#subset"))}
    assert str(ID["graph/load/extra"]) in subsets and str(STATE_GRAPH) not in subsets
    response = client.delete("/loads/graph/state", headers=bearer())
    assert 400 <= response.status_code < 500
    with app.extensions["govkg"].reading() as store:
        assert store.revision() and str(STATE_GRAPH) not in store.graph_names()


def _file_revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0]


# --- the latest meeting -------------------------------------------------------------------

XSD = Namespace(str(vocabularies.XSD))  # pytest probes module attributes: not a closed one
DERIVED = str(ID["graph/derived/"])
MEETINGS = [ID["meeting/a"], ID["meeting/b"], ID["meeting/c"], BNode("m")]
DATES = [
    Literal("2024-03-01", datatype=XSD.date), Literal("2024-03-01"),
    Literal("2023-12-31", datatype=XSD.date), Literal("2025-01"),  # not a day
    Literal("2025-02-02", lang="sv"), Literal("2024-03-01", datatype=XSD.string),
]  # fmt: skip
GRAPHS = [ID["graph/one"], ID["graph/two"], ID["graph/three"], ID["graph/derived/x"]]
facts = st.tuples(
    st.sampled_from(GRAPHS),
    st.sampled_from(MEETINGS),
    st.one_of(st.none(), st.sampled_from(DATES)),  # None: the type, else the date
)


def latest_by_query(store: Store, replaced: URIRef | None) -> set:
    names, row = ("derived", "replaced"), (Literal(DERIVED), replaced)
    if replaced is None:
        names, row = names[:1], row[:1]
    query = load_query("validation-latest-meeting")
    found = store.construct(query.replace("#VALUES", values_clause(names, [row])))
    return set(found)


def latest_by_index(store: Store, replaced: URIRef | None) -> set:
    index = text_index.index_for(store)
    index.sync(store)
    latest = index.latest_meeting(DERIVED, str(replaced) if replaced else None)
    if latest is None:
        return set()
    meeting, date = latest
    return {(meeting, RDF.type, GOV.Meeting), (meeting, DCT.date, date)}


@settings(max_examples=60, derandomize=True, database=None, deadline=None)
@given(st.lists(facts, max_size=14), st.sampled_from([None, *GRAPHS[:2]]))
def test_the_index_finds_the_latest_meeting_as_the_query_does(
    written: list[tuple[URIRef, Node, Literal | None]], replaced: URIRef | None
) -> None:
    graphs: dict[URIRef, Graph] = {}
    for name, meeting, date in written:
        triple = (meeting, RDF.type, GOV.Meeting) if date is None else (meeting, DCT.date, date)
        graphs.setdefault(name, Graph()).add(triple)
    store = Store.memory()
    for name, graph in graphs.items():
        store.replace_graph(str(name), graph)
    expected = latest_by_query(store, replaced)
    assert latest_by_index(store, replaced) == expected
    assert latest_by_index(store, None) == latest_by_query(store, None)


def test_the_latest_meeting_follows_writes_and_withdrawals() -> None:
    store = Store.memory()
    first, later = ID["meeting/first"], ID["meeting/later"]
    store.replace_graph(DOC, meeting_graph(first, "2024-05-02"))
    store.replace_graph(OTHER, meeting_graph(later, "2025-01-10"))
    assert latest_by_index(store, None) == latest_by_query(store, None)
    assert {s for s, _, _ in latest_by_index(store, None)} == {later}
    assert {s for s, _, _ in latest_by_index(store, URIRef(OTHER))} == {first}
    store.drop_graph(OTHER)
    assert {s for s, _, _ in latest_by_index(store, None)} == {first}
    store.replace_graph(DOC, Graph())
    assert latest_by_index(store, None) == set() == latest_by_query(store, None)


def meeting_graph(meeting: URIRef, day: str) -> Graph:
    g = Graph()
    g.add((meeting, RDF.type, GOV.Meeting))
    g.add((meeting, DCT.date, Literal(day, datatype=XSD.date)))
    return g
