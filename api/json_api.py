"""The JSON API under /api/: lists of entities, one entity's page data, search, issue
histories, lineage routes and what is due; the OpenAPI 3.1 description at /openapi.json and
a page listing the routes at /api.

Every answer is the data the browse pages show (graph.pages and friends). Bad parameters
are 400, unknown kinds and IRIs 404, ambiguous words 409 (with the candidates), all in the
app's JSON error shape.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for
from werkzeug.exceptions import BadRequest

from graph import pages
from graph.errors import Ambiguous, NotFound
from graph.namespaces import ID
from graph.search import search as run_search

from . import browse, i18n
from .errors import error_response
from .openapi import openapi, route_table

bp = Blueprint("json_api", __name__)

MAX_LIMIT = 1000


def int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadRequest(f"{name} must be a whole number") from exc
    if not low <= value <= high:
        raise BadRequest(f"{name} must be between {low} and {high}")
    return value


def lang() -> str:
    return i18n.current_lang()


def ambiguous(exc: Ambiguous) -> Response:
    candidates = [{"iri": iri, "label": label} for iri, label in exc.candidates]
    return error_response(exc.status, str(exc), extra={"candidates": candidates})


@bp.get("/api/entities/<kind>")
def entities(kind: str) -> Response:
    limit = int_param("limit", 100, 1, MAX_LIMIT)
    offset = int_param("offset", 0, 0, 10**9)
    data = pages.entity_list(browse.store(), kind, lang())
    items = data["items"]
    return jsonify(
        {
            "kind": kind,
            "total": len(items),
            "limit": limit,
            "offset": offset,
            "items": items[offset : offset + limit],
        }
    )


@bp.get("/api/entity")
def entity() -> Response:
    return jsonify(pages.page(browse.store(), browse.required("iri"), lang()))


@bp.get("/api/source")
def source() -> Response:
    return jsonify(pages.source_page(browse.store(), browse.required("passage"), lang()))


@bp.get("/api/search")
def search() -> Response:
    text = browse.required("q")
    limit = int_param("limit", 50, 1, MAX_LIMIT)
    hits = run_search(browse.store(), text, limit)
    return jsonify({"q": text, "total": len(hits), "hits": [h.to_json() for h in hits]})


def history_of(iri: str) -> Response:
    """One page of an issue's history (`limit` entries from `offset`), with the URL of the
    next page while there is one."""
    from graph.history import PAGE_ENTRIES, issue_history

    limit = int_param("limit", PAGE_ENTRIES, 1, MAX_LIMIT)
    offset = int_param("offset", 0, 0, 10**9)
    history = issue_history(browse.store(), str(pages.check_iri(iri)), offset, limit)
    data = history.to_json()
    following = offset + limit
    arguments = {**(request.view_args or {}), **request.args.to_dict(), "offset": following}
    data["next"] = (
        url_for(request.endpoint or "", **arguments) if following < history.total else None
    )
    return jsonify(data)


@bp.get("/api/history")
def history() -> Response:
    return history_of(browse.required("issue"))


@bp.get("/api/history/<kind>")
def node_history(kind: str) -> Response:
    """The history of a body (members, chairs by year, meetings per year, agreements) or of
    a person (roles, meetings attended): kept apart from the node's page, which a body with
    ten years of meetings would make large."""
    from graph.history import body_history, person_history

    builders = {"body": body_history, "person": person_history}
    if kind not in builders:
        raise NotFound(f"no history of a {kind!r}; there are histories of {', '.join(builders)}")
    iri = browse.required("iri")
    node = pages.check_iri(iri)
    if pages.page_kind(pages.node_types(browse.store(), str(node))) != kind:
        raise NotFound(f"no {kind} {iri} in the graph")
    return jsonify(builders[kind](browse.store(), str(node)).to_json())


@bp.get("/api/issues/<path:key>/history")
def issue_history(key: str) -> Response:
    iri = key if key.startswith(("http://", "https://")) else str(ID) + key
    return history_of(iri)


@bp.get("/api/lineage")
def lineage() -> Response:
    source, target = browse.required("from"), browse.required("to")
    limit = int_param("limit", 3, 1, 20)
    try:
        start, end, found = browse.lineage_routes(source, target, limit)
    except Ambiguous as exc:
        return ambiguous(exc)
    return jsonify({"from": start, "to": end, "routes": [r.to_json() for r in found]})


@bp.get("/api/due")
def due() -> Response:
    as_of = browse.parse_day(request.args.get("as_of"))
    try:
        body = browse.body_param(request.args.get("body", "").strip())
    except Ambiguous as exc:
        return ambiguous(exc)
    return jsonify(browse.due_report(as_of, body).to_json())


@bp.get("/openapi.json")
def openapi_json() -> Response:
    return jsonify(openapi())


@bp.get("/api")
def docs() -> Response:
    return browse.render("browse/api.html", [], routes=route_table())
