"""One error model: every failure is an HTML page or one JSON shape, by negotiation.

The JSON shape is `{"status": 400, "error": "Bad Request", "message": "..."}`.
`graph.errors.GraphError` subclasses carry their own status (400, 404, 409, 422, 503) and
werkzeug's HTTP exceptions theirs; anything else is a 500 with a generic message, logged
with its traceback. A `ValidationFailed` also carries the SHACL report (`report`).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from graph.errors import GraphError, ValidationFailed

from .negotiation import wants_html

log = logging.getLogger(__name__)


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_response(
    status: int,
    message: str,
    *,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """The error as JSON or as the HTML error page, whichever the client prefers."""
    if wants_html(request):
        html = render_template(
            "error.html", status=status, error=reason(status), message=message, extra=extra
        )
        response = Response(html, status=status, mimetype="text/html")
    else:
        body = {"status": status, "error": reason(status), "message": message}
        if extra:
            body.update(extra)
        response = jsonify(body)
        response.status_code = status
    response.headers["Vary"] = "Accept"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_http(exc: HTTPException) -> Response:
    status = exc.code or 500
    headers = {k: v for k, v in exc.get_headers() if k.lower() not in {"content-type"}}
    return error_response(status, exc.description or reason(status), headers=headers)


def handle_graph(exc: GraphError) -> Response:
    message = str(exc) or type(exc).__name__
    extra = None
    if isinstance(exc, ValidationFailed) and exc.report is not None:
        extra = {"report": exc.report.to_json()}
    return error_response(exc.status, message, extra=extra)


def handle_unexpected(exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.path)
    return error_response(500, "An unexpected error happened on the server; it has been logged.")


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(GraphError, handle_graph)
    app.register_error_handler(Exception, handle_unexpected)
