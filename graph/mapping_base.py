"""The pieces every mapping shares: the source, the builder of one document's graph,
the per-document context that resolves people and bodies, and memberships."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath

from rdflib import Graph, Literal, URIRef

from . import reference
from .identity import Merge, Registry, body_kind, person_match, slug
from .ingest.records import Evidence
from .namespaces import DCAT, DCT, FOAF, GOV, ID, ORG, PROV, RDF, RDFS, SKOS, XSD, bind_all
from .organisations import OrgRef

ROLE_CONCEPTS = {
    "ordförande": GOV.Chair,
    "vice ordförande": GOV.ViceChair,
    "ledamot": GOV.Member,
    "ersättare": GOV.Substitute,
    "tjänstgörande ersättare": GOV.ServingSubstitute,
    "justerare": GOV.Adjuster,
    "sekreterare": GOV.Secretary,
    "protokollförare": GOV.MinuteTaker,
    "adjungerad": GOV.CoOpted,
    "föredragande": GOV.Presenter,
    "övrig": GOV.OtherParticipant,
}
MEMBER_ROLES = {
    "ordförande",
    "vice ordförande",
    "ledamot",
    "ersättare",
    "tjänstgörande ersättare",
    "adjungerad",
}


@dataclass(frozen=True, slots=True)
class Source:
    """The document a graph is built from."""

    name: str  # file name as given
    raw: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()

    @property
    def stem(self) -> str:
        return PurePath(self.name).stem


@dataclass(slots=True)
class MappedDocument:
    key: str  # "meeting/25/politisk-samverkansberedning/2023-05-09"
    graph: Graph
    subject: URIRef  # the meeting or the agreement

    @property
    def graph_iri(self) -> URIRef:
        return ID[f"graph/{self.key}"]

    @property
    def document_iri(self) -> URIRef:
        return ID[f"document/{self.key}"]


@cache
def superclasses() -> dict[URIRef, frozenset[URIRef]]:
    """Each class's superclasses in our namespace (plus org:Organization and foaf:Document),
    from the ontology's rdfs:subClassOf: written as types too, so SPARQL needs no reasoner."""
    from .ontology_graph import vocabulary_graph

    graph, _ = vocabulary_graph()
    keep = (str(GOV), str(ORG.Organization), str(FOAF.Document))
    closure: dict[URIRef, frozenset[URIRef]] = {}
    for cls in set(graph.subjects(RDFS.subClassOf, None)):
        supers = set(graph.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        chosen = {c for c in supers if isinstance(c, URIRef) and str(c).startswith(keep)}
        if chosen:
            closure[cls] = frozenset(chosen)
    return closure


def xsd_time(hhmm: str) -> Literal:
    return Literal(f"{hhmm}:00", datatype=XSD.time)


def xsd_date(iso: str) -> Literal:
    return Literal(iso, datatype=XSD.date)


class Builder:
    """Adds triples for one document, with passages for evidence."""

    def __init__(self, key: str, source: Source):
        self.graph = Graph()
        bind_all(self.graph)
        self.key = key
        self.source = source
        self.document = ID[f"document/{key}"]

    def add(self, s: URIRef, p: URIRef, o: object) -> None:
        if o is None or o == "":
            return
        if not isinstance(o, URIRef | Literal):
            o = Literal(o)
        self.graph.add((s, p, o))
        if p == RDF.type:
            for cls in superclasses().get(o, ()):
                self.graph.add((s, RDF.type, cls))

    def passage(self, ev: Evidence) -> URIRef:
        node = URIRef(f"{self.document}/passage/{ev.start}-{ev.end}")
        if (node, RDF.type, GOV.Passage) not in self.graph:
            self.add(node, RDF.type, GOV.Passage)
            self.add(node, GOV.inDocument, self.document)
            self.add(node, GOV.charStart, Literal(ev.start, datatype=XSD.integer))
            self.add(node, GOV.charEnd, Literal(ev.end, datatype=XSD.integer))
            self.add(node, GOV.quote, ev.quote or self.source.raw[ev.start : ev.end])
            self.add(node, GOV.section, ev.section)
        return node

    def evidence(self, node: URIRef, ev: Evidence | None) -> None:
        self.add(node, PROV.hadPrimarySource, self.document)
        if ev is not None:
            self.add(node, GOV.evidence, self.passage(ev))

    def organisation(self, ref: OrgRef | None) -> URIRef | None:
        if ref is None:
            return None
        self.add(ref.iri, RDF.type, ref.cls)
        self.add(ref.iri, SKOS.prefLabel, Literal(ref.label, lang="sv"))
        self.add(ref.iri, GOV.county, ref.county)
        self.add(ref.iri, GOV.scbCode, ref.scb_code)
        if ref.written and ref.rule and ref.written != ref.label:
            reason = _ORG_REASONS[ref.rule]
            self.merge(Merge(str(ref.iri), ref.written, ref.label, ref.rule, reason))
        return ref.iri

    def party(self, abbreviation: str | None) -> URIRef | None:
        if not abbreviation:
            return None
        iri = ID[f"party/{slug(abbreviation)}"]
        found = reference.find_party(abbreviation)
        self.add(iri, RDF.type, GOV.PoliticalParty)
        self.add(iri, SKOS.notation, found.abbreviation if found else abbreviation.upper())
        self.add(
            iri, SKOS.prefLabel, Literal(found.name if found else abbreviation.upper(), lang="sv")
        )
        return iri

    def merge(self, merge: Merge | None, label_property: URIRef = SKOS.altLabel) -> None:
        if merge is None:
            return
        node = ID[f"merge/{slug(merge.variant)}--{slug(merge.iri.rsplit('/', 1)[-1])}"]
        self.add(URIRef(merge.iri), label_property, Literal(merge.variant))
        self.add(URIRef(merge.iri), GOV.mergeNote, node)
        self.add(node, RDF.type, GOV.IdentityMerge)
        self.add(node, GOV.mergedLabel, merge.variant)
        self.add(node, GOV.mergeRule, merge.rule)
        self.add(
            node, GOV.mergeReason, f"'{merge.variant}' is '{merge.canonical}': {merge.reason}."
        )
        self.add(node, PROV.hadPrimarySource, self.document)


class Context:
    """What the mapping of one document knows while it works."""

    def __init__(self, builder: Builder, registry: Registry, county: str | None):
        self.b = builder
        self.registry = registry
        self.county = county
        self.people: dict[str, URIRef] = {}  # names as written in this document → person
        self.listed: dict[str, URIRef] = {}  # names on the attendance lists → person

    def body(self, name: str, ev: Evidence | None = None) -> URIRef:
        iri, merge, _ = self.registry.resolve_body(name, self.county)
        return self.describe_body(iri, merge, ev)

    def describe_body(self, iri: str, merge: Merge | None, ev: Evidence | None = None) -> URIRef:
        """Type, label and kind of a resolved body, and the merge that resolved it."""
        node = URIRef(iri)
        known = self.registry.bodies[iri]
        concept, _ = body_kind(known.preferred)
        self.b.add(node, RDF.type, GOV.Body)
        self.b.add(node, SKOS.prefLabel, Literal(known.preferred, lang="sv"))
        self.b.add(node, GOV.bodyKind, GOV[concept])
        self.b.add(node, GOV.county, self.county)
        self.b.merge(merge)
        if ev is not None and (node, GOV.evidence, None) not in self.b.graph:
            self.b.evidence(node, ev)
        return node

    def person(self, name: str, contexts: set[str], *, new_in_list: bool = False) -> URIRef:
        """A person node; `new_in_list` keeps a second list line of one name apart."""
        if name in self.people and not new_in_list:
            return self.people[name]
        distinct = {str(self.people[name])} if new_in_list and name in self.people else set()
        iri, merge = self.registry.resolve_person(name, contexts, distinct_from=distinct)
        node = URIRef(iri)
        known = self.registry.persons[iri]
        self.b.add(node, RDF.type, FOAF.Person)
        self.b.add(node, FOAF.name, known.preferred)
        self.b.merge(merge)
        self.people.setdefault(name, node)
        return node

    def known_person(self, name: str) -> URIRef | None:
        """A person already named in this document, by the same or a variant name; a
        variant spelling is kept as an alternative label with the merge that explains it."""
        if name in self.people:
            return self.people[name]
        for written, node in list(self.people.items()):
            rule = person_match(name, written)
            if rule is None:
                continue
            known = self.registry.persons.get(str(node))
            if rule != "same-name" and known is not None:
                known.names.add(name)
                reason = _VARIANT_REASONS.get(rule, rule)
                self.b.merge(Merge(str(node), name, known.preferred, rule, reason))
            self.people[name] = node
            return node
        return None


_ORG_REASONS = {
    "reference-name": "the official name in the public reference data (SCB)",
    "spelling-variant": "the same name written with other capitals",
}
_VARIANT_REASONS = {
    "spelling-variant": "the same first name and a surname one letter apart, in one document",
    "name-extension": "the same name with a further surname, in one document",
}


def membership(
    ctx: Context,
    person: URIRef,
    body: URIRef,
    role: str,
    attested: str | None,
    party: URIRef | None = None,
    org: URIRef | None = None,
    job_title: str | None = None,
    ev: Evidence | None = None,
    period: tuple[str, str] | None = None,
) -> URIRef:
    b = ctx.b
    body_key = str(body).removeprefix(str(ID["body/"]))
    tail = f"/{period[0][:4]}" if period else ""
    node = ID[f"membership/{body_key}/{str(person).rsplit('/', 1)[-1]}/{slug(role)}{tail}"]
    b.add(node, RDF.type, ORG.Membership)
    b.add(node, ORG.member, person)
    b.add(node, ORG.organization, body)
    b.add(node, ORG.role, ROLE_CONCEPTS.get(role, GOV[f"role-{slug(role)}"]))
    if attested:
        b.add(node, GOV.attestedOn, xsd_date(attested))
    b.add(node, GOV.party, party)
    b.add(node, GOV.represents, org)
    b.add(node, GOV.jobTitle, job_title)
    if period:
        span = URIRef(f"{node}/period")
        b.add(node, ORG.memberDuring, span)
        b.add(span, RDF.type, DCT.PeriodOfTime)
        b.add(span, DCAT.startDate, xsd_date(period[0]))
        b.add(span, DCAT.endDate, xsd_date(period[1]))
    b.evidence(node, ev)
    return node
