"""One error model across endpoints, security headers, linked-data IRIs and the ontology."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_fixtures import make_app
from flask import Flask
from flask.testing import FlaskClient
from rdflib import Graph, URIRef

from graph.namespaces import ID

BAD_REQUESTS = [
    ("GET", "/sparql?query=SELEKT", {}, 400),
    ("GET", "/sparql?query=DROP+ALL", {}, 403),
    ("POST", "/sparql", {"data": "x", "content_type": "image/png"}, 415),
    ("GET", "/sparql?query=ASK{}&format=png", {}, 406),
    ("GET", "/id/no/such/node", {}, 404),
    ("GET", "/nowhere", {}, 404),
    ("DELETE", "/sparql", {}, 405),
    ("POST", "/loads", {"data": "x", "content_type": "text/turtle"}, 401),
    ("POST", "/validate", {"data": "<a> <b> .", "content_type": "text/turtle"}, 400),
    ("GET", "/loads/graph/none", {}, 404),
]


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path / "data")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.mark.parametrize(("method", "url", "kwargs", "status"), BAD_REQUESTS,
                         ids=[f"{m} {u}" for m, u, _, _ in BAD_REQUESTS])  # fmt: skip
def test_one_json_error_shape(client, method, url, kwargs, status):
    response = client.open(url, method=method, **kwargs)
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = json.loads(response.data)
    assert set(body) == {"status", "error", "message"}
    assert body["status"] == status
    assert body["error"] and body["message"]


def test_html_error_page_for_browsers(client):
    response = client.get("/id/no/such/node", headers={"Accept": "text/html"})
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert b'<html lang="sv">' in response.data
    assert b"404" in response.data


def test_unexpected_errors_are_generic_500(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert response.get_json()["status"] == 500


@pytest.mark.parametrize("url", ["/sparql", "/id/region/99", "/nowhere", "/ontology"])
def test_security_headers(client, url):
    response = client.get(url, headers={"Accept": "text/html"})
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
     ("application/n-triples", "nt"), ("application/rdf+xml", "xml")],
)  # fmt: skip
def test_id_conneg(client, accept, rdflib_format):
    response = client.get("/id/region/99", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == accept
    assert response.headers["Vary"] == "Accept"
    links = response.headers.getlist("Link")
    assert '</id/region/99?format=ttl>; rel="alternate"; type="text/turtle"' in links
    assert len(links) == 4
    graph = Graph().parse(data=response.data, format=rdflib_format)
    assert (URIRef(str(ID["region/99"])), None, None) in graph


def test_id_html(client):
    response = client.get("/id/region/99", headers={"Accept": "text/html"})
    if response.status_code == 303:
        assert response.headers["Location"].startswith("/browse?iri=")
    else:
        assert response.status_code == 200
        assert b"Testregionen" in response.data
    assert response.headers["Vary"] == "Accept"


def test_ontology(client):
    turtle = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    graph = Graph().parse(data=turtle.data, format="turtle")
    assert len(graph) > 100
    page = client.get("/ontology", headers={"Accept": "text/html"})
    assert page.mimetype == "text/html"
    assert b'id="gov-Region"' in page.data
    assert b"samverkansorgan" in page.data.lower()


def test_shapes(client):
    turtle = client.get("/shapes", headers={"Accept": "text/turtle"})
    assert len(Graph().parse(data=turtle.data, format="turtle")) > 10
    page = client.get("/shapes", headers={"Accept": "text/html"})
    assert b"govsh:" in page.data
