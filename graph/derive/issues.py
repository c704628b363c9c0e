"""Issues (ärenden): agenda items about the same matter, across meetings and bodies.

Items are grouped, per county, by three rules, each recorded on a gov:IssueMembership:

* "diary-number": items that carry the same item-level diary number (gov:diaryNumber on
  the item; a protocol's own diary number covers all its items and is not used);
* "topic": the item's title or decision names a topic of gov:TopicScheme, or its text
  names it at least twice (word-boundary, inflection and compound tolerant);
* "reference": an explicit link between two items (an agreement named in both, an
  assignment given in one and reported back in the other, dct:references) brings the
  item into every issue of the other item.

Procedural items (opening, roll call, agenda, minutes checkers, previous minutes, closing)
belong to no issue. The result is the named graph id:graph/derived/issues, computed from
SPARQL over the store only, so deriving twice gives the same graph.
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
from .matching import find

ISSUES_GRAPH = ID["graph/derived/issues"]
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


def _items(store: Store) -> list[ItemRow]:
    rows: dict[str, ItemRow] = {}
    for r in store.select(load_query("issues-items")):
        iri = str(r["item"])
        row = rows.get(iri)
        if row is None:
            row = rows[iri] = ItemRow(
                iri,
                str(r["title"]),
                str(r.get("text", "")),
                "",
                str(r["date"]),
                str(r.get("county", "se")),
                str(r["dnr"]) if "dnr" in r else None,
            )
        if "decision" in r and str(r["decision"]) not in row.decision:
            row.decision = f"{row.decision} {r['decision']}".strip()
    return [row for row in rows.values() if not is_procedural(row.title)]


def _topics(store: Store) -> dict[str, tuple[str, list[str], str]]:
    """topic → (preferred label, labels, key)."""
    topics: dict[str, tuple[str, list[str], str]] = {}
    for r in store.select(load_query("issues-topics")):
        iri = str(r["topic"])
        key = str(r.get("notation") or slug(str(r["preferred"])))
        entry = topics.setdefault(iri, (str(r["preferred"]), [], key))
        entry[1].append(str(r["label"]))
    return topics


def topic_matches(row: ItemRow, labels: list[str]) -> list[str]:
    """The words that tie an item to a topic, or [] when it is not about the topic."""
    strong = [m.words for label in labels for m in find(label, f"{row.title}. {row.decision}")]
    if strong:
        return sorted(set(strong))
    text = [m for label in labels for m in find(label, row.text)]
    if len({m.start for m in text}) >= MIN_TEXT_HITS:
        return sorted({m.words for m in text})
    return []


def group(store: Store) -> list[IssueDraft]:
    """The issues of the store's agenda items, by diary number, topic and reference."""
    items = {row.iri: row for row in _items(store)}
    topics = _topics(store)
    issues: dict[tuple[str, str], IssueDraft] = {}
    for row in items.values():
        if row.dnr:
            key = f"dnr-{slug(row.dnr)}"
            draft = issues.setdefault(
                (row.county, key), IssueDraft(row.county, key, row.dnr, dnr=row.dnr)
            )
            draft.members[row.iri] = ("diary-number", row.dnr)
        for topic, (preferred, labels, key) in topics.items():
            matched = topic_matches(row, labels)
            if matched:
                draft = issues.setdefault(
                    (row.county, key), IssueDraft(row.county, key, preferred, topic=topic)
                )
                draft.members.setdefault(row.iri, ("topic", ", ".join(matched)))
    _add_references(store, items, issues)
    return sorted(issues.values(), key=lambda d: (d.county, d.key))


def _add_references(
    store: Store, items: dict[str, ItemRow], issues: dict[tuple[str, str], IssueDraft]
) -> None:
    pairs = [
        (str(r["a"]), str(r["b"]), str(r["why"]))
        for r in store.select(load_query("issues-references"))
        if str(r["a"]) in items and str(r["b"]) in items
    ]
    by_item: dict[str, list[IssueDraft]] = defaultdict(list)
    for draft in issues.values():
        for item in draft.members:
            by_item[item].append(draft)
    for a, b, why in sorted(pairs):
        targets = by_item.get(a, []) + by_item.get(b, [])
        if not targets:
            first = min((items[a], items[b]), key=lambda row: (row.date, row.iri))
            key = slug(first.title)[:60].strip("-") or "arende"
            draft = issues.setdefault(
                (first.county, key), IssueDraft(first.county, key, first.title)
            )
            targets = [draft]
        for draft in targets:
            for item in (a, b):
                if items[item].county == draft.county:
                    draft.members.setdefault(item, ("reference", why[:200]))


def _county_names(store: Store) -> dict[str, str]:
    names = {}
    for r in store.select(load_query("issues-counties")):
        names.setdefault(str(r["county"]), re.sub(r"^Region\s+", "", str(r["name"])))
    return names


def issues_graph(store: Store) -> Graph:
    """The derived graph of issues and memberships."""
    graph = Graph()
    bind_all(graph)
    counties = _county_names(store)
    for draft in group(store):
        issue = draft.iri
        where = counties.get(draft.county, draft.county)
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


def derive_issues(store: Store) -> int:
    """Recompute id:graph/derived/issues; the number of issues."""
    graph = issues_graph(store)
    store.replace_graph(str(ISSUES_GRAPH), graph)
    return len(set(graph.subjects(RDF.type, GOV.Issue)))
