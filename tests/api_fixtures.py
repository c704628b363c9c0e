"""Fixtures and helpers shared by the API tests (imported by tests/test_api_*.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from flask import Flask
from rdflib import Graph, Literal, URIRef
from werkzeug.serving import make_server

from api import create_app
from graph.namespaces import ID, SKOS

DATA = Path(__file__).parent / "data" / "api"
TOKEN = "s3cret-token"


def small_graph() -> Graph:
    graph = Graph()
    graph.parse(DATA / "region.ttl", format="turtle")
    return graph


def make_app(data_dir: Path, **config: Any) -> Flask:
    """An app over an on-disk store in `data_dir`, holding the small fixture graph."""
    settings = {
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "SPARQL_TIMEOUT_S": 2,
        "LOAD_TOKENS": f"tester:{TOKEN}",
        "BUILD_ON_START": False,
        **config,
    }
    app = create_app(settings)
    with app.extensions["govkg"].write() as store:
        store.replace_graph(str(ID["graph/fixture"]), small_graph())
    return app


def filler_graph(size: int) -> Graph:
    """`size` label triples, for queries that should take long."""
    graph = Graph()
    for n in range(size):
        graph.add((URIRef(f"{ID}filler/{n}"), SKOS.prefLabel, Literal(f"fyllnad {n}")))
    return graph


@contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """The app served by werkzeug on a free port of 127.0.0.1, in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
