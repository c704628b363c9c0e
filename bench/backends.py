"""One backend at one size, measured in a process of its own (so peak memory is its own).

Backends:
- `rdflib`: rdflib's in-memory Dataset with the default graph as the union (what a user of
  the specified packages gets by default);
- `oxigraph`: raw pyoxigraph on disk with govkg's layout (named graphs and their merge),
  queried as Oxigraph answers (the floor); also Oxigraph's own bulk loader over the file
  into named graphs only (the machine's ceiling for a bulk load);
- `govkg`: graph.store.Store on disk, queries answered as rdflib terms (and, as the floor
  of govkg's own overhead, the same queries iterated as Oxigraph answers them on the same
  store, which also holds the derived issues and lineage), plus what govkg adds
  on top: incremental validation of a new protocol, ingest of protocol texts (extraction,
  mapping, validation, store, derivation of the county, search index);
- `remote`: graph.remote_store.RemoteStore on a SPARQL server (Virtuoso), the same work.

Each measures: bulk load (triples/s), the standard queries at that size (bench/queries/*.rq,
p50/p95), one transaction per document for the documents that follow the cut
(triples/s), and, for
govkg and remote, validation and ingest; then ru_maxrss. `--keep DIR` leaves the govkg
store (derived and indexed) in DIR for the API benchmark.
"""

from __future__ import annotations

import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from load_test import percentile

from data import ROOT, BenchData, documents_of

sys.path.insert(0, str(ROOT))

QUERIES = sorted((ROOT / "bench" / "queries").glob("*.rq"))
QUERY_BUDGET_S = 60.0  # per query and backend: fewer repetitions once it is spent


def time_queries(run: Any, reps: int) -> dict[str, dict[str, float]]:
    from graph.namespaces import sparql_prefixes

    out = {}
    for path in QUERIES:
        text = sparql_prefixes() + path.read_text(encoding="utf-8")
        times: list[float] = []
        rows = 0
        deadline = time.perf_counter() + QUERY_BUDGET_S
        error = None
        for _ in range(reps):
            started = time.perf_counter()
            try:
                rows = run(text)
            except Exception as exc:  # a server's time limit, say: recorded, not fatal
                error = f"{type(exc).__name__}: {exc}"[:200]
                break
            times.append(time.perf_counter() - started)
            if time.perf_counter() > deadline:
                break
        if error is not None:
            out[path.stem] = {"error": error}
            continue
        out[path.stem] = {
            "p50": percentile(times, 50),
            "p95": percentile(times, 95),
            "rows": rows,
            "n": len(times),
        }
    return out


def _timed(work: Any) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def measure(backend: str, data: BenchData, reps: int, remote: str | None, keep: str | None):
    """Every figure of one backend at one size, as a dict."""
    result: dict[str, Any] = {"backend": backend, "size": data.size, "triples": data.triples}
    work = Path(tempfile.mkdtemp(prefix=f"govkg-bench-{backend}-"))
    try:
        if backend == "rdflib":
            _rdflib(result, data, reps)
        elif backend == "oxigraph":
            _oxigraph(result, data, reps, work)
        else:
            _govkg(result, data, reps, work, remote if backend == "remote" else None, keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _rdflib(result: dict[str, Any], data: BenchData, reps: int) -> None:
    from rdflib import Dataset, URIRef

    dataset = Dataset(default_union=True)
    elapsed = _timed(lambda: dataset.parse(str(data.store), format="nquads"))
    result["bulk_tps"] = data.triples / elapsed

    def per_document() -> None:
        for graph, text in documents_of(data.next):
            dataset.remove_graph(dataset.graph(URIRef(graph)))
            dataset.parse(data=text, format="nquads")

    result["queries"] = time_queries(lambda q: len(list(dataset.query(q))), reps)
    result["txn_tps"] = data.facts["next_triples"] / _timed(per_document)


def _oxigraph(result: dict[str, Any], data: BenchData, reps: int, work: Path) -> None:
    """Raw pyoxigraph with govkg's layout: each named graph, and their merge as the
    default graph (Oxigraph's union of the named graphs repeats a triple once per graph
    that holds it, which multiplies the rows of a join); the queries run on the merge."""
    import pyoxigraph as ox

    from graph.store import with_merge

    store = ox.Store(str(work / "store"))

    def bulk() -> None:
        store.bulk_extend(with_merge(ox.parse(path=str(data.store), format=ox.RdfFormat.N_QUADS)))
        store.flush()

    result["bulk_tps"] = data.triples / _timed(bulk)

    def native() -> None:  # the machine's ceiling: the named graphs only, no merge
        other = ox.Store(str(work / "native"))
        other.bulk_load(path=str(data.store), format=ox.RdfFormat.N_QUADS)
        other.flush()

    result["native_bulk_tps"] = data.triples / _timed(native)
    shutil.rmtree(work / "native", ignore_errors=True)

    def per_document() -> None:
        for graph, text in documents_of(data.next):
            if store.contains_named_graph(ox.NamedNode(graph)):
                store.remove_graph(ox.NamedNode(graph))
            store.extend(list(with_merge(ox.parse(text, format=ox.RdfFormat.N_QUADS))))
        store.flush()

    def run(query: str) -> int:
        return sum(1 for _ in store.query(query))

    result["queries"] = time_queries(run, reps)
    result["txn_tps"] = data.facts["next_triples"] / _timed(per_document)


def _govkg(
    result: dict[str, Any],
    data: BenchData,
    reps: int,
    work: Path,
    remote: str | None,
    keep: str | None,
) -> None:
    from rdflib import Graph

    from graph import text_index
    from graph.derive import derive
    from graph.store import Store

    if remote is None:
        target = Path(keep) if keep else work
        shutil.rmtree(target / "store", ignore_errors=True)
        store: Any = Store(target / "store")
        result["bulk_tps"] = data.triples / _timed(lambda: store.bulk_load(data.store))
    else:
        from graph.store_base import open_store

        store = open_store(remote)
        store.clear()
        result["bulk_tps"] = data.triples / _timed(lambda: _virtuoso_bulk(data.store))
        _stamp_revisions(store)
        text_index.use_data_dir(store, work)
    started = time.perf_counter()
    derived = derive(store)
    result["derive_s"] = time.perf_counter() - started
    result["derive_partitions"] = derived.partitions
    result["index_s"] = _timed(lambda: text_index.sync(store))
    result["optimize_s"] = _timed(store.optimize)  # as `govkg build` ends

    def per_document() -> None:
        for graph, text in documents_of(data.next):
            g = Graph()
            g.parse(data=text.replace(f" <{graph}> .\n", " .\n"), format="nt")
            store.replace_graph(graph, g)
        store.flush()

    if remote is None:
        result["queries"] = time_queries(lambda q: len(store.select(q)), reps)
        # the same queries on the same store as Oxigraph answers them: govkg's own overhead
        result["queries_floor"] = time_queries(lambda q: sum(1 for _ in store.raw_query(q)), reps)
    else:
        result["queries"] = time_queries(lambda q: _remote_rows(store, q), reps)
    result.update(_validate(store, data))
    result["txn_tps"] = data.facts["next_triples"] / _timed(per_document)
    result.update(_ingest(store, data))
    store.close()


def _validate(store: Any, data: BenchData) -> dict[str, Any]:
    """Validation of one new protocol with its stored context (median of three)."""
    from graph import registry
    from graph.pipeline import graph_document
    from graph.sources import read_source
    from graph.validate import shapes_graph, validate

    shapes_graph()
    texts = sorted(data.texts.glob("*.txt"))
    source = read_source(texts[0])
    mapped = graph_document(source, registry.from_store(store, registry.first_names(source.raw)))
    times, context_size, conforms = [], 0, False
    for _ in range(3):
        started = time.perf_counter()
        context = registry.context_for(mapped.graph, store, exclude_graph=str(mapped.graph_iri))
        report = validate(mapped.graph, context=context)
        times.append(time.perf_counter() - started)
        context_size, conforms = len(context), report.conforms
    out: dict[str, Any] = {
        "validate_s": statistics.median(times),
        "validate_triples": len(mapped.graph),
        "validate_context": context_size,
        "validate_conforms": conforms,
    }
    return out


def _ingest(store: Any, data: BenchData) -> dict[str, Any]:
    """The rate of ingesting protocol texts: extraction, mapping, validation, write,
    derivation of the county and the search index."""
    from graph.pipeline import ingest_source
    from graph.sources import read_source

    out: dict[str, Any] = {}
    texts = sorted(data.texts.glob("*.txt"))
    started = time.perf_counter()
    done = 0
    for path in texts:
        ingest_source(read_source(path), store)
        done += 1
    out["ingest_per_s"] = done / (time.perf_counter() - started)
    out["ingest_n"] = done
    return out


REMOTE_QUERY_LIMIT_S = 30.0


def _remote_rows(store: Any, query: str) -> int:
    """The rows of a query sent as /sparql sends it: our graphs only, and a time limit
    the server is told too (so a query past it stops there rather than running on)."""
    with store.query_stream(query, timeout=REMOTE_QUERY_LIMIT_S) as answer:
        return sum(1 for _ in answer)


def _stamp_revisions(store: Any) -> None:
    """Give every graph of a bulk-loaded remote store a revision, as Store.bulk_load does."""
    from rdflib import URIRef

    from graph.store import revision_update

    names = [URIRef(name) for name in store.graph_names()]
    for start in range(0, len(names), 2000):
        store.update(" ;\n".join(revision_update(names[start : start + 2000])))


def _virtuoso_bulk(path: Path) -> None:
    """Virtuoso's own bulk loader (scripts/virtuoso.sh bulk-load)."""
    script = ROOT / "scripts" / "virtuoso.sh"
    subprocess.run(["bash", str(script), "bulk-load", str(path)], check=True, timeout=7200)
