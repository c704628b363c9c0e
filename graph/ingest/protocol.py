"""Meeting protocols: plain text in, a `Meeting` record out.

`parse_protocol` removes page furniture, recognises the layout (§-numbered paragraphs,
numbered items, or an extract of a single paragraph), lets the layout module read the
header, attendance and items, and then
completes what both layouts share: date and times, body and organisation fallbacks,
presenters, justerare, item kinds and decision types.
"""

from __future__ import annotations

import re
from collections import Counter

from ..errors import NotAProtocol
from . import numbered_layout, paragraph_layout
from .attendance import PersonLine, fold, people_in_phrase, same_person
from .dates import find_dates
from .header_fields import header_date, times
from .noise import remove_noise
from .protocol_items import finish_item
from .records import Attendee, Evidence, Item, Meeting
from .text import Line, SourceText, join, sentences

_CUES = re.compile(
    r"^(protokoll\b|beslutande|närvarande|frånvarande|närvarolista|bilaga\W+närvarolista|"
    r"justerare|dnr\s*:|ärenden\s*:|sammanträdesdatum|underskrifter)",
    re.IGNORECASE,
)
_TIME = re.compile(r"\b(\d{1,2})[.:](\d{2})\b")
_DIGITAL = re.compile(r"\b(teams|zoom|skype|digital\w*|distans|webex)\b", re.IGNORECASE)
_FOREDRAGANDE = re.compile(
    r"Föredragande\s*:\s*(.+?)(?=\s+[A-ZÅÄÖ][a-zåäö]*\s+(?!(?:och|samt)\s+[A-ZÅÄÖ])[a-zåäö]+\s|\.\s|$)"
)
_PRESENT_VERBS = (
    r"informerar|informerade|presenterar|presenterade|föredrar|föredrog|redogör|redogjorde"
)
_CHAIR_PRESENTS = re.compile(rf"(?<!vice )\b(?:mötes)?ordförande(n)?\s+({_PRESENT_VERBS})\b", re.I)
_CHAIR_SUBJECT = re.compile(r"\b(?:mötes)?ordförande(?:n)?$", re.IGNORECASE)


def parse_protocol(raw: str) -> Meeting:
    """The Meeting a protocol's text describes; NotAProtocol for any other text."""
    if not isinstance(raw, str) or not raw.strip():
        raise NotAProtocol("The text is empty; expected a meeting protocol.")
    printable = sum(ch.isprintable() or ch.isspace() for ch in raw)
    if printable < 0.95 * len(raw):
        raise NotAProtocol("The input looks like binary data, not a protocol text.")
    source = SourceText(raw)
    cleaned = remove_noise(source.lines)
    lines = cleaned.lines
    if not any(_CUES.match(line.text) for line in lines):
        raise NotAProtocol("No protocol header or attendance list was found in the text.")
    paragraphs = paragraph_layout.headings(lines)
    numbered = None if len(paragraphs) >= 2 else numbered_layout.parse(lines)
    if numbered is not None and numbered[0].items:
        meeting, n_header = numbered
        _numbered_header(meeting, n_header)
    elif paragraphs:  # also an extract of one paragraph ("Protokollsutdrag", "§ 12")
        meeting, p_header = paragraph_layout.parse(lines)
        _paragraph_header(meeting, p_header)
    else:
        raise NotAProtocol("No numbered paragraphs or items were found in the text.")
    _fallbacks(meeting, lines, cleaned.letterhead + cleaned.removed)
    _people(meeting)
    for item in meeting.items:
        finish_item(item, item.kind)
    return meeting


def _ev(line: Line | None) -> Evidence | None:
    return join([line]).evidence() if line else None


def _set(meeting: Meeting, key: str, value: str | None, line: Line | None) -> None:
    if value and getattr(meeting, key) is None:
        setattr(meeting, key, value)
        ev = _ev(line)
        if ev:
            meeting.evidence[key] = ev


def _times(meeting: Meeting, text: str, line: Line | None) -> None:
    found = times(text)
    if found:
        _set(meeting, "start_time", found[0], line)
    if len(found) > 1:
        _set(meeting, "end_time", found[1], line)


def _paragraph_header(meeting: Meeting, header: paragraph_layout.Header) -> None:
    if header.body_line:
        meeting.evidence["body"] = join([header.body_line]).evidence()
    year = _header_year([ln for ln in (header.date_line, header.time_line) if ln])
    for line in (header.date_line, header.time_line):
        found = header_date(line.text, year) if line else None
        if found:
            _set(meeting, "date", found.earliest.isoformat(), line)
    if header.time_line:
        _times(meeting, header.time_line.text, header.time_line)
    elif header.date_line and re.search(r"\bkl\b", header.date_line.text):
        _times(meeting, header.date_line.text, header.date_line)
    if header.place_line:
        meeting.evidence["place"] = _ev(header.place_line)  # type: ignore[assignment]
    if header.section_line:
        _set(meeting, "section_range", header.section_line.text, header.section_line)
    for name, roles in header.signatures:
        if "justerare" in roles:
            _add_justerare(meeting.attendees, name)


def _numbered_header(meeting: Meeting, header: numbered_layout.Header) -> None:
    f, v = header.fields, header.values
    if header.body_line:
        meeting.evidence["body"] = join([header.body_line]).evidence()
    fields = (("place", "plats"), ("place", "plats och tid"), ("diary_number", "dnr"),
              ("section_range", "ärenden"))  # fmt: skip
    for key, field in fields:
        if field in f and key not in meeting.evidence:
            meeting.evidence[key] = join([f[field]]).evidence()
    year = None
    years = re.findall(r"\b(19\d\d|20\d\d)\b", " ".join(v.values()))
    if years:
        year = int(years[-1])
    for key in ("datum och tid", "datum", "plats och tid"):
        if key in v:
            found = header_date(v[key], year)
            if found:
                _set(meeting, "date", found.earliest.isoformat(), f[key])
            _times(meeting, v[key], f[key])
    if "tid" in v:
        _times(meeting, v["tid"], f["tid"])


def _header_year(lines: list[Line]) -> int | None:
    years = re.findall(r"\b(19\d\d|20\d\d)\b", " ".join(ln.text for ln in lines))
    return int(years[-1]) if years else None


def _fallbacks(meeting: Meeting, lines: list[Line], furniture: list[Line]) -> None:
    """Date, times, body and organisation from the text when the header lacks them."""
    for item in meeting.items[:2] + meeting.items[-2:]:
        span = join([ln for ln in lines if item.text_start <= ln.start < item.text_end])
        for start, end in sentences(span):
            text = span.text[start:end]
            opening = re.search(r"\böppna\w*", text, re.IGNORECASE)
            closing = re.search(r"\bavslut\w*", text, re.IGNORECASE)
            if not (opening or closing) or not re.search(r"\bkl\b", text):
                continue
            ev = span.evidence(item.evidence.section, start, end)
            times = _TIME.findall(text)
            if opening and times and not meeting.start_time:
                meeting.start_time = f"{int(times[0][0]):02d}:{times[0][1]}"
                meeting.evidence["start_time"] = ev
            if closing and times and not meeting.end_time:
                meeting.end_time = f"{int(times[-1][0]):02d}:{times[-1][1]}"
                meeting.evidence["end_time"] = ev
            found = [d for _s, _e, d in find_dates(text) if d.exact]
            if opening and found and not meeting.date:
                meeting.date = found[0].earliest.isoformat()
                meeting.evidence["date"] = ev
    if not meeting.body:
        meeting.body = _body_from_decisions(lines)
    if not meeting.organisation:
        meeting.organisation = _organisation(lines, furniture, meeting)
    text = " ".join([meeting.place or ""] + [i.text for i in meeting.items[:2]])
    meeting.digital = bool(_DIGITAL.search(text)) or None
    if not meeting.section_range and meeting.items:
        first, last = meeting.items[0].number, meeting.items[-1].number
        prefix = "§§ " if meeting.layout == "paragraph" else ""
        meeting.section_range = f"{prefix}{first}-{last}"


def _body_from_decisions(lines: list[Line]) -> str | None:
    """The body named in "<Body>s beslut" headings or "<Body> beslutar" sentences."""
    names: Counter[str] = Counter()
    for line in lines:
        m = re.match(r"^([A-ZÅÄÖ][\w ]+?)s beslut$", line.text)
        if m and len(m.group(1).split()) <= 5:
            names[m.group(1)] += 2
        for b in re.finditer(r"([A-ZÅÄÖ][\wåäö]+(?: [a-zåäö][\wåäö]+)?) beslutar\b", line.text):
            names[b.group(1)] += 1
    return names.most_common(1)[0][0] if names else None


def _organisation(lines: list[Line], furniture: list[Line], meeting: Meeting) -> str | None:
    """Who runs the body, from a letterhead "Ett samarbete mellan …"."""
    head_end = meeting.items[0].text_start if meeting.items else 0
    pool = [ln for ln in lines if ln.start < head_end and not ln.blank] + furniture
    for k, line in enumerate(pool):
        m = re.search(r"\b(?:samarbete|samverkan)\s+mellan\s+(.+)$", line.text, re.IGNORECASE)
        if not m:
            continue
        parts = [m.group(1)]
        for nxt in pool[k + 1 : k + 3]:
            if not nxt.text[:1].islower():
                break
            parts.append(nxt.text)
        return " ".join(parts).strip(" .,") or None
    return None


# --- people ------------------------------------------------------------------------


def _find(attendees: list[Attendee], name: str) -> Attendee | None:
    for att in attendees:
        if fold(att.name) == fold(name):
            return att
    return next((a for a in attendees if same_person(a.name, name)), None)


def _add_role(att: Attendee, role: str) -> None:
    if role not in att.roles:
        att.roles.append(role)


def _add_justerare(attendees: list[Attendee], name: str) -> None:
    att = _find(attendees, name)
    if att and "ordförande" not in att.roles:
        _add_role(att, "justerare")


def _chair(attendees: list[Attendee]) -> Attendee | None:
    chairs = [a for a in attendees if "ordförande" in a.roles]
    return next((a for a in chairs if a.present), chairs[0] if chairs else None)


def _mentioned(name: str, text: str) -> bool:
    words = fold(text).split()
    n = len(name.split())
    return any(same_person(" ".join(words[k : k + n]), name) for k in range(len(words)))


def presenter_phrases(item: Item) -> tuple[list[PersonLine], bool]:
    """People an item names as presenting, and whether the chair presents."""
    people: list[PersonLine] = []
    body = item.body.text if item.body else ""
    for m in re.finditer(_FOREDRAGANDE, body):
        people += people_in_phrase(m.group(1))
    for m in re.finditer(r"\blämnas\s+av\s+([^.]+)", body):
        people += people_in_phrase(m.group(1))
    chair = bool(_CHAIR_PRESENTS.search(body))
    span_text = body
    for start, end in sentences(item.body, item.heading_ends) if item.body else []:
        sentence = span_text[start:end].lstrip("-• ")
        m = re.match(r"^Informer(?:ar|ade)\s+(.+?),?\s+om\b", sentence)
        if m:
            people += people_in_phrase(m.group(1))
            continue
        m = re.match(rf"^(.+?)\s+(?:{_PRESENT_VERBS})\b", sentence)
        if not m or _CHAIR_SUBJECT.search(m.group(1)):
            continue  # "… Ordföranden föredrar": the chair, counted above
        people += people_in_phrase(m.group(1))
    return people, chair


def _people(meeting: Meeting) -> None:
    """Presenters and elected justerare, resolved against the attendance lists."""
    attendees = meeting.attendees
    grouped = any(a.group for a in attendees)
    for item in meeting.items:
        people, chair_presents = presenter_phrases(item)
        names: list[str] = []
        if chair_presents and (chair := _chair(attendees)):
            _add_role(chair, "föredragande")
            names.append(chair.name)
        for person in people:
            att = _find(attendees, person.name)
            if att is None:
                att = Attendee(
                    name=person.name,
                    roles=[],
                    present=True,
                    evidence=item.evidence,
                    organisation=person.organisation,
                    job_title=person.job_title,
                    group="Övriga" if grouped else None,
                )
                attendees.append(att)
            _add_role(att, "föredragande")
            if att.name not in names:
                names.append(att.name)
        item.presenters = names
        if re.search(r"justera", item.title, re.IGNORECASE):
            for att in attendees:
                if "ordförande" not in att.roles and _mentioned(att.name, item.text):
                    _add_role(att, "justerare")
