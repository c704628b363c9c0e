"""Reading a SPARQL 1.1 Protocol request: where the query is, and what it is allowed to do.

The endpoint is read-only and never calls out: updates and SERVICE clauses are refused
before anything runs. Keywords are looked for in the query text with its comments,
strings and IRIs removed, so `"DROP"` in a literal or `<…/service>` in an IRI is harmless.
"""

from __future__ import annotations

import re

from flask import Request
from werkzeug.exceptions import BadRequest, Forbidden, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"

_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.DOTALL,
)
_KEYWORD = r"(?<![\w:?$-]){}(?![\w:-])"
_FORMS = re.compile(_KEYWORD.format("(SELECT|CONSTRUCT|DESCRIBE|ASK)"), re.IGNORECASE)
_UPDATES = re.compile(
    _KEYWORD.format("(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)"), re.IGNORECASE
)
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)

READ_ONLY = "This SPARQL endpoint is read-only: updates are not accepted."


def skeleton(query: str) -> str:
    """The query without comments, strings and IRIs (each replaced by a space)."""
    return _NOISE.sub(" ", query)


def query_kind(query: str) -> str | None:
    """ "results" for SELECT/ASK, "rdf" for CONSTRUCT/DESCRIBE, "update" or None."""
    text = skeleton(query)
    form = _FORMS.search(text)
    update = _UPDATES.search(text)
    if update and (form is None or update.start() < form.start()):
        return "update"
    if form is None:
        return None
    return "rdf" if form.group(1).upper() in {"CONSTRUCT", "DESCRIBE"} else "results"


def check_allowed(query: str) -> str | None:
    """The query's kind; raises 403 for updates and SERVICE clauses."""
    kind = query_kind(query)
    if kind == "update":
        raise Forbidden(READ_ONLY)
    if _SERVICE.search(skeleton(query)):
        raise Forbidden(
            "SERVICE clauses are not allowed: this endpoint answers from its own data only."
        )
    return kind


def read_query(request: Request) -> str | None:
    """The query of a GET or POST request (None when there is none).

    Raises:
        400: a query both in the URL and in the body, or an empty query.
        403: an update request.
        415: a POST body that is neither a form nor application/sparql-query.
    """
    in_url = request.args.get("query")
    if "update" in request.args:
        raise Forbidden(READ_ONLY)
    if request.method == "GET":
        return _non_empty(in_url)
    mimetype = request.mimetype
    if mimetype == UPDATE_BODY:
        raise Forbidden(READ_ONLY)
    if mimetype == FORM:
        form = request.form
        if "update" in form:
            raise Forbidden(READ_ONLY)
        in_body = form.get("query")
    elif mimetype == QUERY_BODY:
        in_body = request.get_data(as_text=True)
    else:
        raise UnsupportedMediaType(
            f"Unsupported Content-Type {mimetype or '(none)'!r}: send the query as "
            f"{QUERY_BODY} or as the 'query' field of {FORM}."
        )
    if in_url is not None and in_body is not None:
        raise BadRequest("The query is both in the URL and in the request body; send it once.")
    query = in_body if in_body is not None else in_url
    if query is None:
        raise BadRequest("No query: send it as the 'query' parameter or as the request body.")
    return _non_empty(query)


def _non_empty(query: str | None) -> str | None:
    if query is not None and not query.strip():
        raise BadRequest("The query is empty.")
    return query


def dataset_parameters(request: Request) -> None:
    """Refuse dataset parameters: the default graph is always the union of all graphs."""
    values = request.args.getlist("default-graph-uri") + request.args.getlist("named-graph-uri")
    if request.mimetype == FORM:
        values += request.form.getlist("default-graph-uri")
        values += request.form.getlist("named-graph-uri")
    if any(v.strip() for v in values):
        raise BadRequest(
            "default-graph-uri and named-graph-uri are not supported: the default graph is "
            "the union of all named graphs; use GRAPH in the query."
        )
