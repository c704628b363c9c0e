"""The store as it is and as it will be after a load, read one step at a time.

A load writes graph G as named graph X, replacing what X held. `LoadView` answers, for
nodes and steps of the reach of the shapes (graph/validation_scope.py), which triples
the step leads along, stored or in G, in batches of VALUES (graph/queries/validation-*.rq);
it remembers where each triple it has seen is held, so that it can tell whether the
triple is in the store before the load, after it, or both. The derived graphs (issues,
lineage) are left out: they are recomputed from the documents after each write. Only
`select` and `construct` of the store are used, so any `GraphStore` works.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .namespaces import ID
from .queries import load_query
from .store import values_clause
from .store_base import GraphStore
from .validation_scope import ANY, Step

DERIVED = str(ID["graph/derived/"])  # the graphs graph/derive recomputes after each write
BATCH = 300
INTO = ANY.reversed()  # any triple into a node
Triple = tuple[Node, Node, Node]
Request = tuple[Node, Step]


class LoadView:
    """The store as it is and as it will be once `graph` replaces graph `replaced`.

    Every triple fetched is remembered with where it is held: `stored` (in the store,
    outside the derived graphs) and `only_replaced` (held by the replaced graph alone).
    A triple is in the store before the load when stored, and after it when it is in the
    new graph, or stored and not only in the replaced graph.
    """

    def __init__(self, store: GraphStore, graph: Graph, replaced: str | None) -> None:
        self.store = store
        self.graph = graph
        self.replaced = URIRef(replaced) if replaced else None
        self.stored: set[Triple] = set()
        self.only_replaced: set[Triple] = set()
        self.reached: set[Triple] = set()
        self._out: dict[Node, list[Triple]] = defaultdict(list)  # the new graph, indexed
        self._in: dict[Node, list[Triple]] = defaultdict(list)
        for triple in graph:
            self._out[triple[0]].append(triple)
            self._in[triple[2]].append(triple)
        self._steps: dict[Request, frozenset[Triple]] = {}
        self._held: dict[Node, bool] = {}  # whether the store holds triples about a node

    def before(self, triple: Triple) -> bool:
        return triple in self.stored

    def after(self, triple: Triple) -> bool:
        return triple in self.graph or (triple in self.stored and triple not in self.only_replaced)

    def changed(self) -> list[Triple]:
        """The triples the load adds to the store or takes away from it."""
        if self.replaced is not None:
            values = values_clause(("derived", "replaced"), [(Literal(DERIVED), self.replaced)])
            query = load_query("validation-replaced").replace("#VALUES", values)
            for row in self.store.select(query):
                triple = (row["s"], row["p"], row["o"])
                self.stored.add(triple)
                if not _true(row.get("elsewhere")):
                    self.only_replaced.add(triple)
        pairs = {(s, p) for s, p, _o in self.graph if not isinstance(s, BNode)}
        self._triples([(s, p, None) for s, p in sorted(pairs, key=str)])  # no literal asked
        added = [t for t in self.graph if t not in self.stored]
        removed = [t for t in self.only_replaced if t not in self.graph]
        return added + removed

    def follow(self, requests: Iterable[Request]) -> dict[Request, frozenset[Triple]]:
        """The triples (stored or new) one step leads along from each node (every one, for
        a step read year by year too: `by_year` reads fewer)."""
        asked = {(node, step.plain): (node, step) for node, step in requests}
        if any(plain != request for plain, request in asked.items()):
            plain = self.follow(asked)
            return {request: plain[key] for key, request in asked.items()}
        wanted = set(asked)
        todo = [r for r in wanted if r not in self._steps]
        self._learn(node for node, step in todo if _addressable(node, step))
        rows = [
            _pattern(node, step)
            for node, step in todo
            if _addressable(node, step) and self._held[node]
        ]
        found: dict[Request, set[Triple]] = defaultdict(set)
        pending = set(todo)
        for triple in self._triples(rows):
            s, p, o = triple
            for request in ((s, Step(p)), (s, ANY), (o, Step(p, inverse=True)), (o, INTO)):
                if request in pending:
                    found[request].add(triple)
        for node, step in todo:
            local = (self._in if step.inverse else self._out).get(node, ())
            if step.predicate is not None:
                local = [t for t in local if t[1] == step.predicate]
            self._steps[(node, step)] = frozenset(found[(node, step)].union(local))
        return {r: self._steps[r] for r in wanted}

    def _learn(self, nodes: Iterable[Node]) -> None:
        """Find out which of `nodes` the store holds triples about (the others are new)."""
        unknown = sorted({n for n in nodes if n not in self._held}, key=str)
        derived = values_clause(("derived",), [(Literal(DERIVED),)])
        for start in range(0, len(unknown), BATCH):
            batch = unknown[start : start + BATCH]
            values = values_clause(("node",), [(n,) for n in batch])
            query = load_query("validation-nodes").replace("#VALUES", f"{derived}\n  {values}")
            held = {row["node"] for row in self.store.select(query)}
            self._held.update((n, n in held) for n in batch)

    def by_year(self, nodes: Mapping[Node, set[str]], step: Step) -> dict[Node, set[Triple]]:
        """Along `step` (one read year by year) from each node, the triples to the nodes
        with a date in one of the given years (stored ones; the load's come from `follow`)."""
        found: dict[Node, set[Triple]] = defaultdict(set)
        rows = [(node, step.predicate, Literal(year)) for node, years in nodes.items()
                for year in sorted(years)]  # fmt: skip
        if not rows or not self._any_held(nodes):
            return found
        derived = values_clause(("derived",), [(Literal(DERIVED),)])
        query = load_query("validation-by-year").replace("#KEY", _sparql_path(step.key))
        for start in range(0, len(rows), BATCH):
            values = values_clause(("o", "p", "year"), rows[start : start + BATCH])
            for row in self.store.select(query.replace("#VALUES", f"{derived}\n  {values}")):
                triple = (row["s"], row["p"], row["o"])
                self.stored.add(triple)
                found[row["o"]].add(triple)
        return found

    def years(self, nodes: Iterable[Node], key: tuple[tuple[Step, ...], ...]) -> set[str]:
        """The years (and the years beside them) of the dates `key` leads to from `nodes`."""
        years: set[str] = set()
        for sequence in key:
            current = set(nodes)
            for step in sequence:
                found = self.follow((n, step) for n in current)
                current = {other_end(t, step) for triples in found.values() for t in triples}
            for value in current:
                text = str(value)[:4]
                if text.isdigit():
                    year = int(text)
                    years |= {f"{y:04d}" for y in (year - 1, year, year + 1) if y >= 0}
        return years

    def _any_held(self, nodes: Iterable[Node]) -> bool:
        self._learn(n for n in nodes if not isinstance(n, BNode))
        return any(self._held.get(n, False) for n in nodes)

    def construct(self, query: str) -> Graph:
        return self.store.construct(query)

    def select(self, query: str) -> list[dict[str, Node]]:
        return self.store.select(query)

    def everything(self) -> set[Triple]:
        """Every stored triple (outside the derived graphs)."""
        return self._triples([(None, None, None)])

    def _triples(self, rows: list[tuple[Node | None, Node | None, Node | None]]) -> set[Triple]:
        """The stored triples matching any of the (subject, predicate, object) rows; rows
        that leave the same terms open are asked together (the store plans them alike)."""
        triples: set[Triple] = set()
        derived = values_clause(("derived",), [(Literal(DERIVED),)])
        alike: dict[tuple[bool, ...], list[tuple[Node | None, ...]]] = defaultdict(list)
        for row in rows:
            alike[tuple(t is None for t in row)].append(row)
        for group in alike.values():
            for start in range(0, len(group), BATCH):
                values = values_clause(("s", "p", "o"), group[start : start + BATCH])
                query = load_query("validation-triples")
                query = query.replace("#VALUES", f"{derived}\n  {values}")
                for row in self.store.select(query):
                    triples.add((row["s"], row["p"], row["o"]))
        self.stored |= triples
        for s, _p, o in triples:
            self._held[s] = True
            self._held[o] = True
        return triples


def _true(value: Node | None) -> bool:
    """Whether a value a query BINDs from EXISTS is true: true, or 1 (Virtuoso answers an
    EXISTS as the integer 1 or 0)."""
    return isinstance(value, Literal) and value.toPython() in (True, 1)


def _pattern(node: Node, step: Step) -> tuple[Node | None, Node | None, Node | None]:
    return (None, step.predicate, node) if step.inverse else (node, step.predicate, None)


def _addressable(node: Node, step: Step) -> bool:
    """Whether the store can be asked about `node`: not a blank node (a query cannot name
    a stored one, and the load's own are new), and no literal as a subject."""
    if isinstance(node, BNode):
        return False
    return step.inverse or not isinstance(node, Literal)


def _sparql_path(sequences: tuple[tuple[Step, ...], ...]) -> str:
    """Step sequences as a SPARQL property path (an alternative of sequences)."""

    def one(step: Step) -> str:
        assert step.predicate is not None
        return ("^" if step.inverse else "") + step.predicate.n3()

    return "(" + " | ".join("/".join(one(s) for s in seq) for seq in sequences) + ")"


def other_end(triple: Triple, step: Step) -> Node:
    return triple[0] if step.inverse else triple[2]
