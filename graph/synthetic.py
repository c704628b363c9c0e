"""Synthetic Sweden-scale data that follows the data model, the shapes and the derivations.

`generate(target_triples, seed)` yields `(graph IRI, rdflib Graph)` per synthetic document,
deterministically for a seed and streaming (memory does not grow with the target):

1. the ontology graph, with the IRI and content `graph.ontology_graph.ensure_ontology`
   writes, so that labels, body kinds and the topic scheme are there in any prefix;
2. the reference data: every kommun and region of `data/reference/`, and the parties;
3. county after county (in a seeded order): the agreements that govern its bodies, then
   the meetings of its bodies over ten years, four or more a year per body, in date order.

Bodies are named from `data/synthetic/bodies.csv` with the body kinds of the ontology and
people from `data/synthetic/names.csv`. Members sit for terms of office, some leave during
a term; chairs alternate yearly between region and kommuner; ersättare attend or serve for
absent members; officials attend for some items only. Matters run through a county's bodies
for months or years with one diary number, titles that name topics of `ontology/topics.ttl`
(preferred labels, variants, inflections) and explicit references: earlier minutes
approved, assignments given and reported back (or never: overdue), decisions taken earlier
in another body, agreements followed up, and an agreement terminated, investigated, bridged
by an interim agreement "i avvaktan på" a new form and replaced by a gemensam nämnd that
then meets. Each document refers only to nodes it or an earlier document describes, so any
prefix of the stream is a consistent store. More counties, then more bodies per county, come
in as the target grows; generation stops once the target is reached.

`documents()` yields the stream as `Document`s that keep each meeting's record, which
`graph.synthetic_text.render_protocol` writes as protocol text; `write_nquads` writes the
stream as N-Quads. Passages carry offsets of their own running count, not of a rendered
text, and a document's `gov:sha256` is that of its key.
"""

from __future__ import annotations

import csv
import hashlib
import heapq
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache, lru_cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from . import namespaces, reference
from .identity import slug
from .ingest.dates import MONTHS
from .mapping import DECISION_TYPES, ITEM_KINDS
from .mapping_base import ROLE_CONCEPTS as ROLES
from .mapping_base import superclasses
from .namespaces import ID
from .settings import PROJECT_ROOT


class _Terms:
    """A namespace whose terms are made once: rdflib makes a new URIRef at every access."""

    def __init__(self, namespace: object):
        self._namespace = namespace

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = getattr(self._namespace, name)
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        return self.__getattr__(name)


DCAT, DCT, FOAF, GOV, ORG, PROV, RDF, RDFS, SKOS, XSD = (
    _Terms(getattr(namespaces, n))
    for n in ("DCAT", "DCT", "FOAF", "GOV", "ORG", "PROV", "RDF", "RDFS", "SKOS", "XSD")
)

FIRST_YEAR = 2015
YEARS = 10
TERM_YEARS = 4  # terms of office: 2015–2018, 2019–2022, 2023–2026
DATA_DIR = PROJECT_ROOT / "data" / "synthetic"
PER_BODY = 36_000  # a low estimate of one body's triples over ten years (sizes the counties)
MAX_BODIES = 200
LAYOUTS = {"norrbotten": "paragraph", "vasterbotten": "numbered"}  # the two house styles
OPTIONS = ("avtalssamverkan", "gemensam nämnd", "kommunalförbund", "gemensamt aktiebolag")
PENDING = "ny samverkansform"
# How matters run, and how often: (step, who takes it, days after the previous step). The
# giver is a political body, the taker a body of officials; the body is where it starts.
_ASSIGNED = (("info", "taker", 0), ("prior_assign", "giver", 20), ("work", "taker", 40))
FLOWS = (
    (2, (*_ASSIGNED, ("report", "giver", 0), ("recommend", "giver", 30))),
    (3, (*_ASSIGNED, ("report", "giver", 0))),
    (2, (("info", "body", 0), ("refer", "giver", 20), ("approve", "giver", 30))),
    (2, (("info", "body", 0), ("delegate", "giver", 20), ("info", "taker", 30))),
    (2, (("info", "body", 0), ("assign", "giver", 20), ("report", "giver", 0))),
    (2, (("info", "taker", 0), ("plan", "giver", 30), *[("follow_up", "giver", 330)] * 3)),
)

# --- data files -------------------------------------------------------------------------


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@cache
def names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(first names, surnames) of data/synthetic/names.csv."""
    rows = _csv("names.csv")
    return tuple(r["name"] for r in rows if r["kind"] == "first"), tuple(
        r["name"] for r in rows if r["kind"] == "last"
    )


@dataclass(frozen=True, slots=True)
class BodyTemplate:
    kind: str  # local name of a gov:BodyKindScheme concept
    label: str  # "Beredning för {topic}"
    short: str  # "Beredningen"
    political: bool
    topic: str  # "no", "yes" (one body per topic) or "lifecycle" (set up by a lifecycle)


@cache
def body_templates() -> tuple[BodyTemplate, ...]:
    rows = _csv("bodies.csv")
    return tuple(
        BodyTemplate(r["kind"], r["label"], r["short"], r["members"] == "political", r["topic"])
        for r in rows
    )


@cache
def places() -> tuple[tuple[str, bool], ...]:
    return tuple((r["place"], r["digital"] == "true") for r in _csv("places.csv"))


@cache
def job_titles() -> dict[bool, tuple[str, ...]]:
    """Job titles of officials of a region (True) or a kommun (False)."""
    rows = _csv("titles.csv")
    by_org = {flag: [r["title"] for r in rows if (r["org"] == "region") == flag] for flag in (0, 1)}
    return {True: tuple(by_org[1]), False: tuple(by_org[0])}


@dataclass(frozen=True, slots=True)
class Topic:
    iri: URIRef
    label: str  # the preferred Swedish label
    variants: tuple[str, ...]  # other lower-case Swedish labels: variants, inflections


@cache
def topics() -> tuple[Topic, ...]:
    """The topics of gov:TopicScheme named by common nouns (not products or places)."""
    from .ontology_graph import vocabulary_graph

    graph, _ = vocabulary_graph()
    found = []
    for node in sorted(graph.subjects(SKOS.inScheme, GOV.TopicScheme)):
        pref, alt = (
            sorted(str(x) for x in graph.objects(node, p) if getattr(x, "language", None) == "sv")
            for p in (SKOS.prefLabel, SKOS.altLabel)
        )
        if pref and pref[0] == pref[0].casefold():
            variants = tuple(a for a in alt if a == a.casefold())
            found.append(Topic(URIRef(node), pref[0], variants))
    return tuple(found)


@cache
def _place_names() -> frozenset[str]:
    places_ = [r.short_name for r in reference.regions()]
    return frozenset(places_ + [m.short_name for m in reference.municipalities()])


def _local_place(party_name: str) -> str | None:
    """The county or kommun a party's name ties it to ("Sjukvårdspartiet X"), if any."""
    return next((w for w in party_name.split() if w in _place_names()), None)


# --- terms and documents ----------------------------------------------------------------

Triple = tuple[URIRef, URIRef, Node]


@lru_cache(maxsize=8192)
def _d(day: date) -> Literal:
    return Literal(day.isoformat(), datatype=XSD.date)


@lru_cache(maxsize=4096)
def _int(n: int) -> Literal:
    return Literal(str(n), datatype=XSD.integer)


_BOOLEANS = {True: Literal(True), False: Literal(False)}


@lru_cache(maxsize=1024)
def _time(hhmm: str) -> Literal:
    return Literal(f"{hhmm}:00", datatype=XSD.time)


def _sv(text: str) -> Literal:
    return Literal(text, lang="sv")


def _text(text: str | None) -> Literal | None:
    return Literal(text) if text else None


def date_text(day: date) -> str:
    """ "den 9 maj 2023" """
    return f"den {day.day} {list(MONTHS)[day.month - 1]} {day.year}"


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class Doc:
    """One synthetic document while it is built: key, triples (an ordered set), record."""

    __slots__ = ("document", "key", "kind", "meeting", "offset", "triples")

    def __init__(self, key: str, kind: str):
        self.key = key
        self.kind = kind  # "ontology" | "reference" | "agreement" | "meeting"
        self.triples: dict[Triple, None] = {}
        self.document = ID[f"document/{key}"]
        self.offset = 0
        self.meeting: Meeting | None = None

    @property
    def iri(self) -> str:
        return str(ID[f"graph/{self.key}"])

    def add(self, s: URIRef, p: URIRef, o: Node | None) -> None:
        if o is not None:
            self.triples[(s, p, o)] = None

    def typed(self, node: URIRef, cls: URIRef) -> None:
        self.triples[(node, RDF.type, cls)] = None
        for sup in superclasses().get(cls, ()):
            self.triples[(node, RDF.type, sup)] = None

    def passage(self, quote: str, section: str | None = None) -> URIRef:
        """A passage for `quote`, placed after the document's previous one."""
        start = self.offset
        end = start + max(1, len(quote))
        self.offset = end + 2
        node = URIRef(f"{self.document}/passage/{start}-{end}")
        self.typed(node, GOV.Passage)
        self.add(node, GOV.inDocument, self.document)
        self.add(node, GOV.charStart, _int(start))
        self.add(node, GOV.charEnd, _int(end))
        self.add(node, GOV.quote, Literal(quote))
        self.add(node, GOV.section, _text(section))
        return node

    def evidence(self, node: URIRef, passage: URIRef) -> None:
        self.add(node, PROV.hadPrimarySource, self.document)
        self.add(node, GOV.evidence, passage)

    def dated(self, node: URIRef, day: date, text: str | None = None, exact: bool = True) -> None:
        if exact:
            self.add(node, DCT.date, _d(day))
        self.add(node, GOV.notBefore, _d(day))
        self.add(node, GOV.notAfter, _d(day))
        self.add(node, GOV.dateText, Literal(text or day.isoformat()))


@dataclass(frozen=True, slots=True)
class Document:
    """One document of the stream: graph IRI, triples, and the meeting of a protocol."""

    iri: str
    kind: str
    triples: tuple[Triple, ...]
    meeting: Meeting | None = None

    def graph(self) -> Graph:
        g = Graph()
        g.addN((s, p, o, g) for s, p, o in self.triples)
        return g


# --- records: what a protocol says ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Org:
    iri: URIRef
    name: str  # official name: "Region Västerbotten", "Umeå kommun"
    short: str  # "Västerbotten", "Umeå"
    is_region: bool


@dataclass(eq=False, slots=True)
class Person:
    iri: URIRef
    name: str
    party: str | None  # abbreviation; None for officials
    org: Org
    title: str | None = None  # an official's job title


@dataclass(eq=False, slots=True)
class Attendee:
    """One line of a protocol's attendance lists."""

    person: Person
    roles: list[str]  # Swedish role labels, as the summary JSON spells them
    present: bool
    org_text: str | None  # the organisation as the list writes it
    group: str | None  # the heading of a numbered protocol's list ("Övriga", the body)
    section: str  # members | serving | substitutes | absent | coopted | others | secretary
    sections: tuple[int, int] | None = None  # partial attendance: first and last item
    memberships: list[URIRef] = field(default_factory=list)
    title_text: str | None = None  # the job title, where the list writes one


@dataclass(eq=False, slots=True)
class Fact:
    """Something an item's text states, and what the graph makes of it."""

    kind: str  # assignment | continued | reported | termination | options | interim |
    #            establishment | prior | minutes | election | membership-change |
    #            planned-meeting | review
    text: str  # the sentence as the protocol writes it
    data: dict[str, object] = field(default_factory=dict)
    node: URIRef | None = None


@dataclass(eq=False, slots=True)
class Item:
    number: int
    title: str
    kind: str | None  # "beslut" | "information" | None
    decision: str | None
    types: tuple[str, ...]  # decision types: keys of DECISION_TYPES
    paragraphs: list[str]  # the running text ("Ärendet")
    presenter: Attendee | None = None
    presenter_text: str | None = None  # "Föredragande: …" / "Information lämnas av …"
    dnr: str | None = None
    topics: tuple[Topic, ...] = ()
    facts: list[Fact] = field(default_factory=list)
    references: list[URIRef] = field(default_factory=list)
    attachment: str | None = None  # the title of an attached memo
    approves: URIRef | None = None  # the earlier meeting whose minutes are approved
    reports_back_on: URIRef | None = None


@dataclass(eq=False, slots=True)
class Meeting:
    """What one protocol records, in the order its text gives it."""

    iri: URIRef
    key: str
    body: BodySim
    date: date
    start: str  # "09:00"
    end: str
    place: str
    digital: bool
    layout: str  # "paragraph" | "numbered"
    organisation_text: str = ""
    dnr: str | None = None
    attendees: list[Attendee] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    adjuster: Attendee | None = None

    @property
    def chair(self) -> Attendee | None:
        return next((a for a in self.attendees if "ordförande" in a.roles and a.present), None)

    @property
    def section_range(self) -> str:
        first, last = self.items[0].number, self.items[-1].number
        return f"§§ {first}-{last}" if self.layout == "paragraph" else f"{first} - {last}"

    @property
    def identifier(self) -> str:
        """The protocol's file stem (dct:identifier); its text is `<identifier>.txt`."""
        return slug(self.key.removeprefix("meeting/"))

    def section_label(self, number: int) -> str:
        return f"§ {number}" if self.layout == "paragraph" else f"ärende {number}"


# --- the simulation's state -------------------------------------------------------------


class Namer:
    """Unique names in a seeded order: first name and surname, later two surnames."""

    def __init__(self, rng: random.Random):
        first, last = names()
        self.first, self.last = list(first), list(last)
        rng.shuffle(self.first)
        rng.shuffle(self.last)
        self.count = 0

    def next(self) -> str:
        f, n = len(self.first), len(self.last)
        k, self.count = self.count, self.count + 1
        j = (k * 7919) % (f * n)  # a prime step: every pair once, in a spread order
        first, last = self.first[j % f], self.last[j // f]
        if k < f * n:
            return f"{first} {last}"
        second = (j // f + 1 + k // (f * n)) % n
        return f"{first} {last} {self.last[second if second != j // f else (second + 1) % n]}"


@dataclass(eq=False, slots=True)
class Seat:
    person: Person
    role: str  # "ledamot" | "ersättare"
    start: date
    end: date
    membership: URIRef
    replaces: Seat | None = None  # the seat of a member who left during the term


@dataclass(eq=False, slots=True)
class ChairTerm:
    person: Person
    role: str  # "ordförande" | "vice ordförande"
    year: int
    membership: URIRef


@dataclass(eq=False)
class BodySim:
    """A body and what the simulation knows about it."""

    county: CountySim
    index: int
    template: BodyTemplate
    iri: URIRef
    key: str
    label: str
    layout: str
    meetings_per_year: int
    topic: Topic | None = None
    agreement: URIRef | None = None
    start: date = date(FIRST_YEAR, 1, 1)
    planned: bool = False  # a gemensam nämnd decided on but not yet meeting
    bridge: URIRef | None = None  # the interim agreement its own agreement replaces
    seats: list[Seat] = field(default_factory=list)
    chairs: dict[int, tuple[ChairTerm, ChairTerm]] = field(default_factory=dict)
    numbers: dict[int, int] = field(default_factory=dict)  # year → last item number
    previous: tuple[URIRef, date] | None = None
    secretary: Person | None = None
    officials: list[Person] = field(default_factory=list)
    coopted: list[Person] = field(default_factory=list)
    term: int = -1
    told: set[int] = field(default_factory=set)  # years and seats already announced

    @property
    def short(self) -> str:
        return self.template.short

    @property
    def political(self) -> bool:
        return self.template.political


@dataclass(eq=False, slots=True)
class AssignmentRef:
    task: str
    giver: BodySim
    receiver: BodySim
    given: date
    report_date: date
    node: URIRef | None = None  # set when the item that gives it is mapped


@dataclass(eq=False, slots=True)
class Step:
    kind: str  # a CountyWriter.step_* method
    body: BodySim
    after: date


@dataclass(eq=False)
class Matter:
    """An issue thread: steps in one or more bodies, one diary number, one topic."""

    topic: Topic
    dnr: str
    subject: str  # the topic as the titles write it
    steps: list[Step]
    agreement: tuple[URIRef, str] | None = None  # an agreement it is about: IRI, title
    assignment: AssignmentRef | None = None
    board: BodySim | None = None  # the gemensam nämnd a lifecycle sets up
    decided: tuple[BodySim, date] | None = None  # its last decision, for "beslutat den"


class Agenda:
    """The items of one meeting as they are added: notes (no decision) and decisions. An
    item is an informationsärende when its decision only notes information."""

    def __init__(self, meeting: Meeting):
        self.m = meeting

    def note(self, title: str, *paragraphs: str) -> Item:
        item = Item(0, title, None, None, (), list(paragraphs))
        self.m.items.append(item)
        return item

    def decide(self, title: str, decision: str, types: str, *paragraphs: str,
               matter: Matter | None = None, about: str | None = None) -> Item:  # fmt: skip
        """A decision item; the third with the same opening words in one meeting names what
        it is about first ("I ärendet om X beslutar …"), as secretaries vary their wording."""
        kinds = tuple(types.split())
        kind = "information" if kinds == ("information_noted",) else "beslut"
        about = about or (matter.subject if matter else None)
        head = f"{self.m.body.short} beslutar att "
        same = sum(1 for it in self.m.items if (it.decision or "")[:60] == decision[:60])
        if about and decision.startswith(head) and same >= 2:
            decision = (
                f"I ärendet om {about} beslutar {self.m.body.short} att {decision[len(head) :]}"
            )
        item = Item(0, title, kind, decision, kinds, list(paragraphs))
        if matter is not None:
            item.dnr, item.topics = matter.dnr, (matter.topic,)
        self.m.items.append(item)
        return item

    def count(self, kind: str) -> int:
        return sum(1 for it in self.m.items for f in it.facts if f.kind == kind)

    def noted(self, about: str) -> str:
        """A decision that notes the information about something, worded in turn one of four
        ways (a protocol seldom words three items alike)."""
        s = self.m.body.short
        n = sum(1 for it in self.m.items if it.types == ("information_noted",))
        return (
            f"{s} beslutar att lägga informationen om {about} till handlingarna.",
            f"Informationen om {about} läggs till handlingarna.",
            f"{s} noterar informationen om {about} och lägger den till handlingarna.",
            f"{s} beslutar att notera informationen om {about}.",
        )[n % 4]


# --- a county over ten years ------------------------------------------------------------


class CountySim:
    """One county: its bodies, people, matters and the calendar of its meetings."""

    def __init__(self, seed: int, namer: Namer, region: reference.Region, n_bodies: int):
        self.rng = random.Random(f"{seed}-{region.county_code}")
        self.namer = namer
        self.info = region
        self.code = region.county_code
        self.region = Org(ID[f"region/{self.code}"], region.name, region.short_name, True)
        self.munis = [
            Org(ID[f"municipality/{m.scb_code}"], m.name, m.short_name, False)
            for m in reference.municipalities()
            if m.county_code == self.code
        ] or [self.region]
        self.kommuner = f"Kommunerna i {region.county_name}"
        self.pools: dict[tuple[URIRef, bool], list[Person]] = {}
        self.queues: dict[int, list[Matter]] = {}  # body index → matters whose turn it is
        self.dnr_count = 0
        self.heap: list[tuple[date, int, int]] = []
        self.calendars: dict[int, Iterator[date]] = {}
        self.agreement: tuple[URIRef, str] | None = None
        self.service_agreements: list[tuple[URIRef, str, Topic]] = []
        self.topics = list(topics())
        self.rng.shuffle(self.topics)
        self.bodies: list[BodySim] = []
        for _ in range(n_bodies):
            self.new_body()

    # --- people ---

    def person(self, org: Org, political: bool, avoid: set[int]) -> Person:
        """A politician or an official of `org`: often one who already sits elsewhere."""
        pool = self.pools.setdefault((org.iri, political), [])
        free = [p for p in pool if id(p) not in avoid]
        if free and self.rng.random() < 0.45:
            person = self.rng.choice(free)
        else:
            name = self.namer.next()
            party = self.party(org) if political else None
            title = None if political else self.rng.choice(job_titles()[org.is_region])
            person = Person(ID[f"person/{slug(name)}"], name, party, org, title)
            pool.append(person)
        avoid.add(id(person))
        return person

    def party(self, org: Org) -> str:
        """National parties by size; a local party only where its name says it belongs."""
        choices = []
        for rank, p in enumerate(reference.parties()):
            local = _local_place(p.name)
            if local is None:
                choices.append((p.abbreviation, max(1, 30 - 4 * rank)))
            elif local in (org.short, self.info.short_name):
                choices.append((p.abbreviation, 6))
        return self.rng.choices([a for a, _ in choices], [w for _, w in choices])[0]

    # --- bodies and their calendars ---

    def new_body(self, template: BodyTemplate | None = None, topic: Topic | None = None) -> BodySim:
        index = len(self.bodies)
        usual = [t for t in body_templates() if t.topic != "lifecycle"]
        if template is None:
            template = usual[index % len(usual)]
            if template.topic == "yes":
                topic = self.topics[(index + 3 * (index // len(usual))) % len(self.topics)]
        label = template.label.format(topic=topic.label if topic else "")
        if template.topic == "no" and index >= len(usual):
            label = f"{label} {index // len(usual) + 1}"
        layout = ("paragraph", "numbered")[(index + int(self.code)) % 2 if index > 1 else index]
        per_year = 4 + self.rng.randrange(2 if template.political else 3)
        key = f"{self.code}/{slug(label)}"
        body = BodySim(
            self, index, template, ID[f"body/{key}"], key, label, layout, per_year, topic
        )
        self.bodies.append(body)
        return body

    def schedule(self, body: BodySim) -> None:
        """Meeting days: `meetings_per_year` working days a year, spread over the year."""

        def days() -> Iterator[date]:
            months = {4: (2, 4, 9, 11), 5: (2, 3, 5, 9, 11), 6: (1, 3, 4, 6, 9, 11)}
            for year in range(body.start.year, FIRST_YEAR + YEARS):
                chosen = set()
                for month in months[body.meetings_per_year]:
                    day = date(year, month, 2 + self.rng.randrange(24))
                    chosen.add(
                        day + timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
                    )
                yield from sorted(chosen)

        self.calendars[body.index] = days()
        self.push(body)

    def push(self, body: BodySim) -> None:
        day = next(self.calendars[body.index], None)
        if day is not None:
            heapq.heappush(self.heap, (day, body.index, body.index))

    # --- seats and chairs ---

    def seat_term(self, body: BodySim, day: date) -> None:
        """The seats of the term of office `day` falls in: about a third are new, and one
        in eight members leaves during the term for someone else."""
        term = (day.year - FIRST_YEAR) // TERM_YEARS
        if term == body.term:
            return
        body.term, rng = term, self.rng
        start = max(body.start, date(FIRST_YEAR + term * TERM_YEARS, 1, 1))
        end = date(FIRST_YEAR + (term + 1) * TERM_YEARS - 1, 12, 31)
        ended = start - timedelta(days=1)
        members = [s for s in body.seats if s.role == "ledamot" and s.end >= ended]
        kept = [s.person for s in members if rng.random() < 0.62]
        used = {id(p) for p in [body.secretary] if p is not None}  # one line each
        seats: list[Seat] = []

        def seat(person: Person, role: str, s: date, replaces: Seat | None = None) -> Seat:
            key = f"{body.key}/{person.iri.rsplit('/', 1)[-1]}/{slug(role)}/{s.year}"
            new = Seat(person, role, s, end, ID[f"membership/{key}"], replaces)
            seats.append(new)
            return new

        def member(org: Org) -> Person:
            person = next((p for p in kept if p.org is org and id(p) not in used), None)
            if person is not None:
                used.add(id(person))
                return person
            return self.person(org, body.political, used)

        munis = rng.sample(
            self.munis, min(len(self.munis), 5 + rng.randrange(4 if body.political else 6))
        )
        regional = (4 + rng.randrange(3)) if body.political else 3 + rng.randrange(2)
        for org in [self.region] * regional + munis:
            first = seat(member(org), "ledamot", start)
            if rng.random() < 0.12:  # leaves during the term
                leave = start + timedelta(
                    days=120 + rng.randrange(max(1, (end - start).days - 240))
                )
                first.end = leave - timedelta(days=1)
                seat(self.person(org, body.political, used), "ledamot", leave, first)
        for _ in range(2 + rng.randrange(3) if body.political else rng.randrange(2)):
            org = self.region if rng.random() < 0.4 else rng.choice(munis)
            seat(self.person(org, body.political, used), "ersättare", start)
        body.seats = seats
        body.secretary = body.secretary or self.person(self.region, False, used)
        body.officials = [
            self.person(self.region, False, used) for _ in range(2 + rng.randrange(3))
        ]
        body.officials += [
            self.person(rng.choice(munis), False, used) for _ in range(rng.randrange(2))
        ]
        body.coopted = [self.person(self.region, False, used) for _ in range(rng.randrange(2))]

    def chairs(self, body: BodySim, day: date) -> tuple[ChairTerm, ChairTerm]:
        """Chair and vice chair of the year: region and kommuner take turns yearly, and a
        chair often comes back two years later."""
        year = day.year
        if year in body.chairs:
            return body.chairs[year]
        members = [s for s in body.seats if s.role == "ledamot" and s.start <= day <= s.end]
        whole = [s for s in members if s.end >= date(year, 12, 31)] or members
        region = [s for s in whole if s.person.org.is_region]
        munis = [s for s in whole if not s.person.org.is_region]
        first, second = (region, munis) if (year + body.index) % 2 == 0 else (munis, region)
        first, second = first or whole, second or whole
        before = body.chairs.get(year - 2)
        chair = next((s for s in first if before and s.person is before[0].person), None)
        chair = chair or self.rng.choice(first)
        vice = self.rng.choice([s for s in second if s is not chair] or whole)

        def term(s: Seat, role: str) -> ChairTerm:
            key = f"{body.key}/{s.person.iri.rsplit('/', 1)[-1]}/{slug(role)}/{year}"
            return ChairTerm(s.person, role, year, ID[f"membership/{key}"])

        body.chairs[year] = (term(chair, "ordförande"), term(vice, "vice ordförande"))
        return body.chairs[year]

    # --- matters ---

    def new_dnr(self, year: int) -> str:
        self.dnr_count += 1
        return f"SAM {year}/{self.dnr_count:04d}"

    def active(self, political: bool) -> list[BodySim]:
        return [b for b in self.bodies if b.political == political and not b.planned]

    def queue(self, matter: Matter) -> None:
        """Put a matter in the queue of the body its next step is for."""
        if matter.steps:
            self.queues.setdefault(matter.steps[0].body.index, []).append(matter)

    def start_matter(self, body: BodySim, day: date) -> None:
        """A new issue thread, first dealt with by `body` on `day`."""
        rng = self.rng
        topic = body.topic or rng.choice(self.topics)
        givers, takers = self.active(True), self.active(False)
        giver = body if body.political else rng.choice(givers or [body])
        taker = body if not body.political else rng.choice(takers or [body])
        subject = rng.choice((topic.label, *topic.variants[:4]))
        matter = Matter(topic, self.new_dnr(day.year), subject, [])
        who = {"body": body, "giver": giver, "taker": taker}
        after = day
        for kind, role, gap in rng.choices([f for _, f in FLOWS], [w for w, _ in FLOWS])[0]:
            after += timedelta(days=gap)
            matter.steps.append(Step(kind, who[role], after))
        self.queue(matter)

    def start_lifecycle(self, day: date) -> None:
        """An agreement terminated, investigated, bridged, and replaced by a joint board."""
        givers, takers = self.active(True), self.active(False)
        if not givers or not takers or not self.service_agreements:
            return
        agreement, title, topic = self.service_agreements.pop(0)
        template = next(t for t in body_templates() if t.topic == "lifecycle")
        board = self.new_body(template, topic)
        board.planned, board.layout = True, "paragraph"
        matter = Matter(topic, self.new_dnr(day.year), topic.label, [], (agreement, title))
        matter.board = board
        steps = (("terminate", givers[0]), ("options", takers[0]), ("interim", givers[0]))
        matter.steps = [Step(kind, who, day) for kind, who in steps]
        self.queue(matter)

    def due(self, body: BodySim, day: date) -> list[tuple[Matter, Step]]:
        """The steps `body` takes on `day` (four at most; the others wait)."""
        waiting = self.queues.get(body.index, [])
        ready = [m for m in waiting if m.steps[0].after <= day][:4]
        self.queues[body.index] = [m for m in waiting if m not in ready]
        return [(m, m.steps.pop(0)) for m in ready]


# --- documents of a county --------------------------------------------------------------


class CountyWriter:
    """Turns a county's simulation into documents, in date order."""

    def __init__(self, county: CountySim):
        self.c = county
        self.rng = county.rng

    def documents(self) -> Iterator[Doc]:
        c = self.c
        yield from self.opening_docs()
        for body in c.bodies:
            c.schedule(body)
        starts = [date(FIRST_YEAR, 1, 20) + timedelta(days=self.rng.randrange(40))]
        starts += sorted(
            date(FIRST_YEAR + 1 + self.rng.randrange(7), 1 + self.rng.randrange(12), 1)
            for _ in c.service_agreements[1:]
        )
        while c.heap:
            day, _, index = heapq.heappop(c.heap)
            while starts and starts[0] <= day:
                starts.pop(0)
                c.start_lifecycle(day)
            body = c.bodies[index]
            if body.planned and body.bridge is not None:  # its first meeting: its agreement
                body.planned = False
                title = f"Samverkansavtal om {lower_first(body.label)}"
                yield self.agreement_doc(title, body.start, [body], body.bridge)
            yield self.meeting(body, day)
            c.push(body)
            for board in c.bodies:
                if board.bridge is not None and board.index not in c.calendars:
                    c.schedule(board)

    # --- descriptions every document repeats ---

    def body(self, doc: Doc, body: BodySim, passage: URIRef | None = None) -> URIRef:
        doc.typed(body.iri, GOV.Body)
        doc.add(body.iri, SKOS.prefLabel, _sv(body.label))
        doc.add(body.iri, GOV.bodyKind, GOV[body.template.kind])
        doc.add(body.iri, GOV.county, Literal(self.c.code))
        doc.add(body.iri, GOV.runBy, self.c.region.iri)
        doc.add(body.iri, GOV.governedBy, body.agreement)
        if passage is not None:
            doc.evidence(body.iri, passage)
        return body.iri

    def board(self, doc: Doc, board: BodySim, passage: URIRef) -> URIRef:
        """A gemensam nämnd as the decision to set it up describes it: planned."""
        doc.typed(board.iri, GOV.Body)
        doc.add(board.iri, SKOS.prefLabel, _sv(board.label))
        doc.add(board.iri, GOV.bodyKind, GOV[board.template.kind])
        doc.add(board.iri, GOV.county, Literal(self.c.code))
        doc.add(board.iri, GOV.bodyStatus, GOV.Planned)
        doc.add(board.iri, GOV.host, self.c.region.iri)
        doc.evidence(board.iri, passage)
        return board.iri

    def person(self, doc: Doc, person: Person) -> URIRef:
        doc.typed(person.iri, FOAF.Person)
        doc.add(person.iri, FOAF.name, Literal(person.name))
        return person.iri

    def membership(
        self, doc: Doc, seat: Seat | ChairTerm, body: BodySim, day: date | None, passage: URIRef
    ) -> None:
        node, person = seat.membership, seat.person
        if isinstance(seat, Seat):
            start, end = seat.start, seat.end
        else:
            start, end = date(seat.year, 1, 1), date(seat.year, 12, 31)
        doc.typed(node, ORG.Membership)
        doc.add(node, ORG.member, self.person(doc, person))
        doc.add(node, ORG.organization, body.iri)
        doc.add(node, ORG.role, ROLES[seat.role])
        doc.add(node, GOV.party, ID[f"party/{slug(person.party)}"] if person.party else None)
        doc.add(node, GOV.represents, person.org.iri)
        doc.add(node, GOV.jobTitle, _text(person.title))
        doc.add(node, GOV.attestedOn, _d(day) if day else None)
        span = URIRef(f"{node}/period")
        doc.add(node, ORG.memberDuring, span)
        doc.typed(span, DCT.PeriodOfTime)
        doc.add(span, DCAT.startDate, _d(start))
        doc.add(span, DCAT.endDate, _d(end))
        doc.evidence(node, passage)

    # --- agreements ---

    def agreement_doc(
        self,
        title: str,
        day: date,
        governs: list[BodySim],
        replaces: URIRef | None = None,
        alternation: bool = True,
    ) -> Doc:
        c = self.c
        key = f"{c.code}/{slug(title)[:90].strip('-')}"
        doc = Doc(f"agreement/{key}", "agreement")
        agreement = ID[f"agreement/{key}"]
        p = doc.passage(title)
        doc.typed(doc.document, GOV.AgreementDocument)
        doc.add(doc.document, GOV.documents, agreement)
        doc.add(doc.document, DCT.identifier, Literal(slug(key)))
        doc.add(doc.document, DCT.source, Literal(f"{slug(key)}.txt"))
        doc.add(doc.document, GOV.sha256, Literal(hashlib.sha256(doc.key.encode()).hexdigest()))
        doc.add(doc.document, DCT.title, _sv(title))
        doc.typed(agreement, GOV.CollaborationAgreement)
        doc.add(agreement, DCT.title, _sv(title))
        doc.add(agreement, GOV.inForceFrom, _d(day))
        doc.add(agreement, GOV.noticePeriod, Literal("P12M", datatype=XSD.duration))
        doc.add(agreement, GOV.reviewInterval, Literal("P4Y", datatype=XSD.duration))
        doc.add(agreement, GOV.timeLimited, _BOOLEANS[False])
        doc.add(agreement, GOV.agreementStatus, GOV.InForce)
        doc.add(agreement, DCT.replaces, replaces)
        doc.evidence(agreement, p)
        for body in governs:
            body.agreement = agreement
            doc.add(agreement, GOV.governs, self.body(doc, body, p))
        parties = [c.region, *(m for m in c.munis if m is not c.region)]
        for org in parties:
            doc.add(agreement, GOV.party, org.iri)
        for k, org in enumerate(parties[:4], 1):
            sig = URIRef(f"{agreement}/signature/{k}")
            signer = c.person(org, True, set())
            doc.typed(sig, GOV.Signature)
            doc.add(sig, GOV.signer, self.person(doc, signer))
            doc.add(sig, GOV.signerRole, Literal("ordförande i styrelsen"))
            doc.add(sig, GOV.onBehalfOf, org.iri)
            doc.add(agreement, GOV.signature, sig)
            doc.evidence(sig, doc.passage(f"För {org.name}: {signer.name}"))
        rules = [
            ("Parterna sammanträder minst fyra gånger per år.", GOV.MeetingFrequencyRule),
            ("Ersättare tjänstgör när en ledamot är frånvarande.", GOV.SubstituteRule),
        ]
        if alternation:
            text = "Ordförandeskapet växlar årligen mellan regionen och kommunerna."
            rules.append((text, GOV.AlternationRule))
        for k, (text, kind) in enumerate(rules, 1):
            rule = URIRef(f"{agreement}/rule/{k}")
            doc.typed(rule, GOV.Rule)
            doc.add(rule, RDF.value, _sv(text))
            doc.add(rule, GOV.ruleKind, kind)
            if kind == GOV.MeetingFrequencyRule:
                doc.add(rule, GOV.minMeetingsPerYear, _int(4))
            doc.add(agreement, GOV.rule, rule)
            doc.evidence(rule, doc.passage(text, "Sammanträden"))
        for k, (who, org, seats) in enumerate(
            [(c.region.name, c.region.iri, 5), (c.kommuner, None, 7)], 1
        ):
            rule = URIRef(f"{agreement}/seat-rule/{k}")
            doc.typed(rule, GOV.SeatRule)
            doc.add(rule, GOV.appointingParty, Literal(who))
            doc.add(rule, GOV.appointingOrganisation, org)
            doc.add(rule, GOV.seats, _int(seats))
            doc.add(agreement, GOV.seatRule, rule)
            doc.evidence(rule, doc.passage(f"{who} utser {seats} ledamöter.", "Sammansättning"))
        event = URIRef(f"{agreement}/entry-into-force")
        doc.typed(event, GOV.EntryIntoForce)
        doc.add(event, GOV.eventType, GOV.CameIntoForce)
        doc.add(event, GOV.concerns, agreement)
        doc.dated(event, day)
        doc.evidence(event, p)
        return doc

    def opening_docs(self) -> list[Doc]:
        """The agreement that governs a county's bodies, and service agreements that
        lifecycles may end."""
        c, rng = self.c, self.rng
        title = f"Överenskommelse om samverkan inom hälsa och välfärd i {c.info.county_name}"
        start = date(FIRST_YEAR - 1 - rng.randrange(2), 1 + rng.randrange(12), 1)
        docs = [self.agreement_doc(title, start, list(c.bodies))]
        c.agreement = (URIRef(str(c.bodies[0].agreement)), title)
        for topic in c.topics[: 1 + len(c.bodies) // 6]:
            title = f"Samverkansavtal om {topic.label} mellan {c.region.name} och kommunerna"
            day = date(2008 + rng.randrange(6), 1 + rng.randrange(12), 1)
            docs.append(self.agreement_doc(title, day, [], None, False))
            c.service_agreements.append(
                (ID[f"agreement/{c.code}/{slug(title)[:90]}"], title, topic)
            )
        return docs

    # --- a meeting ---

    def meeting(self, body: BodySim, day: date) -> Doc:
        c, rng = self.c, self.rng
        c.seat_term(body, day)
        key = f"meeting/{body.key}/{day.isoformat()}"
        place, digital = rng.choice(places())
        place = place.format(town=rng.choice(c.munis).short, region=c.region.name)
        hour = 8 + rng.randrange(5)
        start = f"{hour:02d}:{rng.choice(('00', '30'))}"
        end = f"{hour + 2 + rng.randrange(3):02d}:{rng.choice(('00', '15', '30', '45'))}"
        m = Meeting(ID[key], key, body, day, start, end, place, digital, body.layout)
        if m.layout == "numbered":
            m.dnr = f"SAM {day.year}/{90 + body.index:03d}{len(body.numbers) + 1}"
            m.organisation_text = f"kommunerna i {c.info.short_name} och {c.region.name}"
        self.attendance(m)
        if m.layout == "paragraph":
            groups = dict.fromkeys(a.org_text for a in m.attendees if a.section == "members")
            m.organisation_text = " och ".join(g for g in groups if g)
        self.agenda(m)
        doc = Doc(key, "meeting")
        doc.meeting = m
        self.map_meeting(doc, m)
        body.previous = (m.iri, day)
        return doc

    def attendance(self, m: Meeting) -> None:
        """Members (chair and vice chair first), serving substitutes, other substitutes,
        the absent, co-opted members, officials and the secretary, as the lists go."""
        body, day, rng, c = m.body, m.date, self.rng, self.c
        numbered = m.layout == "numbered"
        chair, vice = c.chairs(body, day)
        seats = [s for s in body.seats if s.start <= day <= s.end]
        members = sorted(
            (s for s in seats if s.role == "ledamot"),
            key=lambda s: (
                not (numbered or s.person.org.is_region),
                s.person is not chair.person,
                s.person is not vice.person,
            ),
        )
        subs = [s for s in seats if s.role == "ersättare"]
        rng.shuffle(subs)

        def line(seat: Seat, roles: list[str], section: str, *terms: ChairTerm) -> Attendee:
            org = seat.person.org
            written = org.name if numbered or org.is_region else c.kommuner
            group = body.label if numbered else None
            return Attendee(
                seat.person,
                roles,
                section != "absent",
                written,
                group,
                section,
                memberships=[seat, *terms],
            )

        present, serving, absent = [], [], []
        chair_here = rng.random() < 0.93
        for seat in members:
            if seat.person is chair.person:
                att = line(seat, ["ordförande"], "members" if chair_here else "absent", chair)
            elif seat.person is vice.person:
                roles = ["vice ordförande"] + ([] if chair_here else ["ordförande"])
                att = line(seat, roles, "members", vice)
            else:
                att = line(seat, ["ledamot"], "members" if rng.random() < 0.88 else "absent")
            if att.present:
                if att.roles == ["ledamot"] and not numbered and rng.random() < 0.05:
                    att.sections = (0, 0)  # the §§ are numbered with the agenda
                present.append(att)
                continue
            absent.append(att)
            same = [s for s in subs if s.person.org.is_region == seat.person.org.is_region]
            if same and rng.random() < 0.6:
                subs.remove(same[0])
                sub = line(
                    same[0], ["tjänstgörande ersättare"], "members" if numbered else "serving"
                )
                (present if numbered else serving).append(sub)
        m.attendees = present + serving
        m.attendees += [line(s, ["ersättare"], "substitutes") for s in subs if rng.random() < 0.3]
        m.attendees += absent
        if numbered:
            m.attendees += [
                Attendee(p, ["adjungerad"], True, p.org.name, None, "coopted") for p in body.coopted
            ]
        group = "Övriga" if numbered else None
        for p in body.officials:
            if rng.random() < 0.8:
                sections = (0, 0) if rng.random() < 0.3 else None
                m.attendees.append(
                    Attendee(
                        p,
                        ["övrig"],
                        True,
                        p.org.name,
                        group,
                        "others",
                        sections,
                        title_text=p.title,
                    )
                )
        p = body.secretary
        assert p is not None
        if numbered:
            m.attendees.append(
                Attendee(
                    p,
                    ["övrig", "protokollförare"],
                    True,
                    p.org.name,
                    group,
                    "others",
                    title_text=p.title,
                )
            )
        else:
            m.attendees.append(Attendee(p, ["sekreterare"], True, None, None, "secretary"))
        adjusters = [a for a in present if "ordförande" not in a.roles and a.sections is None]
        if adjusters:
            m.adjuster = rng.choice(adjusters)
            m.adjuster.roles.append("justerare")

    # --- the agenda ---

    def agenda(self, m: Meeting) -> None:
        """Opening, roll call, justerare, agenda and minutes, elections, the steps of the
        matters it is the body's turn to take, a few topics, and the closing."""
        body, day, rng, c = m.body, m.date, self.rng, self.c
        numbered, s, chair = m.layout == "numbered", body.short, m.chair
        a = Agenda(m)
        who = chair.person if chair else None
        name = f"{who.name} ({who.party})" if who and who.party else (who.name if who else "")
        if numbered:
            a.note("Mötet öppnas", f"Ordföranden {name} hälsar välkommen och öppnar mötet.")
        else:
            opened = f"kl. {m.start.replace(':', '.')} {date_text(day)}"
            a.note(
                "Sammanträdets öppnande",
                f"{s}s ordförande {name} förklarar sammanträdet öppnat {opened}.",
            )
            a.note(
                "Upprop och fastställande av närvarorätt",
                "Upprop och presentation av deltagare genomförs, se protokollets framsida.",
            )
        if m.adjuster is not None:
            p = m.adjuster.person
            adj = f"{p.name} ({p.party})" if p.party else p.name
            if numbered:
                a.decide("Val av justerare", f"Till justerare utsågs {adj}.", "appointment")
            else:
                text = f"{s} beslutar att utse {adj} att jämte ordföranden justera protokollet."
                a.decide(
                    "Val av protokolljusterare", text, "appointment", "Justering sker digitalt."
                )
        if numbered:
            a.decide(
                "Godkännande av föredragningslistan", "Föredragningslistan godkändes.", "approved"
            )
        else:
            text = f"{s} beslutar att fastställa föredragningslistan."
            a.decide("Fastställande av föredragningslista", text, "approved")
        if body.previous is not None:
            earlier, when = body.previous
            if numbered:
                text = f"Protokollet från sammanträdet {when.isoformat()} godkändes och lades "
                text += "till handlingarna."
            else:
                text = f"{s} beslutar att godkänna protokollet från sammanträdet "
                text += f"{when.isoformat()} och lägga det till handlingarna."
            it = a.decide(
                "Föregående protokoll",
                text,
                "approved",
                f"Protokollet från {date_text(when)} redovisas.",
            )
            it.approves = earlier
            it.facts.append(Fact("minutes", text, {"meeting": earlier}))
        if day.month <= 3 and day.year not in body.told and day.year in body.chairs:
            body.told.add(day.year)
            ch, vc = body.chairs[day.year]
            text = (
                f"{s} utser {ch.person.name}, {ch.person.org.name}, till ordförande och "
                f"{vc.person.name}, {vc.person.org.name}, till vice ordförande för {day.year}."
            )
            why = "Enligt överenskommelsen växlar ordförandeskapet årligen mellan regionen och "
            it = a.decide(
                f"Val av ordförande och vice ordförande {day.year}",
                text,
                "appointment",
                why + "kommunerna.",
            )
            it.facts.append(Fact("election", text, {"terms": (ch, vc)}))
        self.membership_changes(m, a)
        for matter, step in c.due(body, day):
            getattr(self, f"step_{step.kind}")(m, matter, a)
            c.queue(matter)
        if rng.random() < 0.35:
            c.start_matter(body, day)
        for _ in range(1 + rng.randrange(3)):
            self.topic_item(m, a)
        self.review(m, a)
        if rng.random() < 0.08:
            extra = day + timedelta(days=14 + rng.randrange(20))
            text = f"{s} beslutar att kalla till ett extra sammanträde {date_text(extra)}."
            it = a.decide(
                "Extra sammanträde",
                text,
                "scheduled_meeting",
                "Ett extra sammanträde behövs för att hinna bereda budgeten.",
            )
            it.facts.append(Fact("planned-meeting", text, {"day": extra}))
        a.note("Övriga frågor", "Inga övriga frågor.")
        if numbered:
            a.note("Mötet avslutas", "Ordföranden tackar deltagarna.")
        else:
            closed = f"kl. {m.end.replace(':', '.')}"
            a.note(
                "Sammanträdets avslutande", f"Ordföranden förklarar sammanträdet avslutat {closed}."
            )
        first = body.numbers.get(day.year, 0) + 1
        for n, it in enumerate(m.items, first):
            it.number = n
        body.numbers[day.year] = m.items[-1].number
        for att in m.attendees:
            if att.sections is not None:
                lo = first + 2 + rng.randrange(max(1, len(m.items) // 2))
                att.sections = (lo, min(lo + 1 + rng.randrange(4), m.items[-1].number))
        self.presenters(m)

    def presenters(self, m: Meeting) -> None:
        """An official present for the item presents it, or the chair does."""
        others = [a for a in m.attendees if a.section == "others"]
        others = [a for a in others if "protokollförare" not in a.roles]
        for it in m.items:
            if not it.topics or not it.paragraphs:
                continue
            here = [
                a for a in others if not a.sections or a.sections[0] <= it.number <= a.sections[1]
            ]
            if here and self.rng.random() < 0.75:
                att = self.rng.choice(here)
                p = att.person
                if m.layout == "numbered":
                    it.presenter_text = f"Föredragande: {p.name}, {p.title}, {p.org.name}."
                else:
                    it.presenter_text = f"Information lämnas av {p.name}, {p.org.name}."
            elif m.chair is not None:
                att = m.chair
                it.paragraphs.append("Ordföranden föredrar ärendet.")
            else:
                continue
            it.presenter = att
            if "föredragande" not in att.roles:
                att.roles.append("föredragande")

    def membership_changes(self, m: Meeting, a: Agenda) -> None:
        body = m.body
        for seat in body.seats:
            if seat.replaces is None or seat.start > m.date or id(seat) in body.told:
                continue
            body.told.add(id(seat))
            new, gone = seat.person, seat.replaces.person
            text = f"{body.short} beslutar att notera att {new.name} ersätter {gone.name} som "
            text += f"ledamot från {seat.start.isoformat()}."
            it = a.decide(
                "Ledamotsbyte",
                text,
                "other",
                f"{gone.name} har lämnat sitt uppdrag i {body.label}.",
            )
            it.facts.append(Fact("membership-change", text, {"in": new, "out": gone}))

    def topic_item(self, m: Meeting, a: Agenda) -> None:
        rng, c, s = self.rng, self.c, m.body.short
        topic = m.body.topic if m.body.topic and rng.random() < 0.5 else rng.choice(c.topics)
        label = rng.choice((topic.label, *topic.variants))
        title = rng.choice(
            (f"Information om {label}", f"Lägesrapport {label}", f"{upper_first(label)} i länet")
        )
        text = (
            f"Arbetet med {topic.label} i {c.info.county_name} redovisas. Huvudmännen ser "
            f"ett fortsatt behov av samordning kring {label}.",
            f"En lägesbild för {label} presenteras, med statistik för {c.info.county_name}.",
            f"Utvecklingen inom {topic.label} följs upp av regionen och kommunerna gemensamt.",
        )[sum(1 for it in m.items if it.topics and not it.dnr) % 3]
        pick = rng.random()
        if pick < 0.7:
            noted = (
                a.noted(label),
                "Informationen är delgiven.",
                f"{s} godkände informationen.",
            )
            it = a.decide(title, rng.choice(noted), "information_noted", text)
        elif pick < 0.85:
            decision = f"{s} beslutar att godkänna handlingsplanen för {topic.label}."
            it = a.decide(f"Handlingsplan för {label}", decision, "approved", text, about=label)
            it.attachment = f"PM Handlingsplan för {topic.label}"
        else:
            decision = f"{s} beslutar att överlämna ärendet om {label} till huvudmännen."
            it = a.decide(title, decision, "other", text, about=label)
        it.topics = (topic,)

    def review(self, m: Meeting, a: Agenda) -> None:
        """The follow-up of the governing agreement, every third year in the autumn."""
        c, body, day = self.c, m.body, m.date
        if c.agreement is None or body.index != 0 or day.month < 9:
            return
        if (day.year - FIRST_YEAR) % 3 != 1 or -day.year in body.told:
            return
        body.told.add(-day.year)
        agreement, title = c.agreement
        text = f"{body.short} beslutar att godkänna uppföljningen av {lower_first(title)}."
        it = a.decide(
            f"Uppföljning av {lower_first(title)}",
            text,
            "approved",
            f"Enligt {lower_first(title)} ska samverkan följas upp regelbundet.",
        )
        it.references.append(agreement)
        it.facts.append(Fact("review", text, {"agreement": agreement}))
        it.dnr = c.new_dnr(day.year)

    # --- the steps of a matter ---

    def _title(self, matter: Matter, what: str | None = None) -> str:
        return f"{upper_first(matter.subject)} – {what}" if what else upper_first(matter.subject)

    def _assign(
        self, m: Meeting, matter: Matter, taker: BodySim, task: str, months: int | None = None
    ) -> tuple[str, Fact]:
        """An assignment to give: the words of the decision that gives it, and the fact for
        its item. One in five is never reported back."""
        report = m.date + timedelta(days=30 * (months or 2 + self.rng.randrange(8)))
        ref = AssignmentRef(task, m.body, taker, m.date, report)
        matter.assignment = ref
        if months is None and self.rng.random() < 0.2:
            matter.steps = [st for st in matter.steps if st.kind != "report"]
        for st in matter.steps:
            if st.kind in ("report", "interim"):
                st.after = max(st.after, report)
        words = f"ge {taker.short} i uppdrag att {task} och att återrapportera till "
        words += f"{m.body.short} senast {report.isoformat()}"
        return words, Fact("assignment", task, {"ref": ref})

    def _taker(self, m: Meeting) -> BodySim:
        return next((b for b in self.c.active(False) if b is not m.body), m.body)

    def step_info(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        subject = matter.subject
        text = a.noted(subject)
        a.decide(
            self._title(matter, "information"),
            text,
            "information_noted",
            f"Frågan om {subject} har beretts av tjänstepersoner från regionen och kommunerna.",
            f"En förstudie om {matter.topic.label} pågår.",
            matter=matter,
        )
        matter.decided = (m.body, m.date)

    def step_assign(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        why = f"Behovet av en gemensam handlingsplan för {matter.subject} har lyfts flera gånger."
        task = f"ta fram ett förslag till handlingsplan för {matter.topic.label}"
        words, fact = self._assign(m, matter, self._taker(m), task)
        text = f"{m.body.short} beslutar att {words}."
        it = a.decide(self._title(matter, "uppdrag"), text, "assignment_given", why, matter=matter)
        it.facts.append(fact)

    def step_prior_assign(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        """A decision taken earlier in another body leads to an assignment."""
        why = f"Arbetet med {matter.subject} behöver samordnas mellan huvudmännen."
        taker = next((st.body for st in matter.steps if st.kind == "work"), self._taker(m))
        task = f"kartlägga behoven inom {matter.topic.label} i länet"
        words, fact = self._assign(m, matter, taker, task)
        text = f"{m.body.short} beslutar att godkänna inriktningen och att {words}."
        it = a.decide(self._title(matter), text, "approved assignment_given", why, matter=matter)
        if matter.decided is not None and matter.decided[0] is not m.body:
            other, when = matter.decided
            said = f"{other.short} har {when.isoformat()} beslutat att föreslå en gemensam "
            said += f"kartläggning av {matter.topic.label}."
            it.paragraphs.insert(0, said)
            it.facts.append(Fact("prior", said, {"body": other, "day": when}))
        it.facts.append(fact)

    def step_work(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        """The body that was given an assignment speaks of it."""
        text = a.noted("arbetet")
        it = a.decide(
            self._title(matter, "pågående uppdrag"), text, "information_noted", matter=matter
        )
        ref = matter.assignment
        if ref is not None:
            said = f"Uppdraget från {ref.giver.short} {ref.given.isoformat()} att {ref.task} pågår."
            it.paragraphs = [said, "En arbetsgrupp med företrädare för huvudmännen har bildats."]
            it.facts.append(Fact("continued", said, {"ref": ref}))
        matter.decided = (m.body, m.date)

    def step_report(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        """An assignment reported back: said so (gov:reportsBackOn), or only by the words
        "återkoppling av uppdrag" in an item of the same matter."""
        ref, s, subject = matter.assignment, m.body.short, matter.subject
        if ref is None:
            return
        if self.rng.random() < 0.5:
            said = f"{s} gav {ref.given.isoformat()} {ref.receiver.short} i uppdrag att {ref.task}."
            texts = (
                f"{s} beslutar att godkänna återrapporteringen om {subject} och lägga den "
                "till handlingarna.",
                f"Återrapporteringen om {subject} godkänns och läggs till handlingarna.",
                f"{s} godkänner återrapporteringen om {subject}.",
            )
            it = a.decide(
                self._title(matter, "återrapportering av uppdrag"),
                texts[a.count("reported") % 3],
                "approved",
                said,
                "Uppdraget är återrapporterat.",
                matter=matter,
            )
            it.reports_back_on = ref.node
            it.facts.append(Fact("reported", said, {"ref": ref}))
        else:
            it = a.decide(
                self._title(matter, "återkoppling av uppdrag"),
                a.noted(f"återkopplingen om {subject}"),
                "information_noted",
                f"{ref.receiver.short} redovisar arbetet med {subject}.",
                matter=matter,
            )
        it.attachment = f"PM {upper_first(ref.task)}"

    def step_recommend(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        text = f"{m.body.short} beslutar att rekommendera huvudmännen att besluta enligt "
        text += f"förslaget om {matter.topic.label}."
        why = f"Förslaget om {matter.subject} har stöd hos samtliga huvudmän."
        a.decide(self._title(matter, "rekommendation"), text, "recommendation", why, matter=matter)

    def step_refer(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        text = f"{m.body.short} beslutar att återremittera ärendet om {matter.subject} för "
        text += "ytterligare beredning."
        why = f"Förslaget om {matter.subject} behöver förankras hos huvudmännen."
        a.decide(self._title(matter, "förslag"), text, "referred_back", why, matter=matter)

    def step_approve(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        text = f"{m.body.short} beslutar att godkänna det reviderade förslaget om {matter.subject}."
        why = f"Förslaget om {matter.subject} har reviderats efter återremissen."
        a.decide(self._title(matter, "återremitterat ärende"), text, "approved", why, matter=matter)

    def step_delegate(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        text = f"{m.body.short} beslutar att beslutsnivån för riktlinjer om {matter.topic.label} "
        text += f"flyttas till {self._taker(m).short}."
        why = "Riktlinjerna är inte av politisk karaktär."
        a.decide(self._title(matter, "beslutsnivå"), text, "delegation", why, matter=matter)

    def step_plan(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        text = f"{m.body.short} beslutar att anta handlingsplanen för {matter.topic.label}."
        why = f"Handlingsplanen för {matter.subject} gäller i tre år och följs upp årligen."
        it = a.decide(self._title(matter, "handlingsplan"), text, "approved", why, matter=matter)
        years = f"{m.date.year}–{m.date.year + 2}"
        it.attachment = f"PM Handlingsplan för {matter.topic.label} {years}"

    def step_follow_up(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        text = a.noted(f"uppföljningen av handlingsplanen för {matter.subject}")
        why = f"Handlingsplanen för {matter.topic.label} har följts upp för {m.date.year - 1}."
        a.decide(
            self._title(matter, f"uppföljning {m.date.year}"),
            text,
            "information_noted",
            why,
            matter=matter,
        )

    # --- a lifecycle: termination → investigation → options → interim → joint board ---

    def step_terminate(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        assert matter.agreement is not None
        agreement, title = matter.agreement
        given = m.date - timedelta(days=10)
        notice_end = date(m.date.year + 1, m.date.month, 1) - timedelta(days=1)
        said = f"{self.c.region.name} har {date_text(given)} sagt upp {lower_first(title)}. "
        said += f"Uppsägningstiden gäller till {notice_end.isoformat()}."
        taker = matter.steps[0].body if matter.steps else m.body
        task = f"utreda en ny samverkansform för {matter.topic.label}"
        words, fact = self._assign(m, matter, taker, task, 6)
        text = f"{m.body.short} beslutar att {words}."
        it = a.decide(f"{title} – uppsägning", text, "assignment_given", said, matter=matter)
        it.references.append(agreement)
        end = {"agreement": agreement, "day": given, "notice_end": notice_end}
        it.facts += [Fact("termination", said, end), fact]
        if matter.steps:
            matter.steps[0].after = m.date + timedelta(days=60)

    def step_options(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        """The investigating body reports the forms it studies."""
        assert matter.agreement is not None and matter.assignment is not None
        agreement, title = matter.agreement
        ref = matter.assignment
        ended = f"{self.c.region.name} har sagt upp {lower_first(title)}."
        said = f"{ref.giver.short} gav {ref.given.isoformat()} {ref.receiver.short} i uppdrag att "
        said += f"{ref.task}."
        options = f"De organisationsformer som utreds är {', '.join(OPTIONS[:-1])} och "
        options += f"{OPTIONS[-1]}."
        text = a.noted("utredningen")
        it = a.decide(
            f"{upper_first(matter.topic.label)} – utredning av samverkansform",
            text,
            "information_noted",
            f"{ended} {said}",
            options,
            matter=matter,
        )
        it.references.append(agreement)
        it.attachment = f"PM Utredning av samverkansform för {matter.topic.label}"
        it.facts += [
            Fact("termination", ended, {"agreement": agreement}),
            Fact("continued", said, {"ref": ref}),
            Fact("options", options),
        ]

    def step_interim(self, m: Meeting, matter: Matter, a: Agenda) -> None:
        """The assignment reported back: an interim agreement "i avvaktan på" a new form,
        and a gemensam nämnd to start on the first of January."""
        assert matter.agreement is not None and matter.board is not None
        c, board, ref = self.c, matter.board, matter.assignment
        start = date(m.date.year + 1, 1, 1)
        title = f"Interimistiskt samverkansavtal om {matter.topic.label}"
        interim = ID[f"agreement/{c.code}/{slug(title)}-{m.date.year}"]
        named = lower_first(board.label)
        pending = f"I avvaktan på att en {PENDING} implementeras har ett {lower_first(title)} "
        pending += "godkänts av respektive part."
        established = f"Under förutsättning av erforderliga beslut kan {named} starta "
        established += f"{start.isoformat()} med {c.region.name} som värd."
        text = f"{m.body.short} beslutar att godkänna återrapporteringen och att rekommendera "
        text += f"huvudmännen att besluta enligt förslaget om {named}."
        it = a.decide(
            f"{upper_first(matter.topic.label)} – återrapportering av uppdrag",
            text,
            "approved recommendation",
            pending,
            established,
            "Uppdraget är återrapporterat.",
            matter=matter,
        )
        it.references.append(matter.agreement[0])
        bridge = {"title": title, "replaces": matter.agreement[0], "board": board}
        it.facts.append(Fact("interim", pending, bridge, interim))
        it.facts.append(Fact("establishment", established, {"board": board, "day": start}))
        if ref is not None:
            it.reports_back_on = ref.node
            it.facts.append(Fact("reported", pending, {"ref": ref}))
        board.start, board.bridge = start, interim

    # --- the graph of a meeting ---

    def map_meeting(self, doc: Doc, m: Meeting) -> None:
        body, iri = m.body, m.iri
        title = f"Protokoll {body.label} {m.date.isoformat()}"
        header = doc.passage(title)
        d = doc.document
        doc.typed(d, GOV.Protocol)
        doc.add(d, GOV.minutesOf, iri)
        doc.add(d, DCT.identifier, Literal(m.identifier))
        doc.add(d, DCT.source, Literal(f"{m.identifier}.txt"))
        doc.add(d, GOV.sha256, Literal(hashlib.sha256(m.key.encode()).hexdigest()))
        doc.add(d, GOV.layout, Literal(m.layout))
        doc.add(d, GOV.diaryNumber, _text(m.dnr))
        doc.add(d, DCT.title, _sv(title))
        doc.typed(iri, GOV.Meeting)
        doc.add(iri, GOV.body, self.body(doc, body, header))
        doc.add(iri, GOV.bodyText, Literal(body.label))
        doc.add(iri, DCT.date, _d(m.date))
        doc.add(iri, GOV.startTime, _time(m.start))
        doc.add(iri, GOV.endTime, _time(m.end))
        doc.add(iri, GOV.place, Literal(m.place))
        doc.add(iri, GOV.digital, _BOOLEANS[m.digital])
        doc.add(iri, GOV.diaryNumber, _text(m.dnr))
        doc.add(iri, GOV.sectionRange, Literal(m.section_range))
        doc.add(iri, GOV.organisationText, _text(m.organisation_text))
        doc.evidence(iri, header)
        for order, att in enumerate(m.attendees, 1):
            self.map_attendee(doc, m, att, order)
        for it in m.items:
            self.map_item(doc, m, it)

    def map_attendee(self, doc: Doc, m: Meeting, att: Attendee, order: int) -> None:
        person = att.person
        node = URIRef(f"{m.iri}/attendance/{order}")
        p = doc.passage(f"{person.name} ({person.party})" if person.party else person.name)
        doc.typed(node, GOV.Attendance)
        doc.add(node, GOV.meeting, m.iri)
        doc.add(node, GOV.attendee, self.person(doc, person))
        doc.add(node, GOV.nameText, Literal(person.name))
        doc.add(node, GOV.present, _BOOLEANS[att.present])
        for role in att.roles:
            doc.add(node, GOV.attendanceRole, ROLES[role])
        doc.add(node, GOV.party, ID[f"party/{slug(person.party)}"] if person.party else None)
        doc.add(node, GOV.represents, person.org.iri)
        doc.add(node, GOV.organisationText, _text(att.org_text))
        doc.add(node, GOV.jobTitle, _text(att.title_text))
        doc.add(node, GOV.attendanceGroup, _text(att.group))
        doc.add(node, GOV.listOrder, _int(order))
        if att.sections:
            doc.add(node, GOV.fromSection, _int(att.sections[0]))
            doc.add(node, GOV.toSection, _int(att.sections[1]))
        doc.evidence(node, p)
        for seat in att.memberships:
            self.membership(doc, seat, m.body, m.date, p)

    def map_item(self, doc: Doc, m: Meeting, it: Item) -> None:
        node = URIRef(f"{m.iri}/item/{it.number}")
        section = m.section_label(it.number)
        doc.typed(node, GOV.AgendaItem)
        doc.add(node, GOV.meeting, m.iri)
        doc.add(node, GOV.itemNumber, Literal(str(it.number)))
        doc.add(node, DCT.title, _sv(it.title))
        doc.add(node, GOV.itemKind, ITEM_KINDS.get(it.kind or ""))
        doc.add(node, GOV.sectionLabel, Literal(section))
        text = " ".join([it.title, *([it.decision] if it.decision else []), *it.paragraphs])
        doc.add(node, GOV.itemText, Literal(text))
        doc.add(node, GOV.diaryNumber, _text(it.dnr))
        for topic in it.topics:
            doc.add(node, GOV.topic, topic.iri)
        for ref in it.references:
            doc.add(node, DCT.references, ref)
        doc.add(node, GOV.approvesMinutesOf, it.approves)
        doc.add(node, GOV.reportsBackOn, it.reports_back_on)
        doc.add(node, GOV.presenter, it.presenter.person.iri if it.presenter else None)
        doc.evidence(node, doc.passage(it.title, section))
        if it.attachment:
            memo = URIRef(f"{node}/document/1")
            doc.typed(memo, GOV.Memo)
            doc.add(memo, DCT.title, _sv(it.attachment))
            doc.add(memo, GOV.attachedTo, node)
            doc.evidence(memo, doc.passage(it.attachment, section))
        if it.decision:
            decision = URIRef(f"{node}/decision")
            doc.typed(decision, GOV.Decision)
            doc.add(decision, GOV.decisionOf, node)
            doc.add(decision, GOV.decisionText, _sv(it.decision))
            for kind in it.types:
                doc.add(decision, GOV.decisionType, DECISION_TYPES[kind])
            doc.add(decision, GOV.decidedBy, m.body.iri)
            doc.add(decision, DCT.date, _d(m.date))
            doc.evidence(decision, doc.passage(it.decision, section))
        counts: dict[str, int] = {}
        for fact in it.facts:
            counts[fact.kind] = counts.get(fact.kind, 0) + 1
            fact.node = fact.node or URIRef(f"{node}/{fact.kind}-{counts[fact.kind]}")
            self.map_fact(doc, m, node, fact, doc.passage(fact.text, section))

    def map_fact(self, doc: Doc, m: Meeting, item: URIRef, fact: Fact, p: URIRef) -> None:
        node, data, c = fact.node, fact.data, self.c
        assert node is not None
        kind = fact.kind
        if kind in ("election", "review"):
            for term in data.get("terms", ()):  # type: ignore[attr-defined]
                self.membership(doc, term, m.body, None, p)
            if kind == "review":
                doc.add(data["agreement"], GOV.reviewedOn, _d(m.date))  # type: ignore[arg-type]
            return
        event = {
            "termination": GOV.Termination,
            "establishment": GOV.Establishment,
            "interim": GOV.InterimAgreement,
        }.get(kind)
        if kind in ("assignment", "continued", "reported"):
            self.map_assignment(doc, m, item, fact)
        elif event is not None:
            doc.typed(node, event)
        else:
            doc.typed(node, GOV.Event)
        if kind == "termination":
            agreement: URIRef = data["agreement"]  # type: ignore[assignment]
            doc.add(node, GOV.eventType, GOV.NoticeGiven)
            doc.add(node, GOV.terminates, agreement)
            doc.add(node, GOV.terminatedBy, c.region.iri)
            doc.add(agreement, GOV.agreementStatus, GOV.Terminated)
            if isinstance(data.get("day"), date):
                doc.dated(node, data["day"], date_text(data["day"]))  # type: ignore[arg-type]
                doc.add(node, GOV.noticeEnd, _d(data["notice_end"]))  # type: ignore[arg-type]
        elif kind == "options":
            doc.add(node, GOV.eventType, GOV.OptionsStudied)
            for option in OPTIONS:
                doc.add(node, GOV.optionStudied, _sv(option))
            doc.dated(node, m.date)
        elif kind == "interim":
            board: BodySim = data["board"]  # type: ignore[assignment]
            doc.add(node, DCT.title, _sv(str(data["title"])))
            doc.add(node, GOV.agreementStatus, GOV.InForce)
            doc.add(node, GOV.inForceFrom, _d(m.date))
            doc.add(node, GOV.timeLimited, _BOOLEANS[False])
            doc.add(node, GOV.approvedByText, Literal("respektive part"))
            doc.add(node, GOV.pendingText, Literal(PENDING))
            doc.add(node, DCT.replaces, data["replaces"])  # type: ignore[arg-type]
            doc.add(node, GOV.bridgesTo, self.board(doc, board, p))
            for org in [c.region, *(x for x in c.munis if x is not c.region)]:
                doc.add(node, GOV.party, org.iri)
        elif kind == "establishment":
            doc.add(node, GOV.eventType, GOV.BodyEstablished)
            doc.add(node, GOV.establishes, self.board(doc, data["board"], p))  # type: ignore[arg-type]
            doc.add(node, GOV.host, c.region.iri)
            doc.dated(node, data["day"])  # type: ignore[arg-type]
        elif kind == "prior":
            doc.add(node, GOV.eventType, GOV.DecisionElsewhere)
            doc.add(node, GOV.actor, self.body(doc, data["body"]))  # type: ignore[arg-type]
            doc.add(node, RDFS.label, _sv(fact.text))
            doc.dated(node, data["day"])  # type: ignore[arg-type]
        elif kind == "minutes":
            doc.add(node, GOV.eventType, GOV.MinutesApproval)
            doc.add(node, GOV.concerns, data["meeting"])  # type: ignore[arg-type]
            doc.dated(node, m.date)
        elif kind == "membership-change":
            doc.add(node, GOV.eventType, GOV.MembershipChange)
            doc.add(node, GOV.concerns, m.body.iri)
            doc.add(node, GOV.incoming, self.person(doc, data["in"]))  # type: ignore[arg-type]
            doc.add(node, GOV.outgoing, self.person(doc, data["out"]))  # type: ignore[arg-type]
            doc.dated(node, m.date)
        elif kind == "planned-meeting":
            doc.add(node, GOV.eventType, GOV.PlannedMeeting)
            doc.add(node, GOV.concerns, m.body.iri)
            doc.add(node, RDFS.label, _sv("extra sammanträde"))
            doc.dated(node, data["day"], date_text(data["day"]))  # type: ignore[arg-type]
        doc.add(node, GOV.mentionedIn, item)
        doc.evidence(node, p)

    def map_assignment(self, doc: Doc, m: Meeting, item: URIRef, fact: Fact) -> None:
        """An assignment given in the item, or one it speaks of (still open, or reported
        back in it): the latter is a node of this document, as ingest would make it."""
        node, ref = fact.node, fact.data["ref"]
        assert node is not None and isinstance(ref, AssignmentRef)
        doc.typed(node, GOV.Assignment)
        doc.add(node, GOV.task, _sv(ref.task))
        doc.add(node, GOV.assignedBy, self.body(doc, ref.giver))
        doc.add(node, GOV.assignedTo, self.body(doc, ref.receiver))
        doc.add(node, GOV.reportBackDate, _d(ref.report_date))
        doc.add(node, GOV.reportBackText, Literal(ref.report_date.isoformat()))
        doc.add(node, GOV.reportBackTo, ref.giver.iri)
        if fact.kind == "assignment":
            ref.node = node
            doc.add(node, GOV.givenIn, item)
            doc.add(node, GOV.givenOn, _d(m.date))
            doc.dated(node, m.date)
        else:
            doc.dated(node, ref.given, exact=False)
        if fact.kind == "reported":
            doc.add(node, GOV.reportedBackIn, item)
        doc.add(
            node, GOV.assignmentStatus, GOV.ReportedBack if fact.kind == "reported" else GOV.Open
        )


# --- the stream -------------------------------------------------------------------------


def ontology_doc() -> Doc:
    """The ontology graph as ensure_ontology writes it, its triples in a fixed order."""
    from .ontology_graph import vocabulary_graph

    graph, _ = vocabulary_graph()
    doc = Doc("ontology", "ontology")
    for s, p, o in sorted(graph, key=lambda t: tuple(_nt(x) for x in t)):
        doc.add(s, p, o)  # type: ignore[arg-type]
    return doc


def reference_doc() -> Doc:
    """Every region and kommun of data/reference/, and the parties."""
    doc = Doc("synthetic/reference", "reference")
    rows = [
        (ID[f"region/{r.county_code}"], GOV.Region, r.name, r.county_code, r.county_code)
        for r in reference.regions()
    ]
    rows += [
        (ID[f"municipality/{m.scb_code}"], GOV.Municipality, m.name, m.scb_code, m.county_code)
        for m in reference.municipalities()
    ]
    for node, cls, name, code, county in rows:
        doc.typed(node, cls)
        doc.add(node, SKOS.prefLabel, _sv(name))
        doc.add(node, GOV.scbCode, Literal(code))
        doc.add(node, GOV.county, Literal(county))
    for party in reference.parties():
        node = ID[f"party/{slug(party.abbreviation)}"]
        doc.typed(node, GOV.PoliticalParty)
        doc.add(node, SKOS.prefLabel, _sv(party.name))
        doc.add(node, SKOS.notation, Literal(party.abbreviation))
    return doc


def bodies_per_county(target_triples: int) -> int:
    counties = len(reference.regions())
    return max(3, min(MAX_BODIES, -(-target_triples // (counties * PER_BODY))))


def _docs(target_triples: int, seed: int) -> Iterator[Doc]:
    total = 0
    for doc in (ontology_doc(), reference_doc()):
        total += len(doc.triples)
        yield doc
    rng = random.Random(seed)
    namer = Namer(rng)
    regions = list(reference.regions())
    rng.shuffle(regions)
    n = bodies_per_county(target_triples)
    for region in regions:
        for doc in CountyWriter(CountySim(seed, namer, region, n)).documents():
            if total >= target_triples:
                return
            total += len(doc.triples)
            yield doc


def documents(target_triples: int, seed: int = 1) -> Iterator[Document]:
    """The stream as `Document`s: graph IRI, triples and, for a protocol, its meeting."""
    for doc in _docs(target_triples, seed):
        yield Document(doc.iri, doc.kind, tuple(doc.triples), doc.meeting)


def generate(target_triples: int, seed: int = 1) -> Iterator[tuple[str, Graph]]:
    """(graph IRI, graph) per synthetic document until about `target_triples` triples."""
    for doc in documents(target_triples, seed):
        yield doc.iri, doc.graph()


def meetings(target_triples: int, seed: int = 1, layout: str | None = None) -> Iterator[Meeting]:
    """The meetings of the stream, optionally of one layout ("paragraph", "numbered")."""
    for doc in _docs(target_triples, seed):
        if doc.meeting is not None and layout in (None, doc.meeting.layout):
            yield doc.meeting


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt(term: Node) -> str:
    """A term in N-Triples syntax."""
    if isinstance(term, URIRef):
        return f"<{term}>"
    assert isinstance(term, Literal)
    text = str(term).translate(_ESCAPES)
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype is not None and term.datatype != XSD.string:
        return f'"{text}"^^<{term.datatype}>'
    return f'"{text}"'


def quad_lines(doc: Document | Doc) -> str:
    """A document's triples as N-Quads lines in its graph."""
    graph = f" <{doc.iri}> .\n"
    return "".join(f"{_nt(s)} {_nt(p)} {_nt(o)}{graph}" for s, p, o in doc.triples)


def write_nquads(path: str | Path, target_triples: int, seed: int = 1) -> int:
    """Write the synthetic stream as N-Quads, a document at a time; the number of quads."""
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        for doc in _docs(target_triples, seed):
            out.write(quad_lines(doc))
            count += len(doc.triples)
    return count
