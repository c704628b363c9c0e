"""Derived graphs: issues (graph/derive/issues.py) and lineage (graph/derive/lineage.py).

`derive(store)` recomputes both from SPARQL over the store's document graphs; call it
after every build, load or withdrawal. It is idempotent: deriving twice gives the same
graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..store import Store
from .issues import ISSUES_GRAPH, derive_issues
from .lineage import LINEAGE_GRAPH, derive_lineage

__all__ = ["ISSUES_GRAPH", "LINEAGE_GRAPH", "DeriveResult", "derive"]


@dataclass(frozen=True, slots=True)
class DeriveResult:
    issues: int
    links: int


def derive(store: Store) -> DeriveResult:
    """Recompute the issue graph, then the lineage graph (whose rules read issues)."""
    issues = derive_issues(store)
    links = derive_lineage(store)
    return DeriveResult(issues, links)
