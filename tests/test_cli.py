"""The govkg command: each command works, and bad input is one line and a non-zero exit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import GOLD, corpus_file
from pdf_writer import make_pdf

from api.cli import cli
from graph.settings import store_path
from graph.store import Store

VALID_TTL = """
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://w3id.org/govkg/id/person/test-person> a foaf:Person ; foaf:name "Test Person" .
"""
BROKEN_TTL = """
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://w3id.org/govkg/id/person/nameless> a foaf:Person .
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_line_error(stderr: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("error: ")
    assert "Traceback" not in stderr


def test_extract_json_is_the_summary_shape() -> None:
    code, out, _ = run("extract", str(corpus_file("000")), "--format", "json")
    assert code == 0
    summary = json.loads(out)
    gold = json.loads((GOLD / f"{corpus_file('000').stem}.json").read_text(encoding="utf-8"))
    assert set(summary) == set(gold)
    assert summary["date"] == gold["date"]
    assert {"name", "party", "organisation", "roles", "present"} <= set(summary["attendees"][0])
    assert {"number", "title", "kind", "decision"} == set(summary["items"][0])


def test_extract_turtle_parses_and_has_provenance() -> None:
    from rdflib import Graph

    from graph.namespaces import GOV

    code, out, _ = run("extract", str(corpus_file("001")), "--format", "turtle")
    assert code == 0
    graph = Graph().parse(data=out, format="turtle")
    assert any(graph.triples((None, GOV.quote, None)))


def test_extract_a_pdf_with_a_text_layer(tmp_path: Path) -> None:
    text = corpus_file("001").read_text(encoding="utf-8")
    pdf = tmp_path / "protokoll.pdf"
    pdf.write_bytes(make_pdf(text.splitlines()))
    code, out, _ = run("extract", str(pdf))
    assert code == 0
    assert json.loads(out)["date"] == "2021-04-20"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "not a readable PDF"),
        ("scan.pdf", make_pdf([]), "no text layer"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("poem.txt", "Vinden viner över fjället.\nInget mer.\n".encode(), ""),
        ("empty.txt", b"   \n", "empty"),
    ],
)
def test_extract_bad_input_is_one_line(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run("extract", str(path))
    assert code == 2
    assert out == ""
    one_line_error(err)
    assert message in err


def test_build_then_query(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out, err = run("build", "--data-dir", str(data))
    assert code == 0, err
    assert "Loaded 5 documents" in out
    code, out, _ = run(
        "query",
        "SELECT DISTINCT ?date WHERE { ?d gov:minutesOf ?m . ?m dct:date ?date } ORDER BY ?date",
        "--data-dir",
        str(data),
        "--format",
        "csv",
    )
    assert code == 0
    assert out.splitlines()[1:] == ["2021-04-20", "2022-12-16", "2023-05-09", "2025-09-19"]


def test_load_refuses_broken_data_and_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    data = tmp_path / "data"
    good, bad, malformed = tmp_path / "good.ttl", tmp_path / "bad.ttl", tmp_path / "malformed.ttl"
    good.write_text(VALID_TTL, encoding="utf-8")
    bad.write_text(BROKEN_TTL, encoding="utf-8")
    malformed.write_text("<a> <b> .", encoding="utf-8")
    assert run("load", str(good), "--data-dir", str(data))[0] == 0
    before = sorted(Store(store_path(data), read_only=True).quads(), key=str)

    code, _, err = run("load", str(bad), "--data-dir", str(data))
    assert code == 1
    assert "nameless" in err and "nothing was written" in err
    code, _, err = run("load", str(malformed), "--data-dir", str(data))
    assert code == 2
    one_line_error(err)
    after = sorted(Store(store_path(data), read_only=True).quads(), key=str)
    assert after == before


def test_validate_reports_violations_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BROKEN_TTL, encoding="utf-8")
    code, out, _ = run("validate", str(bad))
    assert code == 1
    assert "nameless" in out
    good = tmp_path / "good.ttl"
    good.write_text(VALID_TTL, encoding="utf-8")
    assert run("validate", str(good))[0] == 0


def test_query_errors_are_one_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, _, err = run("query", "SELECT ?x WHERE { ?x ?y ?z }", "--data-dir", str(data))
    assert code == 2 and "govkg build" in err
    run("load", "--data-dir", str(data), str(_write(tmp_path / "g.ttl", VALID_TTL)))
    code, _, err = run("query", "SELEC nonsense", "--data-dir", str(data))
    assert code == 2
    one_line_error(err)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_a_protocol_as_a_pdf_extracts_as_its_text(tmp_path: Path, prefix: str) -> None:
    """Pages of a PDF are joined with a form feed, so page furniture is known as such.
    (The test's PDF writer has WinAnsi text only: narrow no-break spaces become spaces.)"""
    text = corpus_file(prefix).read_text(encoding="utf-8").replace("\u202f", " ")
    text_file = tmp_path / f"{prefix}.txt"
    text_file.write_text(text, encoding="utf-8")
    pdf = tmp_path / f"{prefix}.pdf"
    pdf.write_bytes(make_pdf(text.splitlines()))
    code, from_pdf, err = run("extract", str(pdf))
    assert code == 0, err
    _, from_text, _ = run("extract", str(text_file))
    expected, found = json.loads(from_text), json.loads(from_pdf)
    assert found["date"] == expected["date"] and found["body"] == expected["body"]
    assert [i["number"] for i in found["items"]] == [i["number"] for i in expected["items"]]
    assert [a["name"] for a in found["attendees"]] == [a["name"] for a in expected["attendees"]]
