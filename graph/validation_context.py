"""The stored data a load is validated with: what the shapes can look at, and no more.

A load writes graph G as named graph X, replacing what X held (or adding a new graph).
`load_context(G, store, X)` returns the `ValidationContext` that
`graph.validate.validate(G, context=...)` needs so that its report holds exactly the
results a full validation of the store after the load holds and a full validation of
the store before it does not, while only a neighbourhood of the load is read:

1. the changed triples: those of G the store does not hold, and those of X that no
   other graph holds and G leaves out;
2. the affected focus nodes: each changed triple is traced back along the reach of the
   shapes (graph/validation_scope.py) to the focus nodes whose reach holds it, before or
   after the load, and kept with the shapes that target them; when a read of the whole
   graph (the latest meeting) differs after the load, every focus node of the shapes
   that read it is affected (the store's side index answers that read from its meetings
   and dates, graph/text_index.py; without one, the query reads every meeting);
3. the context: the reach of those nodes, fetched step by step for both states of the
   store at once (graph/validation_view.py); along a step read year by year, only the
   nodes of the years the changes touch, and of the years beside them;
4. the known results: the affected nodes validated on the store as it is, so that what
   they already report is left out.

A load that changes the class hierarchy or declares object properties (rdfs:subClassOf,
owl:ObjectProperty) changes what every shape targets, so it is validated with the whole
store.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, Literal
from rdflib.namespace import OWL
from rdflib.term import Node

from . import text_index
from .namespaces import DCT, GOV, ID
from .queries import load_query
from .store import Store, values_clause
from .store_base import GraphStore
from .validate import Scope, ValidationContext, ontology_graph, validate
from .validation_scope import ANY, TYPE, Position, Step, ValidationScope, validation_scope
from .validation_view import DERIVED, INTO, LoadView, Triple, other_end

log = logging.getLogger(__name__)

SUBCLASS = Step(RDFS.subClassOf)


def load_context(graph: Graph, store: GraphStore, replaces: str | None = None) -> ValidationContext:
    """The stored triples and the report scope for validating `graph` as graph `replaces`."""
    view = LoadView(store, graph, replaces)
    changed = view.changed()
    if not changed:
        return ValidationContext(Scope(focus={}))
    if any(_is_schema(t) for t in changed):
        log.info("the load changes the class hierarchy: validated with the whole store")
        return _whole_store(view)
    scope = validation_scope()
    affected = _affected(scope, view, changed)
    _fetch(scope, view, affected)
    for query, shapes in scope.global_reads.items():
        if _global_read(view, query):
            instances = {node: set(shapes) for node in _instances(view, scope, shapes)}
            more = {n: _Trace(s, whole=s) for n, s in _applies(scope, view, instances).items()}
            for node, trace in more.items():
                affected.setdefault(node, _Trace()).add(trace)
            _fetch(scope, view, more)
    focus = {node: frozenset(trace.shapes) for node, trace in affected.items() if trace.shapes}
    before = Graph()
    for triple in view.reached:
        if view.before(triple):
            before.add(triple)
    known = frozenset(r.key() for r in validate(before, scope=Scope(focus=focus)).results)
    context = ValidationContext(Scope(focus=focus, known=known))
    for triple in view.reached:
        if view.after(triple) and triple in view.stored:
            context.add(triple)
    log.debug("%d focus nodes, %d context triples", len(focus), len(context))
    return context


def _is_schema(triple: Triple) -> bool:
    _s, p, o = triple
    return p == RDFS.subClassOf or (p == RDF.type and o == OWL.ObjectProperty)


# --- affected focus nodes ---------------------------------------------------------------


@dataclass
class _Trace:
    """How changes reach a node: the shapes they may change there, and, for a focus node,
    the shapes a change reached by a way that passes no step read year by year (`whole`)
    and the nodes the others passed at such a step (`passed`, by the position after it)."""

    shapes: set[str] = field(default_factory=set)
    whole: set[str] = field(default_factory=set)
    passed: dict[Position, set[Node]] = field(default_factory=lambda: defaultdict(set))

    def add(self, other: _Trace) -> None:
        self.shapes |= other.shapes
        self.whole |= other.whole
        for position, nodes in other.passed.items():
            self.passed[position] |= nodes


def _affected(scope: ValidationScope, view: LoadView, changed: list[Triple]) -> dict[Node, _Trace]:
    """The focus nodes whose reach holds a changed triple, with the shapes it may change."""
    by_step: dict[Step, list[tuple[Position, Step, Position]]] = defaultdict(list)
    for parent, step, child in scope.edges():
        by_step[step.plain].append((parent, step, child))
    at: dict[Position, dict[Node, _Trace]] = defaultdict(lambda: defaultdict(_Trace))

    def mark(parent: Position, step: Step, child: Position, node: Node, other: Node) -> None:
        trace = _Trace(set(child.shapes))
        if step.key:
            trace.passed[child].add(other)
        elif parent is scope.root:
            trace.whole = set(child.shapes)
        at[parent][node].add(trace)

    retyped: set[Node] = set()
    for s, p, o in changed:
        ways = [(Step(p, inverse=True), o, s), (ANY, s, o)]  # type: ignore[arg-type]
        if p == RDF.type:  # every position reads the types of its nodes: see below
            retyped.add(s)
        else:
            ways.append((Step(p), s, o))  # type: ignore[arg-type]
        for plain, node, other in ways:
            for parent, step, child in by_step.get(plain, ()):
                mark(parent, step, child, node, other)
    # A node whose types change matters as a focus node, and at each position whose last
    # step some triple takes into the node.
    ways_in = _ways_in(view, retyped)
    for parent, step, child in by_step.get(TYPE, ()):
        last = parent.path[-1].plain if parent.path else None
        for node in retyped:
            if last is None or last in ways_in[node] or (last == ANY and ways_in[node]):
                mark(parent, step, child, node, node)
    candidates = dict(_walk_back(scope, view, at))
    kept = _applies(scope, view, {node: trace.shapes for node, trace in candidates.items()})
    for node, shapes in kept.items():
        candidates[node].shapes = shapes
    return {node: candidates[node] for node in kept}


def _ways_in(view: LoadView, nodes: set[Node]) -> dict[Node, set[Step]]:
    """The steps by which some triple, stored or new, leads into each node."""
    requests = [(n, r) for n in nodes for r in (ANY, INTO)]
    found = view.follow(requests)
    ways: dict[Node, set[Step]] = {}
    for node in nodes:
        into = {Step(t[1]) for t in found[(node, INTO)]}  # type: ignore[arg-type]
        into |= {Step(t[1], inverse=True) for t in found[(node, ANY)]}  # type: ignore[arg-type]
        ways[node] = into
    return ways


def _walk_back(
    scope: ValidationScope, view: LoadView, at: Mapping[Position, Mapping[Node, _Trace]]
) -> Iterator[tuple[Node, _Trace]]:
    """From nodes at positions of the reach back to the focus nodes the paths start at,
    one level of the reach at a time (positions that share a parent walk on together)."""
    pending: dict[Position, dict[Node, _Trace]] = defaultdict(lambda: defaultdict(_Trace))
    for position, nodes in at.items():
        for node, trace in nodes.items():
            pending[position][node].add(trace)
    for depth in range(max((len(p.path) for p in pending), default=0), 0, -1):
        level = [(p, nodes) for p, nodes in pending.items() if len(p.path) == depth]
        requests = {(n, p.path[-1].reversed()) for p, nodes in level for n in nodes}
        results = view.follow(requests)
        for position, nodes in level:
            step = position.path[-1]
            back = step.reversed()
            assert position.parent is not None
            into = pending[position.parent]
            for node, trace in nodes.items():
                moved = _Trace(trace.shapes)
                if position.parent is scope.root and step.key:  # arriving at the focus node
                    moved.passed[position].add(node)
                elif position.parent is scope.root:
                    moved.whole = set(trace.shapes)
                for triple in results[(node, back)]:
                    into[other_end(triple, back)].add(moved)
            del pending[position]
    yield from pending[scope.root].items()


def _applies(
    scope: ValidationScope, view: LoadView, candidates: Mapping[Node, set[str]]
) -> dict[Node, set[str]]:
    """Of each candidate's shapes, those that target it before or after the load."""
    _subjects_of, objects_of = scope.target_predicates()
    requests = {(node, ANY) for node in candidates}
    requests |= {(node, Step(p, inverse=True)) for node in candidates for p in objects_of}
    results = view.follow(requests)
    hierarchy = _Hierarchy(view)
    out: dict[Node, set[str]] = {}
    for node, shapes in candidates.items():
        own = results[(node, ANY)]
        predicates = {t[1] for t in own}
        classes = hierarchy.closure(t[2] for t in own if t[1] == RDF.type)
        kept = set()
        for shape in shapes:
            targets = scope.targets[shape]
            if (
                classes & targets.classes
                or node in targets.nodes
                or predicates & targets.subjects_of
                or any(results[(node, Step(p, inverse=True))] for p in targets.objects_of)
            ):
                kept.add(shape)
        if kept:
            out[node] = kept
    return out


class _Hierarchy:
    """Super-classes from the ontology and from the rdfs:subClassOf triples of the data."""

    def __init__(self, view: LoadView) -> None:
        self.view = view

    def closure(self, classes: Iterable[Node]) -> set[Node]:
        seen: set[Node] = set()
        todo = set(classes)
        ontology = ontology_graph()
        while todo:
            seen |= todo
            found = self.view.follow((c, SUBCLASS) for c in todo)
            supers = {t[2] for triples in found.values() for t in triples}
            supers |= {o for c in todo for o in ontology.objects(c, RDFS.subClassOf)}
            todo = supers - seen
        return seen


# --- fetching the reach -----------------------------------------------------------------


def _fetch(scope: ValidationScope, view: LoadView, focus: Mapping[Node, _Trace]) -> None:
    """Follow the reach of each focus node's shapes and remember every triple on it; a
    step read year by year is followed to the nodes the changes passed there and to those
    of the same years (and the years beside them), unless a change came another way."""
    frontier: dict[tuple[Node, Position], set[str]] = defaultdict(set)
    for node, trace in focus.items():
        frontier[(node, scope.root)] |= trace.shapes
    for (node, position), shapes in _by_year(scope, view, focus).items():
        frontier[(node, position)] |= shapes
    done: dict[tuple[Node, Position], set[str]] = defaultdict(set)
    predicates: set[Node] = set()
    while frontier:
        steps = []
        for (node, position), shapes in frontier.items():
            fresh = shapes - done[(node, position)]
            done[(node, position)] |= fresh
            for step, child in position.children.items():
                wanted = fresh & child.shapes
                if step.key and position is scope.root:  # the others are read by year
                    wanted &= focus[node].whole
                if wanted:
                    steps.append((node, step, child, wanted))
        results = view.follow((node, step) for node, step, _, _ in steps)
        following: dict[tuple[Node, Position], set[str]] = defaultdict(set)
        for node, step, child, shapes in steps:
            for triple in results[(node, step)]:
                view.reached.add(triple)
                if step == ANY:
                    predicates.add(triple[1])
                if child.children:
                    following[(other_end(triple, step), child)] |= shapes
        frontier = following
    types = view.follow((p, TYPE) for p in predicates)
    view.reached.update(t for triples in types.values() for t in triples)
    classes = {t[2] for t in view.reached if t[1] == RDF.type}
    seen: set[Node] = set()
    while classes - seen:
        todo = classes - seen
        seen |= todo
        found = view.follow((c, SUBCLASS) for c in todo)
        for triples in found.values():
            view.reached.update(triples)
            classes |= {t[2] for t in triples}


def _by_year(
    scope: ValidationScope, view: LoadView, focus: Mapping[Node, _Trace]
) -> dict[tuple[Node, Position], set[str]]:
    """Where the reach of the focus nodes that changes reached only along a step read year
    by year goes on: the nodes the changes passed there, and the stored nodes of their
    years and the years beside them."""
    out: dict[tuple[Node, Position], set[str]] = defaultdict(set)
    for step, child in scope.root.children.items():
        if not step.key:
            continue
        nodes = {n: t for n, t in focus.items() if (t.shapes - t.whole) & child.shapes}
        if not nodes:
            continue
        years = {n: view.years(t.passed.get(child, ()), step.key) for n, t in nodes.items()}
        stored = view.by_year(years, step)
        back = step.reversed()
        edges = view.follow((m, back) for t in nodes.values() for m in t.passed.get(child, ()))
        for node, trace in nodes.items():
            shapes = (trace.shapes - trace.whole) & child.shapes
            passed = trace.passed.get(child, set())
            triples = stored.get(node, set())
            triples |= {t for m in passed for t in edges[(m, back)] if node in (t[0], t[2])}
            for triple in triples:
                view.reached.add(triple)
                out[(other_end(triple, step), child)] |= shapes
    return out


# --- reads of the whole graph -----------------------------------------------------------


def _global_read(view: LoadView, query: str) -> bool:
    """Add what `query` reads from the whole graph, before and after the load, to the
    context; whether it differs. After the load it is asked of what the store holds
    outside the replaced graph, with the new graph and what the store says of its nodes."""
    text = load_query(query)
    derived = Literal(DERIVED)
    before, stored = _stored_answers(view, query)
    subjects = {s for s in view.graph.subjects() if not isinstance(s, BNode)}
    described = view.follow((s, ANY) for s in subjects)
    candidates = Graph()
    candidates += stored
    candidates += view.graph
    for triples in described.values():
        for triple in triples:
            if view.after(triple):
                candidates.add(triple)
    scratch = Store.memory()
    scratch.replace_graph(str(ID["graph/validation"]), candidates)
    after = scratch.construct(text.replace("#VALUES", values_clause(("derived",), [(derived,)])))
    scratch.close()
    view.stored.update(before)
    view.stored.update(stored)
    view.reached.update(before)
    view.reached.update(t for t in after if t in candidates)
    return set(before) != set(after)


def _stored_answers(view: LoadView, query: str) -> tuple[Graph, Graph]:
    """What `query` finds in the store outside the derived graphs, before the load and
    outside the replaced graph too: from the store's side index when it answers this
    read (and is available), else from the query itself."""
    indexed = INDEXED_READS.get(query)
    if indexed is not None:
        try:
            index = text_index.index_for(view.store)
            index.sync(view.store)
            return indexed(index, None), indexed(index, view.replaced)
        except text_index.IndexUnavailable as exc:  # the answer is the same, only slower
            log.info("validation reads the store for %s: %s", query, exc)
    text = load_query(query)
    derived = Literal(DERIVED)
    before = view.construct(text.replace("#VALUES", values_clause(("derived",), [(derived,)])))
    if view.replaced is None:
        return before, before
    values = values_clause(("derived", "replaced"), [(derived, view.replaced)])
    return before, view.construct(text.replace("#VALUES", values))


def _latest_meeting(index: text_index.TextIndex, replaced: Node | None) -> Graph:
    found = Graph()
    latest = index.latest_meeting(DERIVED, str(replaced) if replaced is not None else None)
    if latest is not None:
        meeting, date = latest
        found.add((meeting, RDF.type, GOV.Meeting))
        found.add((meeting, DCT.date, date))
    return found


# The global reads the side index answers (graph/text_index.py), by query name.
INDEXED_READS = {"validation-latest-meeting": _latest_meeting}


def _instances(view: LoadView, scope: ValidationScope, shapes: set[str]) -> set[Node]:
    """The nodes, stored or new, of the classes (and sub-classes) the shapes target."""
    ontology = ontology_graph()
    classes = {c for shape in shapes for c in scope.targets[shape].classes}
    classes |= {
        sub for c in list(classes) for sub in ontology.transitive_subjects(RDFS.subClassOf, c)
    }
    derived = values_clause(("derived",), [(Literal(DERIVED),)])
    values = values_clause(("class",), [(c,) for c in sorted(classes)])
    query = load_query("validation-instances").replace("#VALUES", f"{derived}\n  {values}")
    nodes = {row["node"] for row in view.select(query)}
    nodes |= {s for c in classes for s in view.graph.subjects(RDF.type, c)}
    return nodes


def _whole_store(view: LoadView) -> ValidationContext:
    """The context for a load that changes the schema: every stored triple."""
    every = view.everything()
    before = Graph()
    for triple in every:
        before.add(triple)
    known = frozenset(r.key() for r in validate(before).results)
    context = ValidationContext(Scope(focus=None, known=known))
    for triple in every:
        if view.after(triple):
            context.add(triple)
    return context
