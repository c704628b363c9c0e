"""govkg on a SPARQL server: the CLI with --store-url and the web app with STORE_URL answer
as they do on the embedded store, against Virtuoso Open Source on loopback.

One Virtuoso instance of its own (scripts/virtuoso.sh with its own folder and ports, so
the remote-store tests that wipe their server run undisturbed), one build per session:
the remote store is built the way `govkg serve --store-url` builds an empty store on first
run, the embedded one with `govkg build --data-dir`. Every test leaves both stores holding
the same graph, so each one compares the two answers. The fixture fails, not skips, when
Virtuoso cannot be installed or started: the remote backend is a supported backend.
"""

from __future__ import annotations

import base64
import html
import io
import json
import logging
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from api_fixtures import DATA, TOKEN, bearer
from click.testing import CliRunner
from conftest import corpus_file
from flask import Flask
from rdflib import Graph
from rdflib.compare import isomorphic
from test_api_browse import subjects

from api import create_app
from api.cli import cli
from graph.namespaces import ID
from graph.remote_store import RemoteStore
from graph.settings import remote_settings
from graph.store import Store

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "virtuoso.sh"
INSTANCE = {
    "GOVKG_VIRTUOSO_DIR": str(Path(os.environ.get("TMPDIR", "/tmp")) / "govkg-virtuoso-api"),
    "GOVKG_VIRTUOSO_HTTP": os.environ.get("GOVKG_VIRTUOSO_API_HTTP", "8892"),
    "GOVKG_VIRTUOSO_ISQL": os.environ.get("GOVKG_VIRTUOSO_API_ISQL", "1113"),
}
HTML = {"Accept": "text/html"}
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
# What two builds of the same corpus may differ in: the time of each load (UTC, to the
# second) and the revision tokens of the state graph.
LOAD_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")
REVISION = re.compile(r"\b[0-9a-f]{16}-[0-9a-f]{16}\b")
VALID = (DATA / "region.ttl").read_bytes().replace(b"region/99", b"region/96")
ORDERED_SELECT = """SELECT ?meeting ?date ?body WHERE {
  ?meeting a gov:Meeting ; dct:date ?date ; gov:body ?body } ORDER BY ?date ?meeting ?body"""


def normal(text: str) -> str:
    return REVISION.sub("<revision>", LOAD_TIME.sub("<load time>", text))


def same_json(data: Any) -> Any:
    return json.loads(normal(json.dumps(data, ensure_ascii=False, sort_keys=True)))


def by_graph(listing: dict[str, Any]) -> list[Any]:
    """The loads of GET /loads, by graph: newest first is by load time, which two builds do
    not share."""
    return sorted(same_json(listing["loads"]), key=lambda row: row["graph"])


@pytest.fixture(scope="session")
def endpoint() -> str:
    proc = subprocess.run(
        ["bash", str(SCRIPT), "start"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **INSTANCE},
    )
    if proc.returncode != 0:
        pytest.fail(
            f"Virtuoso could not be installed or started by {SCRIPT}:\n{proc.stderr[-2000:]}"
        )
    return proc.stdout.strip().splitlines()[-1]


class Pair:
    """The same corpus in a remote store (Virtuoso) and in an embedded one."""

    def __init__(self, endpoint: str, remote_dir: Path, local_dir: Path):
        self.endpoint = endpoint
        self.remote_dir = remote_dir
        self.local_dir = local_dir

    def cli(self, remote: bool, *args: str, env: dict[str, str] | None = None) -> Any:
        where = (
            ["--store-url", self.endpoint, "--data-dir", str(self.remote_dir)]
            if remote
            else ["--data-dir", str(self.local_dir)]
        )
        return CliRunner().invoke(cli, [*args, *where], env=env)

    def both(self, *args: str) -> tuple[Any, Any]:
        return self.cli(True, *args), self.cli(False, *args)

    def app(self, remote: bool, **config: Any) -> Flask:
        settings: dict[str, Any] = {
            "TESTING": True,
            "LOAD_TOKENS": f"tester:{TOKEN}",
            "BUILD_ON_START": False,
            "SPARQL_TIMEOUT_S": 20,
            "DATA_DIR": str(self.remote_dir if remote else self.local_dir),
            **config,
        }
        if remote:
            settings.setdefault("STORE_URL", self.endpoint)
        return create_app(settings)


@pytest.fixture(scope="session")
def pair(endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    base = tmp_path_factory.mktemp("remote-api")
    found = Pair(endpoint, base / "remote", base / "local")
    with pytest.MonkeyPatch.context() as mp:
        for name in list(os.environ):
            if name.startswith("GOVKG_STORE_"):
                mp.delenv(name)
        store = RemoteStore(endpoint)
        store.clear()
        assert len(store) == 0
        with caplog_of("govkg.serve") as log:
            serve = _serve_first_run(found)
        assert serve.exit_code == 0, serve.output
        built = found.cli(False, "build")
        assert built.exit_code == 0, built.output
        local = Store(found.local_dir / "store", read_only=True)
        if store.graph_names() != local.graph_names():
            pytest.fail(f"govkg serve did not build the corpus into the SPARQL server: {log}")
        local.close()
        yield found


class _Messages(logging.Handler):
    """The messages of one logger, while it is attached (a session fixture has no caplog)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def caplog_of(name: str) -> Iterator[list[str]]:
    handler = _Messages()
    logger = logging.getLogger(name)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)


def _serve_first_run(pair: Pair) -> Any:
    """`govkg serve --store-url URL` up to the point where it would start serving."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Flask, "run", lambda *args, **kwargs: None)
        return pair.cli(True, "serve")


@pytest.fixture(scope="session")
def apps(pair: Pair) -> tuple[Flask, Flask]:
    return pair.app(True), pair.app(False)


@pytest.fixture(scope="session")
def nodes(apps: tuple[Flask, Flask]) -> list[str]:
    remote_app, local_app = apps
    with remote_app.extensions["govkg"].reading() as remote:
        remote_nodes = subjects(remote)
    with local_app.extensions["govkg"].reading() as local:
        local_nodes = subjects(local)
    assert remote_nodes == local_nodes
    return local_nodes


STATE = "https://w3id.org/govkg/id/graph/state"


def get_both(apps: tuple[Flask, Flask], url: str, **kwargs: Any) -> tuple[Any, Any]:
    return tuple(app.test_client().get(url, **kwargs) for app in apps)  # type: ignore[return-value]


def snapshot(app: Flask) -> tuple[int, list[str], str]:
    access = app.extensions["govkg"]
    with access.reading() as store:
        return len(store), store.graph_names(), access.read_version()


# --- the store URL setting --------------------------------------------------------------


def test_the_store_url_comes_from_the_option_or_the_environment(pair: Pair) -> None:
    assert remote_settings(env={}) is None
    found = remote_settings(
        env={
            "GOVKG_STORE_URL": pair.endpoint,
            "GOVKG_STORE_USER": "u",
            "GOVKG_STORE_PASSWORD": "secret-word",
        }
    )
    assert found is not None and found.query_url == pair.endpoint
    assert "secret-word" not in repr(found) and "secret-word" not in repr(found.open())
    result = pair.cli(False, "query", "ASK { ?m a gov:Meeting }")
    from_env = CliRunner().invoke(
        cli,
        ["query", "ASK { ?m a gov:Meeting }", "--data-dir", str(pair.remote_dir)],
        env={"GOVKG_STORE_URL": pair.endpoint},
    )
    assert result.exit_code == from_env.exit_code == 0
    assert result.output == from_env.output == "true\n"
    assert not (pair.remote_dir / "store").exists()  # the graph is not in the data dir


def test_a_bad_store_url_is_one_line(pair: Pair) -> None:
    for url, message in (
        ("ftp://example.org/sparql", "not an http(s)"),
        ("http://127.0.0.1:9/sparql", "cannot reach"),
        ("http://me:secret-word@127.0.0.1:9/sparql", "GOVKG_STORE_PASSWORD"),
    ):
        args = ["query", "ASK {}", "--store-url", url, "--data-dir", str(pair.remote_dir)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
        assert "secret-word" not in result.stderr


class _Refusing(BaseHTTPRequestHandler):
    """A server that asks for credentials and remembers the ones it was sent."""

    seen: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        _Refusing.seen.append(self.headers.get("Authorization", ""))
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(401)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_basic_auth_is_sent_and_a_refusal_is_one_line(pair: Pair) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Refusing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/sparql"
        env = {"GOVKG_STORE_USER": "govkg", "GOVKG_STORE_PASSWORD": "secret-word"}
        args = ["query", "ASK {}", "--store-url", url, "--data-dir", str(pair.remote_dir)]
        result = CliRunner().invoke(cli, args, env=env)
        app = pair.app(True, STORE_URL=url, STORE_USER="govkg", STORE_PASSWORD="secret-word")
        response = app.test_client().get("/api/entities/people")
    finally:
        server.shutdown()
        thread.join(5)
    token = base64.b64encode(b"govkg:secret-word").decode("ascii")
    assert _Refusing.seen and set(_Refusing.seen) == {f"Basic {token}"}
    assert result.exit_code == 2 and "refused access (401)" in result.stderr
    assert response.status_code == 502 and "GOVKG_STORE_USER" in response.get_json()["message"]
    for text in (result.stderr, response.get_data(as_text=True)):
        assert "secret-word" not in text and token not in text


# --- the CLI ----------------------------------------------------------------------------


def test_serve_built_the_empty_remote_store_like_govkg_build(pair: Pair, apps) -> None:
    remote, local = (snapshot(app)[:2] for app in apps)
    assert remote == local and remote[0] > 5000


def test_build(pair: Pair) -> None:
    document = str(corpus_file("001"))
    remote, local = pair.both("build", document)
    assert remote.exit_code == local.exit_code == 0, remote.output
    assert remote.stdout.startswith("Loaded 1 documents (")
    assert remote.stdout.split(" into ")[0] == local.stdout.split(" into ")[0]
    assert remote.stdout.strip().endswith(f"into {pair.endpoint}")


def test_load_valid_and_invalid_turtle(pair: Pair, apps) -> None:
    remote, local = pair.both("load", str(DATA / "region.ttl"))
    assert remote.exit_code == local.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    before = snapshot(apps[0])
    remote, local = pair.both("load", str(DATA / "region-invalid.ttl"))
    assert remote.exit_code == local.exit_code == 1
    assert remote.stderr == local.stderr and "nothing was written" in remote.stderr
    assert snapshot(apps[0]) == before


def test_validate(pair: Pair) -> None:
    path = str(DATA / "region-invalid.ttl")
    remote = CliRunner().invoke(
        cli, ["validate", path, "--format", "json"], env={"GOVKG_STORE_URL": pair.endpoint}
    )
    local = CliRunner().invoke(cli, ["validate", path, "--format", "json"])
    assert remote.exit_code == local.exit_code == 1
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert json.loads(remote.stdout)["conforms"] is False


@pytest.mark.parametrize(
    "query",
    [
        ORDERED_SELECT,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }",
        "ASK { ?a gov:noticePeriod ?d FILTER(DATATYPE(?d) = xsd:duration) }",
    ],
)
def test_query(pair: Pair, query: str) -> None:
    remote, local = pair.both("query", query, "--format", "json")
    assert remote.exit_code == local.exit_code == 0, remote.output
    assert remote.stdout == local.stdout
    assert remote.stdout.strip() not in ("[]", "false")


@pytest.mark.parametrize(
    "args",
    [
        ("history", "hjälpmedel"),
        ("lineage", "uppsägning", "gemensam nämnd"),
        ("due", "--as-of", "2023-06-01"),
    ],
    ids=["history", "lineage", "due"],
)
def test_history_lineage_due(pair: Pair, args: tuple[str, ...]) -> None:
    remote, local = pair.both(*args, "--format", "json")
    assert remote.exit_code == local.exit_code == 0, remote.output
    assert json.loads(remote.stdout) == json.loads(local.stdout)
    assert json.loads(remote.stdout)
    text_remote, text_local = pair.both(*args)
    assert text_remote.stdout == text_local.stdout


# --- the web app: every page ------------------------------------------------------------


def test_every_node_has_the_same_page_and_data(apps, nodes: list[str]) -> None:
    """Every node's JSON as on the embedded store, and its page naming the same label."""
    remote_app, local_app = apps
    assert len(nodes) > 500
    local = local_app.test_client()
    with local_app.extensions["govkg"].reading():  # one session: the store stays open
        expected = {n: local.get("/api/entity", query_string={"iri": n}) for n in nodes}
    remote = remote_app.test_client()
    for iri in nodes:
        data = remote.get("/api/entity", query_string={"iri": iri})
        assert data.status_code == expected[iri].status_code == 200, iri
        if iri != STATE:  # the embedded store's state also names its layout (gov:storeLayout)
            assert same_json(data.get_json()) == same_json(expected[iri].get_json()), iri
        page = remote.get("/browse", query_string={"iri": iri}, headers=HTML)
        assert page.status_code == 200, iri
        heading = H1.findall(page.get_data(as_text=True))
        assert heading and html.escape(expected[iri].get_json()["label"]) in heading[0], iri


def test_every_node_has_the_same_linked_data(apps, nodes: list[str]) -> None:
    remote_app, local_app = apps
    formats = [("text/turtle", "turtle")]
    sample = set(nodes[:: max(1, len(nodes) // 20)])
    extra = [
        ("application/ld+json", "json-ld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
    ]
    local = local_app.test_client()
    remote = remote_app.test_client()
    with local_app.extensions["govkg"].reading():
        for iri in nodes:
            rest = iri.removeprefix(str(ID))
            for media, parser in formats + (extra if iri in sample else []):
                answers = [c.get(f"/id/{rest}", headers={"Accept": media}) for c in (remote, local)]
                assert [a.status_code for a in answers] == [200, 200], (iri, media)
                assert answers[0].mimetype == answers[1].mimetype == media
                graphs = [
                    Graph().parse(data=normal(a.get_data(as_text=True)), format=parser)
                    for a in answers
                ]
                extra_local = {t for t in graphs[1] if str(t[1]).endswith("#storeLayout")}
                assert iri == STATE or not extra_local
                assert len(graphs[0]) and set(graphs[0]) == set(graphs[1]) - extra_local, iri


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?lang=en",
        "/list/people",
        "/list/meetings",
        "/search?q=hjälpmedel",
        "/due?as_of=2023-06-01",
        "/loads",
        "/api",
        "/ontology",
        "/shapes",
        "/load",
    ],
)
def test_other_pages(apps, url: str) -> None:
    remote, local = get_both(apps, url, headers=HTML)
    assert remote.status_code == local.status_code == 200, url
    heading = H1.findall(remote.get_data(as_text=True))
    assert heading and heading == H1.findall(local.get_data(as_text=True))


# --- the web app: the JSON API ------------------------------------------------------------

ISSUE = "https://w3id.org/govkg/id/issue/25/hjalpmedel"
KINDS = (
    "bodies",
    "organisations",
    "people",
    "meetings",
    "items",
    "decisions",
    "assignments",
    "agreements",
    "issues",
    "events",
    "documents",
)
JSON_ROUTES: list[tuple[str, dict[str, str]]] = [
    *[(f"/api/entities/{kind}", {"limit": "1000"}) for kind in KINDS],
    ("/api/search", {"q": "hjälpmedel", "limit": "500"}),
    ("/api/search", {"q": "gemensam nämnd"}),
    ("/api/history", {"issue": ISSUE}),
    (f"/api/issues/{ISSUE.removeprefix(str(ID))}/history", {}),
    ("/api/history/body", {"iri": str(ID["body/25/politisk-samverkansberedning"])}),
    ("/api/history/person", {"iri": str(ID["person/linda-frohm"])}),
    ("/api/lineage", {"from": "uppsägning", "to": "gemensam nämnd"}),
    ("/api/due", {"as_of": "2023-06-01"}),
    ("/api/due", {"as_of": "2025-12-31"}),
    ("/openapi.json", {}),
]


@pytest.mark.parametrize(("url", "params"), JSON_ROUTES)
def test_json_routes(apps, url: str, params: dict[str, str]) -> None:
    remote, local = get_both(apps, url, query_string=params)
    assert remote.status_code == local.status_code == 200, url
    assert same_json(remote.get_json()) == same_json(local.get_json())


def test_the_record_of_loads(apps) -> None:
    remote, local = get_both(apps, "/loads")
    assert remote.status_code == local.status_code == 200
    assert by_graph(remote.get_json()) == by_graph(local.get_json())
    assert len(remote.get_json()["loads"]) > 5


def test_source_passages(apps, nodes: list[str]) -> None:
    passages = [iri for iri in nodes if "/passage/" in iri][::7]
    assert passages
    for passage in passages:
        remote, local = get_both(apps, "/api/source", query_string={"passage": passage})
        assert remote.status_code == local.status_code == 200, passage
        assert same_json(remote.get_json()) == same_json(local.get_json()), passage


def test_void_and_service_description(apps) -> None:
    for url in ("/.well-known/void", "/sparql"):
        remote, local = get_both(apps, url, headers={"Accept": "text/turtle"})
        assert remote.status_code == local.status_code == 200
        graphs = [
            Graph().parse(data=r.get_data(as_text=True), format="turtle") for r in (remote, local)
        ]
        assert len(graphs[0]) > 5 and isomorphic(graphs[0], graphs[1]), url


# --- the web app: /sparql -------------------------------------------------------------------

CONSTRUCT = """CONSTRUCT { ?meeting gov:body ?body ; dct:date ?date }
WHERE { ?meeting a gov:Meeting ; gov:body ?body ; dct:date ?date }"""


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparql_select_and_ask_in_each_format(apps, fmt: str) -> None:
    for query in (ORDERED_SELECT, "ASK { ?m a gov:Meeting }"):
        if fmt in ("csv", "tsv") and query.startswith("ASK"):
            continue
        remote, local = get_both(apps, "/sparql", query_string={"query": query, "format": fmt})
        assert remote.status_code == local.status_code == 200, (fmt, remote.get_data())
        assert remote.mimetype == local.mimetype
        assert remote.get_data() == local.get_data()


@pytest.mark.parametrize(
    ("fmt", "parser"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml")]
)
def test_sparql_construct_in_each_format(apps, fmt: str, parser: str) -> None:
    remote, local = get_both(apps, "/sparql", query_string={"query": CONSTRUCT, "format": fmt})
    assert remote.status_code == local.status_code == 200
    assert remote.mimetype == local.mimetype
    graphs = [Graph().parse(data=r.get_data(as_text=True), format=parser) for r in (remote, local)]
    assert len(graphs[0]) > 10 and set(graphs[0]) == set(graphs[1])


def test_sparql_sees_only_our_graphs(apps) -> None:
    # The state graph is left out (its revisions differ, and the embedded store also records
    # there how it keeps its default graph, gov:storeLayout): the same graphs have revisions.
    query = (
        f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
        f"FILTER(?g != <{STATE}>) }} GROUP BY ?g ORDER BY ?g"
    )
    remote, local = get_both(apps, "/sparql", query_string={"query": query})
    assert remote.get_json() == local.get_json()
    assert len(remote.get_json()["results"]["bindings"]) > 5
    revision = f"SELECT ?s WHERE {{ GRAPH <{STATE}> {{ ?s gov:revision ?r }} }} ORDER BY ?s"
    remote, local = get_both(apps, "/sparql", query_string={"query": revision})
    assert remote.get_json() == local.get_json()
    default = "SELECT (COUNT(*) AS ?n) WHERE { ?s gov:revision ?r }"  # in the default graph too
    remote, local = get_both(apps, "/sparql", query_string={"query": default})
    assert remote.get_json() == local.get_json()
    assert int(local.get_json()["results"]["bindings"][0]["n"]["value"]) > 5


def test_sparql_row_cap(pair: Pair) -> None:
    capped = [pair.app(remote, SPARQL_MAX_ROWS=3) for remote in (True, False)]
    for query in (ORDERED_SELECT, CONSTRUCT):
        remote, local = get_both(capped, "/sparql", query_string={"query": query})  # type: ignore[arg-type]
        assert remote.status_code == local.status_code == 200
        assert remote.headers["X-Govkg-Truncated"] == local.headers["X-Govkg-Truncated"] == "true"
        assert remote.headers["X-Govkg-Row-Limit"] == "3"
    remote, local = get_both(capped, "/sparql", query_string={"query": ORDERED_SELECT})  # type: ignore[arg-type]
    assert remote.get_json() == local.get_json()
    assert len(remote.get_json()["results"]["bindings"]) == 3


def test_sparql_time_limit_is_a_503(pair: Pair) -> None:
    app = pair.app(True, SPARQL_TIMEOUT_S=1)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = app.test_client().get("/sparql", query_string={"query": slow})
    assert response.status_code == 503
    assert "SPARQL_TIMEOUT_S" in response.get_json()["message"]
    fine = app.test_client().get("/sparql", query_string={"query": "ASK { ?m a gov:Meeting }"})
    assert fine.status_code == 200 and fine.get_json()["boolean"] is True


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/sparql", "{endpoint}/nothing-here"])
def test_a_server_that_is_down_or_refuses_is_a_502(pair: Pair, url: str) -> None:
    base = pair.endpoint.rsplit("/", 1)[0]
    app = pair.app(True, STORE_URL=url.format(endpoint=base))
    client = app.test_client()
    for path in ("/sparql?query=ASK%20%7B%7D", "/api/entities/people", "/loads"):
        response = client.get(path)
        assert response.status_code in (502, 503), path
        assert response.get_json()["message"]
    page = client.get("/browse", query_string={"iri": str(ID["region/25"])}, headers=HTML)
    assert page.status_code in (502, 503)
    # Refused before anything is sent: an update is 403, a malformed query 400.
    update = client.post("/sparql", data={"query": "INSERT DATA { <a:b> <a:b> <a:b> }"})
    assert update.status_code == 403
    hidden = client.get("/sparql", query_string={"query": 'INSERT DATA { <a:b> <a:b> "SELECT" }'})
    assert hidden.status_code in (400, 403)
    broken = client.get("/sparql", query_string={"query": "SELECT ?x WHERE { ?x"})
    assert broken.status_code == 400


def test_sparql_errors_are_the_same(apps) -> None:
    for query in ("SELECT ?x WHERE { ?x", "SELECT * WHERE { ?s bif:contains ?o }"):
        remote, local = get_both(apps, "/sparql", query_string={"query": query})
        assert remote.status_code == local.status_code == 400
        assert remote.get_json() == local.get_json()
    for data in ({"update": "DROP ALL"}, {"query": "DROP ALL"}):
        remote, local = (app.test_client().post("/sparql", data=data) for app in apps)
        assert remote.status_code == local.status_code == 403


# --- the web app: loads ---------------------------------------------------------------------


def test_load_and_withdraw_with_a_token(apps) -> None:
    before = [snapshot(app) for app in apps]
    answers = []
    for app in apps:
        client = app.test_client()
        posted = client.post(
            "/loads?name=extra.ttl", data=VALID, content_type="text/turtle", headers=bearer()
        )
        listed = client.get("/loads").get_json()
        entity = client.get("/api/entity", query_string={"iri": str(ID["region/96"])})
        deleted = client.delete(posted.headers["Location"], headers=bearer())
        again = client.delete(posted.headers["Location"], headers=bearer())
        answers.append(
            (
                posted.status_code,
                same_json(posted.get_json()),
                by_graph(listed),
                entity.status_code,
                same_json(entity.get_json()),
                deleted.status_code,
                again.status_code,
            )
        )
    assert answers[0] == answers[1]
    assert answers[0][0] == 201 and answers[0][3] == 200 and answers[0][5:] == (204, 404)
    after = [snapshot(app) for app in apps]
    for was, now in zip(before, after, strict=True):
        assert now[:2] == was[:2]
    assert after[0][2] != before[0][2]  # the remote store's revision moved on


def test_a_non_conforming_load_writes_nothing(apps) -> None:
    invalid = (DATA / "region-invalid.ttl").read_bytes()
    remote_app = apps[0]
    before = snapshot(remote_app)
    answers = []
    for app in apps:
        response = app.test_client().post(
            "/loads?name=bad.ttl", data=invalid, content_type="text/turtle", headers=bearer()
        )
        answers.append((response.status_code, response.get_json()))
    assert answers[0] == answers[1] and answers[0][0] == 422
    assert snapshot(remote_app) == before


def test_multipart_upload_and_validate(apps) -> None:
    answers = []
    for app in apps:
        data = {"file": (io.BytesIO(VALID), "upload.ttl", "text/turtle")}
        response = app.test_client().post(
            "/validate", data=data, content_type="multipart/form-data"
        )
        answers.append((response.status_code, response.get_json()))
    assert answers[0] == answers[1] and answers[0][0] == 200
