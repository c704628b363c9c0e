"""Named SPARQL queries: each lives in graph/queries/<name>.rq, one concern per file."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from .errors import NotFound

QUERY_DIR = Path(__file__).with_name("queries")


@cache
def load_query(name: str) -> str:
    """The text of graph/queries/<name>.rq."""
    path = QUERY_DIR / f"{name}.rq"
    if not path.is_file():
        raise NotFound(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERY_DIR.glob("*.rq"))


def facts_by_node(rows: Iterable[Mapping[str, Any]], subject: str) -> dict[str, dict[str, list]]:
    """Rows of (?subject, ?field, ?value) put together: subject IRI -> field -> values.

    The answer of a query written one fact a row (the nodes found first, DISTINCT, then
    each property alone): on a server whose default graph repeats a triple once for each
    graph that holds it, such a query grows with those copies, where a join of the
    properties would multiply them."""
    facts: dict[str, dict[str, list]] = {}
    for row in rows:
        by_field = facts.setdefault(str(row[subject]), {})
        values = by_field.setdefault(str(row["field"]), [])
        if row["value"] not in values:
            values.append(row["value"])
    return facts
