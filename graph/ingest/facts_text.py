"""Shared helpers for fact extraction: segments, names of agents, dates in context.

A *segment* is a sentence of an item text, further cut where a protocol heading
("Beslut", "Ärendet", "Beslutsunderlag", …) was joined into the running text. Every
fact quotes the segment it came from. Agents (organisations and bodies) are found by
pattern only: "Region X", "X kommun", "Xs Kommuner", words ending in a body word
("-gruppen", "-beredningen", "nämnd", "styrelse", "nätverket", "samrådet", …),
acronyms and runs of capitalised words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from .dates import find_dates, has_year, shift_year
from .records import DateValue, Evidence
from .text import Span, sentences

_HEADINGS = (
    "Förslag till beslut|Beslutsunderlag|Beslutsärende|Informationsärende|Ärendet|"
    "Bakgrund|Nuläge|Beslut|Bilagor|Bilaga|Handlingar|Information|Föredragande"
)
_HEADING_RE = re.compile(rf"(?<![\w-])(?:{_HEADINGS})(?::\s*|\s+)(?=[A-ZÅÄÖ0-9\-–])")

BODY_WORD = (
    r"(?:grupp|gruppen|gruppens|beredning|beredningen|beredningens|nämnd|nämnden|"
    r"nämndens|styrelse|styrelsen|styrelsens|nätverk|nätverket|nätverkets|samråd|"
    r"samrådet|samrådets|rådet|rådets|ledning|ledningen|ledningens|koordinatorerna|"
    r"koordinatörerna|direktören|förbund|förbundet|förbundets|enheten|kansliet|"
    r"utskott|utskottet|fullmäktige)"
)
_CAP = r"[A-ZÅÄÖÉ][\w\-]*"
_ADJ = r"[A-ZÅÄÖ][a-zåäö]+(?:isk|iska|ala|liga|lig|ga)"
AGENT_PATTERN = (
    rf"(?:[Rr]egion|Landstinget)\s+(?:[A-ZÅÄÖ]\w*s\s+[a-zåäö]*{BODY_WORD}|{_CAP})"
    rf"|{_CAP}\s+(?:[Kk]ommun|[Kk]ommuner)\b"
    rf"|(?:{_ADJ}\s+)?(?:[A-ZÅÄÖa-zåäö]?[a-zåäö]*{BODY_WORD}|(?=[A-ZÅÄÖ])(?i:{BODY_WORD}))"
    rf"(?:\s+för\s+{_CAP}(?:\s+(?!och\b|vid\b|i\b|samt\b)[a-zåäö]+)?)?"
    r"|[A-ZÅÄÖ]{2,6}(?![\w-])"
    rf"|{_CAP}(?:\s+(?!Region\b){_CAP})+"
)
AGENT_RE = re.compile(rf"(?<![\w-])(?:{AGENT_PATTERN})(?![\w-])")
_SPLIT_AGENTS = re.compile(r"\s*,\s*|\s+tillsammans med\s+|\s+(?:och|samt)\s+(?=[A-ZÅÄÖ])")
# sentences() keeps "… 2021-12-31. Nästa …" and "… kl. 13.30. Svar …" together (it reads
# "31." as an ordinal)
_DATE_END = re.compile(r"(?:(?<=\d{4}-\d\d-\d\d\.)|(?<=\d[.:]\d\d\.))\s+(?=[A-ZÅÄÖ])")
_BARE_SEASON = re.compile(r"^(?:vår|höst|sommar)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence (or heading-free piece of one) with its normalised indexes."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Context:
    """Everything the extractors need to know about one item text."""

    body: Span
    section: str | None
    meeting_date: date | None
    body_name: str | None
    decision: str | None = None
    title: str | None = None
    segments: list[Segment] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return self.meeting_date.year if self.meeting_date else None

    def evidence(self, seg: Segment) -> Evidence:
        return self.body.evidence(self.section, seg.start, seg.end)

    def in_decision(self, text: str) -> bool:
        """Whether `text` (a segment or quote) belongs to the item's decision."""
        if not self.decision:
            return False
        return _squash(text)[:60] in _squash(self.decision)


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def segments(span: Span) -> list[Segment]:
    """The sentences of `span`, cut again before and after joined-in headings."""
    out: list[Segment] = []
    for i, j in _sentences(span):
        text = span.text[i:j]
        cuts = [0]
        for m in _HEADING_RE.finditer(text):
            cuts += [m.start(), m.end()]
        cuts.append(len(text))
        for a, b in pairwise(cuts):
            piece = text[a:b]
            lead = len(piece) - len(piece.lstrip(" -–•"))
            piece = piece[lead:].rstrip()
            if piece and not re.fullmatch(rf"(?:{_HEADINGS}):?", piece):
                out.append(Segment(i + a + lead, i + a + lead + len(piece), piece))
    return out


def _sentences(span: Span) -> list[tuple[int, int]]:
    out = []
    for i, j in sentences(span):
        for m in _DATE_END.finditer(span.text, i, j):
            out.append((i, m.start()))
            i = m.end()
        out.append((i, j))
    return out


def agents(text: str) -> list[tuple[int, int, str]]:
    """Organisations and bodies named in `text`, as (start, end, name)."""
    return [(m.start(), m.end(), m.group(0)) for m in AGENT_RE.finditer(text)]


def last_agent(text: str) -> str | None:
    found = [a for a in agents(text) if not re.match(r"(?:Den|I|Vid)\b", a[2])]
    return found[-1][2] if found else None


def agent_at(text: str, pos: int) -> str | None:
    """The agent starting at `pos`, if any."""
    m = AGENT_RE.match(text, pos)
    return m.group(0) if m else None


def agent_ending_at(text: str, pos: int) -> str | None:
    """The agent that ends right before `pos` (white space allowed)."""
    head = text[:pos].rstrip()
    hits = [a for a in agents(head) if a[1] == len(head)]
    return hits[-1][2] if hits else None


def split_agents(text: str) -> list[str]:
    """'Region X och Y kommun' → ['Region X', 'Y kommun']; keeps 'vård och omsorg'."""
    parts = [p.strip(" ,.") for p in _SPLIT_AGENTS.split(text.strip())]
    return [p for p in parts if p]


def strip_genitive(name: str) -> str:
    """'Politiska samverkansberedningens' → 'Politiska samverkansberedningen'."""
    if re.search(rf"{BODY_WORD}$", name) and name.endswith("s") and len(name) > 3:
        return name[:-1]
    return name


def clean_phrase(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


def dates_in(text: str, ctx: Context, tense: str = "present") -> list[tuple[int, int, DateValue]]:
    """Dates in `text`, with a missing year resolved against the meeting date.

    tense "future": a yearless date already past at the meeting is next year's;
    tense "past": a yearless date after the meeting is last year's.
    """
    out = []
    for s, e, value in find_dates(text, ctx.year):
        word = re.sub(r"^(?:under|i)\s+", "", value.text, flags=re.I)
        before = text[:s].rstrip().rsplit(" ", 1)[-1].casefold()
        if _BARE_SEASON.match(word) and before not in {"i", "tidig", "sen", "under"}:
            continue
        if before == "tidig" and value.earliest != value.latest:
            early_end = date(value.earliest.year, min(value.earliest.month + 1, 12), 28)
            value = DateValue(f"tidig {value.text}", value.earliest, early_end)
            s -= len("tidig ")
        out.append((s, e, resolve(value, ctx.meeting_date, tense)))
    return out


def resolve(value: DateValue, meeting: date | None, tense: str) -> DateValue:
    if meeting is None or has_year(value.text):
        return value
    if tense == "future" and value.latest < meeting:
        return shift_year(value, 1)
    if tense == "past" and value.earliest > meeting:
        return shift_year(value, -1)
    return value
