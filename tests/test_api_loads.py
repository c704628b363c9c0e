"""Validated loads over HTTP: tokens, 201/422/400, listing, withdrawal, /validate."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from api_fixtures import DATA, TOKEN, bearer, make_app
from flask import Flask
from flask.testing import FlaskClient

from graph.namespaces import ID

VALID = (DATA / "region.ttl").read_bytes().replace(b"region/99", b"region/97")
INVALID = (DATA / "region-invalid.ttl").read_bytes()


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return make_app(tmp_path / "data")


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def snapshot(app) -> tuple[int, list[str]]:
    with app.extensions["govkg"].reading() as store:
        return len(store), store.graph_names()


def post_turtle(client, data: bytes, name: str = "extra.ttl", token: str | None = TOKEN):
    headers = bearer(token) if token else {}
    return client.post(f"/loads?name={name}", data=data, content_type="text/turtle",
                       headers=headers)  # fmt: skip


def ask(client, query: str) -> bool:
    return client.get("/sparql", query_string={"query": query}).get_json()["boolean"]


def test_valid_load(client):
    response = post_turtle(client, VALID)
    assert response.status_code == 201
    body = response.get_json()
    assert body["graph"] == str(ID["graph/load/extra"])
    assert body["source"] == "extra.ttl"
    assert body["triples"] == 8
    assert response.headers["Location"].endswith("/loads/graph/load/extra")
    assert ask(client, f"ASK {{ <{ID}region/97> skos:prefLabel ?l }}")
    listed = client.get("/loads").get_json()["loads"]
    assert [row["loaded_by"] for row in listed if row["graph"] == body["graph"]] == ["tester"]
    assert client.get(response.headers["Location"]).status_code == 200


def test_multipart_upload(client):
    data = {"file": (io.BytesIO(VALID), "upload.ttl", "text/turtle")}
    response = client.post("/loads", data=data, headers=bearer(),
                           content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 201
    assert response.get_json()["source"] == "upload.ttl"


def test_non_conforming_load_is_422_and_writes_nothing(app, client):
    before = snapshot(app)
    response = post_turtle(client, INVALID, "bad.ttl")
    assert response.status_code == 422
    body = response.get_json()
    assert body["status"] == 422
    assert body["conforms"] is False
    paths = {r["path"] for r in body["report"]["results"]}
    assert "http://www.w3.org/2004/02/skos/core#prefLabel" in paths
    assert snapshot(app) == before


def test_report_as_html(client):
    response = client.post("/loads?name=bad.ttl", data=INVALID, content_type="text/turtle",
                           headers={**bearer(), "Accept": "text/html"})  # fmt: skip
    assert response.status_code == 422
    assert response.mimetype == "text/html"
    assert b'<table class="report">' in response.data


@pytest.mark.parametrize(
    ("config", "token", "status"),
    [
        ({}, None, 401),
        ({}, "wrong", 401),
        ({"LOAD_TOKENS": ""}, TOKEN, 403),
    ],
    ids=["no_token", "wrong_token", "loads_off"],
)
def test_tokens(tmp_path: Path, config, token, status):
    app = make_app(tmp_path / "d", **config)
    before = snapshot(app)
    response = post_turtle(app.test_client(), VALID, token=token)
    assert response.status_code == status
    if status == 401:
        assert response.headers["WWW-Authenticate"].lower().startswith("bearer")
    assert TOKEN not in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_withdraw(client):
    graph = post_turtle(client, VALID).get_json()["graph"]
    key = graph.removeprefix(str(ID))
    assert client.delete(f"/loads/{key}").status_code == 401
    assert client.delete(f"/loads/{key}", headers=bearer()).status_code == 204
    assert not ask(client, f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert graph not in [row["graph"] for row in client.get("/loads").get_json()["loads"]]
    assert client.delete(f"/loads/{key}", headers=bearer()).status_code == 404


def test_validate_writes_nothing(app, client):
    before = snapshot(app)
    good = client.post("/validate?name=x.ttl", data=VALID, content_type="text/turtle")
    assert good.status_code == 200
    assert good.get_json()["conforms"] is True
    bad = client.post("/validate", data=INVALID, content_type="text/turtle")
    assert bad.status_code == 200
    assert bad.get_json()["conforms"] is False
    assert snapshot(app) == before


def test_upload_name_is_sanitised(client):
    response = post_turtle(client, VALID, name="../../etc/passwd.ttl")
    assert response.status_code == 201
    body = response.get_json()
    assert body["source"] == "passwd.ttl"
    assert ".." not in body["graph"]


def test_malformed_turtle_is_400(app, client):
    before = snapshot(app)
    response = post_turtle(client, b"<a> <b> .", "broken.ttl")
    assert response.status_code == 400
    assert "malformed" in response.get_json()["message"]
    assert snapshot(app) == before


def test_unknown_media_type_is_415(client):
    response = client.post("/loads", data=b"\x00\x01", content_type="image/png",
                           headers=bearer())  # fmt: skip
    assert response.status_code == 415


def test_load_page(client):
    response = client.get("/load")
    assert response.status_code == 200
    assert b'type="file"' in response.data
