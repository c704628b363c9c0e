"""The §-numbered protocol layout ("§ 11" headings).

The header holds Plats, Beslutande (grouped under organisation headings for joint
bodies), Övriga närvarande/deltagare, Sekreterare and the signatures; an agenda
("Utsänd dagordning") may follow and is not taken as items. Each paragraph has a heading
that may wrap over lines, and a decision under "Beslut" or "<Body>s beslut".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attendance import PersonLine, is_organisation, parse_person, role_of
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
    (r"beslutande( ledamöter)?|ledamöter|närvarande ledamöter", "members", ["ledamot"], True),
    (r"tjänstgörande ersättare", "members", ["tjänstgörande ersättare"], True),
    (r"ersättare|närvarande ersättare", "members", ["ersättare"], True),
    (r"frånvarande( ledamöter)?", "members", ["ledamot"], False),
    (r"övriga( närvarande| deltagare)?|närvarande tjänstepersoner|tjänstepersoner", "others",
     ["övrig"], True),
    (r"sekreterare", "others", ["sekreterare"], True),
    (r"protokollförare", "others", ["protokollförare"], True),
    (r"adjungerade?", "others", ["adjungerad"], True),
]  # fmt: skip
_STOP = re.compile(
    r"^(underskrift\w*|utsänd dagordning|dagordning|föredragningslista|digitalt justerad|"
    r"justering|paragrafer|sammanträdesdatum|protokoll)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Header:
    body: str | None = None
    body_line: Line | None = None
    date_line: Line | None = None
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
    if any(r in {"ordförande", "vice ordförande", "ersättare"} for r in own) and roles == [
        "ledamot"
    ]:
        base: list[str] = []
    else:
        base = list(roles)
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
        if low == "protokoll" and k + 1 < len(content) and not header.body:
            header.body = content[k + 1].text
            header.body_line = content[k + 1]
        elif low.startswith("protokoll ") and not header.body:
            header.body = line.text[len("protokoll ") :].strip()
            header.body_line = line
        if re.match(r"^(sammanträdesdatum|datum)\b", low) and not header.date_line:
            header.date_line = line if re.search(r"\d", line.text) else _next(content, k)
        m = re.match(r"^plats\b\s*:?\s*(.*)$", line.text, re.IGNORECASE)
        if m and not header.place:
            target = line if m.group(1) else _next(content, k)
            header.place_line = target
            header.place = m.group(1) or (target.text if target else None)
    for group_lines in _logical_lines(lines):
        text = " ".join(x.text for x in group_lines)
        kind = _section_kind(text)
        if kind:
            state, group = kind, None
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
        person = parse_person(text)
        if person is None or (
            not person.party and "," not in text and is_organisation(text) and state[0] == "members"
        ):
            if is_organisation(text):
                group = text.rstrip(" .")
                header.groups.append(group)
            continue
        roles, present = state[1], state[2]
        org = group if state[0] == "members" else None
        header.attendees.append(_attendee(person, roles, present, org, group_lines))
    header.agenda_docs = _agenda_docs(lines)
    return header


def _next(content: list[Line], k: int) -> Line | None:
    return content[k + 1] if k + 1 < len(content) else None


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
            parts.append(line.text)
            used = k + 1
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
        title, used = _title(rest, m.group(2).strip())
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
