"""The exceptions govkg raises; the CLI and the API turn them into one-line errors or 4xx."""

from __future__ import annotations


class GraphError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""

    status = 400


class InputError(GraphError):
    """The input cannot be read: missing file, unreadable PDF, malformed RDF."""


class NotAProtocol(InputError):
    """The text is neither a meeting protocol nor an agreement govkg can read."""

    status = 422


class ValidationFailed(GraphError):
    """The data breaks the shapes; nothing was written. `report` holds the results."""

    status = 422

    def __init__(self, message: str, report: object | None = None):
        super().__init__(message)
        self.report = report


class NotFound(GraphError):
    """No node, load or graph with that name."""

    status = 404


class Ambiguous(GraphError):
    """Words that match several nodes; `candidates` lists (iri, label) pairs."""

    status = 409

    def __init__(self, message: str, candidates: list[tuple[str, str]]):
        super().__init__(message)
        self.candidates = candidates


class QueryError(GraphError):
    """A SPARQL query that does not parse, or that is not allowed."""


class QueryTimeout(GraphError):
    """A SPARQL query ran past its time limit and was stopped."""

    status = 503
