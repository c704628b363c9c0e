"""Running one SPARQL query with a hard time limit, and serialising capped results.

Oxigraph has no cancellation from Python and Python threads cannot be stopped, so each
query of the `/sparql` endpoint runs in its own short-lived process, forked from a
`forkserver` (which has pyoxigraph and this module preloaded, so a worker starts in a few
milliseconds). The worker takes the shared write lock, opens the on-disk store read-only,
runs the query, serialises at most SPARQL_MAX_ROWS rows (or triples) and sends the bytes
back over a pipe. The server waits for the answer until the deadline and then kills the
worker (SIGKILL): the work really stops, and the lock and the store handle go with it.

An in-memory store (tests) cannot be opened from another process; its queries run in a
daemon thread instead and the limit is a soft one: the client gets its 503 at the
deadline, but the thread runs on until the query ends.

A remote store (a SPARQL server) is queried from such a thread too, with the same
guarantees: the query is parsed here first (Oxigraph's parser: standard SPARQL 1.1 only,
the same 400 messages, and nothing reaches the server that is not a query), it is sent
with an HTTP timeout of the limit and, on Virtuoso, the server's own `timeout`, so the
thread ends at the deadline too; the answer is parsed as it arrives and the connection is
closed after SPARQL_MAX_ROWS rows or triples (a streaming cut, so a huge answer is never
read whole); and it is serialised here, in the same media types as for the embedded store.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.errors import GraphError, QueryError, QueryTimeout
from graph.namespaces import PREFIXES
from graph.remote_answers import check_query
from graph.remote_store import RemoteStore
from graph.store import Store

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class Job:
    query: str
    results_format: str  # a negotiation short name for SELECT/ASK
    rdf_format: str  # a negotiation short name for CONSTRUCT/DESCRIBE
    max_rows: int
    store_path: str | None = None
    lock_path: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    media_type: str
    truncated: bool
    kind: str  # "results" or "rdf"


# --- serialising ------------------------------------------------------------------


def _json_term(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        parts = ("subject", "predicate", "object")
        return {"type": "triple", "value": {p: _json_term(getattr(term, p)) for p in parts}}
    raise TypeError(f"unsupported term {term!r}")


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            datatype = quoteattr(term.datatype.value)
            return f"<literal datatype={datatype}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (
            f"<triple><subject>{_xml_term(term.subject)}</subject>"
            f"<predicate>{_xml_term(term.predicate)}</predicate>"
            f"<object>{_xml_term(term.object)}</object></triple>"
        )
    raise TypeError(f"unsupported term {term!r}")


def _csv_term(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def serialize_rows(variables: list[str], rows: list[list[Any]], short: str) -> bytes:
    """SELECT rows in one of the four SPARQL results formats (`short` from negotiation)."""
    if short == "json":
        bindings = [
            {v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        doc = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if short == "xml":
        out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.append("</head><results>")
        for row in rows:
            cells = "".join(
                f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                for v, t in zip(variables, row, strict=True)
                if t is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results></sparql>")
        return "\n".join(out).encode("utf-8")
    if short == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(t) for t in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if short == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {short!r}")


def execute(store: Store | RemoteStore, job: Job, timeout: float | None = None) -> Answer:
    """Run the job's query on `store` and serialise at most `max_rows` rows or triples.

    A remote store is given `timeout` (seconds) as the limit of its request.
    """
    if isinstance(store, RemoteStore):
        check_query(job.query)
        limit = timeout if timeout is not None else store.timeout
        with store.query_stream(job.query, timeout=limit) as result:
            return serialize_answer(result, job)
    return serialize_answer(store.raw_query(job.query), job)


def serialize_answer(result: Any, job: Job) -> Answer:
    """A query's answer (Oxigraph's result objects, or a remote store's stream) as bytes."""
    from .negotiation import by_short

    if isinstance(result, ox.QueryBoolean):
        fmt = by_short("results", job.results_format)
        return Answer(result.serialize(format=fmt.oxigraph), fmt.media_type, False, "results")
    if hasattr(result, "variables"):  # SELECT: ox.QuerySolutions or the remote rows
        fmt = by_short("results", job.results_format)
        variables = [v.value for v in result.variables]
        rows: list[list[Any]] = []
        for solution in result:
            if len(rows) == job.max_rows:
                body = serialize_rows(variables, rows, fmt.short)
                return Answer(body, fmt.media_type, True, "results")
            rows.append([solution[v] for v in variables])
        return Answer(serialize_rows(variables, rows, fmt.short), fmt.media_type, False, "results")
    fmt = by_short("rdf", job.rdf_format)
    triples = []
    truncated = False
    for triple in result:
        if len(triples) == job.max_rows:
            truncated = True
            break
        triples.append(triple)
    body = ox.serialize(triples, format=fmt.oxigraph, prefixes=PREFIXES)
    return Answer(body, fmt.media_type, truncated, "rdf")


# --- the worker process -----------------------------------------------------------


def _worker_main(job: Job, conn: Any) -> None:
    """Entry point of a worker process: answer one job over `conn`."""
    try:
        with open(job.lock_path, "a+b") as lock:  # type: ignore[arg-type]
            fcntl.flock(lock, fcntl.LOCK_SH)
            store = Store(Path(job.store_path), read_only=True)  # type: ignore[arg-type]
            message: tuple[Any, ...] = ("ok", execute(store, job))
    except GraphError as exc:
        message = ("graph-error", type(exc).__name__, exc.status, str(exc))
    except Exception as exc:  # reported to the server, which logs it
        message = ("crash", f"{type(exc).__name__}: {exc}")
    conn.send(message)
    conn.close()


_context: Any = None
_context_lock = threading.Lock()


def _mp_context() -> Any:
    global _context
    with _context_lock:
        if _context is None:
            _context = multiprocessing.get_context("forkserver")
            _context.set_forkserver_preload(["pyoxigraph", "api.sparql_worker"])
        return _context


def _unpack(message: tuple[Any, ...]) -> Answer:
    if message[0] == "ok":
        return message[1]
    if message[0] == "graph-error":
        error = GraphError(message[3])
        error.status = message[2]
        raise error
    raise RuntimeError(f"the query worker failed: {message[1]}")


def timeout_error(seconds: float) -> QueryTimeout:
    return QueryTimeout(
        f"The query ran longer than {seconds:g} s and was stopped (setting SPARQL_TIMEOUT_S). "
        "Narrow it down or add a LIMIT."
    )


def run_in_process(job: Job, timeout: float) -> Answer:
    """Run `job` in a fresh worker process, killed at the deadline.

    Raises:
        QueryTimeout: the deadline passed (the worker is killed).
        GraphError: the query failed in a way the client can fix.
    """
    ctx = _mp_context()
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_worker_main, args=(job, sender), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise timeout_error(timeout)
        try:
            message = receiver.recv()
        except EOFError as exc:
            raise RuntimeError(f"the query worker died (exit code {process.exitcode})") from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    return _unpack(message)


def run_in_thread(job: Job, store: Store | RemoteStore, timeout: float) -> Answer:
    """Run `job` on an in-memory or a remote store in a daemon thread, until the deadline.

    A remote store's request has the same limit, so its thread ends by then too.
    """
    box: queue.Queue[tuple[Any, ...]] = queue.Queue(maxsize=1)

    def target() -> None:
        try:
            box.put(("ok", execute(store, job, timeout)))
        except QueryTimeout:
            box.put(("timeout",))
        except GraphError as exc:
            box.put(("graph-error", type(exc).__name__, exc.status, str(exc)))
        except Exception as exc:
            box.put(("crash", f"{type(exc).__name__}: {exc}"))

    threading.Thread(target=target, daemon=True, name="sparql-query").start()
    try:
        message = box.get(timeout=timeout)
    except queue.Empty:
        raise timeout_error(timeout) from None
    if message[0] == "timeout":
        raise timeout_error(timeout)
    return _unpack(message)


__all__ = ["Answer", "Job", "QueryError", "execute", "run_in_process", "run_in_thread"]
