"""Named SPARQL queries: each lives in graph/queries/<name>.rq, one concern per file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

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
