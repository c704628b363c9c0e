"""Issues (ärenden): agenda items about the same matter, across meetings and bodies.

Items are grouped within one partition (the county of their meeting's body, see
graph/derive/partitions.py) by three rules, each recorded on a gov:IssueMembership:

* "diary-number": items that carry the same item-level diary number (gov:diaryNumber on
  the item; a protocol's own diary number covers all its items and is not used);
* "topic": the item's title or decision names a topic of gov:TopicScheme, or its text
  names it at least twice (word-boundary, inflection and compound tolerant);
* "reference": items tied by one explicit reference (an agreement named in each, an
  assignment given in one and reported back in another, dct:references) join every
  issue the others have by diary number or topic; if none has one, they form an issue.

Procedural items (opening, roll call, agenda, minutes checkers, previous minutes, closing)
belong to no issue. The result is the named graph id:graph/derived/issues/<county>,
computed from SPARQL over the store only, so deriving twice gives the same graph.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from ..identity import slug
from ..namespaces import DCT, GOV, ID, RDF, SKOS, bind_all
from ..queries import load_query
from ..store import Store
from .matching import Text
from .partitions import issues_graph_iri, partition_bodies, partition_query, write_partition

MIN_TEXT_HITS = 2  # a topic named only in the running text must be named this often
PROCEDURAL = re.compile(
    r"(?:\b(?:mötets?|sammanträdets?)\b.*\b(?:öppna|avslut)|\böppnande\b|\böppnas$"
    r"|\bavslutande\b|\bavslutas$|justerare|\bjustering|dagordning|föredragningslist"
    r"|\bupprop\b|närvarorätt|föregående\s+\w*protokoll|^protokoll$|nästa\s+möte"
    r"|genomgång\s+och\s+sammanfattning|^meddelanden?$)",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ItemRow:
    iri: str
    title: str
    text: str
    decision: str
    date: str
    county: str
    dnr: str | None = None


@dataclass(slots=True)
class Group:
    """Items that one reference ties together, and the words that name the reference."""

    why: str
    items: set[str] = field(default_factory=set)


@dataclass(slots=True)
class IssueDraft:
    county: str
    key: str
    label: str
    topic: str | None = None
    dnr: str | None = None
    members: dict[str, tuple[str, str]] = field(default_factory=dict)  # item → (rule, words)

    @property
    def iri(self) -> URIRef:
        return ID[f"issue/{self.county}/{self.key}"]


def is_procedural(title: str) -> bool:
    """Whether an item's title names a procedural point of the meeting."""
    return bool(PROCEDURAL.search(title.strip()))


def _items(store: Store, county: str, bodies: list[URIRef]) -> list[ItemRow]:
    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    dates: dict[str, str] = {}
    for r in store.select(partition_query("issues-items", bodies)):
        iri = str(r["item"])
        facts[iri][str(r["fact"])].append(str(r["value"]))
        if "date" in r:
            dates[iri] = str(r["date"])
    rows = []
    for iri in sorted(facts, key=lambda i: (dates.get(i, ""), i)):
        found = facts[iri]
        if not found["title"] or iri not in dates:
            continue
        decisions: list[str] = []
        for text in sorted(found["decision"]):
            if text not in " ".join(decisions):
                decisions.append(text)
        rows.append(
            ItemRow(
                iri,
                min(found["title"]),
                min(found["text"], default=""),
                " ".join(decisions),
                dates[iri],
                county,
                min(found["dnr"], default=None),
            )
        )
    return [row for row in rows if not is_procedural(row.title)]


def _topics(store: Store) -> dict[str, tuple[str, list[str], str]]:
    """topic → (preferred label, labels, key)."""
    topics: dict[str, tuple[str, list[str], str]] = {}
    for r in store.select(load_query("issues-topics")):
        iri = str(r["topic"])
        key = str(r.get("notation") or slug(str(r["preferred"])))
        topics.setdefault(iri, (str(r["preferred"]), [], key))
    for r in store.select(load_query("issues-topic-labels")):
        entry = topics.get(str(r["topic"]))
        if entry is not None:
            entry[1].append(str(r["label"]))
    return topics


def topic_matches(row: ItemRow, labels: list[str]) -> list[str]:
    """The words that tie an item to a topic, or [] when it is not about the topic."""
    return _topic_matches(Text(f"{row.title}. {row.decision}"), Text(row.text), labels)


def _topic_matches(heading: Text, body: Text, labels: list[str]) -> list[str]:
    strong = [m.words for label in labels for m in heading.find(label)]
    if strong:
        return sorted(set(strong))
    text = [m for label in labels for m in body.find(label)]
    if len({m.start for m in text}) >= MIN_TEXT_HITS:
        return sorted({m.words for m in text})
    return []


def group(store: Store, county: str) -> list[IssueDraft]:
    """The issues of one partition's agenda items, by diary number, topic and reference."""
    bodies = partition_bodies(store, county)
    items = {row.iri: row for row in _items(store, county, bodies)}
    topics = _topics(store)
    issues: dict[str, IssueDraft] = {}
    for row in items.values():
        heading, body = Text(f"{row.title}. {row.decision}"), Text(row.text)
        if row.dnr:
            key = f"dnr-{slug(row.dnr)}"
            draft = issues.setdefault(key, IssueDraft(county, key, row.dnr, dnr=row.dnr))
            draft.members[row.iri] = ("diary-number", row.dnr)
        for topic, (preferred, labels, key) in topics.items():
            matched = _topic_matches(heading, body, labels)
            if matched:
                draft = issues.setdefault(key, IssueDraft(county, key, preferred, topic=topic))
                draft.members.setdefault(row.iri, ("topic", ", ".join(matched)))
    _add_references(store, bodies, items, issues)
    return sorted(issues.values(), key=lambda d: d.key)


def _reference_groups(store: Store, bodies: list[URIRef], items: dict[str, ItemRow]) -> list[Group]:
    """Items tied together by one explicit reference (two or more items each)."""
    groups: dict[str, Group] = {}
    rows = store.select(partition_query("issues-references", bodies))
    for r in rows:
        item = str(r["item"])
        if item in items:
            group = groups.setdefault(str(r["key"]), Group(str(r["why"])[:200]))
            group.items.add(item)
    return [groups[key] for key in sorted(groups) if len(groups[key].items) > 1]


def _add_references(
    store: Store, bodies: list[URIRef], items: dict[str, ItemRow], issues: dict[str, IssueDraft]
) -> None:
    """Each item of a reference group joins every issue an item of the group has by
    diary number or topic; a group with none of those becomes an issue of its own, named
    after its first item."""
    by_item: dict[str, list[IssueDraft]] = defaultdict(list)
    for draft in issues.values():
        for item in draft.members:
            by_item[item].append(draft)
    for group in _reference_groups(store, bodies, items):
        members = sorted(group.items, key=lambda iri: (items[iri].date, iri))
        targets = {id(d): d for item in members for d in by_item.get(item, [])}
        if not targets:
            first = items[members[0]]
            key = slug(first.title)[:60].strip("-") or "arende"
            draft = issues.setdefault(key, IssueDraft(first.county, key, first.title))
            targets = {id(draft): draft}
        for draft in targets.values():
            for item in members:
                draft.members.setdefault(item, ("reference", group.why))


def _county_name(store: Store, county: str) -> str:
    for r in store.select(load_query("issues-counties"), {"county": Literal(county)}):
        return re.sub(r"^Region\s+", "", str(r["name"]))
    return county


def issues_graph(store: Store, county: str) -> Graph:
    """The derived graph of one partition's issues and memberships."""
    graph = Graph()
    bind_all(graph)
    where = _county_name(store, county)
    for draft in group(store, county):
        issue = draft.iri
        graph.add((issue, RDF.type, GOV.Issue))
        graph.add((issue, SKOS.prefLabel, Literal(f"{draft.label} ({where})", lang="sv")))
        graph.add((issue, DCT.identifier, Literal(f"{draft.county}/{draft.key}")))
        graph.add((issue, GOV.county, Literal(draft.county)))
        if draft.topic:
            graph.add((issue, GOV.topic, URIRef(draft.topic)))
        if draft.dnr:
            graph.add((issue, GOV.diaryNumber, Literal(draft.dnr)))
        for item, (rule, matched) in sorted(draft.members.items()):
            digest = hashlib.sha1(item.encode()).hexdigest()[:12]
            node = URIRef(f"{issue}/membership/{digest}")
            graph.add((node, RDF.type, GOV.IssueMembership))
            graph.add((node, GOV.issue, issue))
            graph.add((node, GOV.item, URIRef(item)))
            graph.add((node, GOV.groupingRule, Literal(rule)))
            graph.add((node, GOV.matchedWords, Literal(matched)))
    return graph


def derive_issues(store: Store, county: str) -> int:
    """Recompute the issues graph of one partition; the number of issues."""
    graph = issues_graph(store, county)
    write_partition(store, issues_graph_iri(county), graph)
    return len(set(graph.subjects(RDF.type, GOV.Issue)))
