"""A load's incremental validation reports exactly what a full validation would add.

For a store S and a load of graph G as named graph X, the report of
`validate(G, context=context_for(G, S, exclude_graph=X))` must hold exactly the results
(focus node, path, constraint component, shape, severity, value) that a full
validation of S with X replaced by G holds and a full validation of S does not.
Hypothesis draws small stores and loads from a vocabulary that touches every shape;
explicit cases pin the situations that an approach reading only the load's own nodes
misses. The last tests check the reach itself: that it covers what each SPARQL
constraint reads, and that the context of a protocol does not grow with unrelated data.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from conftest import corpus_file
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as vocabularies
from rdflib.namespace import SH
from rdflib.paths import AlternativePath, InvPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node, Variable

from graph import text_index
from graph.namespaces import DCT, FOAF, GOV, ID, ORG, PROV, SKOS
from graph.ontology_graph import ensure_ontology
from graph.pipeline import corpus_files, graph_document, ingest_file
from graph.registry import context_for, from_store
from graph.settings import BUNDLED_CORPUS
from graph.sources import read_source
from graph.store import Store, to_rdflib
from graph.validate import ResultKey, ontology_graph, shapes_graph, validate
from graph.validation_scope import ANY, TYPE, Step, validation_scope

Triple = tuple[Node, Node, Node]
# Plain namespaces: pytest probes module attributes, which rdflib's closed ones warn about.
XSD = Namespace(str(vocabularies.XSD))
DCAT = Namespace(str(vocabularies.DCAT))


def d(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def n(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


# --- the vocabulary ---------------------------------------------------------------------

B1, B2 = ID["body/99/b1"], ID["body/99/b2"]
REGION, MUNI, PARTY = ID["region/99"], ID["municipality/9901"], ID["party/x"]
P1, P2 = ID["person/p1"], ID["person/p2"]
M1, M2, M3, M4 = (ID[f"meeting/{k}"] for k in ("b1-2023a", "b1-2023b", "b2-2024", "b1-2025"))
M5, I5, MS3 = ID["meeting/b1-2019"], ID["meeting/item/5"], ID["membership/3"]
I1, I2, I3, I4 = (ID[f"meeting/item/{k}"] for k in range(1, 5))
D1, D2 = ID["decision/1"], ID["decision/2"]
A1, A2, A3 = (ID[f"attendance/{k}"] for k in range(1, 4))
MS1, MS2, PERIOD = ID["membership/1"], ID["membership/2"], ID["membership/1/period"]
AG, RULE1, RULE2, SIG = ID["agreement/a"], ID["agreement/a/r1"], ID["agreement/a/r2"], ID["sig"]
SEAT, TERM, ENTRY, EST, MILE = (ID[k] for k in ("seat", "term", "entry", "est", "mile"))
TASK, DOC, PASSAGE, TOPIC, MERGE = (ID[k] for k in ("task", "doc", "passage", "topic", "merge"))
ISSUE, LINK, LOAD, GHOST = ID["issue"], ID["link"], ID["graph/some-load"], ID["ghost/1"]

FACTS: list[Triple] = [
    # organisations and bodies
    (REGION, RDF.type, GOV.Region), (REGION, RDF.type, ORG.Organization),
    (REGION, SKOS.prefLabel, Literal("Region")), (REGION, GOV.scbCode, Literal("99")),
    (REGION, GOV.county, Literal("99")), (REGION, GOV.county, Literal("999")),
    (MUNI, RDF.type, GOV.Municipality), (MUNI, SKOS.prefLabel, Literal("Kommun")),
    (MUNI, GOV.scbCode, Literal("9901")), (MUNI, GOV.scbCode, Literal("8801")),
    (MUNI, GOV.county, Literal("99")),
    (PARTY, RDF.type, GOV.PoliticalParty), (PARTY, SKOS.prefLabel, Literal("Partiet")),
    (PARTY, SKOS.notation, Literal("X")), (PARTY, SKOS.notation, Literal("x")),
    (B1, RDF.type, GOV.Body), (B1, SKOS.prefLabel, Literal("Organ 1")),
    (B1, GOV.bodyKind, GOV.Council), (B1, GOV.runBy, REGION), (B1, GOV.governedBy, AG),
    (B1, GOV.completeYear, Literal("2023")), (B1, GOV.county, Literal("99")),
    (B2, RDF.type, GOV.Body), (B2, SKOS.prefLabel, Literal("Organ 2")),
    (B2, GOV.bodyKind, GOV.Network), (B2, GOV.runBy, GHOST),
    # people and memberships
    (P1, RDF.type, FOAF.Person), (P1, FOAF.name, Literal("Anna A")),
    (P1, FOAF.name, Literal("Anna B")), (P1, GOV.mergeNote, MERGE),
    (P2, RDF.type, FOAF.Person), (P2, FOAF.name, Literal("Per P")),
    (MERGE, RDF.type, GOV.IdentityMerge), (MERGE, GOV.mergedLabel, Literal("Anna B")),
    (MERGE, GOV.mergeRule, Literal("same-name")),
    (MS1, RDF.type, ORG.Membership), (MS1, ORG.member, P1), (MS1, ORG.organization, B1),
    (MS1, ORG.role, GOV.Chair), (MS1, GOV.represents, REGION), (MS1, GOV.party, PARTY),
    (MS1, GOV.attestedOn, d("2023-03-01")), (MS1, ORG.memberDuring, PERIOD),
    (PERIOD, RDF.type, DCT.PeriodOfTime), (PERIOD, DCAT.startDate, d("2023-01-01")),
    (PERIOD, DCAT.endDate, d("2026-12-31")), (PERIOD, DCAT.endDate, d("2022-12-31")),
    (MS2, RDF.type, ORG.Membership), (MS2, ORG.member, P2), (MS2, ORG.organization, B1),
    (MS2, ORG.role, GOV.Chair), (MS2, GOV.represents, REGION),
    (MS2, GOV.attestedOn, d("2024-02-02")), (MS2, GOV.attestedOn, Literal("2024")),
    # meetings, attendance, items and decisions
    (M1, RDF.type, GOV.Meeting), (M1, GOV.body, B1), (M1, DCT.date, d("2023-03-01")),
    (M1, GOV.startTime, Literal("10:00:00", datatype=XSD.time)),
    (M1, GOV.endTime, Literal("09:00:00", datatype=XSD.time)),
    (M2, RDF.type, GOV.Meeting), (M2, GOV.body, B1), (M2, DCT.date, d("2023-09-01")),
    (M2, DCT.date, Literal("2023-09-01")),
    (M3, RDF.type, GOV.Meeting), (M3, GOV.body, B2), (M3, DCT.date, d("2024-01-10")),
    (M4, RDF.type, GOV.Meeting), (M4, GOV.body, B1), (M4, DCT.date, d("2025-02-02")),
    (M5, RDF.type, GOV.Meeting), (M5, GOV.body, B1), (M5, DCT.date, d("2019-05-05")),
    (I5, RDF.type, GOV.AgendaItem), (I5, GOV.meeting, M5), (I5, GOV.itemNumber, Literal("1")),
    (I5, DCT.title, Literal("Öppnande")),
    (MS3, RDF.type, ORG.Membership), (MS3, ORG.member, P2), (MS3, ORG.organization, B1),
    (MS3, ORG.role, GOV.Chair), (MS3, GOV.represents, MUNI),
    (MS3, GOV.attestedOn, d("2019-05-05")), (MS3, GOV.attestedOn, d("2022-11-11")),
    (A1, RDF.type, GOV.Attendance), (A1, GOV.meeting, M1), (A1, GOV.attendee, P1),
    (A1, GOV.present, Literal(True)), (A1, GOV.attendanceRole, GOV.Chair),
    (A1, GOV.fromSection, n(5)), (A1, GOV.toSection, n(2)),
    (A2, RDF.type, GOV.Attendance), (A2, GOV.meeting, M1), (A2, GOV.attendee, P2),
    (A2, GOV.present, Literal(False)), (A2, GOV.attendanceRole, GOV.Chair),
    (A3, RDF.type, GOV.Attendance), (A3, GOV.meeting, M3), (A3, GOV.attendee, GHOST),
    (A3, GOV.present, Literal(True)), (A3, GOV.attendanceRole, GOV.Member),
    (I1, RDF.type, GOV.AgendaItem), (I1, GOV.meeting, M1), (I1, GOV.itemNumber, Literal("1")),
    (I1, DCT.title, Literal("Öppnande")), (I1, GOV.approvesMinutesOf, M2),
    (I2, RDF.type, GOV.AgendaItem), (I2, GOV.meeting, M1), (I2, GOV.itemNumber, Literal("2")),
    (I2, DCT.title, Literal("Ärende")),
    (I3, RDF.type, GOV.AgendaItem), (I3, GOV.meeting, M2), (I3, GOV.itemNumber, Literal("1")),
    (I3, DCT.title, Literal("Öppnande")), (I3, GOV.meeting, M1),
    (I4, RDF.type, GOV.AgendaItem), (I4, GOV.meeting, M4), (I4, GOV.itemNumber, Literal("1")),
    (I4, DCT.title, Literal("Öppnande")), (I4, GOV.itemNumber, Literal("§ 1")),
    (I4, GOV.approvesMinutesOf, M4),
    (D1, RDF.type, GOV.Decision), (D1, GOV.decisionOf, I1), (D1, GOV.decisionText, Literal("Ja")),
    (D1, GOV.decisionType, GOV.Approved), (D1, GOV.decidedBy, B1),
    (D2, RDF.type, GOV.Decision), (D2, GOV.decisionOf, I1), (D2, GOV.decisionText, Literal("Nej")),
    (D2, GOV.decisionType, GOV.Approved), (D2, GOV.decisionOf, I2),
    # agreements, rules, events and assignments
    (AG, RDF.type, GOV.Agreement), (AG, RDF.type, GOV.CollaborationAgreement),
    (AG, DCT.title, Literal("Avtal")), (AG, GOV.party, REGION), (AG, GOV.party, MUNI),
    (AG, GOV.governs, B2), (AG, GOV.rule, RULE1), (AG, GOV.rule, RULE2),
    (AG, GOV.inForceFrom, d("2020-01-01")),
    (AG, GOV.reviewInterval, Literal("P2Y", datatype=XSD.duration)),
    (AG, GOV.signature, SIG), (AG, GOV.seatRule, SEAT),
    (RULE1, RDF.type, GOV.Rule), (RULE1, RDF.value, Literal("Minst tre möten.")),
    (RULE1, GOV.ruleKind, GOV.MeetingFrequencyRule), (RULE1, GOV.minMeetingsPerYear, n(3)),
    (RULE2, RDF.type, GOV.Rule), (RULE2, RDF.value, Literal("Växlar.")),
    (RULE2, GOV.ruleKind, GOV.AlternationRule),
    (SIG, RDF.type, GOV.Signature), (SIG, GOV.signer, P1), (SIG, GOV.onBehalfOf, REGION),
    (SEAT, RDF.type, GOV.SeatRule), (SEAT, GOV.seats, n(0)), (SEAT, GOV.seats, n(2)),
    (TERM, RDF.type, GOV.Termination), (TERM, RDF.type, GOV.Event), (TERM, GOV.terminates, AG),
    (TERM, GOV.noticeEnd, d("2022-01-01")), (TERM, DCT.date, d("2022-06-01")),
    (TERM, GOV.notBefore, d("2022-06-01")), (TERM, GOV.notAfter, d("2022-05-01")),
    (TERM, GOV.mentionedIn, I2),
    (ENTRY, RDF.type, GOV.EntryIntoForce), (ENTRY, GOV.concerns, AG),
    (EST, RDF.type, GOV.Establishment), (EST, GOV.establishes, B2), (EST, GOV.host, REGION),
    (MILE, RDF.type, GOV.Milestone), (MILE, GOV.dateText, Literal("hösten 2024")),
    (TASK, RDF.type, GOV.Assignment), (TASK, GOV.task, Literal("Utred")),
    (TASK, GOV.assignedBy, B1), (TASK, GOV.assignedTo, REGION), (TASK, GOV.givenIn, I3),
    (TASK, GOV.mentionedIn, I2), (TASK, DCT.date, d("2023-03-01")),
    (TASK, GOV.reportBackDate, Literal("snart")), (I2, GOV.reportsBackOn, TASK),
    # documents, passages, topics, derived nodes and loads
    (DOC, RDF.type, GOV.Protocol), (DOC, RDF.type, FOAF.Document), (DOC, GOV.minutesOf, M1),
    (DOC, DCT.identifier, Literal("doc")), (DOC, GOV.sha256, Literal("abc")),
    (PASSAGE, RDF.type, GOV.Passage), (PASSAGE, GOV.inDocument, DOC),
    (PASSAGE, GOV.charStart, n(10)), (PASSAGE, GOV.charEnd, n(4)),
    (I1, GOV.evidence, PASSAGE), (M1, GOV.evidence, PASSAGE), (M1, PROV.hadPrimarySource, DOC),
    (I2, GOV.topic, TOPIC), (TOPIC, RDF.type, SKOS.Concept), (I3, DCT.references, GHOST),
    (ISSUE, RDF.type, GOV.Issue), (ISSUE, SKOS.prefLabel, Literal("Fråga")),
    (LINK, RDF.type, GOV.LineageLink), (LINK, GOV.linkFrom, I1), (LINK, GOV.linkTo, TASK),
    (LINK, GOV.linkType, GOV.ledTo), (LINK, GOV.inferenceRule, Literal("rule")),
    (LOAD, RDF.type, GOV.Load), (LOAD, DCT.created, Literal("2024-01-01T00:00:00",
                                                           datatype=XSD.dateTime)),
]  # fmt: skip

STORED_GRAPHS = [ID["graph/one"], ID["graph/two"], ID["graph/three"]]
NEW_GRAPH = ID["graph/new"]


def graph_of(triples: Iterable[Triple]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def store_of(graphs: dict[URIRef, Graph]) -> Store:
    store = Store.memory()
    for name, graph in graphs.items():
        if len(graph):
            store.replace_graph(str(name), graph)
    return store


def full_keys(store: Store, replaced: URIRef | None = None, new: Graph | None = None) -> set:
    """The result keys of a full validation of the store (with `replaced` swapped for `new`)."""
    union = Graph()
    for quad in store.quads():
        name = getattr(quad.graph_name, "value", None)
        if replaced is not None and name == str(replaced):
            continue
        union.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    if new is not None:
        union += new
    return {r.key() for r in validate(union).results}


def incremental_keys(store: Store, graph: Graph, replaced: URIRef | None) -> set[ResultKey]:
    context = context_for(graph, store, exclude_graph=str(replaced) if replaced else None)
    return {r.key() for r in validate(graph, context=context).results}


def assert_exact(stored: dict[URIRef, Graph], graph: Graph, replaced: URIRef | None) -> None:
    store = store_of(stored)
    expected = full_keys(store, replaced, graph) - full_keys(store)
    got = incremental_keys(store, graph, replaced)
    assert got == expected, (
        f"missing: {sorted(expected - got, key=str)}\nextra: {sorted(got - expected, key=str)}"
    )


# --- property: incremental == full ------------------------------------------------------

indices = st.sampled_from(range(len(FACTS)))


@st.composite
def loads(draw: st.DrawFn) -> tuple[dict[URIRef, Graph], Graph, URIRef | None]:
    """A store holding most of the vocabulary over three graphs, and a load that adds,
    repeats or takes away some of it."""
    holes = draw(st.sets(indices, max_size=70))
    spread = draw(st.sampled_from([1, 2, 5]))
    stored = {name: Graph() for name in STORED_GRAPHS}
    for i, fact in enumerate(FACTS):
        if i not in holes:
            stored[STORED_GRAPHS[(i * spread) % 3]].add(fact)
    graph = graph_of(FACTS[i] for i in draw(st.sets(indices, min_size=1, max_size=30)))
    replaced = draw(st.sampled_from([None, STORED_GRAPHS[0], STORED_GRAPHS[1]]))
    return stored, graph, replaced


@settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(loads())
@example(({STORED_GRAPHS[0]: graph_of(FACTS)}, graph_of(FACTS[:40]), STORED_GRAPHS[0]))
def test_incremental_report_equals_the_difference_of_full_reports(
    case: tuple[dict[URIRef, Graph], Graph, URIRef | None],
) -> None:
    stored, graph, replaced = case
    assert_exact(stored, graph, replaced)


# --- explicit cases ---------------------------------------------------------------------


def item(node: URIRef, meeting: URIRef, number: str) -> list[Triple]:
    return [
        (node, RDF.type, GOV.AgendaItem),
        (node, GOV.meeting, meeting),
        (node, GOV.itemNumber, Literal(number)),
        (node, DCT.title, Literal("Ärende")),
    ]


MEETING = [(M1, RDF.type, GOV.Meeting), (M1, GOV.body, B1), (M1, DCT.date, d("2023-03-01"))]
BODY = [(B1, RDF.type, GOV.Body), (B1, SKOS.prefLabel, Literal("Organ")),
        (B1, GOV.bodyKind, GOV.Council)]  # fmt: skip


def test_duplicate_item_number_across_stored_and_new_data_is_reported() -> None:
    stored = {STORED_GRAPHS[0]: graph_of(BODY + MEETING + item(I1, M1, "1"))}
    new = graph_of(item(I2, M1, "1"))
    store = store_of(stored)
    report = validate(new, context=context_for(new, store))
    duplicates = [r for r in report.violations() if r.constraint == "SPARQLConstraintComponent"]
    assert {r.focus for r in duplicates} == {str(I1), str(I2)}  # the stored item too
    assert all(r.message and "1" in r.message for r in duplicates)
    assert str(I1) in report.to_text()
    assert_exact(stored, new, None)


def test_a_triple_added_to_a_stored_node_is_checked_on_that_node() -> None:
    stored = {STORED_GRAPHS[0]: graph_of(BODY + MEETING)}
    new = graph_of([(M1, DCT.date, d("2023-04-01"))])  # a second date for a stored meeting
    report = validate(new, context=context_for(new, store_of(stored)))
    assert [(r.focus, r.constraint) for r in report.violations()] == [
        (str(M1), "MaxCountConstraintComponent")
    ]
    assert_exact(stored, new, None)


def test_a_wrong_datatype_added_to_a_stored_node() -> None:
    stored = {STORED_GRAPHS[0]: graph_of(BODY + MEETING)}
    new = graph_of([(M1, GOV.startTime, Literal("tio"))])  # text, not xsd:time
    report = validate(new, context=context_for(new, store_of(stored)))
    assert [(r.focus, r.constraint) for r in report.violations()] == [
        (str(M1), "DatatypeConstraintComponent")
    ]
    assert_exact(stored, new, None)


def test_value_class_is_checked_against_stored_types() -> None:
    stored = {STORED_GRAPHS[0]: graph_of([*BODY, (P1, RDF.type, FOAF.Person)])}
    wrong = graph_of([*MEETING, (M1, GOV.body, P1)])
    report = validate(wrong, context=context_for(wrong, store_of(stored)))
    assert ("ClassConstraintComponent", str(P1)) in {
        (r.constraint, r.value) for r in report.results
    }
    right = graph_of(MEETING)
    assert validate(right, context=context_for(right, store_of(stored))).conforms
    assert_exact(stored, wrong, None)


def test_dangling_reference_and_its_repair() -> None:
    stored = {STORED_GRAPHS[0]: graph_of(BODY)}
    dangling = graph_of([*MEETING[:1], (M1, GOV.body, B2), MEETING[2]])
    report = validate(dangling, context=context_for(dangling, store_of(stored)))
    assert str(B2) in {r.value for r in report.violations()}
    assert_exact(stored, dangling, None)


def test_replacing_a_graph_can_leave_a_stored_reference_dangling() -> None:
    stored = {
        STORED_GRAPHS[0]: graph_of(BODY + MEETING),
        STORED_GRAPHS[1]: graph_of(item(I1, M1, "1")),
    }
    replacement = graph_of(BODY)  # the new version no longer describes the meeting
    context = context_for(replacement, store_of(stored), exclude_graph=str(STORED_GRAPHS[0]))
    report = validate(replacement, context=context)
    assert {(r.focus, r.value) for r in report.violations()} >= {(str(I1), str(M1))}
    assert_exact(stored, replacement, STORED_GRAPHS[0])


def test_reloading_the_same_graph_reports_nothing_new() -> None:
    stored = {STORED_GRAPHS[0]: graph_of(FACTS)}
    same = graph_of(FACTS)
    context = context_for(same, store_of(stored), exclude_graph=str(STORED_GRAPHS[0]))
    assert validate(same, context=context).results == []
    assert len(context) == 0


def test_memberships_with_start_and_end() -> None:
    people = (P1, P2, MS1, MS2, PERIOD, B1)
    early_end = (PERIOD, DCAT.endDate, d("2022-12-31"))
    stored = {STORED_GRAPHS[0]: graph_of(t for t in FACTS if t[0] in people and t != early_end)}
    new = graph_of([early_end])  # the membership now ends before it starts
    report = validate(new, context=context_for(new, store_of(stored)))
    assert str(MS1) in {r.focus for r in report.violations()}
    assert_exact(stored, new, None)


@pytest.mark.parametrize("index", ["side index", "no index"])
def test_a_later_meeting_moves_every_agreement_review(
    index: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    if index == "no index":  # the latest meeting is then read from the store

        def unavailable(store: object) -> text_index.TextIndex:
            raise text_index.IndexUnavailable("no index here")

        monkeypatch.setattr(text_index, "index_for", unavailable)
    agreement = [t for t in FACTS if t[0] == AG] + BODY + MEETING
    stored = {STORED_GRAPHS[0]: graph_of(agreement)}
    later = graph_of(
        [(M2, RDF.type, GOV.Meeting), (M2, GOV.body, B1), (M2, DCT.date, d("2030-01-01"))]
    )
    with caplog.at_level("INFO", logger="graph.validation_context"):
        report = validate(later, context=context_for(later, store_of(stored)))
    assert str(AG) in {r.focus for r in report.warnings()}
    assert ("no index here" in caplog.text) == (index == "no index")
    assert_exact(stored, later, None)
    assert_exact(stored, later, STORED_GRAPHS[0])


def meeting_of(body: URIRef, day: str, numbers: Iterable[int]) -> list[Triple]:
    meeting = ID[f"meeting/{day}"]
    triples = [
        (meeting, RDF.type, GOV.Meeting),
        (meeting, GOV.body, body),
        (meeting, DCT.date, d(day)),
    ]
    for n in numbers:
        triples += item(ID[f"meeting/{day}/item/{n}"], meeting, str(n))
    return triples


def test_a_yearly_finding_reads_the_years_a_load_touches_and_their_neighbours() -> None:
    rule = [
        (B1, GOV.governedBy, AG), (AG, RDF.type, GOV.Agreement), (AG, DCT.title, Literal("A")),
        (AG, GOV.rule, RULE1), (RULE1, RDF.type, GOV.Rule), (RULE1, RDF.value, Literal("r")),
        (RULE1, GOV.ruleKind, GOV.MeetingFrequencyRule), (RULE1, GOV.minMeetingsPerYear, n(3)),
    ]  # fmt: skip
    far = meeting_of(B1, "2015-03-03", [1, 2])
    stored = {STORED_GRAPHS[0]: graph_of(BODY + rule + far + meeting_of(B1, "2023-03-03", [1, 2]))}
    new = graph_of(meeting_of(B1, "2024-02-02", [1]))  # numbering restarts: 2023 is complete
    context = context_for(new, store_of(stored))
    report = validate(new, context=context)
    assert {(r.focus, r.value) for r in report.warnings() if "TooFew" in (r.shape or "")} == {
        (str(B1), "2023")
    }
    assert (ID["meeting/2023-03-03/item/2"], GOV.itemNumber, Literal("2")) in context
    assert not any(t[0] == ID["meeting/2015-03-03"] for t in context)  # a year far away
    assert_exact(stored, new, None)


def test_terminations_with_notice_ends_and_attendance() -> None:
    stored = {STORED_GRAPHS[0]: graph_of([t for t in FACTS if t[0] in (TERM, AG, A1, A2)])}
    new = graph_of([(TERM, DCT.date, d("2021-01-01")), (A2, GOV.present, Literal(True))])
    assert_exact(stored, new, None)
    assert_exact(stored, new, STORED_GRAPHS[0])


def test_blank_nodes_in_the_load() -> None:
    period = BNode()
    new = graph_of([(MS1, ORG.memberDuring, period), (period, RDF.type, DCT.PeriodOfTime),
                    (period, DCAT.startDate, d("2024-01-01")),
                    (period, DCAT.endDate, d("2023-01-01"))])  # fmt: skip
    stored = {STORED_GRAPHS[0]: graph_of([t for t in FACTS if t[0] in (MS1, P1, B1)])}
    assert_exact(stored, new, None)


def test_a_load_that_changes_the_class_hierarchy_is_checked_against_everything() -> None:
    stored = {STORED_GRAPHS[0]: graph_of(FACTS)}
    kind = ID["kind"]
    schema = graph_of([(kind, RDFS.subClassOf, GOV.Meeting), (ID["x"], RDF.type, kind)])
    assert_exact(stored, schema, None)


# --- the reach covers what each SPARQL constraint reads ---------------------------------


def _children(node: object) -> list[object]:
    """The parts of an algebra node (an EXISTS holds its translated pattern as an attribute)."""
    if isinstance(node, CompValue):
        if node.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            return [node.__dict__.get("graph", node["graph"])]
        return list(node.values())
    return list(node) if isinstance(node, (list, tuple)) else []


def _walk(node: object) -> Iterable[CompValue]:
    if isinstance(node, CompValue):
        yield node
    for child in _children(node):
        yield from _walk(child)


def _steps(predicate: object) -> list[tuple[Step, ...]]:
    """A predicate or property path of a pattern as the step sequences it may take."""
    if isinstance(predicate, Variable):
        return [(ANY,)]
    if isinstance(predicate, URIRef):
        return [(Step(predicate),)]
    if isinstance(predicate, InvPath):
        return [tuple(s.reversed() for s in reversed(q)) for q in _steps(predicate.arg)]
    if isinstance(predicate, SequencePath):
        heads: list[tuple[Step, ...]] = [()]
        for part in predicate.args:
            heads = [h + t for h in heads for t in _steps(part)]
        return heads
    if isinstance(predicate, AlternativePath):
        return [q for part in predicate.args for q in _steps(part)]
    raise AssertionError(f"unexpected path {predicate!r}")


def _branches(node: object, depth: int = 0) -> list[list[tuple[int, tuple]]]:
    """The triple patterns of each way through a query's UNIONs, each with how deep in
    (NOT) EXISTS it stands: an outer pattern binds a variable before an inner one."""
    if isinstance(node, CompValue) and node.name == "Union":
        return _branches(node["p1"], depth) + _branches(node["p2"], depth)
    ways: list[list[tuple[int, tuple]]] = [[]]
    if isinstance(node, CompValue) and node.name == "BGP":
        ways = [[(depth, t) for t in node["triples"]]]
    inner = depth + int(isinstance(node, CompValue) and node.name.endswith("EXISTS"))
    for child in _children(node):
        ways = [way + more for way in ways for more in _branches(child, inner)]
    return ways


def _literal(path: tuple[Step, ...]) -> bool:
    """Whether a path ends along a datatype property (at a literal)."""
    datatype = URIRef("http://www.w3.org/2002/07/owl#DatatypeProperty")
    last = path[-1] if path else None
    return (
        last is not None
        and not last.inverse
        and ((last.predicate, RDF.type, datatype) in ontology_graph())
    )


def read_paths(select: str) -> tuple[set[tuple[Step, ...]], list[tuple]]:
    """For each way through a query, the shortest path from $this to each variable, and
    by it the path each triple pattern is read along (forwards from its subject, or
    backwards from its object); also the patterns no path from $this reaches."""
    namespaces = {"gov": GOV, "dct": DCT, "org": ORG, "dcat": DCAT, "rdf": RDF, "xsd": XSD,
                  "owl": URIRef("http://www.w3.org/2002/07/owl#")}  # fmt: skip
    algebra = prepareQuery(select, initNs=namespaces).algebra
    this = Variable("this")
    same: dict[Node, Node] = {}
    for c in _walk(algebra):  # FILTER (?a = ?b) joins two variables
        if c.name == "RelationalExpression" and c.get("op") == "=":
            a, b = c["expr"], c["other"]
            if isinstance(a, Variable) and isinstance(b, Variable):
                keep, drop = (b, a) if b == this else (a, b)
                same[drop] = keep
    found: set[tuple[Step, ...]] = set()
    unreached: list[tuple] = []
    for way in _branches(algebra):
        tagged = [(depth, tuple(same.get(t, t) for t in p)) for depth, p in dict.fromkeys(way)]
        patterns = [p for _, p in tagged]
        paths: dict[Node, tuple[Step, ...]] = {this: ()}
        for depth in sorted({d for d, _ in tagged}):
            active = [p for d, p in tagged if d <= depth]
            grown = True
            while grown:  # breadth first: one step further each round
                level, grown = dict(paths), False
                for through_values in (False, True):  # a join on a literal value comes last
                    for s, p, o in active:
                        for steps in _steps(p):
                            if s in level and isinstance(o, Variable):
                                paths.setdefault(o, (*level[s], *steps))
                            elif (
                                o in level
                                and isinstance(s, Variable)
                                and (through_values or not _literal(level[o]))
                            ):
                                back = (*level[o], *(x.reversed() for x in reversed(steps)))
                                paths.setdefault(s, back)
                        if isinstance(p, Variable) and s in level:
                            paths.setdefault(p, (*level[s], ANY))
                    if len(paths) > len(level):
                        grown = True
                        break
        for pattern in patterns:
            s, p, o = pattern
            if s not in paths and o not in paths:
                unreached.append(pattern)
                continue
            for steps in _steps(p):
                backward = None
                if o in paths:
                    backward = (*paths[o], *(x.reversed() for x in reversed(steps)))
                if s in paths and paths[s] != backward:  # forwards, unless s was reached by it
                    found.add((*paths[s], *steps))
                else:
                    assert backward is not None
                    found.add(backward)
    return found, unreached


def test_the_declared_reach_covers_every_pattern_of_every_sparql_constraint() -> None:
    """Derived from each query's SPARQL algebra: every pattern reachable from $this lies on
    the reach of its shape, and what no path reaches is read by a declared query."""
    shapes, scope = shapes_graph(), validation_scope()
    checked = 0
    for shape, constraint in shapes.subject_objects(SH.sparql):
        name = str(shape)
        paths, unreached = read_paths(str(shapes.value(constraint, SH.select)))
        assert paths, name
        for path in paths:
            position = scope.root
            for step in path:
                children = {s.plain: child for s, child in position.children.items()}
                assert step in children, (name, path)
                position = children[step]
                if step == TYPE:
                    break
                assert name in position.shapes, (name, path)
        if unreached:  # an aggregate over the whole graph
            assert any(name in s for s in scope.global_reads.values()), (name, unreached)
        checked += 1
    assert checked == len(list(shapes.objects(None, SH.sparql))) >= 18


def test_every_position_of_the_reach_reads_the_types_of_its_nodes() -> None:
    scope = validation_scope()
    for position in scope.positions():
        if position.path[-1:] != (TYPE,):
            assert TYPE in position.children


# --- the context of a protocol does not grow with unrelated meetings ---------------------


def unrelated_meetings(store: Store, count: int) -> Iterable[tuple[str, Graph]]:
    """Meetings of other bodies run by the store's own organisations, with attendance and
    memberships that represent them."""
    rows = store.select("SELECT DISTINCT ?org WHERE { ?org a ?c VALUES ?c { gov:Region "
                        "gov:Municipality } }")  # fmt: skip
    organisations = sorted(row["org"] for row in rows)
    for k in range(count):
        body = ID[f"body/unrelated/{k % 7}"]
        meeting = ID[f"meeting/unrelated/{k}"]
        org = organisations[k % len(organisations)]
        person = ID[f"person/unrelated-{k % 11}"]
        membership = ID[f"membership/unrelated/{k % 7}/{k % 11}"]
        g = graph_of([
            (body, RDF.type, GOV.Body), (body, RDF.type, ORG.Organization),
            (body, SKOS.prefLabel, Literal(f"Organ {k % 7}")), (body, GOV.bodyKind, GOV.Network),
            (body, GOV.runBy, org),
            (meeting, RDF.type, GOV.Meeting), (meeting, GOV.body, body),
            (meeting, DCT.date, d(f"{2010 + k % 9}-0{1 + k % 9}-1{k % 10}")),
            (person, RDF.type, FOAF.Person), (person, FOAF.name, Literal(f"Namn {k % 11}")),
            (meeting + "/a", RDF.type, GOV.Attendance), (meeting + "/a", GOV.meeting, meeting),
            (meeting + "/a", GOV.attendee, person), (meeting + "/a", GOV.present, Literal(True)),
            (meeting + "/a", GOV.attendanceRole, GOV.Member),
            (meeting + "/a", GOV.represents, org),
            (membership, RDF.type, ORG.Membership), (membership, ORG.member, person),
            (membership, ORG.organization, body), (membership, ORG.role, GOV.Member),
            (membership, GOV.represents, org), (membership, GOV.attestedOn,
                                                 d(f"{2010 + k % 9}-0{1 + k % 9}-1{k % 10}")),
        ])  # fmt: skip
        yield str(ID[f"graph/unrelated/{k}"]), g


def earlier_years(body: URIRef, years: int) -> Iterable[tuple[str, Graph]]:
    """Six meetings a year of `body`, with items and chaired memberships, long before."""
    for year in range(2000, 2000 + years):
        for k in range(6):
            day = f"{year}-{k + 1:02d}-15"
            g = graph_of(meeting_of(body, day, range(15 * k + 1, 15 * k + 16)))
            chair = ID[f"membership/earlier/{year}"]
            g += graph_of([
                (chair, RDF.type, ORG.Membership), (chair, ORG.organization, body),
                (chair, ORG.role, GOV.Chair), (chair, GOV.attestedOn, d(day)),
            ])  # fmt: skip
            yield str(ID[f"graph/earlier/{day}"]), g


@pytest.fixture(scope="module")
def corpus_but_one() -> tuple[Store, Graph]:
    """The bundled corpus without its first protocol, and that protocol's graph."""
    protocol = corpus_file("000")
    store = Store.memory()
    ensure_ontology(store)
    for path in corpus_files([BUNDLED_CORPUS]):
        if path != protocol:
            ingest_file(path, store, derive_after=False)  # derived graphs play no part
    mapped = graph_document(read_source(protocol), from_store(store))
    return store, mapped.graph


def test_context_of_a_protocol_does_not_grow_with_unrelated_meetings(
    corpus_but_one: tuple[Store, Graph],
) -> None:
    base, graph = corpus_but_one
    sizes = []
    for count in (0, 10, 60):
        store = base.copy()
        for name, g in unrelated_meetings(store, count):
            store.replace_graph(name, g)
        context = context_for(graph, store)
        assert context.scope is not None and context.scope.focus
        sizes.append((len(context), len(context.scope.focus)))
    assert sizes[0][0] > 0
    assert sizes[0] == sizes[1] == sizes[2], sizes


def test_context_of_a_protocol_does_not_grow_with_earlier_years_of_its_own_body(
    corpus_but_one: tuple[Store, Graph],
) -> None:
    base, graph = corpus_but_one
    body = next(iter(graph.objects(None, GOV.body)))
    sizes = []
    for years in (0, 2, 6):
        store = base.copy()
        for name, g in earlier_years(body, years):
            store.replace_graph(name, g)
        context = context_for(graph, store)
        sizes.append(len(context))
    assert sizes[0] > 0
    assert sizes[0] == sizes[1] == sizes[2], sizes
