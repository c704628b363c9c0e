"""What the shapes can look at from a focus node: the reach of every shape, for loads.

`validation_scope()` reads the shapes graph once and derives, for every shape with a
target, the paths its constraints follow from a focus node:

* the `sh:path` of each property shape (predicate, inverse, sequence, alternative and
  zero-or-one paths), with the shapes nested under it (`sh:property`, `sh:node`,
  `sh:qualifiedValueShape`, `sh:and`/`sh:or`/`sh:xone`/`sh:not`) continuing from its
  values, and the properties `sh:equals`, `sh:disjoint` and `sh:lessThan` compare with;
* the predicates its targets need (`sh:targetSubjectsOf`, `sh:targetObjectsOf`);
* for SPARQL-based constraints, the reach declared next to the query with
  `gov:validationReach` (see the comments in shapes/*.ttl): a SHACL path from `$this`;
  `()` for the focus node's own triples, whatever their predicate; or the name of a
  query in graph/queries/ for what the constraint reads from the whole graph rather than
  along a path (an aggregate such as the latest meeting).

The types of every node reached are part of the reach (`sh:class`, `sh:targetClass`
and the SPARQL patterns test them), so every position of the reach has an `rdf:type`
step. All reaches are merged into one tree of `Position`s; each position knows the
shapes whose reach passes through it, so that a changed triple can be traced back to
the focus nodes and the shapes it may change (graph/validation_context.py does that).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .namespaces import GOV
from .validate import shape_name, shapes_graph

REACH = GOV.validationReach
TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
NESTED = (SH.property, SH.node, SH.qualifiedValueShape, SH["not"])
LOGICAL = (SH["and"], SH["or"], SH.xone)
COMPARED = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)


@dataclass(frozen=True, slots=True)
class Step:
    """One hop: along `predicate` (None: any predicate), backwards when `inverse`.

    A step with a `key` (step sequences to a date) is read year by year: the shapes that
    follow it report per year, from the nodes of that year and of the years beside it,
    so only the nodes of the years a load touches, and of the years next to them, are
    fetched along it.
    """

    predicate: URIRef | None
    inverse: bool = False
    key: tuple[tuple[Step, ...], ...] = ()

    def reversed(self) -> Step:
        return Step(self.predicate, not self.inverse)

    @property
    def plain(self) -> Step:
        """The step without its key: what the store is asked."""
        return Step(self.predicate, self.inverse) if self.key else self


ANY = Step(None)
TYPE = Step(RDF.type)
Sequence = tuple[Step, ...]


@dataclass(eq=False)
class Position:
    """A node of the merged reach: the path from a focus node, and who follows it."""

    path: Sequence
    parent: Position | None = None
    shapes: set[str] = field(default_factory=set)
    children: dict[Step, Position] = field(default_factory=dict)

    def child(self, step: Step) -> Position:
        if step not in self.children:
            self.children[step] = Position((*self.path, step), self)
        return self.children[step]

    def walk(self) -> Iterator[Position]:
        yield self
        for child in self.children.values():
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Targets:
    """How a shape selects its focus nodes."""

    classes: frozenset[URIRef] = frozenset()
    subjects_of: frozenset[URIRef] = frozenset()
    objects_of: frozenset[URIRef] = frozenset()
    nodes: frozenset[Node] = frozenset()


@dataclass(slots=True)
class ValidationScope:
    """The merged reach of every targeted shape, their targets and global reads."""

    root: Position
    targets: dict[str, Targets]
    global_reads: dict[str, set[str]]  # query name -> shapes that read what it returns

    def positions(self) -> Iterator[Position]:
        return self.root.walk()

    def edges(self) -> Iterator[tuple[Position, Step, Position]]:
        for position in self.positions():
            for step, child in position.children.items():
                yield position, step, child

    def target_predicates(self) -> tuple[frozenset[URIRef], frozenset[URIRef]]:
        """The predicates whose subjects, and whose objects, some shape targets."""
        subjects = frozenset(p for t in self.targets.values() for p in t.subjects_of)
        objects = frozenset(p for t in self.targets.values() for p in t.objects_of)
        return subjects, objects


class ScopeError(ValueError):
    """The shapes use a construct whose reach cannot be derived."""


@functools.cache
def validation_scope() -> ValidationScope:
    """The reach of the shapes in shapes/*.ttl, derived once per process."""
    return derive_scope(shapes_graph())


def derive_scope(shapes: Graph) -> ValidationScope:
    root = Position(())
    targets: dict[str, Targets] = {}
    global_reads: dict[str, set[str]] = {}
    targeted = {s for prop in TARGETS for s in shapes.subjects(prop, None)}
    for shape in sorted(targeted, key=str):
        name = shape_name(shape)
        if name is None:
            raise ScopeError(f"a targeted shape needs an IRI: {shape}")
        found = _targets(shapes, shape)
        previous = targets.get(name, Targets())
        targets[name] = Targets(
            previous.classes | found.classes,
            previous.subjects_of | found.subjects_of,
            previous.objects_of | found.objects_of,
            previous.nodes | found.nodes,
        )
        sequences, reads = _at_node(shapes, shape, ())
        sequences |= {(Step(p),) for p in found.subjects_of}
        sequences |= {(Step(p, inverse=True),) for p in found.objects_of}
        keyed = {seq[0] for seq in sequences if seq and seq[0].key}
        if len(keyed) > 1 or any(s.key for seq in sequences for s in seq[1:]):
            raise ScopeError(f"{name}: one step read year by year, from the focus node only")
        for sequence in sequences:
            position = root
            position.shapes.add(name)
            for step in sequence:
                position = position.child(step)
                position.shapes.add(name)
        for query in reads:
            global_reads.setdefault(query, set()).add(name)
    for position in list(root.walk()):
        if position.path[-1:] != (TYPE,):
            position.child(TYPE).shapes |= position.shapes
    return ValidationScope(root, targets, global_reads)


def _targets(shapes: Graph, shape: Node) -> Targets:
    def iris(prop: URIRef) -> frozenset[URIRef]:
        return frozenset(o for o in shapes.objects(shape, prop) if isinstance(o, URIRef))

    return Targets(
        iris(SH.targetClass),
        iris(SH.targetSubjectsOf),
        iris(SH.targetObjectsOf),
        frozenset(shapes.objects(shape, SH.targetNode)),
    )


def _at_node(shapes: Graph, shape: Node, seen: tuple[Node, ...]) -> tuple[set[Sequence], set[str]]:
    """The sequences `shape` follows from the node it is evaluated at, and its global reads."""
    if shape in seen:
        raise ScopeError(f"shape {shape} refers to itself")
    seen = (*seen, shape)
    sequences: set[Sequence] = {()}
    reads: set[str] = set()
    for constraint in shapes.objects(shape, SH.sparql):
        declared, named = _declared(shapes, constraint)
        sequences |= declared
        reads |= named
    nested, nested_reads = _nested(shapes, shape, seen)
    reads |= nested_reads
    path = shapes.value(shape, SH.path)
    if path is None:
        return sequences | nested, reads
    for head, tail in product(_sequences(shapes, path), nested):
        sequences.add(head + tail)
    for prop in COMPARED:
        sequences |= {(Step(p),) for p in shapes.objects(shape, prop) if isinstance(p, URIRef)}
    return sequences, reads


def _nested(shapes: Graph, shape: Node, seen: tuple[Node, ...]) -> tuple[set[Sequence], set[str]]:
    """What the shapes nested in `shape` follow from the nodes they are applied to."""
    members = [m for prop in NESTED for m in shapes.objects(shape, prop)]
    for prop in LOGICAL:
        for items in shapes.objects(shape, prop):
            members.extend(shapes.items(items))
    sequences: set[Sequence] = {()}
    reads: set[str] = set()
    for member in members:
        more, more_reads = _at_node(shapes, member, seen)
        sequences |= more
        reads |= more_reads
    return sequences, reads


def _declared(shapes: Graph, constraint: Node) -> tuple[set[Sequence], set[str]]:
    """The reach declared on a SPARQL-based constraint with gov:validationReach."""
    values = list(shapes.objects(constraint, REACH))
    if not values:
        raise ScopeError(f"SPARQL constraint {constraint} declares no gov:validationReach")
    sequences: set[Sequence] = set()
    reads: set[str] = set()
    for value in values:
        if isinstance(value, Literal):
            reads.add(str(value))
        elif value == RDF.nil:
            sequences.add((ANY,))
        else:
            sequences |= set(_sequences(shapes, value))
    return sequences, reads


def _sequences(shapes: Graph, path: Node) -> list[Sequence]:
    """A SHACL path as the list of step sequences it may take."""
    if isinstance(path, URIRef) and path != RDF.nil:
        return [(Step(path),)]
    if not isinstance(path, BNode):
        raise ScopeError(f"not a SHACL path: {path}")
    if shapes.value(path, RDF.first) is not None:
        parts = [_sequences(shapes, item) for item in shapes.items(path)]
        return [tuple(s for seq in combo for s in seq) for combo in product(*parts)]
    inverse = shapes.value(path, SH.inversePath)
    key = shapes.value(path, REACH)
    if inverse is not None and key is not None:
        if not isinstance(inverse, URIRef):
            raise ScopeError(f"a step read year by year must be one inverse predicate: {path}")
        return [(Step(inverse, True, tuple(_sequences(shapes, key))),)]
    if inverse is not None:
        return [tuple(s.reversed() for s in reversed(seq)) for seq in _sequences(shapes, inverse)]
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        return [seq for item in shapes.items(alternatives) for seq in _sequences(shapes, item)]
    optional = shapes.value(path, SH.zeroOrOnePath)
    if optional is not None:
        return [(), *_sequences(shapes, optional)]
    raise ScopeError(f"unsupported SHACL path (zero-or-more, one-or-more): {path}")
