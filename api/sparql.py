"""The SPARQL 1.1 Protocol endpoint (`/sparql`), its query page and the VoID description.

`GET /sparql?query=`, `POST` as a form (`query=`) or as `application/sparql-query`.
Read-only: updates and SERVICE clauses are 403. Parse errors are 400 with Oxigraph's
message. Answers follow content negotiation (`api.negotiation`): SPARQL JSON/XML/CSV/TSV
for SELECT and ASK, Turtle/N-Triples/JSON-LD/RDF-XML for CONSTRUCT and DESCRIBE.

Limits: at most SPARQL_MAX_ROWS rows or triples — when an answer is cut, the response
says so in the headers `X-Govkg-Truncated: true` and `X-Govkg-Row-Limit: <n>` (the body
stays standard) — and SPARQL_TIMEOUT_S seconds, enforced by running each query in a
worker process that is killed at the deadline (503; see `api.sparql_worker`). On a remote
store (STORE_URL) the same limits hold: the query is parsed here, sent with the time limit
and read up to the row limit, and a server that is down or refuses is a 502 or 503.

Without a query, a browser gets the query page and other clients the SPARQL 1.1 Service
Description. `/.well-known/void` describes the dataset in VoID.
"""

from __future__ import annotations

import threading

from flask import Blueprint, Response, current_app, render_template, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID, XSD
from werkzeug.exceptions import NotAcceptable

from graph.errors import QueryTimeout
from graph.namespaces import ID, PREFIXES, sparql_prefixes
from graph.queries import QUERY_DIR, load_query

from . import negotiation
from .sparql_protocol import check_allowed, dataset_parameters, read_query
from .sparql_worker import Answer, Job, run_in_process, run_in_thread

bp = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = "http://www.w3.org/ns/formats/"
EXAMPLES_DIR = QUERY_DIR / "examples"
VOCABULARIES = ("gov", "org", "prov", "dct", "foaf", "skos", "time", "dcat")

_slots_lock = threading.Lock()
_slots: dict[int, threading.BoundedSemaphore] = {}


def access():
    return current_app.extensions["govkg"]


def base_url() -> str:
    configured = current_app.config.get("PUBLIC_BASE")
    return (configured or request.url_root).rstrip("/") + "/"


# --- the endpoint -------------------------------------------------------------------


@bp.route("/sparql", methods=["GET", "POST"], strict_slashes=False)
def endpoint() -> Response:
    query = read_query(request)
    dataset_parameters(request)
    if query is None:
        if negotiation.wants_html(request):
            return query_page("")
        return service_description()
    if request.method == "GET" and "format" not in request.args and negotiation.wants_html(request):
        return query_page(query)
    kind = check_allowed(query)
    job = make_job(query, kind)
    answer = run(job)
    return answer_response(answer)


def make_job(query: str, kind: str | None) -> Job:
    """The job for a query; the format of its kind is negotiated now (406 before running)."""
    primary = kind or "results"
    chosen = {primary: negotiation.choose(request, primary).short}
    other = "rdf" if primary == "results" else "results"
    try:
        chosen[other] = negotiation.choose(request, other).short
    except NotAcceptable:
        chosen[other] = negotiation.formats(other)[0].short
    store_access = access()
    return Job(
        query=query,
        results_format=chosen["results"],
        rdf_format=chosen["rdf"],
        max_rows=int(current_app.config["SPARQL_MAX_ROWS"]),
        store_path=str(store_access.store_path) if store_access.on_disk else None,
        lock_path=str(store_access.lock_path) if store_access.on_disk else None,
    )


def _slot(limit: int) -> threading.BoundedSemaphore:
    with _slots_lock:
        return _slots.setdefault(limit, threading.BoundedSemaphore(limit))


def run(job: Job) -> Answer:
    """Run a job within SPARQL_TIMEOUT_S, at most a few at a time."""
    timeout = float(current_app.config["SPARQL_TIMEOUT_S"])
    slot = _slot(max(2, int(current_app.config.get("SPARQL_WORKERS", 4))))
    if not slot.acquire(timeout=timeout):
        raise QueryTimeout(
            f"The server is busy with other queries; none finished within {timeout:g} s "
            "(setting SPARQL_TIMEOUT_S). Try again shortly."
        )
    try:
        if job.store_path is None:
            return run_in_thread(job, access().store, timeout)
        return run_in_process(job, timeout)
    finally:
        slot.release()


def answer_response(answer: Answer) -> Response:
    response = Response(answer.body, mimetype=answer.media_type)
    if answer.media_type.startswith("text/") or answer.media_type.endswith("+xml"):
        response.mimetype_params["charset"] = "utf-8"
    response.headers["Vary"] = "Accept"
    if answer.truncated:
        response.headers["X-Govkg-Truncated"] = "true"
        response.headers["X-Govkg-Row-Limit"] = str(current_app.config["SPARQL_MAX_ROWS"])
    return response


# --- the query page -----------------------------------------------------------------


def example_queries() -> list[dict[str, str]]:
    """The example queries of graph/queries/examples, labelled by their `# title:` line."""
    examples = []
    for path in sorted(EXAMPLES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        title = first.split("title:", 1)[1].strip() if "title:" in first else path.stem
        examples.append({"name": path.stem, "title": title, "query": text})
    return examples


def query_page(query: str) -> Response:
    html = render_template(
        "sparql/query.html",
        query=query,
        prefixes=sparql_prefixes(),
        prefix_map=PREFIXES,
        examples=example_queries(),
        results_formats=negotiation.formats("results"),
        rdf_formats=negotiation.formats("rdf"),
        id_base=str(ID),
        max_rows=current_app.config["SPARQL_MAX_ROWS"],
        timeout=current_app.config["SPARQL_TIMEOUT_S"],
    )
    response = Response(html, mimetype="text/html")
    response.headers["Vary"] = "Accept"
    return response


# --- service description and VoID ----------------------------------------------------


def rdf_response(graph: Graph) -> Response:
    fmt = negotiation.choose(request, "rdf")
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    graph.bind("sd", SD)
    graph.bind("void", VOID)
    body = graph.serialize(format=fmt.rdflib, encoding="utf-8")
    response = Response(body, mimetype=fmt.media_type)
    response.headers["Vary"] = "Accept"
    return response


def service_description() -> Response:
    base = base_url()
    graph = Graph()
    service = URIRef(base + "sparql#service")
    endpoint_iri = URIRef(base + "sparql")
    dataset = URIRef(base + ".well-known/void#dataset")
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, endpoint_iri))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV",
                 "SPARQL_Results_TSV", "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):  # fmt: skip
        graph.add((service, SD.resultFormat, URIRef(FORMATS_NS + name)))
    default = BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))  # its size: in the VoID description
    graph.add((dataset, VOID.sparqlEndpoint, endpoint_iri))
    graph.add((dataset, VOID.uriSpace, Literal(str(ID))))
    return rdf_response(graph)


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID description: one dataset, with one subset per named graph."""
    base = base_url()
    graph = Graph()
    dataset = URIRef(base + ".well-known/void#dataset")
    store = access().store
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, DCTERMS.title, Literal("govkg", lang="sv")))
    graph.add((dataset, DCTERMS.description, Literal(
        "Kunskapsgraf över offentlig samverkan i Sverige: organ, personer, möten, beslut "
        "och avtal.", lang="sv")))  # fmt: skip
    graph.add((dataset, VOID.sparqlEndpoint, URIRef(base + "sparql")))
    graph.add((dataset, VOID.uriSpace, Literal(str(ID))))
    graph.add((dataset, VOID.rootResource, URIRef(base + "ontology")))
    for prefix in VOCABULARIES:
        graph.add((dataset, VOID.vocabulary, URIRef(PREFIXES[prefix])))
    total = 0  # the dataset's size: its graphs' sizes, from the one query over them
    for row in store.select(load_query("void-graph-sizes")):
        subset = URIRef(str(row["graph"]))
        size = int(row["triples"])
        total += size
        graph.add((dataset, VOID.subset, subset))
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, SD.name, subset))
        graph.add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))
    graph.add((dataset, VOID.triples, Literal(total, datatype=XSD.integer)))
    return rdf_response(graph)
