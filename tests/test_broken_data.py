"""Broken data is refused with a message that names the node, and the store is unchanged.

Every case in tests/data/shapes/invalid/ is loaded into a store that already holds the
bundled corpus, the way a data steward would load it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import ValidationFailed
from graph.pipeline import build, load_rdf_bytes
from graph.settings import BUNDLED_CORPUS
from graph.store import Store

INVALID = sorted((Path(__file__).parent / "data" / "shapes" / "invalid").glob("*.ttl"))


@pytest.fixture(scope="module")
def steward_store() -> Store:
    store = Store.memory()
    build([BUNDLED_CORPUS], store)
    return store


def test_there_are_at_least_twelve_kinds_of_broken_data() -> None:
    kinds = {path.read_text(encoding="utf-8").splitlines()[0].split()[2] for path in INVALID}
    assert len(INVALID) >= 12 and len(kinds) >= 6


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_broken_data_is_refused_and_nothing_is_written(steward_store: Store, path: Path) -> None:
    expect = path.read_text(encoding="utf-8").splitlines()[0].split()
    focus = expect[3] if len(expect) > 3 else ""
    before = sorted(map(str, steward_store.quads()))
    with pytest.raises(ValidationFailed) as failure:
        load_rdf_bytes(path.read_bytes(), path.name, steward_store)
    report = failure.value.report
    assert "nothing was written" in str(failure.value)
    assert any(r.constraint == expect[2] for r in report.violations()), report.to_text()
    text = report.to_text()
    assert focus in text
    assert all(r.message for r in report.violations())
    assert sorted(map(str, steward_store.quads())) == before
