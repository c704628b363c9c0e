"""A bounded local load test of the production server: pages, JSON and SPARQL, with loads.

Starts `govkg serve --production` on a free port of 127.0.0.1 over a data dir holding the
bundled corpus, then for `--duration` seconds (at most 600) runs `--clients` threads, each
with its own keep-alive connection, over a mix of route classes: HTML pages (home, a body,
a meeting, search), JSON (`/api/...`, `/loads`), and SPARQL (the example queries). Meanwhile
a writer loads a small Turtle file (`POST /loads`) and withdraws it (`DELETE`) in a loop,
and a reader checks that the loaded graph's triple count is always 0 or the full count
(no torn reads). Only 127.0.0.1 is ever contacted.

Writes a Markdown table (p50/p95/p99 per route class, requests/s, errors) to
bench/results/load.md. Exit code 1 if any request failed or a torn read was seen.

    python bench/load_test.py --duration 60
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "load.md"
TOKEN = "bench-" + os.urandom(8).hex()
HOST = "127.0.0.1"
LOAD_TTL = (ROOT / "tests" / "data" / "api" / "region.ttl").read_bytes()
LOAD_GRAPH = "https://w3id.org/govkg/id/graph/load/bench-load"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{LOAD_GRAPH}> {{ ?s ?p ?o }} }}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


class Client:
    """One keep-alive connection to the server (reopened after an error)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:  # fmt: skip
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, data
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def timed_request(self, method: str, path: str) -> tuple[int, bytes, float | None]:
        """Status, body and the server's own time in ms (its Server-Timing header)."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            self.connection.request(method, path)
            response = self.connection.getresponse()
            data = response.read()
            timing = response.getheader("Server-Timing", "")
            if response.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            raise OSError(str(exc)) from exc
        dur = timing.partition("dur=")[2]
        return response.status, data, float(dur) if dur else None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def prepare_data(data_dir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from graph.pipeline import build
    from graph.settings import BUNDLED_CORPUS
    from graph.store import Store

    store = Store(data_dir / "store")
    build([BUNDLED_CORPUS], store)
    store.close()


def start_server(
    data_dir: Path,
    port: int,
    workers: int,
    log: Path,
    env: dict[str, str] | None = None,
    extra: list[str] | None = None,
    ready: str = "/sparql",
    wait_s: float = 120,
) -> subprocess.Popen[bytes]:
    """`govkg serve --production` on 127.0.0.1:port, once it answers `ready`."""
    env = dict(os.environ, GOVKG_LOAD_TOKENS=f"bench:{TOKEN}", GOVKG_BUILD_ON_START="false",
               **(env or {}))  # fmt: skip
    govkg = "from api.cli import cli; cli(prog_name='govkg')"
    command = [sys.executable, "-c", govkg, "serve", "--production", "--host", HOST, "--port",
               str(port), "--workers", str(workers), "--data-dir", str(data_dir),
               *(extra or [])]  # fmt: skip
    with open(log, "wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                   cwd=str(ROOT))  # fmt: skip
    client = Client(port)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            if client.request("GET", ready, headers={"Accept": "text/turtle"})[0] == 200:
                client.close()
                return process
        except OSError:
            time.sleep(0.2)
        if process.poll() is not None:
            break
    process.kill()
    raise SystemExit(f"the server did not start; see {log}")


def stop_server(process: subprocess.Popen[bytes], wait_s: float = 15) -> None:
    """Ask the server to stop; kill it if it has not within `wait_s` seconds."""
    process.terminate()
    try:
        process.wait(wait_s)
    except subprocess.TimeoutExpired:
        process.kill()


def sparql_json(client: Client, query: str) -> list[dict[str, str]]:
    accept = {"Accept": "application/sparql-results+json"}
    status, body = client.request("GET", "/sparql?" + urlencode({"query": query}), headers=accept)
    if status != 200:
        raise RuntimeError(f"SPARQL {status}: {body[:200]!r}")
    return [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]


def route_mix(client: Client) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """The routes of each class that answer 200 on this server."""
    body = sparql_json(client, "SELECT ?b WHERE { ?b a gov:Body } LIMIT 1")[0]["b"]
    meeting = sparql_json(client, "SELECT ?m WHERE { ?m a gov:Meeting } LIMIT 1")[0]["m"]
    html = {"Accept": "text/html"}
    as_json = {"Accept": "application/json"}
    candidates = {
        "page": [("/", html), ("/browse?" + urlencode({"iri": body}), html),
                 ("/browse?" + urlencode({"iri": meeting}), html),
                 ("/search?" + urlencode({"q": "samverkan"}), html), ("/due", html),
                 ("/list/body", html), ("/list/meeting", html)],
        "json": [("/api", as_json), ("/api/entity?" + urlencode({"iri": body}), as_json),
                 ("/api/entity?" + urlencode({"iri": meeting}), as_json),
                 ("/api/search?" + urlencode({"q": "samverkan"}), as_json),
                 ("/api/entities/body", as_json), ("/api/entities/meeting", as_json),
                 ("/api/due", as_json), ("/loads", as_json),
                 ("/id/" + meeting.split("/id/", 1)[1], {"Accept": "application/ld+json"})],
        "sparql": [],
    }  # fmt: skip
    for path in sorted((ROOT / "graph" / "queries" / "examples").glob("*.rq")):
        query = path.read_text(encoding="utf-8")
        candidates["sparql"].append(("/sparql?" + urlencode({"query": query}),
                                     {"Accept": "application/sparql-results+json"}))  # fmt: skip
    mix: dict[str, list[tuple[str, dict[str, str]]]] = {}
    for kind, routes in candidates.items():
        mix[kind] = [(p, h) for p, h in routes if client.request("GET", p, headers=h)[0] == 200]
    return mix


def worker(port: int, mix: dict[str, list[tuple[str, dict[str, str]]]], weights: dict[str, int],
           stop: float, stats: Stats, seed: int) -> None:  # fmt: skip
    rnd = random.Random(seed)
    client = Client(port)
    kinds = [k for k in weights if mix.get(k)]
    while time.monotonic() < stop:
        kind = rnd.choices(kinds, [weights[k] for k in kinds])[0]
        path, headers = rnd.choice(mix[kind])
        started = time.monotonic()
        error = None
        try:
            status, _ = client.request("GET", path, headers=headers)
            if status != 200:
                error = f"{status} {path[:80]}"
        except (OSError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__} {path[:80]}"
        stats.record(kind, time.monotonic() - started, error)
    client.close()


def writer(port: int, stop: float, stats: Stats, pause: float) -> None:
    client = Client(port)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    while time.monotonic() < stop - 5:
        for method, path, body, ok in (
            ("POST", "/loads?name=bench-load.ttl", LOAD_TTL, 201),
            ("DELETE", "/loads/graph/load/bench-load", None, 204),
        ):
            started = time.monotonic()
            error = None
            try:
                headers = dict(auth, **({"Content-Type": "text/turtle"} if body else {}))
                status, data = client.request(method, path, body=body, headers=headers)
                if status != ok:
                    error = f"{status} {data[:120]!r}"
            except (OSError, http.client.HTTPException) as exc:
                error = type(exc).__name__
            stats.record("load" if method == "POST" else "withdraw",
                         time.monotonic() - started, error)  # fmt: skip
            time.sleep(pause)
    client.close()


def torn_reader(port: int, stop: float, stats: Stats, full: int) -> None:
    client = Client(port)
    while time.monotonic() < stop:
        started = time.monotonic()
        error = None
        try:
            n = int(sparql_json(client, COUNT)[0]["n"])
            if n not in (0, full):
                error = f"torn read: {n} of {full} triples"
        except (OSError, RuntimeError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"[:200]
        stats.record("torn-read check", time.monotonic() - started, error)
        time.sleep(0.05)
    client.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def report(stats: Stats, elapsed: float, args: argparse.Namespace,
           mix: dict[str, list[tuple[str, dict[str, str]]]]) -> str:  # fmt: skip
    lines = [
        "# Load test",
        "",
        f"- command: `python bench/load_test.py {' '.join(sys.argv[1:])}`".rstrip(),
        f"- date: {datetime.now(UTC).isoformat(timespec='seconds')}",
        f"- machine: {platform.platform()}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        f"- server: `govkg serve --production --workers {args.workers}` (waitress) on "
        f"127.0.0.1, on-disk store with the bundled corpus",
        f"- clients: {args.clients} keep-alive connections for {elapsed:.0f} s; a writer loads "
        "and withdraws a small Turtle file in a loop; a reader checks the loaded graph's "
        "triple count is 0 or full",
        "",
        "| route class | requests | req/s | errors | p50 ms | p95 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total = 0
    errors = 0
    for kind in ["page", "json", "sparql", "load", "withdraw", "torn-read check"]:
        values = stats.latencies.get(kind)
        if not values:
            continue
        total += len(values) if kind in {"page", "json", "sparql"} else 0
        errors += len(stats.errors.get(kind, []))
        lines.append(
            f"| {kind} | {len(values)} | {len(values) / elapsed:.1f} | "
            f"{len(stats.errors.get(kind, []))} | {percentile(values, 50) * 1000:.0f} | "
            f"{percentile(values, 95) * 1000:.0f} | {percentile(values, 99) * 1000:.0f} | "
            f"{max(values) * 1000:.0f} |"
        )
    lines += [
        "",
        f"Total: {total} page/JSON/SPARQL requests, {total / elapsed:.1f} req/s, {errors} errors.",
        "",
        "Routes in the mix:",
        "",
    ]
    for kind, routes in mix.items():
        shown = ", ".join(f"`{p.split('?')[0]}`" for p, _ in routes)
        lines.append(f"- {kind}: {shown}")
    for kind, messages in stats.errors.items():
        if messages:
            lines.append(f"- errors in {kind}: {messages[:5]}")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4, help="waitress threads")
    parser.add_argument("--load-pause", type=float, default=2.0, help="seconds between writes")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    duration = min(max(args.duration, 1.0), 600.0)
    clients = min(max(args.clients, 1), 64)
    work = Path(tempfile.mkdtemp(prefix="govkg-load-"))
    process = None
    try:
        prepare_data(work / "data")
        port = free_port()
        process = start_server(work / "data", port, args.workers, work / "server.log")
        probe = Client(port)
        mix = route_mix(probe)
        probe.close()
        stats = Stats()
        started = time.monotonic()
        stop = started + duration
        weights = {"page": 4, "json": 3, "sparql": 3}
        threads = [threading.Thread(target=worker, args=(port, mix, weights, stop, stats, n))
                   for n in range(clients)]  # fmt: skip
        threads.append(threading.Thread(target=writer, args=(port, stop, stats, args.load_pause)))
        threads.append(threading.Thread(target=torn_reader, args=(port, stop, stats, 8)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(duration + 120)
        elapsed = time.monotonic() - started
        text = report(stats, elapsed, args, mix)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(text)
        failed = sum(len(v) for v in stats.errors.values())
        return 1 if failed else 0
    finally:
        if process is not None:
            stop_server(process)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
