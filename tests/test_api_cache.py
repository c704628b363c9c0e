"""Answers kept per store revision, and the server's own timing of each answer."""

from __future__ import annotations

from pathlib import Path

from api_fixtures import make_app
from rdflib import Graph, Literal

from api.cache import Kept, PageCache
from graph.namespaces import ID, SKOS

REGION = f"{ID}region/99"


def entity_url() -> str:
    return f"/api/entity?iri={REGION}"


def relabel(app, label: str) -> None:  # type: ignore[no-untyped-def]
    graph = Graph()
    graph.add((ID["test/cached"], SKOS.prefLabel, Literal(label)))
    with app.extensions["govkg"].write() as store:
        store.replace_graph(str(ID["graph/test/cached"]), graph)


def test_an_answer_is_kept_until_the_store_changes(tmp_path: Path) -> None:
    app = make_app(tmp_path / "data")
    client = app.test_client()
    first = client.get(entity_url())
    assert first.status_code == 200 and first.headers["X-Govkg-Cache"] == "miss"
    again = client.get(entity_url())
    assert again.headers["X-Govkg-Cache"] == "hit"
    assert again.get_data() == first.get_data()
    assert again.headers["Content-Security-Policy"]  # the usual headers on a kept answer
    relabel(app, "ny etikett")
    after = client.get(entity_url())
    assert after.headers["X-Govkg-Cache"] == "miss"


def test_the_answer_varies_with_accept(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data").test_client()
    iri = "/id/region/99"
    turtle = client.get(iri, headers={"Accept": "text/turtle"})
    json_ld = client.get(iri, headers={"Accept": "application/ld+json"})
    assert turtle.mimetype == "text/turtle" and json_ld.mimetype == "application/ld+json"
    assert client.get(iri, headers={"Accept": "text/turtle"}).get_data() == turtle.get_data()


def test_errors_writes_and_sparql_are_not_kept(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data").test_client()
    for _ in range(2):
        missing = client.get(f"/api/entity?iri={ID}no/such/node")
        assert missing.status_code == 404 and "X-Govkg-Cache" not in missing.headers
        sparql = client.get("/sparql?query=ASK%20%7B%7D", headers={"Accept": "application/json"})
        assert "X-Govkg-Cache" not in sparql.headers


def test_keeping_can_be_turned_off(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data", PAGE_CACHE_ENTRIES=0).test_client()
    client.get(entity_url())
    assert "X-Govkg-Cache" not in client.get(entity_url()).headers


def test_every_answer_says_how_long_the_server_worked(tmp_path: Path) -> None:
    client = make_app(tmp_path / "data").test_client()
    for url in (entity_url(), "/", "/sparql?query=ASK%20%7B%7D", "/no/such/page"):
        timing = client.get(url).headers["Server-Timing"]
        assert timing.startswith("app;dur=") and float(timing.split("=")[1]) >= 0


def test_the_cache_is_bounded_by_entries_and_bytes() -> None:
    cache = PageCache(entries=3, max_bytes=1000)
    for n in range(5):
        cache.put(("r", str(n)), Kept(200, (), b"x" * 10))
    assert len(cache) == 3 and cache.get(("r", "0")) is None and cache.get(("r", "4"))
    cache.put(("r", "big"), Kept(200, (), b"x" * 900))  # over an eighth of the bytes: not kept
    assert cache.get(("r", "big")) is None
    for n in range(3):
        cache.put(("s", str(n)), Kept(200, (), b"x" * 120))
    assert cache.get(("r", "4")) is None  # pushed out by the newer answers
