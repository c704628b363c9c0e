"""Plain records that extraction produces and the RDF mapping consumes.

Extraction reads text and fills these; it knows nothing of RDF. The mapping turns them
into triples; it knows nothing of text layouts. Offsets always refer to the original
(raw) text of the document, so a page can quote the exact sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .text import Span


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact came from: a character span of the raw text, and the sentence."""

    start: int
    end: int
    quote: str
    section: str | None = None  # "§ 16", "ärende 52"; None for the header


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date as written, with the earliest and latest day it can mean."""

    text: str
    earliest: date
    latest: date

    @property
    def exact(self) -> date | None:
        return self.earliest if self.earliest == self.latest else None


# --- facts found inside item texts ------------------------------------------------


@dataclass(slots=True)
class Termination:
    """An uppsägning: `by` terminates `agreement` on `date`; notice runs to `notice_end`."""

    agreement: str  # the agreement as written ("samverkansavtalet gällande hjälpmedel…")
    by: str | None
    date: DateValue | None
    notice_end: DateValue | None
    evidence: Evidence
    topic: str | None = None  # what the agreement is about, as written


@dataclass(slots=True)
class Assignment:
    """An uppdrag given by `giver` to `receivers`, possibly with a report-back date."""

    task: str
    giver: str | None
    receivers: list[str]
    evidence: Evidence
    given: DateValue | None = None  # when it was given, if stated (else: this meeting)
    report_date: DateValue | None = None
    report_to: str | None = None
    reported_back: bool = False  # this item reports the assignment back
    given_earlier: bool = False  # the text refers to an assignment given at an earlier time


@dataclass(slots=True)
class AgreementMention:
    """An agreement named in a text (existing, approved, interim)."""

    title: str
    kind: str  # "samverkansavtal" | "interimistiskt avtal" | "överenskommelse"
    evidence: Evidence
    since: DateValue | None = None
    approved_by: str | None = None  # "respektive part"
    time_limited: bool | None = None
    pending: str | None = None  # "ny samverkansform": what it bridges to, as written


@dataclass(slots=True)
class PlannedBody:
    """A body to be set up ("en gemensam nämnd med Region X som värdkommun")."""

    kind: str  # "gemensam nämnd", "kommunalförbund", …
    evidence: Evidence
    host: str | None = None
    start: DateValue | None = None
    purpose: str | None = None


@dataclass(slots=True)
class Milestone:
    """A dated step of a plan ("remisshantering under hösten 2023")."""

    label: str
    date: DateValue
    evidence: Evidence


@dataclass(slots=True)
class OptionsStudied:
    """Alternatives under investigation ("avtalssamverkan, gemensam nämnd, …")."""

    options: list[str]
    evidence: Evidence


@dataclass(slots=True)
class ProtocolReference:
    """A reference to an earlier protocol, filed or approved in this item."""

    date: DateValue | None
    evidence: Evidence
    body: str | None = None
    approved: bool = False


@dataclass(slots=True)
class PriorDecision:
    """A decision taken elsewhere and reported in the text ("Länsstyrgruppen har
    2023-04-25 beslutat att tillstyrka …")."""

    body: str
    date: DateValue | None
    text: str
    evidence: Evidence


@dataclass(slots=True)
class Election:
    """A person chosen for a role in a body for a period ("… till ordförande för 2026")."""

    person: str
    role: str
    evidence: Evidence
    organisation: str | None = None
    body: str | None = None
    period: DateValue | None = None


@dataclass(slots=True)
class MembershipChange:
    """ "X ersätter Y" in a named body."""

    body: str | None
    incoming: list[str]
    outgoing: list[str]
    evidence: Evidence


@dataclass(slots=True)
class ScheduledMeeting:
    """A meeting announced for later (next meeting, extra meeting)."""

    date: DateValue
    evidence: Evidence
    body: str | None = None
    time: str | None = None  # "HH:MM"
    extra: bool = False


Fact = (
    Termination
    | Assignment
    | AgreementMention
    | PlannedBody
    | Milestone
    | OptionsStudied
    | ProtocolReference
    | PriorDecision
    | Election
    | MembershipChange
    | ScheduledMeeting
)


# --- protocols --------------------------------------------------------------------


@dataclass(slots=True)
class Attendee:
    name: str
    roles: list[str]  # Swedish role labels: "ordförande", "ledamot", "justerare", …
    present: bool
    evidence: Evidence
    party: str | None = None  # upper-case abbreviation, "S", "SJVP"
    organisation: str | None = None  # as written on the line or the group heading
    job_title: str | None = None
    group: str | None = None  # list heading of a joint meeting ("Länssamverkansgruppen")
    sections: tuple[int, int] | None = None  # partial attendance: first and last §


@dataclass(slots=True)
class DocumentReference:
    """A document attached to or underlying an item (Bilaga, Beslutsunderlag, PM)."""

    kind: str  # "bilaga" | "beslutsunderlag" | "pm" | "handling"
    title: str
    evidence: Evidence


@dataclass(slots=True)
class Item:
    number: str
    title: str
    kind: str | None  # "beslut" | "information" | None
    decision: str | None
    evidence: Evidence  # the heading
    text: str = ""  # the whole item, normalised (for fact extraction and search)
    text_start: int = 0  # raw offsets of the whole item
    text_end: int = 0
    body: Span | None = None  # the item text after its heading, with raw offsets
    heading_ends: list[int] = field(default_factory=list)  # body indexes after sub-headings
    decision_evidence: Evidence | None = None
    decision_types: list[str] = field(default_factory=list)
    presenters: list[str] = field(default_factory=list)
    documents: list[DocumentReference] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)


@dataclass(slots=True)
class Meeting:
    """Everything a protocol says about one meeting."""

    layout: str  # "paragraph" (§-numbered) | "numbered" (numbered items)
    body: str | None
    date: str | None  # ISO
    attendees: list[Attendee]
    items: list[Item]
    organisation: str | None = None
    start_time: str | None = None  # "HH:MM"
    end_time: str | None = None
    place: str | None = None
    digital: bool | None = None
    diary_number: str | None = None
    section_range: str | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)  # per header field


# --- agreements -------------------------------------------------------------------


@dataclass(slots=True)
class Signatory:
    name: str
    role: str | None
    organisation: str | None
    evidence: Evidence


@dataclass(slots=True)
class SeatRule:
    appointing_party: str
    seats: int
    from_body: str | None
    evidence: Evidence


@dataclass(slots=True)
class Rule:
    text: str
    evidence: Evidence
    kind: str | None = None  # "meeting_frequency" | "alternation" | "substitutes" | …
    value: int | None = None  # e.g. minimum meetings per year


@dataclass(slots=True)
class AgreementDocument:
    title: str
    parties: list[str]
    signatories: list[Signatory]
    evidence: Evidence  # the title
    in_force_from: DateValue | None = None
    in_force_condition: str | None = None
    notice_period_months: int | None = None
    review_interval_years: int | None = None
    until_further_notice: bool = False
    governed_body: str | None = None
    bodies_mentioned: list[str] = field(default_factory=list)
    composition: list[SeatRule] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    body_formed: DateValue | None = None
    field_evidence: dict[str, Evidence] = field(default_factory=dict)


Document = Meeting | AgreementDocument
