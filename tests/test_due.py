"""What is due: open, upcoming and overdue report-backs as of a day."""

from __future__ import annotations

from datetime import date

import pytest

from graph.derive import derive
from graph.due import due
from graph.namespaces import ID
from graph.store import Store

PSB_BODY = f"{ID}body/25/politisk-samverkansberedning"
HJALPMEDEL = f"{ID}meeting/25/politisk-samverkansberedning/2023-05-09/item/16/assignment-1"
INVESTIGATION = f"{ID}meeting/25/politisk-samverkansberedning/2021-04-20/item/4/assignment-1"


@pytest.fixture(scope="module")
def derived(corpus_store: Store) -> Store:
    """A copy of the corpus store with the derived graphs (the session store stays as is)."""
    store = Store.memory()
    for name in corpus_store.graph_names():
        store.replace_graph(name, corpus_store.named_graph(name))
    derive(store)
    return store


def test_as_of_mid_2023_the_report_back_is_upcoming(derived: Store) -> None:
    report = due(derived, date(2023, 6, 1))
    upcoming = [e for e in report.upcoming if e.iri == HJALPMEDEL and e.kind == "report-back"]
    assert upcoming and upcoming[0].date == "2023-11-17"
    assert upcoming[0].body == "Politiska samverkansberedningen"
    assert upcoming[0].quote and upcoming[0].quote.section == "§ 16"
    assert HJALPMEDEL in {e.iri for e in report.open}
    assert len(report.open) >= 4  # barnahus, tjänsteköp, samverkansmodell, hjälpmedel
    assert not report.overdue
    assert {"milestone", "establishment"} <= {e.kind for e in report.upcoming}


def test_reported_back_by_a_later_item_of_the_issue(derived: Store) -> None:
    before = due(derived, date(2021, 6, 1))
    assert INVESTIGATION in {e.iri for e in before.overdue}
    after = due(derived, date(2023, 6, 1))
    assert INVESTIGATION not in {e.iri for e in after.open + after.overdue}


def test_as_of_2026_it_is_overdue(derived: Store) -> None:
    report = due(derived, date(2026, 1, 1))
    overdue = {e.iri: e for e in report.overdue}
    assert HJALPMEDEL in overdue and overdue[HJALPMEDEL].date == "2023-11-17"
    assert not any(e.iri == HJALPMEDEL for e in report.upcoming)
    reported = f"{ID}meeting/24/lanssamverkansgrupp/2025-09-19/item/52/assignment-1"
    assert reported not in {e.iri for e in report.open}


def test_body_filter(derived: Store) -> None:
    report = due(derived, date(2023, 6, 1), PSB_BODY)
    assert report.open and all("Samråd" not in e.noted_by for e in report.open)
    other = due(derived, date(2023, 6, 1), f"{ID}body/24/samrad-vard-omsorg")
    assert HJALPMEDEL not in {e.iri for e in other.open}
