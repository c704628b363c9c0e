"""A store on any SPARQL 1.1 server, over the SPARQL 1.1 Protocol and Graph Store Protocol.

`RemoteStore(query_url, update_url, graph_store_url=None, auth=None)` offers the same
interface as the embedded `Store` (see graph/store_base.py). Queries are POSTed as
`application/x-www-form-urlencoded` with our prefixes prepended; results come back as
SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE) and are parsed by
pyoxigraph's parsers, so `raw_query` returns the same kind of object as the embedded
store's (`QuerySolutions`, `QueryBoolean`, or an iterator of triples). `query_stream` runs
a query of the `/sparql` endpoint: within a time limit (the HTTP request's, and Virtuoso's
own), over our graphs only, parsed as the answer arrives so it can be cut at a row limit.
A query is sent with `xsd:duration` as the stand-in below, and every answer's terms are
turned back, so the stand-in is never seen. HTTP itself (per-thread connections, errors)
is graph/remote_http.py.

Writes: `replace_graph` is one SPARQL UPDATE request (DROP SILENT GRAPH, DELETE of the old
load record, INSERT DATA, and the new revisions in the state graph, as in the embedded
store). A graph bigger than `max_insert_triples` is sent as several
INSERT DATA operations in the same request; whether one request is one transaction is
then up to the server (Virtuoso runs a request's operations in one transaction unless
its log mode says otherwise; a server that commits per operation can leave a partly
written graph if the request fails half way).

Dataset: the default graph is the server's default (for Virtuoso: the union of all
graphs, which also holds its own system graphs). Counts and graph lists are restricted
to graphs whose IRI starts with `graph_prefix` (our `id:` namespace by default), so the
server's own graphs are left out, and so is the state graph (bookkeeping, not data).
"""

from __future__ import annotations

import base64
import http.client
import io
import logging
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from .errors import InputError, QueryError, QueryTimeout
from .namespaces import ID, LOADS_GRAPH, PREFIXES, STATE_GRAPH
from .queries import load_query
from .remote_answers import (
    ANSWER_FORMATS,
    JSON_RESULTS,
    NTRIPLES,
    Solutions,
    check_query,
    guarded,
    names_its_dataset,
    row_terms,
)
from .remote_http import (
    PARTIAL_ANSWER_STATE,
    Answer,
    Connection,
    RemoteError,
    RemoteUnavailable,
    check_answer,
)
from .store import (
    LoadRecord,
    Store,
    _nt,
    bind_values,
    refuse_state_graph,
    revision_update,
    to_rdflib,
)

log = logging.getLogger(__name__)

XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"
# Virtuoso 7.2 refuses xsd:duration in INSERT DATA and rewrites it ("P6M" → "6") when
# loaded otherwise; with `encode_durations` such literals are stored with this datatype
# and given back as xsd:duration in every answer.
DURATION_STAND_IN = "https://w3id.org/govkg/remote#duration"


_COMMENT = re.compile(r"#[^\n]*")
_IRI = re.compile(r"<[^<>\s]*>")
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first form keyword after the prologue."""
    text = _IRI.sub("<>", sparql)
    text = _COMMENT.sub("", text)
    match = _FORM.search(text)
    if match is None:
        raise QueryError("not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE)")
    return match.group(1).upper()


def _has_prologue_prefix(sparql: str, prefix: str) -> bool:
    return f"prefix {prefix}:" in sparql.casefold()


class RemoteStore:
    """A govkg store kept by a SPARQL 1.1 server."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        auth: tuple[str, str] | None = None,
        *,
        read_only: bool = False,
        timeout: float = 300.0,
        max_insert_triples: int = 10_000,
        graph_prefix: str = str(ID),
        encode_durations: bool = False,
    ):
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.graph_store_url = graph_store_url
        self.path: Path | None = None
        self.read_only = read_only
        self._local = threading.local()
        self.max_insert_triples = max_insert_triples
        self.graph_prefix = graph_prefix
        self.encode_durations = encode_durations
        self.timeout = timeout  # seconds a request may take (queries of /sparql: less)
        self._http = Connection(query_url, timeout)
        self._headers: dict[str, str] = {}
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    @property
    def last_variables(self) -> list[str]:
        """The projected variables of this thread's last `run` of a SELECT."""
        return getattr(self._local, "variables", [])

    @last_variables.setter
    def last_variables(self, names: list[str]) -> None:
        self._local.variables = names

    @property
    def is_virtuoso(self) -> bool:
        """Whether the server said it is Virtuoso (its Server header, once it answered)."""
        return "virtuoso" in self._http.server.casefold()

    # --- protocol ---------------------------------------------------------------

    def _post(self, url: str, form: dict[str, str], accept: str) -> tuple[bytes, str]:
        body = urllib.parse.urlencode(form).encode("utf-8")
        headers = {
            **self._headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": accept,
        }
        answer = self._http.request("POST", url, body, headers)
        check_answer(answer, url)
        return self._decode(answer.body), answer.content_type

    def _decode(self, data: bytes) -> bytes:
        if self.encode_durations and DURATION_STAND_IN.encode() in data:
            data = data.replace(DURATION_STAND_IN.encode(), XSD_DURATION.encode())
        return data

    def _query_text(self, sparql: str) -> str:
        """The query as sent: our prefixes, and xsd:duration as the stored stand-in."""
        text = self._with_prefixes(sparql)
        if self.encode_durations:
            text = _DURATION_NAME.sub(f"<{DURATION_STAND_IN}>", text)
        return text

    def _with_prefixes(self, sparql: str) -> str:
        missing = {p: iri for p, iri in PREFIXES.items() if not _has_prologue_prefix(sparql, p)}
        head = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in missing.items())
        return head + sparql

    def update(self, sparql: str) -> None:
        """Run a SPARQL UPDATE request (one request; see the module note on atomicity)."""
        self._writable()
        self._post(self.update_url, {"update": self._with_prefixes(sparql)}, "*/*")

    # --- reading ----------------------------------------------------------------

    def raw_query(self, sparql: str, bindings: dict[str, Node] | None = None) -> object:
        """Run a query; `QuerySolutions`/`QueryBoolean`, or an iterator of `ox.Triple`."""
        if bindings:
            sparql = bind_values(sparql, bindings)
        text = self._query_text(sparql)
        if query_form(sparql) in ("SELECT", "ASK"):
            accept = JSON_RESULTS
        else:
            accept = f"{NTRIPLES}, text/plain;q=0.9"
        data, ctype = self._post(self.query_url, {"query": text}, accept)
        fmt = self._answer_format(ctype)
        try:
            if isinstance(fmt, ox.QueryResultsFormat):
                return ox.parse_query_results(data, format=fmt)
            return _Triples(ox.parse(io.BytesIO(data), format=fmt))
        except SyntaxError as exc:
            raise RemoteError(f"the answer from {self.query_url} is malformed: {exc}") from exc

    def _answer_format(self, ctype: str) -> ox.QueryResultsFormat | ox.RdfFormat:
        ctype = ctype.split(";")[0].strip().lower()
        fmt = ANSWER_FORMATS.get(ctype)
        if fmt is None:
            raise RemoteError(f"unexpected answer of type {ctype!r} from {self.query_url}")
        return fmt

    @contextmanager
    def query_stream(
        self, sparql: str, *, timeout: float, own_graphs: bool = True
    ) -> Iterator[Any]:
        """A query answered within `timeout` seconds and parsed as it is read.

        Yields a `QueryBoolean`, `Solutions` (`variables`, and rows of terms by variable
        name) or an iterator of `ox.Triple`; stop reading when you have enough, the
        connection is closed at the end. The HTTP request times out at `timeout`, and a
        Virtuoso server is also told the limit (its `timeout` parameter, in ms), so the
        server stops too. With `own_graphs`, a query without FROM sees only our graphs
        (`default-graph-uri`/`named-graph-uri`, the state graph included, as in the
        embedded store), not the server's own.

        Raises:
            QueryTimeout: the limit passed, or the server gave a partial answer because of it.
            QueryError: the server cannot parse the query.
            RemoteError: the server cannot be reached, refused, or answered nonsense.
        """
        started = time.monotonic()
        fields = [("query", self._query_text(sparql))]
        if own_graphs and not names_its_dataset(sparql):
            graphs = [*self.graph_names(), str(STATE_GRAPH)]
            fields += [("default-graph-uri", g) for g in graphs]
            fields += [("named-graph-uri", g) for g in graphs]
        left = max(0.1, timeout - (time.monotonic() - started))
        if self.is_virtuoso:
            fields.append(("timeout", str(max(1, int(left * 1000)))))
        headers = {
            **self._headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": self._accept(sparql),
        }
        body = urllib.parse.urlencode(fields).encode("utf-8")
        response = self._http.open("POST", self.query_url, body, headers, left)
        try:
            state = (response.getheader("X-SQL-State") or "").strip()
            if response.status >= 400 or state == PARTIAL_ANSWER_STATE:
                self._refuse(response, started, timeout)
            fmt = self._answer_format(response.getheader("Content-Type", "") or "")
            yield self._stream(response, fmt, timeout)
        finally:
            response.close()
            self._http.discard()

    def _refuse(self, response: Any, started: float, timeout: float) -> None:
        """Raise the error of an answer that is not a (complete) success."""
        try:
            data = response.read(64 * 1024)
        except TimeoutError as exc:
            raise QueryTimeout(f"the SPARQL server did not answer within {timeout:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise RemoteError(f"the answer from {self.query_url} broke off: {exc}") from exc
        content_type = response.getheader("Content-Type", "") or ""
        elapsed = time.monotonic() - started
        answer = Answer(response.status, data, content_type, response.headers, elapsed)
        check_answer(answer, self.query_url, timeout)

    def _accept(self, sparql: str) -> str:
        if query_form(sparql) in ("SELECT", "ASK"):
            return JSON_RESULTS
        return f"{NTRIPLES}, text/plain;q=0.9"

    def _stream(self, response: Any, fmt: Any, timeout: float) -> Any:
        convert = self._term
        try:
            if isinstance(fmt, ox.QueryResultsFormat):
                result = ox.parse_query_results(response, format=fmt)
                if isinstance(result, ox.QueryBoolean):
                    return result
                rows = (
                    {name: convert(term) for name, term in row_terms(result, s)}
                    for s in guarded(result, self.query_url, timeout)
                )
                return Solutions(result.variables, rows)
            quads = guarded(ox.parse(response, format=fmt), self.query_url, timeout)
            return (ox.Triple(convert(q.subject), q.predicate, convert(q.object)) for q in quads)
        except SyntaxError as exc:
            raise RemoteError(f"the answer from {self.query_url} is malformed: {exc}") from exc
        except TimeoutError as exc:
            raise QueryTimeout(f"the SPARQL server did not answer within {timeout:g} s") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise RemoteError(f"the answer from {self.query_url} broke off: {exc}") from exc

    def _term(self, term: Any) -> Any:
        """A term of an answer as the embedded store gives it (durations, see above)."""
        if not self.encode_durations:
            return term
        if isinstance(term, ox.Literal) and term.datatype.value == DURATION_STAND_IN:
            return ox.Literal(term.value, datatype=ox.NamedNode(XSD_DURATION))
        if isinstance(term, ox.NamedNode) and term.value == DURATION_STAND_IN:
            return ox.NamedNode(XSD_DURATION)
        return term

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> list[dict[str, Node]]:
        result = self.raw_query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [
            {n: to_rdflib(s[n]) for n in names if s[n] is not None}  # type: ignore[misc]
            for s in guarded(result, self.query_url, self.timeout)
        ]

    def run(self, sparql: str) -> tuple[str, object]:
        """Run a user's query (checked first: see `check_query`)."""
        check_query(sparql)
        result = self.raw_query(sparql)
        if isinstance(result, ox.QueryBoolean):
            return "boolean", bool(result)
        if isinstance(result, _Triples):
            return "graph", result.to_graph()
        assert isinstance(result, ox.QuerySolutions)
        self.last_variables = [v.value for v in result.variables]
        rows = [
            {n: to_rdflib(s[n]) for n in self.last_variables if s[n] is not None}
            for s in guarded(result, self.query_url, self.timeout)
        ]
        return "rows", rows

    def ask(self, sparql: str, bindings: dict[str, Node] | None = None) -> bool:
        result = self.raw_query(sparql, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph:
        result = self.raw_query(sparql, bindings)
        if not isinstance(result, _Triples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return result.to_graph()

    def _ours(self) -> str:
        return f'FILTER(STRSTARTS(STR(?g), "{self.graph_prefix}"))'

    def _data(self) -> str:
        return f"{self._ours()} FILTER(?g != {_nt(STATE_GRAPH)})"

    def graph_names(self) -> list[str]:
        """Our named graphs, without the state graph."""
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._data()} }}")
        return sorted(str(r["g"]) for r in rows)

    def revision(self) -> str:
        """The store's revision: a new one with every write; "" before the first."""
        rows = self.select(load_query("index-revision"), {"state": STATE_GRAPH})
        return str(rows[0]["revision"]) if rows else ""

    def graph_revisions(self) -> dict[str, str]:
        """The revision of every named graph ("" for a graph written by other means)."""
        revisions = dict.fromkeys(self.graph_names(), "")
        for row in self.select(load_query("index-graph-revisions"), {"state": STATE_GRAPH}):
            revisions[str(row["graph"])] = str(row["revision"])
        return revisions

    def has_graph(self, name: str) -> bool:
        return self.ask(f"ASK {{ GRAPH {_nt(URIRef(name))} {{ ?s ?p ?o }} }}")

    def named_graph(self, name: str) -> Graph:
        if self.graph_store_url:
            query = urllib.parse.urlencode({"graph": name})
            answer = self._http.request(
                "GET",
                f"{self.graph_store_url}?{query}",
                None,
                {**self._headers, "Accept": NTRIPLES},
            )
            ctype = answer.content_type.split(";")[0].strip()
            if answer.status == 404:
                return Graph(identifier=URIRef(name))
            if answer.status < 400 and ctype in (NTRIPLES, "text/plain"):
                data = self._decode(answer.body)
                graph = _Triples(ox.parse(io.BytesIO(data), format=ox.RdfFormat.N_TRIPLES))
                return graph.to_graph(URIRef(name))
        graph = self.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_nt(URIRef(name))} {{ ?s ?p ?o }} }}"
        )
        named = Graph(identifier=URIRef(name))
        for triple in graph:
            named.add(triple)
        return named

    def _quad_rows(self) -> Iterator[ox.Quad]:
        result = self.raw_query(
            f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours()} }}"
        )
        assert isinstance(result, ox.QuerySolutions)
        for row in guarded(result, self.query_url, self.timeout):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])  # type: ignore[arg-type]

    def dataset(self) -> Dataset:
        ds = Dataset()
        for quad in self._quad_rows():
            g = ds.graph(URIRef(quad.graph_name.value))  # type: ignore[union-attr]
            g.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return ds

    def quads(self) -> Iterator[ox.Quad]:
        return self._quad_rows()

    def __len__(self) -> int:
        rows = self.select(
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._data()} }}"
        )
        return int(rows[0]["n"]) if rows else 0  # type: ignore[call-overload]

    def loads(self) -> list[dict[str, Node]]:
        return self.select(
            f"""SELECT ?graph ?created ?source ?sha256 ?triples ?by WHERE {{
              GRAPH <{LOADS_GRAPH}> {{
                ?graph a gov:Load ; dct:created ?created ; dct:source ?source ;
                       gov:sha256 ?sha256 ; gov:tripleCount ?triples .
                OPTIONAL {{ ?graph gov:loadedBy ?by }}
              }} }} ORDER BY DESC(?created) ?graph"""
        )

    # --- writing ----------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise InputError("the store is open read-only")

    def replace_graph(self, name: str, graph: Graph, record: LoadRecord | None = None) -> None:
        """Replace named graph `name` by `graph`, record the load and the new revisions, in
        one request."""
        self._writable()
        refuse_state_graph(name)
        g = _nt(URIRef(name))
        lines = [f"{_nt(s)} {_nt(p)} {_nt(o)} ." for s, p, o in graph]
        if self.encode_durations:
            lines = [line.replace(XSD_DURATION, DURATION_STAND_IN) for line in lines]
        parts = [f"DROP SILENT GRAPH {g}"]
        if record is not None:
            parts.append(f"DELETE WHERE {{ GRAPH {_nt(LOADS_GRAPH)} {{ {g} ?p ?o }} }}")
        step = self.max_insert_triples
        for start in range(0, len(lines), step):
            body = "\n".join(lines[start : start + step])
            parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{body}\n}} }}")
        written = [URIRef(name)]
        if record is not None:
            loads = Store._load_triples(URIRef(name), record)
            parts.append(f"INSERT DATA {{ GRAPH {_nt(LOADS_GRAPH)} {{ {loads} }} }}")
            written.append(LOADS_GRAPH)
        parts.extend(revision_update(written))
        self.update(" ;\n".join(parts))
        log.info("loaded %s (%d triples)", name, len(graph))

    def drop_graph(self, name: str) -> bool:
        """Remove a named graph, its load record and its revision; False if there was none."""
        self._writable()
        refuse_state_graph(name)
        if not self.has_graph(name):
            return False
        g = _nt(URIRef(name))
        parts = [
            f"DROP SILENT GRAPH {g}",
            f"DELETE WHERE {{ GRAPH {_nt(LOADS_GRAPH)} {{ {g} ?p ?o }} }}",
            *revision_update([LOADS_GRAPH], dropped=[URIRef(name)]),
        ]
        self.update(" ;\n".join(parts))
        return True

    def clear(self) -> None:
        """Drop every graph of ours, the state graph last (tests and benchmarks)."""
        for name in [*self.graph_names(), str(STATE_GRAPH)]:
            self.update(f"DROP SILENT GRAPH {_nt(URIRef(name))}")

    def flush(self) -> None:
        """Nothing to do: the server persists on its own."""

    def optimize(self) -> None:
        """Nothing to do: the server keeps its own indexes."""

    def close(self) -> None:
        """Close this thread's connection (the store stays usable: the next request reopens)."""
        self._http.discard()


_DURATION_NAME = re.compile(rf"<{re.escape(XSD_DURATION)}>|\bxsd:duration(?![\w-])")


class _Triples:
    """The triples of a CONSTRUCT/DESCRIBE answer (iterable like `ox.QueryTriples`)."""

    def __init__(self, quads: Iterator[ox.Quad]):
        self.triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]

    def __iter__(self) -> Iterator[ox.Triple]:
        return iter(self.triples)

    def __len__(self) -> int:
        return len(self.triples)

    def to_graph(self, identifier: URIRef | None = None) -> Graph:
        graph = Graph(identifier=identifier)
        for t in self.triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph


__all__ = ["RemoteError", "RemoteStore", "RemoteUnavailable", "check_query"]
