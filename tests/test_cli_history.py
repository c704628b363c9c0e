"""govkg history, lineage, due and derive: readable text and JSON, candidates on ambiguity."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from api.cli_history import register
from graph.settings import store_path
from graph.store import Store


@pytest.fixture(scope="module")
def group() -> click.Group:
    commands = click.Group()
    register(commands)
    return commands


@pytest.fixture(scope="module")
def data_dir(corpus_store: Store, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory holding the corpus store, derived by `govkg derive`."""
    path = tmp_path_factory.mktemp("history") / "data"
    store = Store(store_path(path))
    for name in corpus_store.graph_names():
        store.replace_graph(name, corpus_store.named_graph(name))
    store.flush()
    del store
    gc.collect()
    return path


def run(group: click.Group, data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(group, [*args, "--data-dir", str(data_dir)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def derived_dir(group: click.Group, data_dir: Path) -> Path:
    code, out, err = run(group, data_dir, "derive")
    assert code == 0, err
    assert "issues" in out and "lineage links" in out
    gc.collect()
    return data_dir


def test_lineage_route_text(group: click.Group, derived_dir: Path) -> None:
    code, out, err = run(group, derived_dir, "lineage", "uppsägning", "gemensam nämnd")
    assert code == 0, err
    order = [
        "uppsägning av Samverkansavtal",
        "uppdrag: utreda frågan",
        "utredda former: avtalssamverkan, gemensam nämnd",
        "Interimistiskt samverkansavtal",
        "gemensam nämnd för hjälpmedelsförsörjningen",
    ]
    positions = [out.index(text) for text in order]
    assert positions == sorted(positions)
    assert "§ 4: “" in out and "§ 16: “" in out
    assert "sagt upp samverkansavtalet" in out
    assert "regel: termination-investigation" in out


def test_lineage_route_json(group: click.Group, derived_dir: Path) -> None:
    code, out, _ = run(
        group, derived_dir, "lineage", "uppsägning", "gemensam nämnd", "--format", "json"
    )
    assert code == 0
    route = json.loads(out)[0]
    assert [n["kind"] for n in route["nodes"]] == [
        "termination",
        "assignment",
        "event",
        "agreement",
        "body",
    ]
    assert all(step["evidence"] for step in route["steps"])


def test_lineage_without_target(group: click.Group, derived_dir: Path) -> None:
    code, out, _ = run(group, derived_dir, "lineage", "gemensam nämnd")
    assert code == 0
    assert "Ledde hit:" in out and "uppsägning" in out


def test_history_hjalpmedel(group: click.Group, derived_dir: Path, tmp_path: Path) -> None:
    svg = tmp_path / "h.svg"
    code, out, err = run(group, derived_dir, "history", "hjälpmedel", "--svg", str(svg))
    assert code == 0, err
    first, second = out.index("2021-04-20  Politiska"), out.index("2023-05-09  Politiska")
    assert first < second
    assert "§ 4  [item] Hjälpmedelsförsörjning" in out
    assert "§ 16  [item] Samverkansform för hjälpmedel" in out
    assert out.index("2021-05-27") < out.index("2023-11-17") < out.index("2025-01-01")
    assert svg.read_text(encoding="utf-8").startswith("<svg")
    code, out, _ = run(group, derived_dir, "history", "barnahus", "--format", "json")
    assert code == 0 and json.loads(out)["entries"]


def test_due_as_of(group: click.Group, derived_dir: Path) -> None:
    code, out, _ = run(group, derived_dir, "due", "--as-of", "2023-06-01")
    assert code == 0
    upcoming = out[out.index("Kommande") : out.index("Försenade")]
    assert "2023-11-17  Politiska samverkansberedningen  [report-back]" in upcoming
    assert "Barnahus" in out[: out.index("Kommande")]
    code, out, _ = run(group, derived_dir, "due", "--as-of", "2026-01-01", "--format", "json")
    overdue = json.loads(out)["overdue"]
    assert "2023-11-17" in {e["date"] for e in overdue}
    code, out, _ = run(
        group,
        derived_dir,
        "due",
        "--as-of",
        "2023-06-01",
        "--body",
        "politiska samverkansberedningen",
    )
    assert code == 0 and "2023-11-17" in out


def test_ambiguous_words_list_candidates(group: click.Group, derived_dir: Path) -> None:
    code, _, err = run(group, derived_dir, "lineage", "samverkansavtal")
    assert code == 2
    assert "error:" in err and err.count("https://w3id.org/govkg/id/") >= 2


def test_bad_date_is_one_line(group: click.Group, derived_dir: Path) -> None:
    code, _, err = run(group, derived_dir, "due", "--as-of", "juni")
    assert code == 2 and err.strip().startswith("error:") and "Traceback" not in err
