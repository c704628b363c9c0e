"""Synthetic data (graph/synthetic.py) and its protocol texts (graph/synthetic_text.py).

Deterministic by seed, sized by the target, valid for every prefix, declared terms only,
all the reference organisations, the lifecycles the derivations join on, and protocol texts
in both house styles that govkg's own extraction reads back as the meeting they came from.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef

from graph import namespaces, reference
from graph.derive import derive
from graph.due import due
from graph.lineage import routes
from graph.mapping_base import Source
from graph.namespaces import DCT, GOV, ORG, RDF
from graph.ontology_graph import ONTOLOGY_GRAPH, vocabulary_graph
from graph.pipeline import extract_document
from graph.store import Store
from graph.summary import summarise
from graph.synthetic import Document, documents, names, write_nquads
from graph.synthetic_text import render_protocol
from graph.validate import undeclared_terms, validate

ROOT = Path(__file__).resolve().parents[1]
SMALL = 20_000  # small enough to validate and derive in seconds
LONG = 160_000  # one county's ten years, and the next county begun
SEED = 1


def _union(docs: list[Document], skip_ontology: bool = False) -> Graph:
    graph = Graph()
    for doc in docs:
        if not (skip_ontology and doc.kind == "ontology"):
            for triple in doc.triples:
                graph.add(triple)
    return graph


@pytest.fixture(scope="module")
def small() -> list[Document]:
    return list(documents(SMALL, SEED))


@pytest.fixture(scope="module")
def long() -> Graph:
    return _union(list(documents(LONG, SEED)))


@pytest.fixture(scope="module")
def derived(small: list[Document]) -> Store:
    store = Store.memory()
    for doc in small:
        store.replace_graph(doc.iri, doc.graph())
    derive(store)
    return store


def _count(docs: list[Document]) -> int:
    return sum(len(doc.triples) for doc in docs)


# --- determinism and size ---------------------------------------------------------------


def test_same_seed_writes_the_same_nquads_and_another_seed_does_not(tmp_path: Path) -> None:
    paths = [tmp_path / f"{k}.nq" for k in range(3)]
    counts = [write_nquads(p, 12_000, seed) for p, seed in zip(paths, (7, 7, 8), strict=True)]
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert paths[0].read_bytes() != paths[2].read_bytes()
    assert counts[0] == len(paths[0].read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize("target", [10_000, 40_000, 150_000])
def test_size_is_close_to_the_target(target: int) -> None:
    assert abs(_count(list(documents(target, SEED))) - target) <= 0.1 * target


def test_nquads_parse_back_to_the_same_graphs(tmp_path: Path, small: list[Document]) -> None:
    path = tmp_path / "s.nq"
    write_nquads(path, SMALL, SEED)
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.N_QUADS)
    counts = Counter(quad.graph_name.value for quad in store)
    assert counts == {d.iri: len(d.triples) for d in small}


# --- conformance ------------------------------------------------------------------------


def test_the_stream_starts_with_the_ontology_graph_ensure_ontology_writes(
    small: list[Document],
) -> None:
    ontology, _ = vocabulary_graph()
    assert small[0].iri == str(ONTOLOGY_GRAPH)
    assert set(small[0].triples) == set(ontology)


def test_every_prefix_of_the_stream_conforms(small: list[Document]) -> None:
    meetings = [k for k, doc in enumerate(small) if doc.kind == "meeting"]
    for cut in (meetings[0] + 1, meetings[len(meetings) // 4] + 1, len(small)):
        report = validate(_union(small[:cut]))
        assert report.violations() == [], (cut, report.to_text()[:2000])


def test_only_declared_classes_and_properties(small: list[Document]) -> None:
    assert undeclared_terms(_union(small, skip_ontology=True)) == set()


def test_all_kommuner_and_regioner_are_there(small: list[Document]) -> None:
    graph = _union(small[:2])
    assert len(set(graph.subjects(RDF.type, GOV.Municipality))) == 290
    assert len(set(graph.subjects(RDF.type, GOV.Region))) == 21
    assert len(reference.municipalities()) == 290 and len(reference.regions()) == 21


# --- what the data holds ----------------------------------------------------------------


def _meetings_by_body(graph: Graph) -> dict[URIRef, list[date]]:
    found: dict[URIRef, list[date]] = defaultdict(list)
    for meeting in graph.subjects(RDF.type, GOV.Meeting):
        body = graph.value(meeting, GOV.body)
        day = graph.value(meeting, DCT.date)
        if isinstance(body, URIRef) and day is not None:
            found[body].append(day.toPython())
    return found


def test_at_least_four_meetings_a_year_per_body(long: Graph) -> None:
    by_body = _meetings_by_body(long)
    last: dict[str, date] = {}  # county → its last meeting in the stream
    for body, days in by_body.items():
        county = str(long.value(body, GOV.county))
        last[county] = max(last.get(county, days[0]), *days)
    checked = 0
    for body, days in by_body.items():
        per_year = Counter(d.year for d in days)
        for year in range(min(per_year) + 1, last[str(long.value(body, GOV.county))].year):
            assert per_year[year] >= 4, (body, year, per_year)  # complete years only
            checked += 1
    assert checked >= 20


def test_memberships_change_over_time(long: Graph) -> None:
    """Terms of office, members replaced during a term, chairs alternating yearly."""
    periods: dict[tuple[URIRef, URIRef], set[tuple[date, date]]] = defaultdict(set)
    chairs: dict[URIRef, dict[int, bool]] = defaultdict(dict)
    for ms in long.subjects(RDF.type, ORG.Membership):
        body, role = long.value(ms, ORG.organization), long.value(ms, ORG.role)
        span = long.value(ms, ORG.memberDuring)
        start, end = (
            long.value(span, p).toPython()
            for p in (namespaces.DCAT.startDate, namespaces.DCAT.endDate)
        )
        periods[(body, role)].add((start, end))
        if role == GOV.Chair:
            chairs[body][start.year] = "/region/" in str(long.value(ms, GOV.represents))
    members = periods[next(k for k in periods if k[1] == GOV.Member)]
    assert len({start.year for start, _ in members}) >= 3  # three terms of office
    assert any(end.month != 12 or end.day != 31 for _, end in members)  # left during a term
    rotations = [c for c in chairs.values() if len(c) >= 3]
    assert rotations
    for years in rotations:
        assert all(years[y] != years[y + 1] for y in years if y + 1 in years)


def test_assignments_are_reported_back_later_or_become_overdue(derived: Store) -> None:
    last = max(
        date.fromisoformat(str(r["d"]))
        for r in derived.select("SELECT ?d WHERE { ?m a gov:Meeting ; dct:date ?d }")
    )
    report = due(derived, last)
    assert report.overdue
    reported = derived.select(
        "SELECT ?a WHERE { ?item gov:reportsBackOn ?a ; gov:meeting/dct:date ?d2 . "
        "?a gov:givenIn/gov:meeting/dct:date ?d1 . FILTER (?d1 < ?d2) }"
    )
    assert reported


def test_an_agreement_goes_through_its_whole_lifecycle(long: Graph) -> None:
    """In force → uppsägning with notice end → interim agreement pending a new form →
    a gemensam nämnd set up, governed by a new agreement that replaces the interim one, and
    meeting."""
    termination = next(long.subjects(RDF.type, GOV.Termination))
    old = long.value(termination, GOV.terminates)
    assert long.value(old, GOV.inForceFrom) is not None
    assert long.value(old, GOV.noticePeriod) is not None
    assert long.value(old, GOV.reviewInterval) is not None
    assert long.value(termination, GOV.noticeEnd) is not None
    interim = next(long.subjects(DCT.replaces, old))
    assert (interim, RDF.type, GOV.InterimAgreement) in long
    assert long.value(interim, GOV.pendingText) is not None
    board = long.value(interim, GOV.bridgesTo)
    assert (board, GOV.bodyKind, GOV.JointBoard) in long
    assert any(long.subjects(GOV.establishes, board))
    new = next(long.subjects(DCT.replaces, interim))
    assert (new, GOV.governs, board) in long
    assert len(_meetings_by_body(long)[board]) >= 4


def test_every_decision_type_and_both_item_kinds_occur(long: Graph) -> None:
    types = set(long.objects(None, GOV.decisionType))
    assert {
        GOV.InformationNoted, GOV.Approved, GOV.AssignmentGiven, GOV.Appointment,
        GOV.ReferredBack, GOV.Recommendation, GOV.Delegation, GOV.ScheduledMeeting,
        GOV.OtherDecision,
    } <= types  # fmt: skip
    assert {GOV.DecisionItem, GOV.InformationItem} <= set(long.objects(None, GOV.itemKind))


def test_names_come_from_the_names_file_not_the_corpus(small: list[Document]) -> None:
    corpus = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "data/corpus").glob("*.txt"))
    words = {w.casefold() for w in re.findall(r"\w+", corpus)}
    first, last = names()
    assert not {n.casefold() for n in last} & words
    with (ROOT / "data/synthetic/names.csv").open(encoding="utf-8") as handle:
        assert handle.readline().startswith("#")
        assert {r["kind"] for r in csv.DictReader(x for x in handle if not x.startswith("#"))}
    people = [doc.meeting for doc in small if doc.meeting]
    for meeting in people:
        for att in meeting.attendees:
            given, *surnames = att.person.name.split()
            assert given in first and set(surnames) <= set(last)


# --- derived issues and lineage ---------------------------------------------------------


def test_issues_span_meetings_and_bodies(derived: Store) -> None:
    rows = derived.select(
        "SELECT ?issue ?rule (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?b) AS ?bodies) "
        "WHERE { GRAPH ?g { ?x gov:issue ?issue ; gov:item ?i ; gov:groupingRule ?rule } "
        "?i gov:meeting ?m . ?m gov:body ?b } GROUP BY ?issue ?rule"
    )
    wide = {str(r["rule"]) for r in rows if int(r["meetings"]) >= 3 and int(r["bodies"]) >= 2}
    assert {"diary-number", "topic"} <= wide


def test_lineage_rules_fire_and_chain(derived: Store) -> None:
    rows = derived.select(
        "SELECT ?rule (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?l gov:inferenceRule ?rule } } "
        "GROUP BY ?rule"
    )
    fired = {str(r["rule"]) for r in rows}
    assert {
        "termination", "termination-investigation", "investigation-options", "options-interim",
        "options-planned-body", "termination-interim", "interim-replaces", "interim-bridges",
        "establishment", "decision-assigns", "reported-back", "minutes-follow-up",
        "agreement-governs", "prior-decision-assignment", "assignment-continues",
    } <= fired  # fmt: skip
    board = str(derived.select("SELECT ?b WHERE { ?b gov:bodyStatus gov:Planned }")[0]["b"])
    depths = [
        len(route.steps)
        for row in derived.select("SELECT ?t WHERE { ?t a gov:Termination }")
        for route in routes(derived, str(row["t"]), board)
    ]
    assert max(depths) >= 3  # termination → investigation → options → interim → nämnd


# --- protocol texts ---------------------------------------------------------------------


def _summary(ref: Document, doc: Document) -> dict:
    store = Store.memory()
    for d in (ref, doc):
        store.replace_graph(d.iri, d.graph())
    ontology, _ = vocabulary_graph()
    store.replace_graph(str(ONTOLOGY_GRAPH), ontology)
    return summarise(store)


def _normal(summary: dict) -> dict:
    for attendee in summary["attendees"]:
        attendee["roles"] = sorted(attendee["roles"])
    return summary


@pytest.mark.parametrize("layout", ["norrbotten", "vasterbotten"])
def test_rendered_protocols_read_back_as_their_meetings(
    small: list[Document], layout: str, tmp_path: Path
) -> None:
    """The summary of a rendered protocol equals the summary of the meeting's own graph;
    so do the partial attendance (§§) and the decision types."""
    style = {"norrbotten": "paragraph", "vasterbotten": "numbered"}[layout]
    chosen = [d for d in small if d.meeting and d.meeting.layout == style][:3]
    assert len(chosen) == 3
    from graph.extract import extract_summary

    for doc in chosen:
        meeting = doc.meeting
        assert meeting is not None
        text = render_protocol(meeting, layout)
        path = tmp_path / f"{meeting.identifier}.txt"
        path.write_text(text, encoding="utf-8")
        assert _normal(extract_summary(path)) == _normal(_summary(small[1], doc))
        record = extract_document(Source(path.name, text))
        assert [a.sections for a in record.attendees] == [a.sections for a in meeting.attendees]
        assert [set(i.decision_types) if i.decision else set() for i in record.items] == [
            set(i.types) for i in meeting.items
        ]


def test_both_layouts_look_like_their_house_style(small: list[Document]) -> None:
    paragraph = next(d.meeting for d in small if d.meeting and d.meeting.layout == "paragraph")
    numbered = next(d.meeting for d in small if d.meeting and d.meeting.layout == "numbered")
    assert paragraph is not None and numbered is not None
    text = render_protocol(paragraph, "norrbotten")
    assert re.search(r"^§ \d+$", text, re.M) and "Beslutande" in text
    assert len(re.findall(r"^Sida \d+ av \d+$", text, re.M)) >= 2  # the header on every page
    assert re.search(r"\w-\n\n?[a-zåäö]", text)  # hyphenated line breaks
    text = render_protocol(numbered, "vasterbotten")
    assert re.search(r"^\d+\. \S", text, re.M) and "Bilaga. Närvarolista" in text
    assert "Ärenden: " in text and "Datum och tid: " in text


# --- the command ------------------------------------------------------------------------


def test_the_synthetic_command_writes_nquads_and_texts(tmp_path: Path) -> None:
    from api.cli import cli

    runner = CliRunner()
    out = tmp_path / "s.nq"
    result = runner.invoke(cli, ["synthetic", "--triples", "11000", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert abs(len(out.read_text(encoding="utf-8").splitlines()) - 11_000) <= 1_100
    texts = tmp_path / "texts"
    args = ["synthetic", "--texts", str(texts), "--layout", "vasterbotten", "--count", "2"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    files = sorted(texts.glob("*.txt"))
    assert len(files) == 2 and all("Bilaga. Närvarolista" in f.read_text() for f in files)
    result = runner.invoke(cli, ["synthetic", "--out", str(out)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
