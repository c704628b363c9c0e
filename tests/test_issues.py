"""Issues: items grouped by topic, diary number and reference, stored in a derived graph."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from graph.derive import derive, issues_graph_iri
from graph.derive.issues import is_procedural
from graph.derive.matching import find, word_matches
from graph.errors import Ambiguous
from graph.namespaces import ID
from graph.resolve import HISTORY_KINDS, LINEAGE_KINDS, resolve
from graph.store import Store

PSB = "meeting/25/politisk-samverkansberedning"


@pytest.fixture(scope="module")
def derived(corpus_store: Store) -> Store:
    """A copy of the corpus store with the derived graphs (the session store stays as is)."""
    store = Store.memory()
    for name in corpus_store.graph_names():
        store.replace_graph(name, corpus_store.named_graph(name))
    derive(store)
    return store


def members(store: Store, issue: str) -> dict[str, tuple[str, str]]:
    rows = store.select(
        """SELECT ?item ?rule ?words WHERE { GRAPH ?g {
             ?m gov:issue ?issue ; gov:item ?item ; gov:groupingRule ?rule ;
                gov:matchedWords ?words } }""",
        {"g": issues_graph_iri(issue.split("/")[1]), "issue": ID[issue]},
    )
    return {str(r["item"]).removeprefix(str(ID)): (str(r["rule"]), str(r["words"])) for r in rows}


def test_word_matching_tolerates_inflection_compounds_and_typos() -> None:
    assert word_matches("hjälpmedel", "hjälpmedelsförsörjning")
    assert word_matches("samverkansstruktur", "länssamverkansstruktur")
    assert word_matches("hjälpmedelsstrategi", "hjälpmedesstrategi")
    assert word_matches("barnahus", "barnahuset")
    assert not word_matches("vård", "vårdkontakt")
    assert not word_matches("sip", "sippa")
    assert [m.words for m in find("nära vård", "Införandet av nära vården.")] == ["nära vården"]


def test_procedural_items_are_recognised() -> None:
    for title in (
        "Val av justerare",
        "Sammanträdets öppnande",
        "Mötets avslutande",
        "Föregående sammanträdesprotokoll",
        "Godkännande av dagordning",
    ):
        assert is_procedural(title), title
    assert not is_procedural("Samverkansform för hjälpmedel")


def test_hjalpmedel_issue_spans_two_meetings(derived: Store) -> None:
    found = members(derived, "issue/25/hjalpmedel")
    assert set(found) == {f"{PSB}/2021-04-20/item/4", f"{PSB}/2023-05-09/item/16"}
    assert all(rule == "topic" for rule, _ in found.values())
    assert "Hjälpmedelsförsörjning" in found[f"{PSB}/2021-04-20/item/4"][1]


def test_named_topics_have_their_own_issues(derived: Store) -> None:
    for issue, item in (
        ("issue/25/barnahus", "2023-05-09/item/17"),
        ("issue/25/samordnad-individuell-planering", "2023-05-09/item/18"),
        ("issue/25/tjanstekop", "2023-05-09/item/19"),
    ):
        assert f"{PSB}/{item}" in members(derived, issue), issue
    lifecare = members(derived, "issue/24/lifecare-sp")
    assert {i.rsplit("/", 1)[-1] for i in lifecare} == {"54", "55"}


def test_procedural_items_belong_to_no_issue(derived: Store) -> None:
    rows = derived.select(
        "SELECT ?item WHERE { GRAPH ?g { ?m gov:item ?item } }", {"g": issues_graph_iri("25")}
    )
    items = {str(r["item"]).rsplit("/", 2)[-2:][1] for r in rows if PSB in str(r["item"])}
    assert not items & {"1", "2", "3", "11", "13", "14", "15", "21"}


def test_derive_is_idempotent(derived: Store) -> None:
    before = {c: set(derived.named_graph(str(issues_graph_iri(c)))) for c in ("24", "25")}
    derive(derived)
    assert {c: set(derived.named_graph(str(issues_graph_iri(c)))) for c in before} == before


def test_resolve_prefers_kinds_and_lists_candidates(derived: Store) -> None:
    assert resolve(derived, "hjälpmedel", HISTORY_KINDS).endswith("/topic/hjalpmedel")
    assert resolve(derived, "hjalpmedel norrbotten", HISTORY_KINDS).endswith("/issue/25/hjalpmedel")
    assert "/termination-" in resolve(derived, "uppsägning", LINEAGE_KINDS)
    assert resolve(derived, "gemensam nämnd", LINEAGE_KINDS).endswith(
        "gemensam-namnd-hjalpmedelsforsorjningen"
    )
    iri = f"{ID}{PSB}/2023-05-09/item/16"
    assert resolve(derived, iri) == iri
    assert resolve(derived, f"id:{PSB}/2023-05-09/item/16") == iri
    with pytest.raises(Ambiguous) as caught:
        resolve(derived, "hjälpmedel", ("issue",))
    assert len(caught.value.candidates) == 2
    assert all(isinstance(URIRef(iri), URIRef) and label for iri, label in caught.value.candidates)
