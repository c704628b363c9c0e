"""Derived graphs: issues (graph/derive/issues.py) and lineage (graph/derive/lineage.py).

Both are derived per partition (a county, see graph/derive/partitions.py) from SPARQL
over the store's document graphs. `derive(store)` recomputes every partition (after a
build); `derive(store, counties)` only the partitions a load or a withdrawal touched
(`graph_partitions` before and after the write). Deriving is idempotent: deriving twice
gives the same graphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..store import Store
from .issues import derive_issues
from .lineage import derive_lineage
from .partitions import (
    DERIVED_PREFIX,
    ISSUES_PREFIX,
    LINEAGE_PREFIX,
    derived_partitions,
    graph_partitions,
    issues_graph_iri,
    lineage_graph_iri,
    partitions,
)

__all__ = [
    "DERIVED_PREFIX",
    "ISSUES_PREFIX",
    "LINEAGE_PREFIX",
    "DeriveResult",
    "derive",
    "graph_partitions",
    "issues_graph_iri",
    "lineage_graph_iri",
    "merge_partitions",
]


@dataclass(frozen=True, slots=True)
class DeriveResult:
    issues: int
    links: int
    partitions: int = 0


def merge_partitions(*parts: set[str] | None) -> set[str] | None:
    """The union of partition sets, where None (every partition) absorbs the rest."""
    merged: set[str] = set()
    for part in parts:
        if part is None:
            return None
        merged |= part
    return merged


def derive(store: Store, counties: Iterable[str] | None = None) -> DeriveResult:
    """Recompute the issues, then the lineage (whose rules read issues), of the given
    partitions, or of every partition; the derived graphs of partitions that no longer
    have a body are removed."""
    if counties is None:
        targets = partitions(store) | derived_partitions(store)
        _drop_unpartitioned(store)
    else:
        targets = set(counties)
    issues = links = 0
    for county in sorted(targets):
        issues += derive_issues(store, county)
        links += derive_lineage(store, county)
    return DeriveResult(issues, links, len(targets))


def _drop_unpartitioned(store: Store) -> None:
    """Remove derived graphs outside the partition scheme (left by older versions)."""
    for name in store.graph_names():
        if name.startswith(DERIVED_PREFIX) and not name.startswith((ISSUES_PREFIX, LINEAGE_PREFIX)):
            store.drop_graph(name)
