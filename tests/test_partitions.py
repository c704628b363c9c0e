"""Derived graphs per county: a load re-derives its own partitions, and the result is
the same as deriving everything."""

from __future__ import annotations

from pathlib import Path

import pytest

import graph.derive as derive_module
from graph.derive import (
    DERIVED_PREFIX,
    derive,
    graph_partitions,
    issues_graph_iri,
    lineage_graph_iri,
)
from graph.ontology_graph import ONTOLOGY_GRAPH, ensure_ontology
from graph.pipeline import corpus_files, ingest_file, withdraw
from graph.settings import BUNDLED_CORPUS
from graph.store import Store

FILES = corpus_files([BUNDLED_CORPUS])


def derived_graphs(store: Store) -> dict[str, set]:
    return {
        name: set(store.named_graph(name))
        for name in store.graph_names()
        if name.startswith(DERIVED_PREFIX)
    }


def loaded_one_by_one() -> Store:
    """Each document loaded on its own, each load deriving only what it touched."""
    store = Store.memory()
    ensure_ontology(store)
    for path in FILES:
        ingest_file(path, store)
    return store


@pytest.fixture(scope="module")
def incremental() -> Store:
    return loaded_one_by_one()


def meeting_graph(store: Store, county: str) -> str:
    return next(n for n in store.graph_names() if f"/graph/meeting/{county}/" in n)


def test_loading_one_by_one_equals_deriving_everything(
    incremental: Store, corpus_store: Store
) -> None:
    assert derived_graphs(incremental) == derived_graphs(corpus_store)


def test_each_county_has_its_own_derived_graphs(corpus_store: Store) -> None:
    names = set(derived_graphs(corpus_store))
    for county in ("24", "25"):
        assert str(issues_graph_iri(county)) in names
        assert str(lineage_graph_iri(county)) in names


def test_a_graph_names_the_partitions_it_takes_part_in(corpus_store: Store) -> None:
    assert graph_partitions(corpus_store, meeting_graph(corpus_store, "24")) == {"24"}
    assert graph_partitions(corpus_store, meeting_graph(corpus_store, "25")) == {"25"}
    # topics and regions are read by every partition
    assert graph_partitions(corpus_store, str(ONTOLOGY_GRAPH)) is None
    assert graph_partitions(corpus_store, str(issues_graph_iri("24"))) == set()


def test_a_load_rederives_only_its_own_county(
    corpus_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = corpus_store.copy()
    other = {str(lineage_graph_iri("25")), str(issues_graph_iri("25"))}
    before = {name: set(store.named_graph(name)) for name in other}
    derived: list[str] = []
    original = derive_module.derive_issues

    def recording(store_: Store, county: str) -> int:
        derived.append(county)
        return original(store_, county)

    monkeypatch.setattr(derive_module, "derive_issues", recording)
    path = next(p for p in FILES if p.name.startswith("003_"))
    ingest_file(path, store)
    assert derived == ["24"]
    assert {name: set(store.named_graph(name)) for name in other} == before


def test_withdrawing_a_countys_documents_removes_its_derived_graphs(tmp_path: Path) -> None:
    store = loaded_one_by_one()
    for name in [n for n in store.graph_names() if "/graph/meeting/24/" in n]:
        assert withdraw(store, name)
    remaining = set(derived_graphs(store))
    assert str(issues_graph_iri("24")) not in remaining
    assert str(lineage_graph_iri("24")) not in remaining
    assert str(lineage_graph_iri("25")) in remaining
    assert derived_graphs(store) == derived_graphs(_rederived(store))


def _rederived(store: Store) -> Store:
    copy = store.copy()
    for name in list(derived_graphs(copy)):
        copy.drop_graph(name)
    derive(copy)
    return copy


def test_deriving_everything_drops_graphs_outside_the_scheme(corpus_store: Store) -> None:
    store = corpus_store.copy()
    old = f"{DERIVED_PREFIX}issues"
    store.replace_graph(old, store.named_graph(str(issues_graph_iri("25"))))
    derive(store)
    assert not store.has_graph(old)
    assert derived_graphs(store) == derived_graphs(corpus_store)
