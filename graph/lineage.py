"""Routes, ancestors and descendants over the lineage links (graph/derive/lineage.py).

The route graph is a networkx DiGraph built from a SPARQL CONSTRUCT of the links
(graph/queries/lineage-links.rq), never from the whole store. `routes` gives the simple
paths from one node to another, most detailed first: a path whose nodes all lie, in order,
on a longer path (a shortcut such as "the termination led to the interim agreement" next
to the chain through the investigation) is left out in favour of that longer path. Steps
are in time order and every step carries the passages that justify it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx
from rdflib import URIRef

from .derive.describe import NodeInfo, Quote, node_info, quotes
from .errors import NotFound
from .namespaces import GOV
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


def link_graph(store: Store) -> nx.DiGraph:
    """The lineage links as a DiGraph; edge data: link types and rules."""
    graph = nx.DiGraph()
    links = store.construct(load_query("lineage-links"))
    for link in set(links.subjects(GOV.linkFrom, None)):
        source = links.value(link, GOV.linkFrom)
        target = links.value(link, GOV.linkTo)
        kind = links.value(link, GOV.linkType)
        rules = sorted(str(r) for r in links.objects(link, GOV.inferenceRule))
        if source is None or target is None or kind is None:
            continue
        data = graph.get_edge_data(str(source), str(target)) or {"links": set(), "rules": set()}
        data["links"].add(_local(str(kind)))
        data["rules"].update(rules)
        graph.add_edge(str(source), str(target), **data)
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
    graph = link_graph(store)
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
    return sorted((a, b) for a, b in graph.edges if a in nodes and b in nodes)


def ancestors(store: Store, node: str) -> list[Step]:
    """Every link on the way to `node`, in time order."""
    graph = link_graph(store)
    _known(graph, node)
    within = nx.ancestors(graph, node) | {node}
    return _Describer(store, graph).steps(_edges_within(graph, within))


def descendants(store: Store, node: str) -> list[Step]:
    """Every link on the way from `node`, in time order."""
    graph = link_graph(store)
    _known(graph, node)
    within = nx.descendants(graph, node) | {node}
    return _Describer(store, graph).steps(_edges_within(graph, within))


def lineage(store: Store, node: str) -> Lineage:
    """Ancestors and descendants of a node."""
    graph = link_graph(store)
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
    graph = link_graph(store)
    _known(graph, agreement)
    near = nx.ego_graph(graph.to_undirected(as_view=True), agreement, radius=2)
    return _Describer(store, graph).steps(_edges_within(graph, set(near.nodes)))
