"""What the remote store needs to read a SPARQL server's answers, and to check a query first.

`ANSWER_FORMATS` maps the media types servers answer with to pyoxigraph's parsers.
`guarded` iterates a lazily parsed answer and turns a broken-off or malformed one into a
`RemoteError` (a time-out into `QueryTimeout`), so a server's failure is never a crash.
`Solutions` holds the rows of a streamed SELECT answer, by variable name. `check_query`
parses a query with the embedded store's parser, so only standard SPARQL 1.1 queries are
sent, and `names_its_dataset` says whether a query has its own FROM clauses.
"""

from __future__ import annotations

import http.client
import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from .errors import QueryError, QueryTimeout
from .namespaces import PREFIXES
from .remote_http import RemoteError

JSON_RESULTS = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
ANSWER_FORMATS: dict[str, ox.QueryResultsFormat | ox.RdfFormat] = {
    JSON_RESULTS: ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}

_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_FROM = re.compile(r"(?<![\w:?$-])FROM(?![\w:-])", re.IGNORECASE)


def check_query(sparql: str) -> None:
    """QueryError unless `sparql` is a SPARQL 1.1 query, by the embedded store's parser.

    The query is prepared on an empty in-memory store and its answer never read, so a
    server is sent only standard queries (never an update, whatever it would accept), and a
    mistake gets the same message as on the embedded store.
    """
    try:
        ox.Store().query(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc


def names_its_dataset(sparql: str) -> bool:
    """Whether the query has a FROM or FROM NAMED clause (outside strings, IRIs, comments)."""
    return _FROM.search(_NOISE.sub(" ", sparql)) is not None


def row_terms(result: Any, solution: Any) -> Iterator[tuple[str, Any]]:
    """(variable name, term or None) for each variable of a solution."""
    for variable in result.variables:
        yield variable.value, solution[variable]


def guarded(items: Any, url: str, timeout: float) -> Iterator[Any]:
    """The items of a lazily parsed answer; a broken-off or malformed one is a RemoteError."""
    iterator = iter(items)
    while True:
        try:
            item = next(iterator)
        except StopIteration:
            return
        except TimeoutError as exc:
            raise QueryTimeout(f"the SPARQL server did not answer within {timeout:g} s") from exc
        except (OSError, ValueError, http.client.HTTPException) as exc:
            raise RemoteError(f"the answer from {url} broke off: {exc}") from exc
        except SyntaxError as exc:
            raise RemoteError(f"the answer from {url} is malformed: {exc}") from exc
        yield item


class Solutions:
    """The rows of a SELECT answer: `variables` (like `ox.QuerySolutions`), and rows that
    give each variable's term by name (None when unbound)."""

    def __init__(self, variables: list[ox.Variable], rows: Any):
        self.variables = list(variables)
        self.names = [v.value for v in self.variables]
        self._rows = rows

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self._rows)


__all__ = ["ANSWER_FORMATS", "Solutions", "check_query", "guarded", "names_its_dataset"]
