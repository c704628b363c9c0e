"""The questions users ask, answered by SPARQL over the built corpus graph."""

from __future__ import annotations

from conftest import corpus_file

from graph.sources import read_source
from graph.store import Store


def values(rows: list[dict], *keys: str) -> set[tuple[str, ...]]:
    return {tuple(str(row.get(k, "")) for k in keys) for row in rows}


def test_who_attended_a_meeting_and_in_what_role(corpus_store: Store) -> None:
    rows = corpus_store.select(
        """SELECT ?name ?role ?present WHERE {
             ?m a gov:Meeting ; dct:date "2023-05-09"^^xsd:date .
             ?a gov:meeting ?m ; gov:attendee/foaf:name ?name ; gov:present ?present ;
                gov:attendanceRole/skos:prefLabel ?role FILTER(LANG(?role) = "sv") }"""
    )
    answers = values(rows, "name", "role", "present")
    assert ("Camilla Friberg", "ordförande", "true") in answers
    assert ("Viktoria Wikström", "justerare", "true") in answers
    assert ("Emil Eriksson", "sekreterare", "true") in answers
    assert len({r["name"] for r in rows}) == 19


def test_the_bodies_a_person_has_sat_on_with_roles_and_dates(corpus_store: Store) -> None:
    rows = corpus_store.select(
        """SELECT ?body ?role ?date WHERE {
             ?p foaf:name "Johannes Sundelin" .
             ?ms org:member ?p ; org:organization/skos:prefLabel ?body ;
                 org:role/skos:prefLabel ?role ; gov:attestedOn ?date
             FILTER(LANG(?role) = "sv") }"""
    )
    assert values(rows, "body", "role", "date") == {
        ("Politiska samverkansberedningen", "ledamot", "2021-04-20"),
        ("Politiska samverkansberedningen", "ledamot", "2023-05-09"),
    }


def test_the_decisions_that_concern_hjalpmedel(corpus_store: Store) -> None:
    rows = corpus_store.select(
        """SELECT DISTINCT ?date ?number WHERE {
             ?d gov:decisionOf ?item ; gov:decisionText ?text .
             ?item gov:itemNumber ?number ; dct:title ?title ; gov:meeting/dct:date ?date .
             OPTIONAL { ?item gov:itemText ?body }
             FILTER(CONTAINS(LCASE(CONCAT(?title, " ", ?text, " ", COALESCE(?body, ""))),
                             "hjälpmed")) }"""
    )
    found = values(rows, "date", "number")
    assert {("2021-04-20", "4"), ("2023-05-09", "16"), ("2025-09-19", "52")} <= found


def test_the_assignments_a_body_gave_and_when_they_report_back(corpus_store: Store) -> None:
    rows = corpus_store.select(
        """SELECT ?task ?due WHERE {
             ?a a gov:Assignment ; gov:task ?task ; gov:reportBackDate ?due ;
                gov:assignedBy/skos:prefLabel "Politiska samverkansberedningen"@sv }"""
    )
    assert {str(r["due"]) for r in rows} >= {"2021-05-27", "2023-11-17"}


AGREEMENTS_IN_FORCE = """
SELECT ?title WHERE {
  ?agreement a gov:Agreement ; dct:title ?title ; gov:inForceFrom ?from .
  FILTER(?from <= ?day)
  FILTER NOT EXISTS { ?t gov:terminates ?agreement ; gov:noticeEnd ?end FILTER(?end < ?day) }
}"""


def test_the_agreements_in_force_on_a_date(corpus_store: Store) -> None:
    from rdflib import Literal

    from graph.namespaces import XSD

    def titles(day: str) -> set[str]:
        rows = corpus_store.select(AGREEMENTS_IN_FORCE, {"day": Literal(day, datatype=XSD.date)})
        return {" ".join(str(r["title"]).split()[:4]) for r in rows}

    assert titles("2015-01-01") == {"Överenskommelse om tjänsteköp av"}
    assert titles("2022-06-01") == {
        "Överenskommelse om tjänsteköp av",
        "Överenskommelse om politisk samverkan",
        "Överenskommelse för uppdrag och",
    }


def test_the_sentence_a_fact_came_from(corpus_store: Store) -> None:
    rows = corpus_store.select(
        """SELECT ?quote ?section ?start ?end ?stem ?notice WHERE {
             ?t a gov:Termination ; gov:noticeEnd ?notice ; gov:evidence ?p .
             ?p gov:quote ?quote ; gov:section ?section ; gov:charStart ?start ;
                gov:charEnd ?end ; gov:inDocument/dct:identifier ?stem }"""
    )
    assert len(rows) == 1
    row = rows[0]
    assert str(row["notice"]) == "2021-12-31"
    assert str(row["section"]) == "§ 4"
    assert "sagt upp samverkansavtalet" in str(row["quote"])
    raw = read_source(corpus_file("001")).raw
    assert str(row["stem"]) == corpus_file("001").stem
    assert "sagt upp samverkansavtalet" in raw[int(row["start"]) : int(row["end"])]
