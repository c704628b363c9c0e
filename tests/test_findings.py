"""Consistency findings: SHACL warnings that fire on hand-made graphs and on the corpus.

Each tests/data/findings/*.ttl starts with `# finding: <ShapeName>`; files named
*-fires.ttl must produce a warning of that shape, *-quiet.ttl must not.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.pipeline import graph_document
from graph.settings import BUNDLED_CORPUS
from graph.sources import read_source
from graph.validate import validate

DATA = Path(__file__).parent / "data" / "findings"
FILES = sorted(DATA.glob("*.ttl"))
SHAPES = "https://w3id.org/govkg/shapes#"


def shape_of(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# finding: ")
    return SHAPES + first.removeprefix("# finding: ").strip()


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_finding(path: Path) -> None:
    report = validate(Graph().parse(path, format="turtle"))
    hits = [r for r in report.results if r.shape == shape_of(path)]
    if path.stem.endswith("-fires"):
        assert hits, report.to_text("en")
        assert all(r.severity == "Warning" and r.message for r in hits)
    else:
        assert not hits, [r.message for r in hits]


def test_every_finding_has_both_cases() -> None:
    fires = {shape_of(p) for p in FILES if p.stem.endswith("-fires")}
    quiet = {shape_of(p) for p in FILES if p.stem.endswith("-quiet")}
    assert fires == quiet and len(fires) >= 6


def test_messages_in_both_languages() -> None:
    graph = Graph().parse(DATA / "minutes-own-date-fires.ttl", format="turtle")
    sv = [r.message for r in validate(graph, lang="sv").warnings() if "OwnDate" in (r.shape or "")]
    en = [r.message for r in validate(graph, lang="en").warnings() if "OwnDate" in (r.shape or "")]
    assert sv and en and sv != en and "2024-09-20" in en[0]


def test_corpus_19_september_protocol_is_flagged() -> None:
    source = read_source(next(BUNDLED_CORPUS.glob("004_*.txt")))
    report = validate(graph_document(source).graph)
    assert report.conforms, "findings never block a load"
    own = [r for r in report.warnings() if r.shape == SHAPES + "MinutesOfOwnDateFinding"]
    assert own and own[0].focus.endswith("/2025-09-19/item/49")
    assert "2025-09-19" in own[0].message
