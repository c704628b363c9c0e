"""Data-driven shape tests: tests/data/shapes/valid/*.ttl conform, invalid/*.ttl do not.

Each invalid file starts with `# expect: <ConstraintComponent> <focus IRI or its end>`;
the report must hold a Violation of that component on that focus node, with a message.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, URIRef

from graph.validate import Report, validate

DATA = Path(__file__).parent / "data" / "shapes"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))


def load(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


def expectation(path: Path) -> tuple[str, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name}: first line must be '# expect: ...'"
    component, focus = first.removeprefix("# expect: ").split()
    return component, focus


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_data_conforms(path: Path) -> None:
    report = validate(load(path))
    assert report.conforms, report.to_text("en")


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_data_is_reported(path: Path) -> None:
    component, focus = expectation(path)
    report = validate(load(path))
    assert not report.conforms
    hits = [
        r
        for r in report.violations()
        if r.constraint == component and (r.focus == focus or r.focus.endswith("/" + focus))
    ]
    assert hits, f"no {component} on {focus}:\n{report.to_text('en')}"
    assert all(r.message for r in hits)
    assert hits[0].focus in report.to_text()


def test_enough_invalid_cases() -> None:
    assert len(INVALID) >= 14


def test_messages_in_both_languages() -> None:
    graph = load(DATA / "invalid" / "meeting-missing-date.ttl")
    sv = validate(graph, lang="sv").violations()[0].message
    en = validate(graph, lang="en").violations()[0].message
    assert sv != en
    assert sv.startswith("Ett sammanträde") and en.startswith("A meeting")


def test_dataset_is_validated_as_union() -> None:
    """A reference in one named graph is resolved by a node in another."""
    meeting = load(DATA / "invalid" / "dangling-reference.ttl")
    body = URIRef("https://w3id.org/govkg/id/body/25/missing")
    described = Graph().parse(
        data=f"""
        @prefix gov: <https://w3id.org/govkg/ontology#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{body}> a gov:Body ; skos:prefLabel "Länsstyrgruppen"@sv ;
            gov:bodyKind gov:CountySteeringGroup .
        """,
        format="turtle",
    )
    assert not validate(meeting).conforms
    dataset = Dataset()
    for name, graph in (("a", meeting), ("b", described)):
        named = dataset.graph(URIRef(f"https://w3id.org/govkg/id/graph/{name}"))
        for triple in graph:
            named.add(triple)
    assert validate(dataset).conforms
    assert validate(meeting, context=described).conforms


def test_report_forms() -> None:
    report = validate(load(DATA / "invalid" / "person-without-name.ttl"), lang="en")
    assert isinstance(report, Report)
    data = report.to_json()
    assert data["conforms"] is False and data["violations"] == len(report.violations())
    assert data["results"][0]["constraint"] == "MinCountConstraintComponent"
    assert report.violations()[0].shape == "https://w3id.org/govkg/shapes#PersonShape"
    assert len(report.to_graph()) > 0


def test_sparql_messages_keep_their_language() -> None:
    graph = load(DATA / "invalid" / "event-bounds-reversed.ttl")
    (sv,) = validate(graph, lang="sv").violations()
    (en,) = validate(graph, lang="en").violations()
    assert sv.message.startswith("Datumgränserna") and "2023-09-01" in sv.message
    assert en.message.startswith("The date bounds") and "2023-09-01" in en.message
