"""`govkg audit`: a full validation of the whole store, every graph together.

A store built from the bundled corpus is clean; a graph written straight into the store,
past the validation of a load, is caught; and without a store the error is one line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from api.cli import cli
from graph.settings import store_path
from graph.store import Store

BROKEN = """
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/govkg/id/meeting/audit/undated> a gov:Meeting ;
    gov:body <https://w3id.org/govkg/id/body/audit/body> .
<https://w3id.org/govkg/id/body/audit/body> a gov:Body ; skos:prefLabel "Organ" ;
    gov:bodyKind gov:Council .
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def built(tmp_path: Path, corpus_store: Store) -> Path:
    """A data directory whose store holds the built corpus (every graph of it)."""
    data_dir = tmp_path / "data"
    store = Store(store_path(data_dir))
    for name in corpus_store.graph_names():
        store.replace_graph(name, corpus_store.named_graph(name))
    store.close()
    return data_dir


def test_a_built_corpus_store_is_clean(built: Path) -> None:
    code, out, err = run("audit", "--data-dir", str(built))
    assert code == 0, err
    assert "Violation" not in out
    code, out, _ = run("audit", "--data-dir", str(built), "--format", "json", "--lang", "en")
    report = json.loads(out)
    assert code == 0 and report["conforms"] is True and report["violations"] == 0


def test_a_graph_written_past_validation_is_listed(built: Path) -> None:
    store = Store(store_path(built))
    store.replace_graph(
        "https://w3id.org/govkg/id/graph/unchecked", Graph().parse(data=BROKEN, format="turtle")
    )
    store.close()
    code, out, _ = run("audit", "--data-dir", str(built), "--lang", "en")
    assert code == 1
    line = next(x for x in out.splitlines() if "meeting/audit/undated" in x)
    assert line.startswith("Violation:")
    assert "date" in line
    code, out, _ = run("audit", "--data-dir", str(built), "--format", "json")
    report = json.loads(out)
    assert code == 1 and not report["conforms"]
    assert any(
        r["focus"].endswith("meeting/audit/undated") and r["severity"] == "Violation"
        for r in report["results"]
    )


def test_without_a_store_the_error_is_one_line(tmp_path: Path) -> None:
    code, out, err = run("audit", "--data-dir", str(tmp_path / "nothing"))
    assert code == 2 and out == ""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: no store at ")
    assert "Traceback" not in err
