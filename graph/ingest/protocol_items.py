"""Agenda items shared by both protocol layouts: decisions, documents, kinds.

A layout finds where each item starts and ends; this module reads what is inside:
the decision text (under a "Beslut" heading or in a sentence such as "… beslutar att …"),
attached documents ("Bilaga:", "Beslutsunderlag", "Handlingar: PM …"), the item kind and
the decision types. A sub-heading starts with a capital ("Handlingar", "Förslag till
beslut"), so a wrapped line of running text ("handlingarna.") does not end a decision;
where sub-headings end is kept, so that a heading does not run into the next sentence.
"""

from __future__ import annotations

import re

from .records import DocumentReference, Item
from .text import Line, Span, join, join_with_ends, sentences

_DECISION_HEADING = re.compile(r"^(beslut|[A-ZÅÄÖ][\w ]*?s beslut)\s*:?$", re.IGNORECASE)
# Sub-headings inside an item; a heading starts with a capital ("Handlingar", not a wrapped
# "handlingarna.") and ends at a word boundary.
SUBHEADING_WORDS = re.compile(
    r"^(beslutsunderlag|ärendet|ärendets|ärendebeskrivning|beskrivning av ärendet|bakgrund|"
    r"bilag(a|or)|handlingar|förslag till beslut|beslutsförslag|yrkanden?|yrkandet|"
    r"propositionsordning|omröstning\w*|reservation(er)?|protokollsanteckning(ar)?|"
    r"särskilt yttrande|jäv|nuläge|sammanfattning|expedieras|skickas till|"
    r"beslutet skickas till|för kännedom|för verkställighet|överläggning|"
    r"deltar inte i beslutet)\b",
    re.IGNORECASE,
)
_PRESENTER_LINE = re.compile(r"^föredragande\s*:", re.IGNORECASE)
DECISION_VERBS = re.compile(
    r"\b(beslutar|beslutade|beslöt|beslutas|godkänner|godkände|godkändes|godkänns|"
    r"fastställs|fastställdes|fastställer|läggs till handlingarna|lades till handlingarna|"
    r"lägga [\w ,-]*till handlingarna|uppdrar|utser|utsågs|informationen är delgiven|"
    r"informationen delgavs|antogs|antar|antas|noterar|noteras|tas upp till|utses|väljs|valdes|"
    r"beviljas|bifalls|avslås|återremitteras|bordläggs|tillstyrker|tillstyrks|avstyrker)\b",
    re.IGNORECASE,
)
_INFO_NOTED = re.compile(
    r"\binformation(en)?\b.*\b(handlingarna|delgiven|delgavs|godk[äa]n\w*|noter\w*|tack)|"
    r"\b(godk[äa]n\w*|noter\w*|tackar för)\s+(den\s+lämnade\s+)?information(en)?\b",
    re.IGNORECASE,
)
_TYPE_RULES = [
    ("assignment_given", r"\buppdra\w*|\bi uppdrag\b|\båterkopplar\b"),
    (
        "appointment",
        r"\bjusterar\b|\butse\w*|\butses\b|\butsågs\b|\bväljs\b|\bvaldes\b|till ordförande",
    ),
    ("referred_back", r"\båterremitt\w*|\båterremiss"),
    ("recommendation", r"\brekommend\w*"),
    ("delegation", r"\bbeslutsnivå"),
    ("scheduled_meeting", r"\bextra (insatt )?(möte|sammanträde)|\bnästa (möte|sammanträde)"),
    (
        "approved",
        r"\bgodkän\w*|\bfastställ\w*|\banta\b|\bantar\b|\bantogs\b|med godkännande|"
        r"\bställa sig bakom\b|\butöka\b",
    ),
]


def is_decision_heading(text: str) -> bool:
    text = text.strip()
    return bool(_DECISION_HEADING.match(text)) and text[:1].isupper() and len(text.split()) <= 6


def subheading_word(text: str) -> bool:
    """A line that opens with a named sub-heading ("Ärendet", "Beslutsunderlag")."""
    return text[:1].isupper() and bool(SUBHEADING_WORDS.match(text))


def is_subheading(text: str) -> bool:
    """A short heading line inside an item ("Ärendet", "Beslutsunderlag", "Nuläge")."""
    if subheading_word(text):
        return True
    words = text.split()
    return (
        0 < len(words) <= 4
        and text[:1].isupper()
        and not re.search(r"[.!?:;,)]$", text)
        and not re.match(r"^[-•\d]", text)
    )


def decision_lines(lines: list[Line], stop: set[int] | None = None) -> list[Line]:
    """Lines of a decision starting at lines[0], up to a sub-heading or a stop index."""
    out: list[Line] = []
    for i, line in enumerate(lines):
        if stop and i in stop:
            break
        if line.blank:
            continue
        if out and (is_decision_heading(line.text) or subheading_word(line.text)):
            break
        ended = bool(out) and re.search(r"[.!?:]$", out[-1].text)
        if out and ended and is_subheading(line.text):
            break
        out.append(line)
    return out


def last_decision_paragraph(lines: list[Line]) -> list[Line]:
    """The decision sentences of an item without a heading: from the first sentence with a
    decision verb in the last paragraph that has one, to the end of that paragraph."""
    paragraphs: list[list[Line]] = [[]]
    for line in lines:
        if line.blank:
            if paragraphs[-1]:
                paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    for para in reversed([p for p in paragraphs if p]):
        span, ends = join_with_ends(para)
        for start, _end in sentences(span, heading_ends(para, ends)):
            if DECISION_VERBS.search(span.text[start:_end]):
                return _lines_from(para, span, start)
    return []


def _lines_from(para: list[Line], span: Span, start: int) -> list[Line]:
    """The lines of `para` from the one holding normalised index `start`."""
    raw = span.offsets[start]
    out = [line for line in para if line.end > raw]
    if out and out[0].start < raw:
        first = out[0]
        cut = raw - first.start
        text = first.raw[cut:] if first.raw else first.text
        out[0] = Line(first.number, " ".join(text.split()), raw, first.end, text)
    return out


def documents(lines: list[Line], section: str) -> list[DocumentReference]:
    """Attached and underlying documents named in an item."""
    docs: list[DocumentReference] = []
    content = [line for line in lines if not line.blank]
    for i, line in enumerate(content):
        m = re.match(
            r"^(bilag(?:a|or)|beslutsunderlag|handlingar)\b\s*[:.]?\s*(.*)$", line.text, re.I
        )
        if not m or not line.text[:1].isupper():
            continue
        head = m.group(1).casefold()
        kind = {"beslutsunderlag": "beslutsunderlag", "handlingar": "handling"}.get(head, "bilaga")
        titles = [(m.group(2), line)] if m.group(2) else _listed_titles(content[i + 1 :])
        for title, src in titles:
            title = title.strip(" .")
            if title:
                this_kind = "pm" if re.match(r"^PM\b", title) else kind
                docs.append(DocumentReference(this_kind, title, join([src]).evidence(section)))
    return docs


def _listed_titles(lines: list[Line]) -> list[tuple[str, Line]]:
    """Short lines that follow a bare "Bilaga"/"Bilagor" heading."""
    out: list[tuple[str, Line]] = []
    for line in lines[:4]:
        if is_decision_heading(line.text) or subheading_word(line.text):
            break
        if line.text in {"Information", "Beslut"}:
            break
        if len(line.text.split()) > 8 or re.match(r"^\d+\.?\s", line.text):
            break
        out.append((line.text, line))
        if line.text.endswith("."):
            break
    return out


def _chunks(decision: str) -> list[str]:
    """Points of a decision: numbered points, bullets and sentences."""
    parts = re.split(r"(?:(?<=\s)|^)(?:\d+[.)]|[-•])\s+|(?<=[.!?])\s+(?=[A-ZÅÄÖ])", decision)
    return [p.strip() for p in parts if p and p.strip()]


def information_only(decision: str) -> bool:
    """True when every point of the decision only notes information."""
    points = [c for c in _chunks(decision) if not re.search(r"(\batt|:)$", c)]
    return bool(points) and all(_INFO_NOTED.search(c) for c in points)


def decision_types(decision: str | None) -> list[str]:
    if not decision:
        return []
    found: list[str] = []
    for point in _chunks(decision):
        if _INFO_NOTED.search(point) and not re.search(r"uppdrag", point, re.I):
            label = "information_noted"
            if label not in found:
                found.append(label)
            continue
        for label, pattern in _TYPE_RULES:
            if re.search(pattern, point, re.IGNORECASE) and label not in found:
                found.append(label)
    return found or ["other"]


def item_kind(label: str | None, decision: str | None) -> str | None:
    """'beslut' | 'information' | None from a margin label and the decision text."""
    if decision:
        if information_only(decision):
            return "beslut" if label == "beslut" else "information"
        return "beslut"
    return label


def finish_item(item: Item, label: str | None) -> Item:
    item.kind = item_kind(label, item.decision)
    item.decision_types = decision_types(item.decision)
    return item


def build_item(
    number: str,
    title: str,
    heading: list[Line],
    body: list[Line],
    section: str,
    decision: list[Line],
) -> Item:
    """An Item with its spans and evidence; kind and facts are filled later."""
    head_span = join(heading)
    whole = [line for line in heading + body if not line.blank]
    text_span = join(whole)
    body_span, ends = join_with_ends(body)
    start, end = (whole[0].start, whole[-1].end) if whole else (0, 0)
    dec_span = join(decision) if decision else None
    return Item(
        number=number,
        title=title,
        kind=None,
        decision=dec_span.text if dec_span else None,
        evidence=head_span.evidence(section),
        text=text_span.text,
        text_start=start,
        text_end=end,
        body=body_span,
        decision_evidence=dec_span.evidence(section) if dec_span else None,
        documents=documents(body, section),
        heading_ends=heading_ends(body, ends),
    )


def heading_ends(body: list[Line], ends: list[int]) -> list[int]:
    """Where the sub-heading lines of a body end, as indexes into its joined text: a
    heading has no full stop, so without these it would run into the next sentence."""
    out: list[int] = []
    ended = True  # the previous content line closed a sentence (or there was none)
    presenter = False  # inside a "Föredragande: Name, title, Organisation" line
    for line, end in zip(body, ends, strict=True):
        if line.blank:
            continue
        text = line.text
        short = len(text.split()) <= 3 and not re.search(r",|\s(och|samt)\s", text)
        if _PRESENTER_LINE.match(text):
            presenter = True
        elif presenter and not (short and not text.endswith(".")):
            presenter = False
        if (
            presenter
            or subheading_word(text)
            or is_decision_heading(text)
            or (ended and short and is_subheading(text))
        ):
            out.append(end)
        ended = bool(re.search(r"[.!?:]$", text))
    return out


def clean_title(text: str) -> str:
    """A heading joined onto one line, trailing full stop dropped."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<![.])\.$", "", text).strip()
