"""API latency and throughput of the production server over a prepared data directory.

Starts `govkg serve --production` on 127.0.0.1 twice over the same store: once with answers
kept per store revision (the default) and once without (PAGE_CACHE_ENTRIES=0), and drives
each with CLIENTS keep-alive connections for SECONDS per route class:

- entity (JSON): /api/entity for a sample of bodies, meetings, people and items;
- entity (page): /browse for the same nodes;
- issue history: /api/history for the largest issues (the first page, 100 entries);
- lineage route: /api/lineage between the ends of stored lineage chains;
- search: /api/search for a few words;
- SPARQL: /sparql with the standard queries' memberships-at-date query.

Reported per class: client p50/p95 (ms), the server's own p50/p95 (its Server-Timing
header: the time the app worked on the answer), requests/s, errors.
"""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from load_test import Client, free_port, percentile, sparql_json, start_server, stop_server

from data import ROOT

CLIENTS = 4
SECONDS = 10.0
SAMPLE = 40  # nodes per class


def start(data_dir: Path, port: int, cache: bool, store_url: str | None, log: Path):
    env = {"GOVKG_PAGE_CACHE_ENTRIES": "4096" if cache else "0"}
    extra = ["--store-url", store_url] if store_url else []
    return start_server(data_dir, port, 4, log, env, extra, wait_s=600)


def _column(client: Client, query: str, name: str) -> list[str]:
    return [row[name] for row in sparql_json(client, query) if name in row]


def routes(client: Client) -> dict[str, list[str]]:
    """The URLs of each route class, chosen from the served store."""
    rng = random.Random(7)
    nodes: list[str] = []
    for cls in ("gov:Body", "gov:Meeting", "foaf:Person", "gov:AgendaItem"):
        found = _column(client, f"SELECT ?n WHERE {{ ?n a {cls} }} LIMIT 2000", "n")
        nodes += rng.sample(found, min(len(found), SAMPLE // 4))
    issues = _column(
        client,
        "SELECT ?i (COUNT(?m) AS ?n) WHERE { ?m gov:issue ?i } GROUP BY ?i ORDER BY DESC(?n) "
        "LIMIT 20",
        "i",
    )
    chains = sparql_json(
        client,
        "SELECT DISTINCT ?a ?c WHERE { ?l1 gov:linkFrom ?a ; gov:linkTo ?b . "
        "?l2 gov:linkFrom ?b ; gov:linkTo ?c . ?l3 gov:linkFrom ?c ; gov:linkTo ?d } LIMIT 20",
    )
    query = (ROOT / "bench" / "queries" / "memberships-at-date.rq").read_text(encoding="utf-8")
    return {
        "entity (JSON)": [f"/api/entity?{urlencode({'iri': n})}" for n in nodes],
        "entity (page)": [f"/browse?{urlencode({'iri': n})}" for n in nodes],
        "issue history": [f"/api/history?{urlencode({'issue': i})}" for i in issues],
        "lineage route": [
            f"/api/lineage?{urlencode({'from': r['a'], 'to': r['c']})}" for r in chains
        ],
        "search": [
            f"/api/search?{urlencode({'q': w})}"
            for w in ("samverkan", "hjälpmedel", "barnahus", "nära vård", "budget", "uppdrag")
        ],
        "SPARQL": [f"/sparql?{urlencode({'query': query})}"],
    }


def drive(port: int, urls: list[str], seconds: float) -> dict[str, Any]:
    """CLIENTS connections requesting the URLs in turn for `seconds`."""
    client_ms: list[float] = []
    server_ms: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(offset: int) -> None:
        client = Client(port)
        n = offset
        while time.monotonic() < stop:
            url = urls[n % len(urls)]
            n += 1
            started = time.perf_counter()
            try:
                status, _body, timing = client.timed_request("GET", url)
            except OSError as exc:
                with lock:
                    errors.append(type(exc).__name__)
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if status != 200:
                    errors.append(str(status))
                client_ms.append(elapsed)
                if timing is not None:
                    server_ms.append(timing)
        client.close()

    threads = [threading.Thread(target=run, args=(k * 7,)) for k in range(CLIENTS)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    return {
        "requests": len(client_ms),
        "per_s": len(client_ms) / elapsed,
        "errors": len(errors),
        "client_p50": percentile(client_ms, 50) if client_ms else None,
        "client_p95": percentile(client_ms, 95) if client_ms else None,
        "server_p50": percentile(server_ms, 50) if server_ms else None,
        "server_p95": percentile(server_ms, 95) if server_ms else None,
    }


def measure(data_dir: Path, store_url: str | None = None, seconds: float = SECONDS):
    """{"kept" | "computed": {route class: figures}} and the server's peak memory."""
    out: dict[str, Any] = {}
    for mode in ("computed", "kept"):
        port = free_port()
        log = data_dir / f"server-{mode}.log"
        process = start(data_dir, port, mode == "kept", store_url, log)
        try:
            probe = Client(port)
            classes = routes(probe)
            for urls in classes.values():  # warm up: indexes, OS caches, kept answers
                for url in urls:
                    probe.timed_request("GET", url)
            probe.close()
            out[mode] = {name: drive(port, urls, seconds) for name, urls in classes.items() if urls}
            out[f"{mode}_rss_mb"] = _peak_rss_mb(process.pid)
        finally:
            stop_server(process, 30)
    return out


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None
