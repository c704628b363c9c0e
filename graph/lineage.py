"""Routes, ancestors and descendants over the lineage links (graph/derive/lineage.py).

The route graph is a networkx DiGraph built from the links of the derived lineage graphs
the nodes asked about take part in (graph/queries/lineage-graph-links.rq), never from the
whole store, and kept per revision of those graphs. `routes` gives the simple
paths from one node to another, most detailed first: a path whose nodes all lie, in order,
on a longer path (a shortcut such as "the termination led to the interim agreement" next
to the chain through the investigation) is left out in favour of that longer path. Steps
are in time order and every step carries the passages that justify it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx
from rdflib import URIRef

from .derive.describe import NodeInfo, Quote, node_info, quotes
from .derive.partitions import LINEAGE_PREFIX
from .errors import NotFound
from .queries import load_query
from .store import Store

__all__ = [
    "Lineage",
    "NodeInfo",
    "Quote",
    "Route",
    "Step",
    "agreement_history",
    "ancestors",
    "descendants",
    "link_graph",
    "routes",
]
MAX_STEPS = 8


@dataclass(frozen=True, slots=True)
class Step:
    source: NodeInfo
    target: NodeInfo
    link: str  # the link property's local name ("ledTo", "replaces")
    rule: str  # the inference rule id(s), comma-separated
    evidence: list[Quote]

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source.to_json(),
            "target": self.target.to_json(),
            "link": self.link,
            "rule": self.rule,
            "evidence": [q.to_json() for q in self.evidence],
        }


@dataclass(frozen=True, slots=True)
class Route:
    nodes: list[NodeInfo]
    steps: list[Step]

    def to_json(self) -> dict[str, object]:
        return {
            "nodes": [n.to_json() for n in self.nodes],
            "steps": [s.to_json() for s in self.steps],
        }


@dataclass(frozen=True, slots=True)
class Lineage:
    """What led to a node and what followed from it, as links in time order."""

    node: NodeInfo
    ancestors: list[Step] = field(default_factory=list)
    descendants: list[Step] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "node": self.node.to_json(),
            "ancestors": [s.to_json() for s in self.ancestors],
            "descendants": [s.to_json() for s in self.descendants],
        }


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def link_graph(store: Store, *around: str) -> nx.DiGraph:
    """The lineage links as a DiGraph; edge data: link types and rules.

    With nodes given, only the derived lineage graphs (partitions) that hold a link of
    one of them: a route never leaves its partition. Each partition's DiGraph is built
    once per revision of its graph and kept (`_PARTITIONS`)."""
    if around:
        names = sorted(
            {
                str(row["g"])
                for node in around
                for row in store.select(load_query("lineage-node-graphs"), {"node": URIRef(node)})
            }
        )
    else:
        names = [n for n in store.graph_names() if n.startswith(LINEAGE_PREFIX)]
    graphs = [_partition_graph(store, name) for name in names]
    if len(graphs) == 1:
        return graphs[0]
    return nx.compose_all(graphs) if graphs else nx.DiGraph()


_PARTITIONS: OrderedDict[tuple[object, str, str], nx.DiGraph] = OrderedDict()
PARTITIONS_KEPT = 32


def _partition_graph(store: Store, name: str) -> nx.DiGraph:
    rows = store.select(load_query("graph-revision"), {"g": URIRef(name)})
    revision = str(rows[0]["revision"]) if rows else ""
    key = (store.path or id(store), name, revision)
    cached = _PARTITIONS.get(key) if revision else None
    if cached is not None:
        _PARTITIONS.move_to_end(key)
        return cached
    graph = nx.DiGraph()
    for row in store.select(load_query("lineage-graph-links"), {"g": URIRef(name)}):
        source, target = str(row["from"]), str(row["to"])
        data = graph.get_edge_data(source, target)
        if data is None:
            data = {"links": set(), "rules": set()}
            graph.add_edge(source, target, **data)
        data["links"].add(_local(str(row["type"])))
        data["rules"].add(str(row["rule"]))
    graph = nx.freeze(graph)
    if revision:
        _PARTITIONS[key] = graph
        while len(_PARTITIONS) > PARTITIONS_KEPT:
            _PARTITIONS.popitem(last=False)
    return graph


class _Describer:
    """Node infos and step evidence, each read once per answer."""

    def __init__(self, store: Store, graph: nx.DiGraph):
        self.store = store
        self.graph = graph
        self.nodes: dict[str, NodeInfo] = {}

    def node(self, iri: str) -> NodeInfo:
        if iri not in self.nodes:
            self.nodes[iri] = node_info(self.store, iri)
        return self.nodes[iri]

    def step(self, source: str, target: str) -> Step:
        data = self.graph.get_edge_data(source, target) or {"links": set(), "rules": set()}
        rows = self.store.select(
            load_query("lineage-link-evidence"), {"from": URIRef(source), "to": URIRef(target)}
        )
        passages = {str(r["passage"]) for r in rows}
        return Step(
            self.node(source),
            self.node(target),
            ", ".join(sorted(data["links"])),
            ", ".join(sorted(data["rules"])),
            quotes(self.store, passages),
        )

    def steps(self, edges: list[tuple[str, str]]) -> list[Step]:
        found = [self.step(s, t) for s, t in edges]
        return sorted(found, key=lambda s: (_when(s.source), _when(s.target), s.source.iri))


def _when(node: NodeInfo) -> str:
    return node.sort_date or "9999"


def _refines(longer: list[str], shorter: list[str]) -> bool:
    """Whether the nodes of `shorter` lie on `longer` in the same order."""
    if len(longer) <= len(shorter):
        return False
    position = iter(longer)
    return all(node in position for node in shorter)


def _known(graph: nx.DiGraph, iri: str) -> None:
    if iri not in graph:
        raise NotFound(f"no lineage links at {iri}; run 'govkg derive' after loading data")


def routes(store: Store, source: str, target: str, limit: int = 3) -> list[Route]:
    """The most detailed simple paths from `source` to `target`, shortest first."""
    graph = link_graph(store, source, target)
    _known(graph, source)
    _known(graph, target)
    paths = [list(p) for p in nx.all_simple_paths(graph, source, target, cutoff=MAX_STEPS)]
    detailed = [p for p in paths if not any(_refines(q, p) for q in paths)]
    describe = _Describer(store, graph)
    detailed.sort(key=lambda p: (len(p), [_when(describe.node(n)) for n in p]))
    result = []
    for path in detailed[:limit]:
        nodes = [describe.node(n) for n in path]
        steps = [describe.step(a, b) for a, b in pairwise(path)]
        result.append(Route(nodes, steps))
    return result


def _edges_within(graph: nx.DiGraph, nodes: set[str]) -> list[tuple[str, str]]:
    return sorted(graph.subgraph(nodes).edges)


def ancestors(store: Store, node: str) -> list[Step]:
    """Every link on the way to `node`, in time order."""
    graph = link_graph(store, node)
    _known(graph, node)
    within = nx.ancestors(graph, node) | {node}
    return _Describer(store, graph).steps(_edges_within(graph, within))


def descendants(store: Store, node: str) -> list[Step]:
    """Every link on the way from `node`, in time order."""
    graph = link_graph(store, node)
    _known(graph, node)
    within = nx.descendants(graph, node) | {node}
    return _Describer(store, graph).steps(_edges_within(graph, within))


def lineage(store: Store, node: str) -> Lineage:
    """Ancestors and descendants of a node."""
    graph = link_graph(store, node)
    _known(graph, node)
    describe = _Describer(store, graph)
    up = nx.ancestors(graph, node) | {node}
    down = nx.descendants(graph, node) | {node}
    return Lineage(
        describe.node(node),
        describe.steps(_edges_within(graph, up)),
        describe.steps(_edges_within(graph, down)),
    )


def agreement_history(store: Store, agreement: str) -> list[Step]:
    """The links around an agreement: what ended, replaced, bridged or governed it, and
    what led to and from those, in time order (two links away at most)."""
    graph = link_graph(store, agreement)
    _known(graph, agreement)
    near = nx.ego_graph(graph.to_undirected(as_view=True), agreement, radius=2)
    return _Describer(store, graph).steps(_edges_within(graph, set(near.nodes)))
