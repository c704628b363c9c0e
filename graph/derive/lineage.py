"""Lineage links: typed, directed links between events, agreements, decisions,
assignments, reports and bodies, inferred by general rules over the graph.

Each rule is one SELECT in graph/queries/lineage-rule-<id>.rq returning ?from, ?to and
the passages that justify the link, in variables named ?ev, ?ev1, ?ev2 … (one OPTIONAL
each rather than an OPTIONAL over a UNION, which not every SPARQL server evaluates
alike). Every link is written to the named graph
id:graph/derived/lineage twice: as the direct triple (?from <type> ?to) and as a
gov:LineageLink node with gov:linkFrom, gov:linkTo, gov:linkType, gov:inferenceRule and
gov:evidence. Rules that speak of issues read id:graph/derived/issues, so issues are
derived first (graph/derive/__init__.py).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from ..namespaces import DCT, GOV, ID, PROV, RDF, bind_all
from ..queries import load_query
from ..store import Store

LINEAGE_GRAPH = ID["graph/derived/lineage"]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    link: URIRef
    summary: str


RULES: tuple[Rule, ...] = (
    Rule(
        "termination-investigation",
        GOV.ledTo,
        "a termination and an assignment to investigate in the same item",
    ),
    Rule(
        "investigation-options",
        GOV.ledTo,
        "an assignment and the options studied reported in the same item",
    ),
    Rule(
        "termination-interim",
        GOV.ledTo,
        "a termination and a later interim agreement pending a new form, same issue",
    ),
    Rule(
        "interim-replaces",
        DCT.replaces,
        "an interim agreement replaces the agreement terminated earlier in the same issue",
    ),
    Rule(
        "interim-bridges",
        GOV.bridgesTo,
        "an interim agreement bridges to the planned body of the same item",
    ),
    Rule(
        "options-interim",
        GOV.ledTo,
        "options studied earlier in the issue of an interim agreement pending a new form",
    ),
    Rule(
        "options-planned-body",
        GOV.ledTo,
        "a planned body whose kind is among the options studied earlier in the same issue",
    ),
    Rule("establishment", GOV.establishes, "an establishment and the body it sets up"),
    Rule("termination", GOV.terminates, "a termination and the agreement it ends"),
    Rule("decision-assigns", GOV.assigns, "a decision and the assignment given in its item"),
    Rule(
        "reported-back",
        GOV.reportsBackOn,
        "the decision of the item an assignment is reported back in",
    ),
    Rule(
        "report-back-match",
        GOV.reportsBackOn,
        "a later item of the same issue that reports back, at the giver's or receiver's meeting",
    ),
    Rule(
        "minutes-follow-up",
        GOV.followsUp,
        "a meeting approving the minutes of an earlier meeting follows it up",
    ),
    Rule("agreement-governs", GOV.governs, "an agreement and the body it governs"),
    Rule(
        "prior-decision-assignment",
        GOV.ledTo,
        "a decision taken earlier elsewhere and the assignment given in the item reporting it",
    ),
    Rule(
        "assignment-continues",
        PROV.wasDerivedFrom,
        "an assignment spoken of (not given) in a later item of the issue, same giver",
    ),
)


def link_iri(source: str, link: str, target: str) -> URIRef:
    digest = hashlib.sha1(f"{source} {link} {target}".encode()).hexdigest()[:16]
    return ID[f"lineage/{digest}"]


def infer(store: Store) -> dict[tuple[str, str, str], tuple[set[str], set[str]]]:
    """(from, link type, to) → (rule ids, evidence passages), for every rule."""
    links: dict[tuple[str, str, str], tuple[set[str], set[str]]] = defaultdict(
        lambda: (set(), set())
    )
    for rule in RULES:
        for row in store.select(load_query(f"lineage-rule-{rule.id}")):
            source, target = row.get("from"), row.get("to")
            if not isinstance(source, URIRef) or not isinstance(target, URIRef):
                continue
            if source == target:
                continue
            rules, evidence = links[(str(source), str(rule.link), str(target))]
            rules.add(rule.id)
            evidence.update(
                str(value)
                for name, value in row.items()
                if name.startswith("ev") and isinstance(value, URIRef)
            )
    return dict(links)


def lineage_graph(store: Store) -> Graph:
    graph = Graph()
    bind_all(graph)
    for (source, link, target), (rules, evidence) in sorted(infer(store).items()):
        s, p, o = URIRef(source), URIRef(link), URIRef(target)
        graph.add((s, p, o))
        node = link_iri(source, link, target)
        graph.add((node, RDF.type, GOV.LineageLink))
        graph.add((node, GOV.linkFrom, s))
        graph.add((node, GOV.linkTo, o))
        graph.add((node, GOV.linkType, p))
        for rule in sorted(rules):
            graph.add((node, GOV.inferenceRule, Literal(rule)))
        for passage in sorted(evidence):
            graph.add((node, GOV.evidence, URIRef(passage)))
    return graph


def derive_lineage(store: Store) -> int:
    """Recompute id:graph/derived/lineage; the number of links."""
    graph = lineage_graph(store)
    store.replace_graph(str(LINEAGE_GRAPH), graph)
    return len(set(graph.subjects(RDF.type, GOV.LineageLink)))
