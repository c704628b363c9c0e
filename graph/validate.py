"""SHACL validation of govkg data: the one place pyshacl is called.

`validate(data)` checks a graph (or the union of a dataset's named graphs) against the
shapes in `shapes/*.ttl`, with the ontology in `ontology/*.ttl` mixed in so that
`sh:targetClass` and `sh:class` see sub-classes (gov:Termination is a gov:Event, a
gov:Body is an org:Organization). It returns a `Report` whose results carry the
message in the language asked for.

A load is validated with a `ValidationContext`: the stored triples its validation can
look at, and a `Scope` that says which results are the load's own (the focus nodes and
shapes the load can change, less the results they have in the store already); see
graph/validation_context.py.

The shapes and the ontology are parsed once per process. Their folders default to
`shapes/` and `ontology/` next to the `graph` package and can be moved with the
environment variables GOVKG_SHAPES_DIR and GOVKG_ONTOLOGY_DIR.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyshacl
from rdflib import RDF, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDFS, SH, XSD
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
GOV = Namespace("https://w3id.org/govkg/ontology#")
ID = "https://w3id.org/govkg/id/"

# Namespaces whose terms need no declaration in our ontology.
BUILTIN_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD), str(SH))
DECLARATION_TYPES = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.NamedIndividual,
    URIRef("http://www.w3.org/2004/02/skos/core#Concept"),
    URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"),
}
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@functools.lru_cache(maxsize=256)
def _prepared(query: str, namespaces: tuple[tuple[str, str], ...]) -> Query:
    return prepareQuery(query, initNs=dict(namespaces))


class _UnionGraph(Graph):
    """The graph pyshacl validates: parses each SPARQL constraint once, not per node.

    pyshacl runs a SPARQL-based constraint once per focus node with the query as a
    string; rdflib would parse that string every time.
    """

    def query(self, query_object, *args, **kwargs):  # type: ignore[no-untyped-def, override]
        if isinstance(query_object, str):
            init_ns = kwargs.get("initNs") or (args[2] if len(args) > 2 else None) or {}
            query_object = _prepared(query_object, tuple(sorted(init_ns.items())))
        return super().query(query_object, *args, **kwargs)


def ontology_dir() -> Path:
    """The folder of the ontology files (GOVKG_ONTOLOGY_DIR overrides it)."""
    return Path(os.environ.get("GOVKG_ONTOLOGY_DIR") or ROOT / "ontology")


def shapes_dir() -> Path:
    """The folder of the shape files (GOVKG_SHAPES_DIR overrides it)."""
    return Path(os.environ.get("GOVKG_SHAPES_DIR") or ROOT / "shapes")


@functools.cache
def _parse_folder(folder: str) -> Graph:
    graph = Graph()
    files = sorted(Path(folder).glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no *.ttl files in {folder}")
    for path in files:
        graph.parse(path, format="turtle")
    log.debug("parsed %d triples from %s", len(graph), folder)
    return graph


def shapes_graph() -> Graph:
    """All of shapes/*.ttl, parsed once per process. Do not modify it."""
    return _parse_folder(str(shapes_dir()))


def ontology_graph() -> Graph:
    """All of ontology/*.ttl (govkg.ttl and any code lists), parsed once. Do not modify it."""
    return _parse_folder(str(ontology_dir()))


ResultKey = tuple[str, str | None, str, str | None, str, str | None]


@dataclass(frozen=True, slots=True)
class Result:
    """One validation result, flattened for printing and JSON."""

    severity: str  # "Violation" | "Warning" | "Info"
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    constraint: str  # local name, e.g. "MinCountConstraintComponent"

    def key(self) -> ResultKey:
        """What identifies the result across validations: all but the message."""
        return (self.focus, self.path, self.constraint, self.shape, self.severity, self.value)

    def to_json(self) -> dict[str, str | None]:
        return {
            "severity": self.severity,
            "focus": self.focus,
            "path": self.path,
            "value": self.value,
            "message": self.message,
            "shape": self.shape,
            "constraint": self.constraint,
        }


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of `validate`: conforms unless some result is a Violation."""

    conforms: bool
    results: list[Result]
    graph: Graph = field(default_factory=Graph, repr=False, compare=False)

    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    def to_text(self, lang: str = "sv") -> str:
        """One line per result: severity, focus node, path and message."""
        if not self.results:
            return "Data följer formerna." if lang == "sv" else "The data conforms."
        lines = []
        for r in self.results:
            path = f" {r.path}" if r.path else ""
            lines.append(f"{r.severity}: <{r.focus}>{path}: {r.message}")
        return "\n".join(lines)

    def to_json(self) -> dict[str, object]:
        return {
            "conforms": self.conforms,
            "violations": len(self.violations()),
            "warnings": len(self.warnings()),
            "results": [r.to_json() for r in self.results],
        }

    def to_graph(self) -> Graph:
        """The sh:ValidationReport as pyshacl produced it."""
        return self.graph


@dataclass(frozen=True)
class Scope:
    """Which results of a validation to report.

    `focus` maps each focus node to the shapes (IRIs) whose results on it are wanted;
    None: every focus node and shape. `known` holds the results to leave out (those the
    store already has).
    """

    focus: Mapping[Node, frozenset[str]] | None = None
    known: frozenset[ResultKey] = frozenset()
    _by_name: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = {str(node): shapes for node, shapes in (self.focus or {}).items()}
        object.__setattr__(self, "_by_name", names)

    def wants(self, result: Result) -> bool:
        if result.key() in self.known:
            return False
        if self.focus is None:
            return True
        return result.shape is not None and result.shape in self._by_name.get(result.focus, ())


class ValidationContext(Graph):
    """Stored triples to validate a load with, and the scope of the load's report."""

    def __init__(self, scope: Scope | None = None) -> None:
        super().__init__()
        self.scope = scope


def validate(
    data: Graph | Dataset,
    *,
    lang: str = "sv",
    context: Graph | None = None,
    scope: Scope | None = None,
) -> Report:
    """Validate `data` (and `context`, the stored nodes it refers to) against the shapes.

    A Dataset is validated as the union of all its graphs. `context` (stored triples
    the data refers to) takes part in the validation, so references resolve and
    cross-node rules see the stored neighbours. Which results are reported: those in
    `scope` (or the context's own scope, for a `ValidationContext`), which may name
    stored focus nodes the data changes; with a plain context graph and no scope, those
    whose focus node the data itself describes. Messages are given in `lang` when the
    shapes have one in that language, else in any language.
    """
    if scope is None and isinstance(context, ValidationContext):
        scope = context.scope
    if scope is not None and scope.focus is not None and not scope.focus:
        return Report(conforms=True, results=[])
    union = _UnionGraph()
    for source in (data, context):
        if source is None:
            continue
        if isinstance(source, Dataset):
            for s, p, o, _ in source.quads((None, None, None, None)):
                union.add((s, p, o))
        else:
            for triple in source:
                union.add(triple)
    _conforms, results_graph, _text = pyshacl.validate(
        union,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        inplace=True,
        allow_warnings=True,
        allow_infos=True,
    )
    described = None
    if scope is None and context is not None and len(context):
        sources = data.quads((None, None, None, None)) if isinstance(data, Dataset) else data
        described = {str(t[0]) for t in sources}
    results = [
        _result(results_graph, node, lang)
        for node in results_graph.subjects(RDF.type, SH.ValidationResult)
    ]
    if scope is not None:
        results = [r for r in results if scope.wants(r)]
    elif described is not None:
        results = [r for r in results if r.focus in described]
    results.sort(key=lambda r: (r.severity != "Violation", r.focus, r.path or "", r.constraint))
    conforms = not any(r.severity == "Violation" for r in results)
    return Report(conforms=conforms, results=results, graph=results_graph)


def _result(report: Graph, node: URIRef | BNode, lang: str) -> Result:
    def one(prop: URIRef) -> object | None:
        return report.value(node, prop)

    severity = SEVERITIES.get(one(SH.resultSeverity), "Violation")  # type: ignore[arg-type]
    path = one(SH.resultPath)
    value = one(SH.value)
    component = one(SH.sourceConstraintComponent)
    return Result(
        severity=severity,
        focus=str(one(SH.focusNode)),
        path=str(path) if isinstance(path, URIRef) else None,
        value=str(value) if value is not None else None,
        message=_message(report, node, lang),
        shape=shape_name(one(SH.sourceShape)),
        constraint=_local_name(str(component)) if component is not None else "",
    )


def _message(report: Graph, node: URIRef | BNode, lang: str) -> str:
    """The result message in `lang`, else in English, else in any language.

    pyshacl drops the language tag of SPARQL-based constraint messages when it fills
    in {$this} and {?value}, so those are taken from the shapes graph and filled here.
    """
    literals = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    if not any(m.language for m in literals):
        source = report.value(node, SH.sourceConstraint)
        if source is not None:
            templates = [
                m for m in shapes_graph().objects(source, SH.message) if isinstance(m, Literal)
            ]
            if templates:
                bindings = {
                    "this": report.value(node, SH.focusNode),
                    "path": report.value(node, SH.resultPath),
                    "value": report.value(node, SH.value),
                }
                literals = [Literal(_fill(str(t), bindings), lang=t.language) for t in templates]
    for wanted in (lang, "en", None):
        for m in literals:
            if m.language == wanted:
                return str(m)
    return str(literals[0]) if literals else ""


def _fill(template: str, bindings: dict[str, object]) -> str:
    """Replace {$var} and {?var} in a SPARQL-based constraint message."""

    def replace(match: re.Match[str]) -> str:
        value = bindings.get(match.group(1))
        return str(value) if value is not None else match.group(0)

    return re.sub(r"\{[?$](\w+)\}", replace, template)


def shape_name(shape: object) -> str | None:
    """The shape's IRI; for a blank property shape, the IRI of its node shape."""
    if isinstance(shape, URIRef):
        return str(shape)
    if isinstance(shape, BNode):
        parent = shapes_graph().value(None, SH.property, shape)
        if isinstance(parent, URIRef):
            return str(parent)
    return None


def _local_name(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def undeclared_terms(graph: Graph | Dataset) -> set[URIRef]:
    """Classes, properties and gov: individuals used in `graph` but not declared.

    Checked: every predicate, every object of rdf:type, and every IRI in the gov:
    namespace. Declared means typed (owl:Class, owl:ObjectProperty, skos:Concept, ...)
    in the ontology. Terms of RDF, RDFS, OWL, XSD and SHACL themselves are skipped.
    """
    ontology = ontology_graph()
    declared = {
        s
        for t in DECLARATION_TYPES
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef)
    }
    triples = (
        ((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))
        if isinstance(graph, Dataset)
        else iter(graph)
    )
    used: set[URIRef] = set()
    for s, p, o in triples:
        used.add(p)
        if p == RDF.type and isinstance(o, URIRef):
            used.add(o)
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(str(GOV)):
                used.add(term)
    return {
        term
        for term in used
        if term not in declared and not str(term).startswith(BUILTIN_NAMESPACES)
    }
