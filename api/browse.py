"""The browse pages: home, one page per node (`/browse?iri=`), lists, search, the source of a
fact, lineage routes, issue timelines and what is due.

Views stay thin: the data comes from graph.pages (and graph.search, graph.lineage,
graph.history, graph.due), the same data the JSON API returns. Interface strings are in
api/i18n.py (Swedish, English with `?lang=en`). Every page shows the SPARQL behind it,
each named query with its bindings as a VALUES block so it runs as-is on the query page.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request
from rdflib import Literal, URIRef
from werkzeug.exceptions import BadRequest

from graph import pages
from graph.errors import Ambiguous, GraphError, NotFound
from graph.namespaces import ID
from graph.queries import load_query
from graph.search import search as run_search
from graph.store import Store, bind_values

from . import i18n

bp = Blueprint("browse", __name__)

SEARCH_LIMIT = 200
HOME_LIST = 8


def store() -> Store:
    return current_app.extensions["govkg"].store


# --- helpers for templates --------------------------------------------------------------


def browse_url(iri: str) -> str:
    """The page of a node: /browse?iri=… (keeping an explicit ?lang=)."""
    params = {"iri": iri}
    if request.args.get("lang") in i18n.LANGUAGES:
        params["lang"] = request.args["lang"]
    return "/browse?" + urlencode(params)


def node_href(iri: str) -> str:
    """Where a node links: our nodes to their page, others to themselves."""
    return browse_url(iri) if iri.startswith(str(ID)) else iri


def page_url(path: str, **params: Any) -> str:
    """A URL of this site with query parameters (and the explicit ?lang=)."""
    if request.args.get("lang") in i18n.LANGUAGES:
        params.setdefault("lang", request.args["lang"])
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


def lang_switch_url() -> str:
    other = "en" if i18n.current_lang() == "sv" else "sv"
    args = {k: v for k, v in request.args.items() if k != "lang"}
    args["lang"] = other
    return request.path + "?" + urlencode(args)


@bp.app_context_processor
def template_helpers() -> dict[str, Any]:
    return {
        "t": i18n.translate,
        "browse_url": browse_url,
        "node_href": node_href,
        "page_url": page_url,
        "lang_switch_url": lang_switch_url,
        "current_lang": i18n.current_lang,
    }


def named(name: str, **bindings: Any) -> dict[str, str]:
    """A named query as the page shows it: bindings as a VALUES block."""
    sparql = load_query(name)
    terms = {k: v if isinstance(v, URIRef | Literal) else Literal(v) for k, v in bindings.items()}
    return {"name": name, "query": bind_values(sparql, terms) if terms else sparql}


def render(template: str, queries: list[dict[str, str]] | None = None, status: int = 200,
           **context: Any) -> Response:  # fmt: skip
    queries = queries or []
    html = render_template(
        template,
        queries=queries,
        sparql=queries[0]["query"] if queries else None,
        lang=i18n.current_lang(),
        **context,
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Vary"] = "Accept, Accept-Language"
    return response


def required(name: str) -> str:
    value = request.args.get(name, "").strip()
    if not value:
        raise BadRequest(f"the parameter {name!r} is required")
    return value


def parse_day(value: str | None) -> date:
    """A YYYY-MM-DD parameter (today when absent); 400 otherwise."""
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadRequest(f"{value!r} is not a date; write YYYY-MM-DD") from exc


# --- home and lists ---------------------------------------------------------------------


@bp.get("/")
def home() -> Response:
    lang = i18n.current_lang()
    counts, queries = pages.home_counts(store())
    lists = {
        kind: pages.entity_list(store(), kind, lang)["items"]
        for kind in ("bodies", "meetings", "agreements", "issues")
    }
    open_items = due_report(date.today(), None).open
    return render(
        "browse/home.html",
        queries,
        counts=counts,
        lists=lists,
        open_assignments=open_items[:HOME_LIST],
        open_total=len(open_items),
        home_list=HOME_LIST,
    )


@bp.get("/list/<kind>")
def entity_list(kind: str) -> Response:
    data = pages.entity_list(store(), kind, i18n.current_lang())
    return render("browse/list.html", data["queries"], data=data, kind=kind)


# --- one node ---------------------------------------------------------------------------


@bp.get("/browse")
def browse() -> Response:
    iri = required("iri")
    data = pages.page(store(), iri, i18n.current_lang())
    queries = list(data["queries"])
    if data["kind"] == "issue":
        queries += [named("history-issue-items", issue=URIRef(iri))]
    return render(f"browse/{data['kind']}.html", queries, data=data)


@bp.get("/browse/timeline.svg")
def issue_timeline() -> Response:
    """The timeline picture of an issue's history (the drawing the CLI makes)."""
    from graph.history import issue_history
    from graph.timeline import timeline_svg

    history = issue_history(store(), str(pages.check_iri(required("iri"))))
    return svg_response(timeline_svg(history))


def svg_response(svg: str) -> Response:
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/source")
def source() -> Response:
    data = pages.source_page(store(), required("passage"), i18n.current_lang())
    return render("browse/source.html", data["queries"], data=data)


# --- search -----------------------------------------------------------------------------


def grouped_hits(text: str, limit: int) -> list[tuple[str, list[dict[str, str]]]]:
    groups: dict[str, list[dict[str, str]]] = {}
    for hit in run_search(store(), text, limit):
        groups.setdefault(hit.kind, []).append(hit.to_json())
    return list(groups.items())


@bp.get("/search")
def search() -> Response:
    text = request.args.get("q", "").strip()
    groups = grouped_hits(text, SEARCH_LIMIT) if text else []
    queries = [named("search", q=Literal(" ".join(words_of(text))))] if text else []
    total = sum(len(hits) for _, hits in groups)
    return render("browse/search.html", queries, q=text, groups=groups, total=total)


def words_of(text: str) -> list[str]:
    from graph.search import words

    found = words(text)
    return [max(found, key=len)] if found else []


# --- lineage ----------------------------------------------------------------------------


def resolve_node(text: str, kinds: tuple[str, ...]) -> str:
    from graph.resolve import resolve

    return resolve(store(), text, kinds)


def lineage_routes(source: str, target: str, limit: int = 3) -> tuple[str, str, list]:
    """The routes between two nodes given as IRIs or words."""
    from graph.lineage import routes
    from graph.resolve import LINEAGE_KINDS

    start = resolve_node(source, LINEAGE_KINDS)
    end = resolve_node(target, LINEAGE_KINDS)
    return start, end, routes(store(), start, end, limit)


@bp.get("/lineage")
def lineage() -> Response:
    source = request.args.get("from", "").strip()
    target = request.args.get("to", "").strip()
    context: dict[str, Any] = {"source": source, "target": target, "routes": None}
    queries = [named("lineage-links")]
    status = 200
    if source and target:
        try:
            start, end, found = lineage_routes(source, target)
            context.update(start=start, end=end, routes=[r.to_json() for r in found])
        except Ambiguous as exc:
            context.update(error=str(exc), candidates=exc.candidates)
            status = exc.status
        except GraphError as exc:
            context.update(error=str(exc))
            status = exc.status
    return render("browse/lineage.html", queries, status=status, **context)


@bp.get("/lineage.svg")
def lineage_svg() -> Response:
    from .lineage_svg import route_svg

    _, _, found = lineage_routes(required("from"), required("to"))
    try:
        index = int(request.args.get("route", "0"))
    except ValueError as exc:
        raise BadRequest("route is a number") from exc
    if not 0 <= index < len(found):
        raise NotFound(f"no route number {index}")
    return svg_response(route_svg(found[index], f"{required('from')} → {required('to')}"))


# --- due --------------------------------------------------------------------------------


def due_report(as_of: date, body: str | None):
    from graph.due import due

    return due(store(), as_of, body)


def body_param(value: str | None) -> str | None:
    if not value:
        return None
    return resolve_node(value, ("body",))


@bp.get("/due")
def due_page() -> Response:
    as_of = parse_day(request.args.get("as_of"))
    body = body_param(request.args.get("body", "").strip())
    report = due_report(as_of, body).to_json()
    for key in ("open", "upcoming", "overdue"):
        for entry in report[key]:
            quote = entry.get("quote") or {}
            entry["passage"] = pages.passage_of(
                quote.get("document", ""), quote.get("start"), quote.get("end")
            )
    bodies = pages.entity_list(store(), "bodies", i18n.current_lang())["items"]
    queries = [named("due-assignments"), named("due-events")]
    return render("browse/due.html", queries, report=report, bodies=bodies, body=body)
