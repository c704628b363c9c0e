"""Lineage links: typed, directed links between events, agreements, decisions,
assignments, reports and bodies, inferred by general rules over the graph.

Each rule is one SELECT in graph/queries/lineage-rule-<id>.rq returning ?from (or
?fromItem: the link goes from that item's decisions, or from the item when it has none),
?to and the nodes whose evidence justifies the link (?evidence1, ?evidence2); decisions
and passages (gov:evidence) are fetched afterwards in batches. A rule runs for one partition at a
time: its `#PARTITION` line joins its ?body to the partition's bodies
(graph/derive/partitions.py). Every link of partition c is written to the named graph
id:graph/derived/lineage/<c> twice: as the direct triple (?from <type> ?to) and as a
gov:LineageLink node with gov:linkFrom, gov:linkTo, gov:linkType, gov:inferenceRule and
gov:evidence. Rules that speak of issues read the partition's issue memberships, so
issues are derived first (graph/derive/__init__.py).

The rules are written for Oxigraph's evaluation, which joins a group's triple patterns
in order, binding as it goes, but evaluates an OPTIONAL's or a nested group's pattern on
its own, for the whole store: so the rules hold no OPTIONAL for evidence, start from
their rarest node, and keep each alternative a complete pattern of its own.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from ..namespaces import DCT, GOV, ID, PROV, RDF, bind_all
from ..queries import load_query
from ..store import Store
from .partitions import lineage_graph_iri, partition_bodies, partition_query, write_partition


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


NODE_BATCH = 500  # nodes per evidence or decision query


def link_iri(source: str, link: str, target: str) -> URIRef:
    digest = hashlib.sha1(f"{source} {link} {target}".encode()).hexdigest()[:16]
    return ID[f"lineage/{digest}"]


def infer(store: Store, county: str) -> dict[tuple[str, str, str], tuple[set[str], set[str]]]:
    """(from, link type, to) → (rule ids, evidence passages), for every rule, in one
    partition."""
    links: dict[tuple[str, str, str], tuple[set[str], set[str]]] = defaultdict(
        lambda: (set(), set())
    )
    bodies = partition_bodies(store, county)
    if not bodies:
        return {}
    witnesses: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for rule in RULES:
        rows = store.select(partition_query(f"lineage-rule-{rule.id}", bodies))
        decisions = decisions_of(store, {str(r["fromItem"]) for r in rows if "fromItem" in r})
        for row in rows:
            target = row.get("to")
            if "fromItem" in row:
                item = str(row["fromItem"])
                sources = [URIRef(d) for d in decisions.get(item, ())] or [URIRef(item)]
            else:
                sources = [row.get("from")]
            for source in sources:
                if not isinstance(source, URIRef) or not isinstance(target, URIRef):
                    continue
                if source == target:
                    continue
                key = (str(source), str(rule.link), str(target))
                links[key][0].add(rule.id)
                witnesses[key].update(
                    str(value)
                    for name, value in row.items()
                    if name.startswith("evidence") and isinstance(value, URIRef)
                )
                if "fromItem" in row:
                    witnesses[key].add(str(source))
    passages = evidence_of(store, {node for nodes in witnesses.values() for node in nodes})
    for key, nodes in witnesses.items():
        for node in nodes:
            links[key][1].update(passages.get(node, ()))
    return dict(links)


def decisions_of(store: Store, items: set[str]) -> dict[str, list[str]]:
    """item → its decisions (gov:decisionOf), for the rules whose links go from ?fromItem:
    the item's decisions, or the item itself when it has none."""
    return {
        node: sorted(found)
        for node, found in _batched(store, "derive-item-decisions", items, "decision").items()
    }


def evidence_of(store: Store, nodes: set[str]) -> dict[str, set[str]]:
    """node → the passages that are its evidence (gov:evidence), fetched in batches."""
    return _batched(store, "derive-evidence", nodes, "passage")


def _batched(store: Store, query: str, nodes: set[str], variable: str) -> dict[str, set[str]]:
    """node → the values of `variable` the query (with a #NODES line) gives for it."""
    found: dict[str, set[str]] = defaultdict(set)
    ordered = sorted(nodes)
    for start in range(0, len(ordered), NODE_BATCH):
        values = " ".join(f"<{n}>" for n in ordered[start : start + NODE_BATCH])
        text = load_query(query).replace("#NODES", f"VALUES ?node {{ {values} }}")
        for row in store.select(text):
            found[str(row["node"])].add(str(row[variable]))
    return found


def lineage_graph(store: Store, county: str) -> Graph:
    graph = Graph()
    bind_all(graph)
    for (source, link, target), (rules, evidence) in sorted(infer(store, county).items()):
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


def derive_lineage(store: Store, county: str) -> int:
    """Recompute the lineage graph of one partition; the number of links."""
    graph = lineage_graph(store, county)
    write_partition(store, lineage_graph_iri(county), graph)
    return len(set(graph.subjects(RDF.type, GOV.LineageLink)))
