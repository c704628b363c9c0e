"""Shared fixtures: the bundled corpus built once per session, fresh stores and data dirs."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.pipeline import build
from graph.settings import BUNDLED_CORPUS
from graph.store import Store

TESTS = Path(__file__).parent
GOLD = TESTS / "data" / "gold"


@pytest.fixture(scope="session")
def corpus_store() -> Store:
    """An in-memory store holding the whole bundled corpus (read-only use, please)."""
    store = Store.memory()
    build([BUNDLED_CORPUS], store)
    return store


@pytest.fixture
def store() -> Store:
    """An empty in-memory store for tests that write."""
    return Store.memory()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private data directory, also set as GOVKG_DATA_DIR."""
    path = tmp_path / "data"
    monkeypatch.setenv("GOVKG_DATA_DIR", str(path))
    return path


def corpus_file(prefix: str) -> Path:
    """The bundled corpus file whose name starts with `prefix` ("000", "001", …)."""
    return next(BUNDLED_CORPUS.glob(f"{prefix}_*.txt"))
