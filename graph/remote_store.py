"""A store on any SPARQL 1.1 server, over the SPARQL 1.1 Protocol and Graph Store Protocol.

`RemoteStore(query_url, update_url, graph_store_url=None, auth=None)` offers the same
interface as the embedded `Store` (see graph/store_base.py). Queries are POSTed as
`application/x-www-form-urlencoded` with our prefixes prepended; results come back as
SPARQL JSON (SELECT/ASK) or N-Triples (CONSTRUCT/DESCRIBE) and are parsed by
pyoxigraph's parsers, so `raw_query` returns the same kind of object as the embedded
store's (`QuerySolutions`, `QueryBoolean`, or an iterator of triples).

Writes: `replace_graph` is one SPARQL UPDATE request (DROP SILENT GRAPH, DELETE of the old
load record, INSERT DATA). A graph bigger than `max_insert_triples` is sent as several
INSERT DATA operations in the same request; whether one request is one transaction is
then up to the server (Virtuoso runs a request's operations in one transaction unless
its log mode says otherwise; a server that commits per operation can leave a partly
written graph if the request fails half way).

Dataset: the default graph is the server's default (for Virtuoso: the union of all
graphs, which also holds its own system graphs). Counts and graph lists are restricted
to graphs whose IRI starts with `graph_prefix` (our `id:` namespace by default), so the
server's own graphs are left out.
"""

from __future__ import annotations

import base64
import http.client
import io
import logging
import re
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from .errors import GraphError, InputError, QueryError
from .namespaces import ID, LOADS_GRAPH, PREFIXES
from .store import LoadRecord, Store, _nt, bind_values, to_rdflib

log = logging.getLogger(__name__)

JSON_RESULTS = "application/sparql-results+json"
XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"
# Virtuoso 7.2 refuses xsd:duration in INSERT DATA and rewrites it ("P6M" → "6") when
# loaded otherwise; with `encode_durations` such literals are stored with this datatype
# and given back as xsd:duration in every answer.
DURATION_STAND_IN = "https://w3id.org/govkg/remote#duration"
NTRIPLES = "application/n-triples"


class RemoteError(GraphError):
    """The SPARQL server refused a request or could not be reached."""

    status = 502


class _Connection:
    """One keep-alive HTTP(S) connection per thread to one host."""

    def __init__(self, url: str, timeout: float):
        self.parts = urllib.parse.urlsplit(url)
        self.timeout = timeout
        self.local = threading.local()

    def _conn(self) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            cls = (
                http.client.HTTPSConnection
                if self.parts.scheme == "https"
                else http.client.HTTPConnection
            )
            conn = cls(self.parts.netloc, timeout=self.timeout)
            self.local.conn = conn
        return conn

    def request(
        self, method: str, url: str, body: bytes | None, headers: dict[str, str]
    ) -> tuple[int, bytes, str]:
        parts = urllib.parse.urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        for attempt in (1, 2):
            conn = self._conn()
            try:
                conn.request(method, target, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
                return response.status, data, response.getheader("Content-Type", "")
            except (http.client.HTTPException, ConnectionError, OSError) as exc:
                conn.close()
                self.local.conn = None
                if attempt == 2:
                    raise RemoteError(f"cannot reach {url}: {exc}") from exc
        raise AssertionError("unreachable")


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
        self.last_variables: list[str] = []
        self.max_insert_triples = max_insert_triples
        self.graph_prefix = graph_prefix
        self.encode_durations = encode_durations
        self._http = _Connection(query_url, timeout)
        self._headers: dict[str, str] = {}
        if auth is not None:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
            self._headers["Authorization"] = f"Basic {token}"

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url!r})"

    # --- protocol ---------------------------------------------------------------

    def _post(self, url: str, form: dict[str, str], accept: str) -> tuple[bytes, str]:
        body = urllib.parse.urlencode(form).encode("utf-8")
        headers = {
            **self._headers,
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": accept,
        }
        status, data, ctype = self._http.request("POST", url, body, headers)
        if self.encode_durations and DURATION_STAND_IN.encode() in data:
            data = data.replace(DURATION_STAND_IN.encode(), XSD_DURATION.encode())
        if status >= 400:
            message = data.decode("utf-8", "replace").strip()[:500]
            if status == 400 or "syntax" in message.casefold():
                raise QueryError(f"the SPARQL server refused the request ({status}): {message}")
            raise RemoteError(f"the SPARQL server answered {status}: {message}")
        return data, ctype

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
        text = self._with_prefixes(sparql)
        if query_form(sparql) in ("SELECT", "ASK"):
            accept = JSON_RESULTS
        else:
            accept = f"{NTRIPLES}, text/plain;q=0.9"
        data, ctype = self._post(self.query_url, {"query": text}, accept)
        ctype = ctype.split(";")[0].strip().lower()
        if ctype in (JSON_RESULTS, "application/json"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if ctype in ("application/sparql-results+xml", "application/xml"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
        fmt = {
            NTRIPLES: ox.RdfFormat.N_TRIPLES,
            "text/plain": ox.RdfFormat.N_TRIPLES,
            "text/turtle": ox.RdfFormat.TURTLE,
            "application/rdf+xml": ox.RdfFormat.RDF_XML,
            "application/n-quads": ox.RdfFormat.N_QUADS,
        }.get(ctype)
        if fmt is None:
            raise RemoteError(f"unexpected answer of type {ctype!r} from {self.query_url}")
        return _Triples(ox.parse(io.BytesIO(data), format=fmt))

    def select(self, sparql: str, bindings: dict[str, Node] | None = None) -> list[dict[str, Node]]:
        result = self.raw_query(sparql, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [
            {n: to_rdflib(s[n]) for n in names if s[n] is not None}  # type: ignore[misc]
            for s in result
        ]

    def run(self, sparql: str) -> tuple[str, object]:
        result = self.raw_query(sparql)
        if isinstance(result, ox.QueryBoolean):
            return "boolean", bool(result)
        if isinstance(result, _Triples):
            return "graph", result.to_graph()
        assert isinstance(result, ox.QuerySolutions)
        self.last_variables = [v.value for v in result.variables]
        rows = [
            {n: to_rdflib(s[n]) for n in self.last_variables if s[n] is not None} for s in result
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

    def graph_names(self) -> list[str]:
        rows = self.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours()} }}")
        return sorted(str(r["g"]) for r in rows)

    def has_graph(self, name: str) -> bool:
        return self.ask(f"ASK {{ GRAPH {_nt(URIRef(name))} {{ ?s ?p ?o }} }}")

    def named_graph(self, name: str) -> Graph:
        if self.graph_store_url:
            query = urllib.parse.urlencode({"graph": name})
            status, data, ctype = self._http.request(
                "GET",
                f"{self.graph_store_url}?{query}",
                None,
                {**self._headers, "Accept": NTRIPLES},
            )
            if status == 404:
                return Graph(identifier=URIRef(name))
            if status < 400 and ctype.split(";")[0].strip() in (NTRIPLES, "text/plain"):
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
        for row in result:
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
            f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {self._ours()} }}"
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
        """Replace named graph `name` by `graph` and record the load, in one request."""
        self._writable()
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
        if record is not None:
            loads = Store._load_triples(URIRef(name), record)
            parts.append(f"INSERT DATA {{ GRAPH {_nt(LOADS_GRAPH)} {{ {loads} }} }}")
        self.update(" ;\n".join(parts))
        log.info("loaded %s (%d triples)", name, len(graph))

    def drop_graph(self, name: str) -> bool:
        self._writable()
        if not self.has_graph(name):
            return False
        g = _nt(URIRef(name))
        self.update(
            f"DROP SILENT GRAPH {g} ;\nDELETE WHERE {{ GRAPH {_nt(LOADS_GRAPH)} {{ {g} ?p ?o }} }}"
        )
        return True

    def clear(self) -> None:
        """Drop every graph of ours (tests and benchmarks)."""
        for name in self.graph_names():
            self.update(f"DROP SILENT GRAPH {_nt(URIRef(name))}")

    def flush(self) -> None:
        """Nothing to do: the server persists on its own."""

    def close(self) -> None:
        conn = getattr(self._http.local, "conn", None)
        if conn is not None:
            conn.close()


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


__all__ = ["RemoteError", "RemoteStore"]
