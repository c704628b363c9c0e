"""Limits that hold, and access rules, on the production server (waitress, on-disk store).

A waitress server runs in a subprocess on a free port of 127.0.0.1 over a store holding
the bundled corpus. Pathological queries (a cartesian product, an unbounded property
path) are stopped within SPARQL_TIMEOUT_S + 1 s and free their worker while the server
keeps answering others; body, upload and row limits hold; the endpoint refuses updates,
LOAD, CLEAR and SERVICE; tokens stay out of the log; every route class sends the security
headers; markup in the data is escaped on every page; uploads write no files.
"""

from __future__ import annotations

import hmac
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest

from graph.pipeline import build
from graph.settings import BUNDLED_CORPUS
from graph.store import Store

from .conftest import TOKEN, free_port

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TIMEOUT_S = 3
MAX_ROWS = 50
MAX_BODY = 64 * 1024
ROOT = Path(__file__).resolve().parents[2]
XSS = "<script>alert(1)</script>"

SERVER = """
import logging, sys, waitress
from api import create_app
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                    format="%%(levelname)s %%(name)s: %%(message)s")
app = create_app({"DATA_DIR": sys.argv[1], "SPARQL_TIMEOUT_S": %(timeout)d,
                  "SPARQL_MAX_ROWS": %(rows)d, "MAX_CONTENT_LENGTH": %(body)d,
                  "LOAD_TOKENS": "tester:%(token)s", "BUILD_ON_START": False})
waitress.serve(app, host="127.0.0.1", port=int(sys.argv[2]), threads=6)
"""


@dataclass
class Server:
    port: int
    data_dir: Path
    log: Path
    process: subprocess.Popen[bytes]

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (
                response.status,
                {k.lower(): v for k, v in response.getheaders()},
                response.read(),
            )
        finally:
            connection.close()

    def sparql(self, query: str, accept: str = "application/sparql-results+json",
               timeout: float = 30) -> tuple[int, dict[str, str], bytes]:  # fmt: skip
        return self.request("GET", "/sparql?" + urlencode({"query": query}),
                            headers={"Accept": accept}, timeout=timeout)  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("limits")
    data_dir = root / "data"
    store = Store(data_dir / "store")
    build([BUNDLED_CORPUS], store)
    store.close()
    port = free_port()
    log = root / "server.log"
    script = SERVER % {"timeout": TIMEOUT_S, "rows": MAX_ROWS, "body": MAX_BODY, "token": TOKEN}
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-c", script, str(data_dir), str(port)],
                                   stdout=out, stderr=subprocess.STDOUT, cwd=str(ROOT))  # fmt: skip
    running = Server(port, data_dir, log, process)
    deadline = time.monotonic() + 60
    while True:
        try:
            if running.request("GET", "/sparql", headers={"Accept": "text/turtle"})[0] == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.1)
    try:
        yield running
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_processes(server: Server) -> list[int]:
    """The server's live children that are not the forkserver (its SPARQL workers)."""
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(server.process.pid)],
                         capture_output=True, text=True).stdout  # fmt: skip
    pids = []
    for line in out.splitlines():
        pid, _, args = line.strip().partition(" ")
        if "forkserver" in args:
            forkserver = pid
            sub = subprocess.run(["ps", "-o", "pid=", "--ppid", forkserver],
                                 capture_output=True, text=True).stdout  # fmt: skip
            pids += [int(p) for p in sub.split()]
    return pids


PATHOLOGICAL = {
    "cartesian": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "property-path": "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:p>|!<urn:p>)* ?b . ?c ?d ?e }",
    "regex-product": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f "
    "FILTER(REGEX(STR(?c), STR(?f))) }",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_query_is_stopped(server: Server, name: str) -> None:
    answers: list[tuple[int, float]] = []
    stop = threading.Event()

    def others() -> None:  # the server keeps answering meanwhile
        while not stop.is_set():
            started = time.monotonic()
            status, _, _ = server.request("GET", "/.well-known/void",
                                          headers={"Accept": "text/turtle"})  # fmt: skip
            answers.append((status, time.monotonic() - started))
            time.sleep(0.1)

    thread = threading.Thread(target=others, daemon=True)
    thread.start()
    started = time.monotonic()
    status, _, body = server.sparql(PATHOLOGICAL[name], timeout=TIMEOUT_S + 20)
    elapsed = time.monotonic() - started
    stop.set()
    thread.join(10)
    print(f"\n{name}: {status} after {elapsed:.2f} s; {len(answers)} other answers meanwhile")
    assert status == 503, body[:300]
    assert json.loads(body)["status"] == 503
    assert elapsed < TIMEOUT_S + 1, f"stopped after {elapsed:.2f} s"
    assert answers and all(s == 200 for s, _ in answers), answers
    assert max(t for _, t in answers) < TIMEOUT_S
    started = time.monotonic()
    status, _, body = server.sparql("ASK { ?s a gov:Meeting }")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert time.monotonic() - started < 2.0, "the worker was not freed"
    deadline = time.monotonic() + 5
    while worker_processes(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not worker_processes(server), "a killed query's worker is still alive"


def test_row_cap_truncates(server: Server) -> None:
    status, headers, body = server.sparql("SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    assert headers.get("x-govkg-truncated") == "true"
    assert headers.get("x-govkg-row-limit") == str(MAX_ROWS)
    assert len(json.loads(body)["results"]["bindings"]) == MAX_ROWS
    status, headers, body = server.sparql("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                                          accept="application/n-triples")  # fmt: skip
    assert status == 200 and headers.get("x-govkg-truncated") == "true"
    assert len(body.decode().strip().splitlines()) == MAX_ROWS
    status, headers, _ = server.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert status == 200 and "x-govkg-truncated" not in headers


def test_body_and_upload_limits(server: Server) -> None:
    big = b"x" * (MAX_BODY + 1)
    query_type = {"Content-Type": "application/sparql-query"}
    status, _, body = server.request("POST", "/sparql", body=big, headers=query_type)
    assert status == 413, body[:200]
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    status, _, body = server.request("POST", "/loads", body=big, headers=auth)
    assert status == 413, body[:200]
    status, _, _ = server.request("POST", "/validate", body=big,
                                  headers={"Content-Type": "text/turtle"})  # fmt: skip
    assert status == 413
    boundary = "b0undary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"x.ttl\"\r\nContent-Type: text/turtle\r\n\r\n")  # fmt: skip
    form = head.encode() + big + f"\r\n--{boundary}--\r\n".encode()
    status, _, _ = server.request("POST", "/loads", body=form, headers={
        "Authorization": f"Bearer {TOKEN}",
        "Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
    assert status == 413


REFUSED = [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:9/x.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/govkg/id/graph/loads>",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "PREFIX x: <urn:x> CLEAR DEFAULT",
]


@pytest.mark.parametrize("query", REFUSED)
def test_updates_and_service_refused(server: Server, query: str) -> None:
    before = count_triples(server)
    assert server.sparql(query)[0] == 403
    form = urlencode({"query": query}).encode()
    assert server.request("POST", "/sparql", body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded"})[0] == 403  # fmt: skip
    assert server.request("POST", "/sparql", body=query.encode(), headers={
        "Content-Type": "application/sparql-query"})[0] == 403  # fmt: skip
    for media in ("application/sparql-update",):
        assert server.request("POST", "/sparql", body=query.encode(),
                              headers={"Content-Type": media})[0] == 403  # fmt: skip
    update_form = urlencode({"update": query}).encode()
    assert server.request("POST", "/sparql", body=update_form, headers={
        "Content-Type": "application/x-www-form-urlencoded"})[0] == 403  # fmt: skip
    assert count_triples(server) == before


def count_triples(server: Server) -> int:
    status, _, body = server.sparql("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert status == 200
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def xss_turtle() -> bytes:
    return f"""
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/govkg/id/region/98%3Cscript%3Ealert(1)%3C%2Fscript%3E> a gov:Region ;
    skos:prefLabel "{XSS} region"@sv ; gov:scbCode "98" ; gov:county "98" .
<https://w3id.org/govkg/id/municipality/9801> a gov:Municipality ;
    skos:prefLabel "Kommun {XSS}\\" onmouseover=\\"alert(2)"@sv ;
    gov:scbCode "9801" ; gov:county "98" .
""".encode()


def test_markup_in_data_is_escaped(server: Server) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/turtle"}
    status, _, body = server.request("POST", "/loads?name=xss.ttl", body=xss_turtle(),
                                     headers=auth)  # fmt: skip
    assert status == 201, body[:500]
    pages = [
        "/id/municipality/9801",
        "/id/region/98%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/loads",
        "/sparql?" + urlencode({"query": f'SELECT * WHERE {{ ?s ?p "{XSS}" }}'}),
        "/load",
    ]
    pages += [f"{p}?{urlencode({'q': XSS, 'iri': XSS})}" for p in ("/search", "/browse")]
    pages += ["/browse?" + urlencode({"iri": "https://w3id.org/govkg/id/municipality/9801"})]
    checked = 0
    for path in pages:
        status, headers, body = server.request("GET", path, headers={"Accept": "text/html"})
        if headers.get("content-type", "").startswith("text/html") and status < 400:
            checked += 1
        if status in {301, 302, 303}:
            target = headers["location"].split("//", 1)[-1].split("/", 1)[-1]
            status, headers, body = server.request("GET", "/" + target,
                                                   headers={"Accept": "text/html"})  # fmt: skip
        text = body.decode("utf-8", "replace")
        assert "<script>alert(1)" not in text, path
        assert '" onmouseover="alert(2)' not in text, path
    assert checked >= 3
    status, _, _ = server.request("DELETE", "/loads/graph/load/xss",
                                  headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert status == 204


ROUTES = {
    "page": ("/sparql", {"Accept": "text/html"}),
    "json": ("/loads", {"Accept": "application/json"}),
    "static": ("/static/style.css", {}),
    "error": ("/id/no-such-node", {"Accept": "application/json"}),
    "error-page": ("/no-such-page", {"Accept": "text/html"}),
    "sparql-results": ("/sparql?query=ASK%7B%7D", {"Accept": "application/sparql-results+json"}),
    "rdf": ("/ontology", {"Accept": "text/turtle"}),
    "refused": ("/sparql?query=CLEAR%20ALL", {}),
}


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_security_headers(server: Server, route: str) -> None:
    path, headers = ROUTES[route]
    _status, got, _ = server.request("GET", path, headers=headers)
    assert "default-src 'self'" in got.get("content-security-policy", "")
    assert got.get("x-content-type-options") == "nosniff"
    assert got.get("referrer-policy")


def test_tokens_never_logged(server: Server) -> None:
    secret_wrong = "wrong-" + TOKEN[::-1]
    body = b"@prefix gov: <https://w3id.org/govkg/ontology#> . <urn:x> a gov:Nothing ."
    for token in (TOKEN, secret_wrong):
        server.request("POST", "/loads?name=t.ttl", body=body,
                       headers={"Authorization": f"Bearer {token}",
                                "Content-Type": "text/turtle"})  # fmt: skip
    server.request("DELETE", "/loads/graph/load/none", headers={"Authorization": f"Bearer {TOKEN}"})
    time.sleep(0.3)
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "POST" in log or "loaded" in log or len(log) > 0
    assert TOKEN not in log
    assert secret_wrong not in log


def test_token_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import api.loads
    from api import create_app

    calls: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(api.loads.hmac, "compare_digest", spy)
    app = create_app({"STORE": Store.memory(), "TESTING": True, "BUILD_ON_START": False,
                      "LOAD_TOKENS": f"a:{TOKEN},b:other-token"})  # fmt: skip
    response = app.test_client().post("/loads", data=b"x", content_type="text/turtle",
                                      headers={"Authorization": "Bearer guess"})  # fmt: skip
    assert response.status_code == 401
    assert len(calls) == 2, "every configured token is compared with compare_digest"


def listing(*roots: Path) -> set[str]:
    out = set()
    for root in roots:
        for dirpath, _dirs, files in os.walk(root):
            for name in files:
                out.add(os.path.join(dirpath, name))
    return out


@pytest.mark.parametrize("name", ["../../etc/x.ttl", "..%2F..%2Fx.ttl", "/tmp/x.ttl",
                                  "..\\..\\x.txt", "x\x00.ttl"])  # fmt: skip
def test_uploads_write_no_files(server: Server, name: str) -> None:
    temp = Path(tempfile.gettempdir())
    watched = [temp, Path("/etc")]
    before_tmp = {p for p in listing(*watched) if "pytest-of" not in p}
    before_data = set(os.listdir(server.data_dir))
    body = (ROOT / "tests/data/api/region.ttl").read_bytes()
    boundary = "b0undary"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{quote(name, safe='/.%')}\"\r\nContent-Type: text/turtle\r\n\r\n"
            ).encode() + body + f"\r\n--{boundary}--\r\n".encode()  # fmt: skip
    for path, data, ctype in [
        ("/loads?" + urlencode({"name": name}), body, "text/turtle"),
        ("/loads", form, f"multipart/form-data; boundary={boundary}"),
        ("/validate", form, f"multipart/form-data; boundary={boundary}"),
    ]:
        status, _, answer = server.request("POST", path, body=data, headers={
            "Authorization": f"Bearer {TOKEN}", "Content-Type": ctype})  # fmt: skip
        assert status < 500, answer[:300]
        if status == 201:
            graph = json.loads(answer)["graph"]
            assert "/graph/load/" in graph and ".." not in graph
            key = graph.split("/id/", 1)[1]
            server.request("DELETE", "/loads/" + key, headers={"Authorization": f"Bearer {TOKEN}"})
    after_tmp = {p for p in listing(*watched) if "pytest-of" not in p}
    new = {p for p in after_tmp - before_tmp
           if Path(p).name.startswith("x") and Path(p).suffix in {".ttl", ".txt", ""}}  # fmt: skip
    assert not new, new
    assert set(os.listdir(server.data_dir)) <= before_data | {"version", "write.lock"}
