"""Agreements (överenskommelser, samverkansavtal): from text to an `AgreementDocument`.

An agreement is read in three parts. The title is the first block of lines. The body is
a run of sections under short headings ("Bakgrund", "Former för samarbete",
"Ikraftträdande"), each a mix of paragraphs and bullet lists. The signature block at the
end is laid out in columns: a row of party names, then signers' names, then their roles.

The facts come from the Swedish of the body: "träder i kraft 1 januari 2017",
"uppsägningstid av sex månader", "följa upp överenskommelsen vartannat år",
"X utser fem ordinarie ledamöter ur Y". Every fact keeps the sentence it came from,
with offsets into the raw text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .. import reference
from ..errors import NotAProtocol
from .dates import find_dates
from .records import AgreementDocument, DateValue, Evidence, Rule, SeatRule, Signatory
from .text import Line, SourceText, Span, join, sentences

# --- language ------------------------------------------------------------------------

NUMBER_WORDS = {
    "en": 1, "ett": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7,
    "åtta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12, "arton": 18,
    "tjugofyra": 24, "trettiosex": 36,
}  # fmt: skip
ORDINAL_WORDS = {
    "annat": 2, "andra": 2, "tredje": 3, "fjärde": 4, "femte": 5, "sjätte": 6,
    "sjunde": 7, "åttonde": 8, "nionde": 9, "tionde": 10,
}  # fmt: skip
_NUMBER = rf"(?:\d+|{'|'.join(sorted(NUMBER_WORDS, key=len, reverse=True))})"

_TITLE_WORDS = re.compile(
    r"^(?:Överenskommelse|Avtal|Samverkansavtal|Samarbetsavtal|Avsiktsförklaring"
    r"|Partnerskapsavtal|Ramavtal|Interimistiskt avtal)\b",
    re.IGNORECASE,
)
_AGREEMENT_SIGNALS = (
    re.compile(r"^\s*Ikraftträdande\b", re.IGNORECASE | re.MULTILINE),
    re.compile(r"\bträder i kraft\b", re.IGNORECASE),
    re.compile(r"\buppsägningstid", re.IGNORECASE),
    re.compile(r"\bgäller\s+(?:tills\s?vidare|från|fr\.\s?o\.\s?m)", re.IGNORECASE),
    re.compile(r"\bParterna\b"),
)
_PROTOCOL_SIGNALS = (
    re.compile(r"\b(?:Sammanträdes)?[Pp]rotokoll\b"),
    re.compile(r"^\s*§§?\s*\d+", re.MULTILINE),
    re.compile(r"^\s*(?:Beslutande|Närvarande|Justerare|Justering|Ej tjänstgörande)\b", re.M),
    re.compile(r"^\s*(?:Ärende|Punkt)\s+\d+", re.IGNORECASE | re.MULTILINE),
)

_BULLET = re.compile(r"^[•●▪◦∙·*\-–]\s*")
_END_OF_SENTENCE = re.compile(r"[.!?:;]$")

_IN_FORCE = re.compile(
    r"\b(?:träder i kraft|gäller (?:från|fr\.\s?o\.\s?m\.?)|börjar gälla)\b", re.IGNORECASE
)
_CONDITION = re.compile(
    r"\b(?:under förutsättning att|förutsatt att|under villkor att|med förbehåll för att)"
    r"\s+(?P<clause>.+?)[.]?$",
    re.IGNORECASE,
)
_UNTIL_FURTHER_NOTICE = re.compile(r"\btills\s?vidare\b", re.IGNORECASE)
_NOTICE = re.compile(r"\buppsägning", re.IGNORECASE)
_NOTICE_LENGTH = re.compile(
    rf"\b(?P<n>{_NUMBER})(?:\s*\(\d+\))?\s+(?P<unit>månad|månader|månaders|år|års)\b",
    re.IGNORECASE,
)
_REVIEW = re.compile(
    r"\b(?:följ(?:a|as|s)? upp|uppfölj|utvärder|revider|ses över|se över|omprövas)",
    re.IGNORECASE,
)
_EVERY_YEAR = re.compile(
    r"\b(?:varje år|årligen|en gång per år|en gång om året|varje kalenderår)\b",
    re.IGNORECASE,
)
_EVERY_NTH_YEAR = re.compile(
    rf"\b(?:vart\s*(?P<ord>{'|'.join(ORDINAL_WORDS)})|var\s*(?P<ord2>andra)"
    rf"|vart\s+(?P<n>\d+):?e|var\s+(?P<num>{_NUMBER})\s*:?e)\s+år\b",
    re.IGNORECASE,
)
_FORMED = re.compile(r"\b(?:bildades|inrättades|etablerades|startades|tillsattes)\b")

# The head nouns of collaboration bodies, in any compound ("socialberedningen").
_BODY_HEADS = (
    r"beredning|styrgrupp|ledningsgrupp|arbetsgrupp|samverkansgrupp|referensgrupp"
    r"|nämnd|styrelse|samråd|utskott|kommitté|presidium|systemledning|ledningsråd|råd"
)
# A named body: a definite singular form ("länsstyrgruppen"), or a genitive followed by
# the bare noun ("kommunförbundets styrelse"). "barn- och utbildningsberedningen" keeps
# its first half.
_BODY = re.compile(
    rf"(?<![\w-])(?P<name>(?:\w+-\s(?:och|eller)\s)?\w*(?:{_BODY_HEADS})(?:en|et|n))(?!\w)"
    rf"|(?<![\w-])(?P<gen>\w+s\s(?:{_BODY_HEADS}))(?![\w-])",
    re.IGNORECASE,
)
# An adjective before a body's name ("politiska", "regionala"), after an article or not.
_ATTRIBUTE = re.compile(r"(?:^|\s)(\w{4,}a)\s+$")
_NOT_ATTRIBUTES = {"vara", "skola", "kunna", "bara", "sedan", "dessa", "andra", "hela"}
_NOT_A_BODY = re.compile(r"områd", re.IGNORECASE)  # "området" is not a råd
_COMPLEMENT = re.compile(r"^\s+(?:inom|för)\s+(?P<scope>[^.;:]+)")
_SCOPE_STOP = re.compile(
    r"\s+(?:bildades|inrättades|etablerades|startades|tillsattes|har|hade|ska|skall|är"
    r"|var|utgör|leder|leds|består|mellan|som|genom|med|utser|fattar|beslutar|ansvarar"
    r"|sammanträder|träffas)\b"
)
_GOVERNING = re.compile(r"\b(?:sammansättning|uppdrag)\b", re.IGNORECASE)

_SEAT_SENTENCE = re.compile(r"^(?P<party>.+?)\s+utser\s+(?P<rest>.+?)[.]?$")
_SEATS = re.compile(
    rf"(?<!\w)(?P<n>{_NUMBER})\s+(?:ordinarie\s+)?(?:ledamöter|ledamot|representanter|platser)"
    rf"(?:\s+(?:ur|från|i)\s+(?P<body>.+?))?(?=\s+och\s+{_NUMBER}\s|$)",
    re.IGNORECASE,
)
_RULE_SECTION = re.compile(
    r"\b(?:former|sammansättning|organisation|arbetsformer|arbetssätt|mötesformer)\b",
    re.IGNORECASE,
)
_MEETINGS_PER_YEAR = re.compile(
    rf"\b(?:minst\s+)?(?P<n>{_NUMBER})\s+(?:gånger|ggr|tillfällen|möten|sammanträden)"
    rf"\s+(?:per|om|varje|i)\s+år",
    re.IGNORECASE,
)
# (kind, pattern), the first that matches names the rule.
_RULE_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("extra_meeting", re.compile(r"\bextra\s*(?:sammanträde|möte)|\bextrainsatt", re.I)),
    ("joint_days", re.compile(r"\btemadag|\bgemensamma?\s+(?:dag|dagar|konferens)", re.I)),
    ("meeting_frequency", re.compile(r"\b(?:sammanträd|möten|träffas)\w*", re.I)),
    ("alternation", re.compile(r"\b(?:växla|alterner|rotera|turas)\w*", re.I)),
    ("substitutes", re.compile(r"\bersättare\b", re.I)),
    ("minutes", re.compile(r"\bprotokoll\w*|\bminnesanteckning", re.I)),
    ("composition", re.compile(r"\bledamöter\b|\bledamot\b|\bingå\b", re.I)),
)

_ORGANISATION_WORDS = re.compile(
    r"\b(?:kommun|kommuner|region|regionen|landsting|landstinget|förbund|förbundet"
    r"|kommunförbund|kommunalförbund|stad|ab|nämnd|styrelse|förening|myndighet"
    r"|länsstyrelsen|universitet)\b",
    re.IGNORECASE,
)
_PERSON_NAME = re.compile(
    r"^[A-ZÅÄÖÉ][\w'’-]+(?:\s+(?:von\s+|af\s+|de\s+)?[A-ZÅÄÖÉ][\w'’-]+){1,3}$"
)


# --- structure -----------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """A paragraph or one bullet of a list: its lines, joined."""

    span: Span
    bullet: bool


@dataclass(slots=True)
class Section:
    heading: str | None
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Sentence:
    section: str | None
    span: Span
    i: int
    j: int
    bullet: bool

    @property
    def text(self) -> str:
        return self.span.text[self.i : self.j].strip()

    def evidence(self) -> Evidence:
        return self.span.evidence(self.section, self.i, self.j)


@dataclass(frozen=True, slots=True)
class Cell:
    text: str
    start: int  # raw offsets
    end: int
    x: int  # column position on its line


def _nonblank(lines: list[Line]) -> list[Line]:
    return [line for line in lines if not line.blank]


def _title_lines(lines: list[Line]) -> tuple[list[Line], int]:
    """The first block of non-blank lines, and the index of the line after it."""
    first = next((k for k, line in enumerate(lines) if not line.blank), len(lines))
    end = first
    while end < len(lines) and not lines[end].blank:
        end += 1
    return lines[first:end], end


def _is_bullet(line: Line) -> bool:
    return bool(_BULLET.match(line.text)) and not re.match(r"^-?\d", line.text)


def _previous(lines: list[Line], k: int) -> Line | None:
    return next((lines[p] for p in range(k - 1, -1, -1) if not lines[p].blank), None)


def _next(lines: list[Line], k: int) -> Line | None:
    return next((lines[p] for p in range(k + 1, len(lines)) if not lines[p].blank), None)


def _is_heading(lines: list[Line], k: int) -> bool:
    """A short, unpunctuated, capitalised line that stands between blocks of text."""
    line = lines[k]
    text = line.text
    if line.blank or _is_bullet(line) or len(line.columns) > 1:
        return False
    if len(text.split()) > 5 or len(text) > 45 or _END_OF_SENTENCE.search(text):
        return False
    if not text[:1].isupper() or re.search(r"\d", text):
        return False
    after = _next(lines, k)
    if after is None or not (after.text[:1].isupper() or _is_bullet(after)):
        return False
    before = _previous(lines, k)
    if before is None:
        return True
    blank_before = k > 0 and lines[k - 1].blank
    return bool(_END_OF_SENTENCE.search(before.text)) or _is_bullet(before) or blank_before


def _signature_start(lines: list[Line]) -> int:
    """Index of the first line of the signature block (len(lines) if there is none)."""
    k = len(lines)
    while k > 0:
        line = lines[k - 1]
        if line.blank or len(line.columns) > 1 or _is_signature_line(line):
            k -= 1
            continue
        break
    while k < len(lines) and lines[k].blank:
        k += 1
    return k


def _is_signature_line(line: Line) -> bool:
    """A one-column line of a signature block: a rule, a name, a party, a role."""
    text = line.text
    if re.fullmatch(r"[_.\s-]+", text):
        return True
    if _is_bullet(line):
        return False
    return not _END_OF_SENTENCE.search(text) and len(text.split()) <= 4


def _continues(block: list[Line], line: Line, blank_between: bool) -> bool:
    """Does `line` continue the bullet or paragraph in `block`?"""
    if _is_bullet(line):
        return False
    if line.text[:1].islower():
        return True
    return not blank_between and not _END_OF_SENTENCE.search(block[-1].text)


def _blocks(lines: list[Line]) -> list[Block]:
    groups: list[tuple[list[Line], bool]] = []
    blank_between = False
    for line in lines:
        if line.blank:
            blank_between = True
            continue
        if groups and _continues(groups[-1][0], line, blank_between):
            groups[-1][0].append(line)
        else:
            groups.append(([line], _is_bullet(line)))
        blank_between = False
    out = []
    for group, bullet in groups:
        span = join(group)
        mark = _BULLET.match(span.text) if bullet else None
        if mark:
            span = span.slice(mark.end())
        out.append(Block(span.strip(), bullet))
    return out


def _sections(lines: list[Line]) -> list[Section]:
    sections = [Section(None)]
    body: list[Line] = []
    for k, line in enumerate(lines):
        if _is_heading(lines, k):
            sections[-1].blocks = _blocks(body)
            sections.append(Section(line.text))
            body = []
        else:
            body.append(line)
    sections[-1].blocks = _blocks(body)
    return [s for s in sections if s.blocks or s.heading]


def _sentences(sections: list[Section]) -> list[Sentence]:
    out = []
    for section in sections:
        for block in section.blocks:
            for i, j in sentences(block.span):
                out.append(Sentence(section.heading, block.span, i, j, block.bullet))
    return out


# --- signature block -----------------------------------------------------------------


def _cells(raw: str, line: Line) -> list[Cell]:
    line_begin = raw.rfind("\n", 0, line.start) + 1
    segment = raw[line.start : line.end]
    cells = []
    for m in re.finditer(r"\S+(?:[ \u00a0]\S+)*", segment):
        text = re.sub(r"\s+", " ", m.group(0)).strip()
        start = line.start + m.start()
        cells.append(Cell(text, start, line.start + m.end(), start - line_begin))
    return cells


def _is_organisation(text: str) -> bool:
    name = _party_name(text)
    return bool(
        reference.find_region(name)
        or reference.find_municipality(name)
        or reference.is_municipal_association(name)
        or _ORGANISATION_WORDS.search(name)
    )


def _party_name(text: str) -> str:
    return re.sub(r"^(?:för|på uppdrag av)\s+", "", text, flags=re.IGNORECASE).strip(" :,")


def _is_person(text: str) -> bool:
    return bool(_PERSON_NAME.match(text)) and not _ORGANISATION_WORDS.search(text)


def _nearest(headings: list[Cell], cell: Cell) -> Cell:
    return min(headings, key=lambda h: abs(h.x - cell.x))


@dataclass(slots=True)
class SignatureBlock:
    parties: list[str] = field(default_factory=list)
    parties_evidence: Evidence | None = None
    signatories: list[Signatory] = field(default_factory=list)


def _row_kind(cells: list[Cell]) -> str:
    texts = [c.text for c in cells]
    if all(re.fullmatch(r"[_.\s-]+", t) for t in texts) or any(re.search(r"\d", t) for t in texts):
        return "other"
    if all(_is_person(t) for t in texts):
        return "names"
    if all(_is_organisation(t) for t in texts):
        return "parties"
    return "roles"


def _signature_block(raw: str, lines: list[Line]) -> SignatureBlock:
    block = SignatureBlock()
    headings: list[Cell] = []
    pending: list[tuple[Cell, Cell | None]] = []  # (name, heading)
    for line in _nonblank(lines):
        cells = _cells(raw, line)
        kind = _row_kind(cells)
        if kind == "parties" and not pending:
            headings = cells
            block.parties.extend(_party_name(c.text) for c in cells)
            if block.parties_evidence is None:
                block.parties_evidence = Evidence(line.start, line.end, line.text)
        elif kind == "names":
            _flush(block, pending, [])
            pending = [(c, _nearest(headings, c) if headings else None) for c in cells]
        elif kind in ("roles", "parties") and pending:
            _flush(block, pending, cells)
            pending = []
    _flush(block, pending, [])
    return block


def _flush(
    block: SignatureBlock, pending: list[tuple[Cell, Cell | None]], roles: list[Cell]
) -> None:
    for name, heading in pending:
        role = min(roles, key=lambda r: abs(r.x - name.x)) if roles else None
        end = role.end if role else name.end
        quote = name.text if role is None else f"{name.text}, {role.text}"
        block.signatories.append(
            Signatory(
                name=name.text,
                role=role.text if role else None,
                organisation=_party_name(heading.text) if heading else None,
                evidence=Evidence(name.start, max(end, name.end), quote),
            )
        )


# --- facts ---------------------------------------------------------------------------


def _number(word: str) -> int | None:
    word = word.casefold()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _first(found: list[Sentence], pattern: re.Pattern[str]) -> Sentence | None:
    return next((s for s in found if pattern.search(s.text)), None)


def _in_force(found: list[Sentence]) -> tuple[DateValue | None, str | None, Sentence | None]:
    for sentence in found:
        match = _IN_FORCE.search(sentence.text)
        if not match:
            continue
        dates = find_dates(sentence.text[match.end() :])
        condition = _CONDITION.search(sentence.text)
        clause = condition.group(0).rstrip(" .") if condition else None
        return (dates[0][2] if dates else None), clause, sentence
    return None, None, None


def _notice_months(found: list[Sentence]) -> tuple[int | None, Sentence | None]:
    for sentence in found:
        if not _NOTICE.search(sentence.text):
            continue
        match = _NOTICE_LENGTH.search(sentence.text)
        if match:
            n = _number(match.group("n"))
            if n is not None:
                return (n * 12 if match.group("unit").startswith("år") else n), sentence
    return None, None


def _review_years(found: list[Sentence]) -> tuple[int | None, Sentence | None]:
    for sentence in found:
        if not _REVIEW.search(sentence.text):
            continue
        if _EVERY_YEAR.search(sentence.text):
            return 1, sentence
        match = _EVERY_NTH_YEAR.search(sentence.text)
        if match:
            word = match.group("ord") or match.group("ord2")
            if word:
                return ORDINAL_WORDS[word.casefold()], sentence
            return _number(match.group("n") or match.group("num")), sentence
    return None, None


def _body_formed(found: list[Sentence]) -> DateValue | None:
    for sentence in found:
        match = _FORMED.search(sentence.text)
        if match:
            dates = find_dates(sentence.text[match.end() :])
            if dates:
                return dates[0][2]
    return None


# --- bodies --------------------------------------------------------------------------


@dataclass(slots=True)
class BodyMention:
    text: str  # as written, without a leading article
    head: str  # the noun that names the body, lower case ("samverkansberedningen")
    sentence: Sentence
    scope: str | None = None  # "inom hälso- och sjukvård, …"


def _head_key(word: str) -> str:
    """'Samverkansberedningen' and 'samverkansberedningens' → 'samverkansberedning'."""
    word = word.casefold().split()[-1]
    return re.sub(r"(?:en|et|n)s?$", "", word)


def _scope(after: str, title: str) -> str | None:
    """The 'inom …' complement after a body name, as far as the title shares it, or up
    to the next verb."""
    match = _COMPLEMENT.match(after)
    if not match:
        return None
    words = match.group(0).strip()
    lowered = title.casefold()
    tokens = words.split(" ")
    for n in range(len(tokens), 1, -1):
        candidate = " ".join(tokens[:n]).rstrip(",")
        if candidate.casefold() in lowered:
            return candidate
    stop = _SCOPE_STOP.search(words)
    return (words[: stop.start()] if stop else words).rstrip(", ")


def _mentions(found: list[Sentence], title: str) -> list[BodyMention]:
    out = []
    for sentence in found:
        text = sentence.text
        for m in _BODY.finditer(text):
            name = m.group("name") or m.group("gen")
            if _NOT_A_BODY.search(name):
                continue
            scope = None
            if m.group("name"):
                name = _with_attribute(text[: m.start()], name)
                scope = _scope(text[m.end() :], title)
            out.append(BodyMention(name, _head_key(name), sentence, scope))
    return out


def _with_attribute(before: str, name: str) -> str:
    """'politiska' + 'samverkansberedningen': an adjective written before the name."""
    match = _ATTRIBUTE.search(before)
    if match and match.group(1).casefold() not in _NOT_ATTRIBUTES:
        return f"{match.group(1)} {name}"
    return name


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _governed(mentions: list[BodyMention]) -> tuple[BodyMention | None, str | None]:
    """The body the agreement is about: the most mentioned, preferring the one whose
    composition or assignment it sets out; its longest written form."""
    if not mentions:
        return None, None
    counts = Counter(m.head for m in mentions)
    for m in mentions:
        if _GOVERNING.search(m.sentence.text) and m.head in m.sentence.text.casefold():
            counts[m.head] += 2
    head = max(counts, key=lambda h: (counts[h], -_first_index(mentions, h)))
    if counts[head] < 2:
        return None, None
    same = [m for m in mentions if m.head == head]
    best = max(same, key=lambda m: (bool(m.scope), len(m.text) + len(m.scope or "")))
    long_form = f"{best.text} {best.scope}" if best.scope else best.text
    return best, _capitalise(long_form)


def _first_index(mentions: list[BodyMention], head: str) -> int:
    return next(k for k, m in enumerate(mentions) if m.head == head)


def _bodies(mentions: list[BodyMention], governed: str | None, head: str | None) -> list[str]:
    out: list[str] = [governed] if governed else []
    seen = {head} if head else set()
    for m in mentions:
        if m.head in seen:
            continue
        seen.add(m.head)
        out.append(m.text)
    return out


# --- composition and rules -----------------------------------------------------------


def _seat_rules(sentence: Sentence) -> list[SeatRule]:
    match = _SEAT_SENTENCE.match(sentence.text)
    if not match:
        return []
    party = match.group("party").strip()
    rules = []
    for seat in _SEATS.finditer(match.group("rest")):
        n = _number(seat.group("n"))
        if n is None:
            continue
        body = (seat.group("body") or "").strip(" .,") or None
        rules.append(SeatRule(party, n, body, sentence.evidence()))
    return rules


def _rule_kind(text: str) -> tuple[str | None, int | None]:
    for kind, pattern in _RULE_KINDS:
        if pattern.search(text):
            count = _MEETINGS_PER_YEAR.search(text)
            value = _number(count.group("n")) if count else None
            if kind in ("meeting_frequency", "joint_days"):
                return kind, value
            return kind, None
    return None, None


def _rule_sentences(found: list[Sentence], composition: list[SeatRule]) -> list[Sentence]:
    """The bullets of the section that sets out how the body works."""
    sections = [s.section for s in found if s.section and _RULE_SECTION.search(s.section)]
    if not sections and composition:
        quote = composition[0].evidence.quote
        sections = [s.section for s in found if s.text == quote]
    if not sections:
        return []
    section = sections[0]
    return [s for s in found if s.section == section and s.bullet]


def _rules(found: list[Sentence], composition: list[SeatRule]) -> list[Rule]:
    rules = []
    for sentence in _rule_sentences(found, composition):
        kind, value = _rule_kind(sentence.text)
        rules.append(Rule(sentence.text, sentence.evidence(), kind, value))
    return rules


# --- entry points --------------------------------------------------------------------


def looks_like_agreement(raw: str) -> bool:
    """True for the text of an agreement, False for a meeting protocol or anything else.

    An agreement title ("Överenskommelse om …", "Avtal om …") is enough when nothing
    looks like a protocol; without one, three agreement terms are needed. Two protocol
    signs (the word "Protokoll", §-numbered items, attendance headings) rule it out.
    """
    lines = SourceText(raw).lines
    protocol = sum(bool(p.search(raw)) for p in _PROTOCOL_SIGNALS)
    if protocol >= 2:
        return False
    titled = any(_TITLE_WORDS.match(line.text) for line in _nonblank(lines)[:3])
    signals = sum(bool(p.search(raw)) for p in _AGREEMENT_SIGNALS)
    if titled:
        return protocol == 0 or signals >= 1
    return signals >= 3


def parse_agreement(raw: str) -> AgreementDocument:
    """Everything an agreement says about its parties, terms and the body it governs."""
    if not looks_like_agreement(raw):
        raise NotAProtocol("the text is not an agreement: no agreement title or terms found")
    lines = SourceText(raw).lines
    title_lines, body_start = _title_lines(lines)
    title = join(title_lines)
    end = _signature_start(lines)
    found = _sentences(_sections(lines[body_start:end]))
    signature = _signature_block(raw, lines[end:])

    doc = AgreementDocument(
        title=title.text,
        parties=signature.parties,
        signatories=signature.signatories,
        evidence=title.evidence(),
    )
    _fill_terms(doc, found)
    _fill_body(doc, found, title.text)
    if signature.parties_evidence is not None:
        doc.field_evidence["parties"] = signature.parties_evidence
    return doc


def _fill_terms(doc: AgreementDocument, found: list[Sentence]) -> None:
    doc.in_force_from, doc.in_force_condition, in_force = _in_force(found)
    doc.notice_period_months, notice = _notice_months(found)
    doc.review_interval_years, review = _review_years(found)
    doc.until_further_notice = _first(found, _UNTIL_FURTHER_NOTICE) is not None
    doc.body_formed = _body_formed(found)
    for key, sentence in (
        ("in_force_from", in_force),
        ("notice_period", notice),
        ("review_interval", review),
    ):
        if sentence is not None:
            doc.field_evidence[key] = sentence.evidence()


def _fill_body(doc: AgreementDocument, found: list[Sentence], title: str) -> None:
    mentions = _mentions(found, title)
    best, doc.governed_body = _governed(mentions)
    doc.bodies_mentioned = _bodies(mentions, doc.governed_body, best.head if best else None)
    if best is not None:
        doc.field_evidence["governed_body"] = best.sentence.evidence()
    doc.composition = [rule for s in found for rule in _seat_rules(s)]
    doc.rules = _rules(found, doc.composition)
