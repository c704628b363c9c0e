"""The §-numbered protocol layout ("§ 11" headings).

The header holds the title ("Protokoll"/"Sammanträdesprotokoll" and the body), the date,
Plats (or "Plats och tid" with the times), Beslutande (grouped under organisation headings
for joint bodies; also "Närvarande", "Ledamöter", "Tjänstgörande ersättare", "Ersättare"),
Övriga närvarande/deltagare/tjänstepersoner, Sekreterare, one-person headings
("Ordförande", "Justerare", also inline as "Justerare: Name") and the signatures; an agenda
("Utsänd dagordning") may follow and is not taken as items. Each paragraph has a heading
that may wrap over lines and may carry a diary number ("§ 12 Dnr 2024/123"), and a
decision under "Beslut" or "<Body>s beslut".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attendance import (
    SEAT_ROLES,
    PersonLine,
    fold,
    is_organisation,
    parse_person,
    role_of,
)
from .header_fields import is_diary_line, place_value, split_diary
from .protocol_items import (
    build_item,
    clean_title,
    decision_lines,
    is_decision_heading,
    last_decision_paragraph,
)
from .records import Attendee, DocumentReference, Item, Meeting
from .text import Line, join

HEADING = re.compile(r"^§\s*(\d{1,3})\b\s*[.:]?\s*(.*)$")
_SECTION_KINDS: list[tuple[str, str, list[str], bool]] = [
    # (heading pattern, kind, default roles, present)
    (r"(närvarande )?(beslutande|ordinarie)( ledamöter)?( och tjänstgörande ersättare)?|"
     r"(närvarande )?ledamöter|närvarande", "members", ["ledamot"], True),
    (r"(närvarande )?tjänstgörande ersättare", "members", ["tjänstgörande ersättare"], True),
    (r"(närvarande |övriga |(ej|icke) tjänstgörande )?ersättare", "members", ["ersättare"], True),
    (r"frånvarande ersättare", "members", ["ersättare"], False),
    (r"frånvarande( ledamöter)?", "members", ["ledamot"], False),
    (r"övriga( närvarande| deltagare| deltagande)?|(närvarande |övriga )?(tjänstepersoner|"
     r"tjänstemän)|närvarande tjänstemän", "others", ["övrig"], True),
    (r"sekreterare", "others", ["sekreterare"], True),
    (r"protokollförare", "others", ["protokollförare"], True),
    (r"adjungerade?", "others", ["adjungerad"], True),
    (r"justerare|justerande|justeras( av)?|utses att justera", "signers", ["justerare"], True),
    (r"(mötes)?ordförande", "chair", ["ordförande"], True),
    (r"vice ordförande", "chair", ["vice ordförande"], True),
]  # fmt: skip
# Headings over one person ("Ordförande" / name): the list before them goes on after it.
_ONE_PERSON = {"signers", "chair"}
_STOP = re.compile(
    r"^(underskrift\w*|utsänd dagordning|dagordning|föredragningslista|digitalt justerad|"
    r"justering\w*|paragrafer|sammanträdesdatum|protokoll|sammanträdesprotokoll|"
    r"tid och plats för justering|justeringens|anslag|bevis om anslag|protokollet)\b",
    re.IGNORECASE,
)


_PROTOCOL_TITLE = re.compile(
    r"^(?:sammanträdesprotokoll|protokoll|justerat protokoll|mötesprotokoll)\b\s*:?\s*(.*)$",
    re.IGNORECASE,
)
_DATE_FIELD = re.compile(r"^(sammanträdesdatum|sammanträdesdag|mötesdatum|datum)\b")
_PLACE_FIELD = re.compile(
    r"^(?:plats(?P<timed>\s+och\s+tid)?|(?P<timed2>tid\s+och\s+plats))\b\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Header:
    body: str | None = None
    body_line: Line | None = None
    date_line: Line | None = None
    time_line: Line | None = None
    place_line: Line | None = None
    place: str | None = None
    section_line: Line | None = None
    attendees: list[Attendee] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    signatures: list[tuple[str, list[str]]] = field(default_factory=list)
    agenda_docs: dict[str, list[DocumentReference]] = field(default_factory=dict)


def headings(lines: list[Line]) -> list[int]:
    """Indexes of § headings forming the longest run of increasing numbers."""
    found = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := HEADING.match(ln.text))]
    best: list[int] = []
    for k in range(len(found)):
        chain = [found[k]]
        for cand in found[k + 1 :]:
            if cand[1] == chain[-1][1] + 1:
                chain.append(cand)
        if len(chain) > len(best):
            best = [i for i, _ in chain]
    return best


def _section_kind(text: str) -> tuple[str, list[str], bool] | None:
    key = text.casefold().rstrip(":").strip()
    for pattern, kind, roles, present in _SECTION_KINDS:
        if re.fullmatch(pattern, key):
            return kind, roles, present
    return None


def _logical_lines(lines: list[Line]) -> list[list[Line]]:
    """Non-blank lines, joining a line with the next while its parentheses are open."""
    out: list[list[Line]] = []
    pending: list[Line] = []
    for line in lines:
        if line.blank:
            continue
        pending.append(line)
        text = " ".join(x.text for x in pending)
        if text.count("(") > text.count(")") and len(pending) < 3:
            continue
        out.append(pending)
        pending = []
    if pending:
        out.append(pending)
    return out


def _attendee(person: PersonLine, roles: list[str], present: bool, group_org: str | None,
              lines: list[Line]) -> Attendee:  # fmt: skip
    own = [r for r in person.roles if r not in roles]
    base = [] if roles == ["ledamot"] and SEAT_ROLES & set(own) else list(roles)
    return Attendee(
        name=person.name,
        roles=base + own,
        present=present,
        evidence=join(lines).evidence(),
        party=person.party,
        organisation=person.organisation or group_org,
        job_title=person.job_title,
        sections=person.sections,
    )


def parse_header(lines: list[Line]) -> Header:
    header = Header()
    state: tuple[str, list[str], bool] | None = None
    group: str | None = None
    content = [ln for ln in lines if not ln.blank]
    for k, line in enumerate(content):
        low = line.text.casefold()
        title = _PROTOCOL_TITLE.match(line.text)
        if title and not header.body:
            nxt = _next(content, k)
            if title.group(1) and title.group(1)[:1].isupper():
                header.body, header.body_line = title.group(1).strip(), line
            elif not title.group(1) and nxt and _body_like(nxt.text):
                header.body, header.body_line = nxt.text, nxt
        if _DATE_FIELD.match(low) and not header.date_line:
            header.date_line = line if re.search(r"\d", line.text) else _next(content, k)
        m = _PLACE_FIELD.match(line.text)
        if m and not header.place:
            target = line if m.group("value") else _next(content, k)
            header.place_line = target
            header.place = place_value(target.text) if target else None
            if (m.group("timed") or m.group("timed2")) and target:
                header.time_line = header.time_line or target
        if re.match(r"^(tid|sammanträdestid)\b\s*:?", low) and not header.time_line:
            header.time_line = line if re.search(r"\d", line.text) else _next(content, k)
    resume: tuple[tuple[str, list[str], bool] | None, str | None] = (None, None)
    for group_lines in _logical_lines(lines):
        text = " ".join(x.text for x in group_lines)
        kind = _section_kind(text)
        inline = re.match(r"^([^:]{3,40}):\s*(\S.*)$", text)
        if not kind and inline and (kind := _section_kind(inline.group(1))):
            text = inline.group(2)  # "Justerare: Name", "Ordförande: Name (S)"
        else:
            inline = None
        if kind:
            if kind[0] in _ONE_PERSON:
                resume = resume if state and state[0] in _ONE_PERSON else (state, group)
            state, group = kind, (group if kind[0] == "chair" else None)
            if not inline:
                continue
        if re.match(r"^§§\s*\d", text):
            header.section_line = group_lines[0]
            continue
        if _STOP.match(text) or re.match(r"^plats\b", text, re.IGNORECASE):
            state = None
            _signature(header, group_lines)
            continue
        if state is None:
            _signature(header, group_lines)
            continue
        names = re.split(r"\s+och\s+", text) if inline else [text]
        for one in names:
            group = _person_line(header, state, group, one, group_lines)
        if state[0] in _ONE_PERSON and parse_person(names[-1]) is not None:
            state, group = resume
    header.agenda_docs = _agenda_docs(lines)
    return header


def _person_line(
    header: Header, state: tuple[str, list[str], bool], group: str | None, text: str,
    lines: list[Line],
) -> str | None:  # fmt: skip
    """Read one line under a list heading; the organisation group in force after it."""
    person = parse_person(text)
    if person is None or (
        not person.party and "," not in text and is_organisation(text) and state[0] == "members"
    ):
        if is_organisation(text) and state[0] == "members":
            group = text.rstrip(" .")
            header.groups.append(group)
        return group
    kind, roles, present = state
    if kind == "signers" and "justerare" in roles:
        header.signatures.append((person.name, roles))
        return group
    org = group if kind in ("members", "chair") else None
    attendee = _attendee(person, roles, present, org, lines)
    same = _listed(header.attendees, attendee)
    if same is None:
        header.attendees.append(attendee)
    else:
        same.roles += [r for r in attendee.roles if r not in same.roles]
    return group


def _listed(attendees: list[Attendee], new: Attendee) -> Attendee | None:
    """The attendee already listed under another heading ("Sekreterare" after "Övriga
    närvarande", "Ordförande" over the signatures) with the same presence."""
    return next(
        (a for a in attendees if fold(a.name) == fold(new.name) and a.present == new.present),
        None,
    )


def _next(content: list[Line], k: int) -> Line | None:
    return content[k + 1] if k + 1 < len(content) else None


def _body_like(text: str) -> bool:
    """The line after a lone "Protokoll": a name, not a field, date or page number."""
    return (
        text[:1].isupper()
        and not _DATE_FIELD.match(text.casefold())
        and not _PLACE_FIELD.match(text)
        and not re.match(r"^(sida|tid)\b", text, re.IGNORECASE)
    )


def _signature(header: Header, lines: list[Line]) -> None:
    """Signature cells: "Name, justerare" or "Name | Justerare § 1 - § 8"."""
    for line in lines:
        for cell in line.columns or [line.text]:
            parts = re.split(r"\s*[|,]\s*", cell, maxsplit=1)
            if len(parts) != 2:
                continue
            role_text = re.sub(r"§.*$", "", parts[1]).strip()
            roles = role_of(role_text)
            if roles and re.match(r"^[A-ZÅÄÖ]\w+(\s+[A-ZÅÄÖ][\w-]+)+$", parts[0]):
                header.signatures.append((parts[0], roles))


def _agenda_docs(lines: list[Line]) -> dict[str, list[DocumentReference]]:
    """Documents listed under agenda points ("4. Title" then "Handlingar: PM …")."""
    docs: dict[str, list[DocumentReference]] = {}
    current: str | None = None
    for line in lines:
        m = re.match(r"^(\d{1,3})\.\s+\S", line.text)
        if m:
            current = m.group(1)
            continue
        h = re.match(r"^handlingar\s*:\s*(.+)$", line.text, re.IGNORECASE)
        if h and current:
            title = h.group(1).strip(" .")
            kind = "pm" if title.startswith("PM") else "handling"
            ev = join([line]).evidence(f"§ {current}")
            docs.setdefault(current, []).append(DocumentReference(kind, title, ev))
    return docs


def _title(lines: list[Line], first: str) -> tuple[str, int]:
    """The heading text and how many lines of `lines` it used."""
    parts = [first] if first else []
    used = 0
    for k, line in enumerate(lines):
        if line.blank:
            continue
        if not parts:
            used = k + 1
            if not is_diary_line(line.text):  # "§ 12" / "Dnr 2024/123" / title
                parts.append(line.text)
            continue
        if parts[-1].endswith(".") or not line.text[:1].islower() or len(parts) >= 3:
            break
        parts.append(line.text)
        used = k + 1
    return join_title(parts), used


def join_title(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text.endswith("-") and text[-2:-1].isalpha() and part[:1].islower():
            text = text[:-1] + part
        else:
            text = f"{text} {part}" if text else part
    return clean_title(text)


def parse_items(lines: list[Line], starts: list[int]) -> list[Item]:
    items: list[Item] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        m = HEADING.match(lines[start].text)
        assert m
        number = m.group(1)
        rest = lines[start + 1 : end]
        title, used = _title(rest, split_diary(m.group(2).strip())[0])
        title = split_diary(title)[0] or title
        heading = [lines[start], *rest[:used]]
        body = rest[used:]
        decision: list[Line] = []
        for k, line in enumerate(body):
            if not line.blank and is_decision_heading(line.text):
                decision = decision_lines(body[k + 1 :])
                break
        if not decision:
            decision = last_decision_paragraph(body)
        items.append(build_item(number, title, heading, body, f"§ {number}", decision))
    return items


def parse(lines: list[Line]) -> tuple[Meeting, Header]:
    """A Meeting from the cleaned lines of a §-numbered protocol."""
    starts = headings(lines)
    header = parse_header(lines[: starts[0]] if starts else lines)
    items = parse_items(lines, starts)
    for item in items:
        item.documents[:0] = header.agenda_docs.get(item.number, [])
    meeting = Meeting(
        layout="paragraph",
        body=header.body,
        date=None,
        attendees=header.attendees,
        items=items,
        organisation=" och ".join(header.groups) if header.groups else None,
        place=header.place,
    )
    return meeting, header
