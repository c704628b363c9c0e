"""Histories of issues, bodies, people and agreements; the timeline picture."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from graph.derive import derive
from graph.history import agreement_lifecycle, body_history, issue_history, person_history
from graph.history_more import review_dates
from graph.namespaces import ID
from graph.resolve import HISTORY_KINDS, resolve
from graph.store import Store
from graph.timeline import timeline_svg

PSB = f"{ID}meeting/25/politisk-samverkansberedning"


@pytest.fixture(scope="module")
def derived(corpus_store: Store) -> Store:
    """A copy of the corpus store with the derived graphs (the session store stays as is)."""
    store = Store.memory()
    for name in corpus_store.graph_names():
        store.replace_graph(name, corpus_store.named_graph(name))
    derive(store)
    return store


def test_hjalpmedel_history_in_date_order(derived: Store) -> None:
    history = issue_history(derived, resolve(derived, "hjälpmedel", HISTORY_KINDS))
    entries = history.entries
    assert [e.sort_date for e in entries] == sorted(e.sort_date for e in entries)
    items = [e for e in entries if e.kind == "item" and e.iri.startswith(PSB)]
    assert [(e.sort_date, e.section) for e in items] == [
        ("2021-04-20", "§ 4"),
        ("2023-05-09", "§ 16"),
    ]
    kinds = {e.kind for e in entries if e.iri.startswith(PSB)}
    assert {"decision", "termination", "assignment", "options", "milestone", "deadline"} <= kinds
    deadlines = {e.sort_date for e in entries if e.kind == "deadline"}
    assert {"2021-05-27", "2021-12-31", "2023-11-17"} <= deadlines
    assert all(e.quote and e.quote.quote for e in entries)
    assert all(e.body for e in entries)
    assert history.to_json()["entries"][0]["quote"]["document"]


def test_a_page_of_a_history_is_that_slice_of_the_whole(derived: Store) -> None:
    issue = resolve(derived, "hjälpmedel", HISTORY_KINDS)
    whole = issue_history(derived, issue)
    assert whole.total == len(whole.entries) > 6
    page = issue_history(derived, issue, offset=3, limit=4)
    assert (page.total, page.offset, page.limit) == (whole.total, 3, 4)
    assert page.entries == whole.entries[3:7]  # quotes and all
    assert all(e.quote for e in page.entries)
    beyond = issue_history(derived, issue, offset=whole.total, limit=4)
    assert beyond.entries == [] and beyond.total == whole.total


@pytest.mark.parametrize(
    ("words", "section"),
    [("barnahus", "§ 17"), ("samordnad individuell planering", "§ 18"), ("tjänsteköp", "§ 19")],
)
def test_other_issues_have_their_own_histories(derived: Store, words: str, section: str) -> None:
    history = issue_history(derived, resolve(derived, words, HISTORY_KINDS))
    assert {e.section for e in history.entries if e.kind == "item"} == {section}


def test_lifecare_history(derived: Store) -> None:
    history = issue_history(derived, resolve(derived, "Life Care SP", HISTORY_KINDS))
    assert {e.section for e in history.entries if e.kind == "item"} == {"ärende 54", "ärende 55"}


def test_body_and_person_history(derived: Store) -> None:
    body = body_history(derived, f"{ID}body/25/politisk-samverkansberedning")
    assert body.meetings_per_year == {"2021": 1, "2023": 1}
    assert {"2021", "2023"} <= set(body.chairs)
    assert body.agreements and body.members
    person = person_history(derived, f"{ID}person/linda-frohm")
    assert person.meetings and person.meetings[0]["date"] == "2021-04-20"


def test_agreement_lifecycle(derived: Store) -> None:
    agreement = resolve(derived, "överenskommelse om politisk samverkan", ("agreement",))
    life = agreement_lifecycle(derived, agreement)
    assert life.in_force_from == "2017-01-01" and life.notice_period == "P6M"
    assert life.review_dates[:2] == ["2019-01-01", "2021-01-01"]
    interim = resolve(derived, "interimistiskt samverkansavtal", ("agreement",))
    old = agreement_lifecycle(derived, interim).replaces
    assert old and agreement_lifecycle(derived, old[0]).replaced_by == [interim]


def test_review_dates() -> None:
    assert review_dates("2017-01-01", "P2Y", "2021-06-01") == ["2019-01-01", "2021-01-01"]
    assert review_dates("2017-01-01", "", "2021-06-01") == []


def test_timeline_svg(derived: Store) -> None:
    history = issue_history(derived, f"{ID}issue/25/hjalpmedel")
    svg = timeline_svg(history)
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    links = root.findall(f"{ns}a")
    assert len(links) == len(history.entries)
    assert all(a.get("href", "").startswith("/id/") for a in links)
    assert all(a.find(f"{ns}title") is not None for a in links)
    assert root.find(f"{ns}polyline") is not None
