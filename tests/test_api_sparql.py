"""The SPARQL 1.1 Protocol endpoint: request forms, negotiation, limits, descriptions."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from api_fixtures import filler_graph, live_server, make_app
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, VOID

from graph.namespaces import ID

SELECT = "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?s"
ASK = "ASK { ?s a gov:Region }"
CONSTRUCT = "CONSTRUCT { ?s skos:prefLabel ?l } WHERE { ?s skos:prefLabel ?l }"
REGION = str(ID["region/99"])
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path / "data")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def send(client, how: str, query: str, **kwargs):
    if how == "get":
        return client.get("/sparql", query_string={"query": query}, **kwargs)
    if how == "form":
        return client.post("/sparql", data={"query": query}, **kwargs)
    return client.post(
        "/sparql", data=query.encode(), content_type="application/sparql-query", **kwargs
    )


# --- request forms and result formats ----------------------------------------------


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_request_forms(client, how):
    response = send(client, how, SELECT)
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+json"
    rows = response.get_json()["results"]["bindings"]
    assert [r["s"]["value"] for r in rows] == [str(ID["municipality/9901"]), REGION]


def parse_results(mimetype: str, body: bytes) -> list[str]:
    """The subject column of a results document, whatever its format."""
    if mimetype == "application/sparql-results+json":
        return [r["s"]["value"] for r in json.loads(body)["results"]["bindings"]]
    if mimetype == "application/sparql-results+xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ElementTree.fromstring(body)
        return [u.text for u in root.findall(".//r:binding[@name='s']/r:uri", ns)]
    if mimetype == "text/csv":
        return [row["s"] for row in csv.DictReader(io.StringIO(body.decode()))]
    lines = body.decode().splitlines()
    column = lines[0].split("\t").index("?s")
    return [line.split("\t")[column].strip("<>") for line in lines[1:]]


RESULTS = [
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
]


@pytest.mark.parametrize(("media_type", "short"), RESULTS)
@pytest.mark.parametrize("by", ["accept", "format"])
def test_results_formats(client, media_type, short, by):
    if by == "accept":
        response = client.get("/sparql", query_string={"query": SELECT},
                              headers={"Accept": media_type})  # fmt: skip
    else:
        response = client.get("/sparql", query_string={"query": SELECT, "format": short})
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert response.headers["Vary"] == "Accept"
    assert REGION in parse_results(media_type, response.data)


RDF_FORMATS = [
    ("text/turtle", "ttl", "turtle"),
    ("application/n-triples", "nt", "nt"),
    ("application/ld+json", "jsonld", "json-ld"),
    ("application/rdf+xml", "rdf", "xml"),
]


@pytest.mark.parametrize(("media_type", "short", "rdflib_format"), RDF_FORMATS)
@pytest.mark.parametrize("by", ["accept", "format"])
def test_construct_formats(client, media_type, short, rdflib_format, by):
    params = {"query": CONSTRUCT} | ({"format": short} if by == "format" else {})
    headers = {"Accept": media_type} if by == "accept" else {}
    response = client.get("/sparql", query_string=params, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    graph = Graph().parse(data=response.data, format=rdflib_format)
    assert len(graph) == 2
    assert (URIRef(REGION), None, None) in graph


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", "application/sparql-results+json"),
        ("application/*", "application/sparql-results+json"),
        ("text/*", "text/csv"),
        ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
    ],
    ids=["accept_star", "accept_substar", "accept_text_star", "q_values", "alias_json"],
)
def test_negotiation_cases(client, accept, expected):
    response = client.get("/sparql", query_string={"query": ASK}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == expected


def test_ask(client):
    response = send(client, "get", ASK)
    assert response.get_json() == {"head": {}, "boolean": True}


# --- client errors --------------------------------------------------------------------


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_parse_error_is_400(client, how):
    response = send(client, how, "SELEKT * WHERE { ?s ?p ?o }")
    assert response.status_code == 400
    assert "syntax" in response.get_json()["message"].lower()


def test_query_in_url_and_body_is_400(client):
    response = client.post("/sparql?query=ASK{}", data={"query": ASK})
    assert response.status_code == 400
    assert "both" in response.get_json()["message"]
    direct = client.post("/sparql?query=ASK{}", data=ASK, content_type="application/sparql-query")
    assert direct.status_code == 400


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "query_string": {"query": "INSERT DATA { <a:s> <a:p> <a:o> }"}},
        {"method": "GET", "query_string": {"query": "DROP ALL"}},
        {"method": "POST", "data": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": "LOAD <http://example.org/x>",
         "content_type": "application/sparql-update"},
        {"method": "POST", "data": {"query": "PREFIX ex: <http://x/>\nDELETE WHERE { ?s ?p ?o }"}},
    ],
    ids=["insert", "drop", "form_update", "sparql_update_body", "delete_after_prefix"],
)  # fmt: skip
def test_updates_are_403(client, request_kwargs):
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert "read-only" in response.get_json()["message"]


def test_service_is_403(client):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = send(client, "get", query)
    assert response.status_code == 403
    assert "SERVICE" in response.get_json()["message"]


def test_keywords_in_strings_are_harmless(client):
    query = 'SELECT ?s WHERE { ?s skos:prefLabel ?l FILTER(?l != "DROP SERVICE") } # INSERT'
    assert send(client, "get", query).status_code == 200


def test_406(client):
    response = client.get("/sparql", query_string={"query": ASK}, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.get_json()["message"]
    bad_format = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"})
    assert bad_format.status_code == 406


def test_415(client):
    response = client.post("/sparql", data=ASK, content_type="text/plain")
    assert response.status_code == 415


def test_413(tmp_path: Path):
    small = make_app(tmp_path / "d", MAX_CONTENT_LENGTH=1000).test_client()
    query = "ASK { ?s ?p ?o }" + " " * 5000
    response = small.post("/sparql", data=query, content_type="application/sparql-query")
    assert response.status_code == 413
    assert response.get_json()["status"] == 413


# --- limits ---------------------------------------------------------------------------


def test_row_cap_is_signalled(tmp_path: Path):
    capped = make_app(tmp_path / "d", SPARQL_MAX_ROWS=1).test_client()
    response = capped.get("/sparql", query_string={"query": SELECT})
    assert response.headers["X-Govkg-Truncated"] == "true"
    assert response.headers["X-Govkg-Row-Limit"] == "1"
    assert len(response.get_json()["results"]["bindings"]) == 1
    whole = capped.get("/sparql", query_string={"query": ASK})
    assert "X-Govkg-Truncated" not in whole.headers


def test_time_limit_stops_the_query(tmp_path: Path):
    app = make_app(tmp_path / "d", SPARQL_TIMEOUT_S=1)
    with app.extensions["govkg"].write() as store:
        store.replace_graph(str(ID["graph/filler"]), filler_graph(20000))
    client = app.test_client()
    expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p1 ?b . ?c ?p2 ?d . ?e ?p3 ?f . ?g ?p4 ?h }"
    started = time.monotonic()
    response = client.get("/sparql", query_string={"query": expensive})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "SPARQL_TIMEOUT_S" in response.get_json()["message"]
    assert elapsed < 1 + 1
    after = client.get("/sparql", query_string={"query": ASK})
    assert after.status_code == 200


# --- descriptions ---------------------------------------------------------------------


def test_service_description(client):
    response = client.get("/sparql")
    assert response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    services = list(graph.subjects(RDF.type, URIRef(sd + "Service")))
    assert len(services) == 1
    assert (services[0], URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in graph


def test_query_page_for_browsers(client):
    response = client.get("/sparql", headers={"Accept": "text/html"})
    assert response.mimetype == "text/html"
    assert b"codemirror" in response.data
    assert b"Vem satt i vilket organ" in response.data
    prefilled = client.get("/sparql", query_string={"query": "ASK {}"},
                           headers={"Accept": "text/html,*/*;q=0.8"})  # fmt: skip
    assert b"ASK {}" in prefilled.data


def test_void(client):
    response = client.get("/.well-known/void")
    graph = Graph().parse(data=response.data, format="turtle")
    datasets = set(graph.subjects(RDF.type, VOID.Dataset))
    subsets = set(graph.objects(None, VOID.subset))
    assert URIRef(str(ID["graph/fixture"])) in subsets
    assert len(datasets) == len(subsets) + 1
    main = (datasets - subsets).pop()
    assert (main, VOID.uriSpace, None) in graph
    assert int(graph.value(main, VOID.triples)) >= 8


# --- real clients ---------------------------------------------------------------------


def test_sparqlwrapper(app):
    from SPARQLWrapper import JSON, SPARQLWrapper

    with live_server(app) as base:
        wrapper = SPARQLWrapper(base + "/sparql")
        wrapper.setQuery("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" + SELECT)
        wrapper.setReturnFormat(JSON)
        rows = wrapper.query().convert()["results"]["bindings"]
        assert REGION in [r["s"]["value"] for r in rows]
        wrapper.setMethod("POST")
        assert wrapper.query().convert()["results"]["bindings"]


def test_rdflib_sparqlstore(app):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    with live_server(app) as base:
        store = SPARQLStore(base + "/sparql", returnFormat="xml")
        graph = Graph(store=store)
        labels = {str(o) for o in graph.objects(URIRef(REGION), None)}
        assert "Testregionen" in labels
        result = graph.query("SELECT ?s WHERE { ?s a <https://w3id.org/govkg/ontology#Region> }")
        assert [str(r.s) for r in result] == [REGION]
