"""The numbered-item protocol layout ("40. Title", "46 Title", "Ärende 3", "Punkt 4: Title").

The header has "Protokoll <body>", "Dnr:", "Datum och tid:" (or "Sammanträdesdatum:" and
"Tid:"), "Plats:" (or "Plats och tid:") and "Ärenden:";
attendance is a list ("Närvarande <group>", "Frånvarande", "Adjungerade", "Övriga") before
the items or in an annex ("Bilaga. Närvarolista"). Extraction may move a table's
organisation column to the top of the file; it is re-aligned by order. Items may carry
"Beslutsärende"/"Informationsärende" markers, or margin labels "Beslut"/"Information"
scattered as lone lines, which are assigned to the items by order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .attendance import SEAT_ROLES, is_organisation, looks_like_title, parse_person
from .header_fields import place_value, split_diary
from .protocol_items import build_item, clean_title, decision_lines, last_decision_paragraph
from .records import Attendee, Item, Meeting
from .text import Line, join

HEADING = re.compile(
    r"^(?:(?:ärende|punkt)\s+(?=\d{1,3}\s*[.:]?\s*(?:$|[A-ZÅÄÖÉ])))?(\d{1,3})"
    r"(?:\.\s*|\s+|\s*:\s*|\s*\.?$)([A-ZÅÄÖÉ].*|)$",
    re.IGNORECASE,
)
_NAMED = re.compile(r"^(ärende|punkt)\s+\d", re.IGNORECASE)  # "Ärende 3", "Punkt 4: Title"
_FIELD = re.compile(
    r"^(dnr|diarienummer|datum och tid|sammanträdesdatum|datum|tid och plats|plats och tid|tid|"
    r"plats|ärenden|paragrafer)\s*:\s*(.*)$",
    re.I,
)
_FIELD_ALIASES = {
    "sammanträdesdatum": "datum",
    "tid och plats": "plats och tid",
    "paragrafer": "ärenden",
}
_LABELS = {"beslut": "beslut", "information": "information"}
_MARKERS = {"beslutsärende": "beslut", "informationsärende": "information"}
_INLINE_LABEL = re.compile(r"\s+(Beslut|Information)$")
_WRAP_WIDTH = 55  # a heading line this long may continue on the next line


@dataclass(slots=True)
class Header:
    body: str | None = None
    body_line: Line | None = None
    fields: dict[str, Line] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    orphans: list[str] = field(default_factory=list)


def _heading(text: str) -> re.Match[str] | None:
    """ "40. Title", "46 Title", "Ärende 3", "Punkt 4: Title" (a bare number is none)."""
    m = HEADING.match(text)
    if m is None or not (m.group(2) or _NAMED.match(text)):
        return None
    if m.group(2) and not m.group(2)[:1].isupper():
        return None
    return m


def headings(lines: list[Line], first: int | None = None) -> list[int]:
    """Indexes of item headings forming the longest run of consecutive numbers; headings
    named "Ärende N" win over numbered lines (an agenda listed in the header)."""
    found = [(i, int(m.group(1))) for i, ln in enumerate(lines) if (m := _heading(ln.text))]
    named = [(i, n) for i, n in found if _NAMED.match(lines[i].text)]
    if len(named) >= 2:
        found = named
    best: list[int] = []
    for k in range(len(found)):
        chain = [found[k]]
        for cand in found[k + 1 :]:
            if cand[1] == chain[-1][1] + 1:
                chain.append(cand)
        bonus = first is not None and chain[0][1] == first
        if len(chain) > len(best) or (bonus and len(chain) == len(best)):
            best = [i for i, _ in chain]
    return best if len(best) >= 2 else []


def parse_header(lines: list[Line]) -> Header:
    header = Header()
    for line in lines:
        if line.blank:
            continue
        m = _FIELD.match(line.text)
        if m:
            key = m.group(1).casefold()
            key = _FIELD_ALIASES.get(key, key)
            header.fields.setdefault(key, line)
            header.values.setdefault(key, m.group(2).strip())
            continue
        p = re.match(r"^protokoll\b\s*(.*)$", line.text, re.IGNORECASE)
        if p and p.group(1) and not header.body:
            header.body = p.group(1).strip()
            header.body_line = line
            continue
        if (
            not header.fields
            and header.body
            and (is_organisation(line.text) or looks_like_title(line.text))
        ):
            header.orphans.append(line.text)
    return header


def _list_heading(text: str) -> tuple[list[str], bool, str | None, bool] | None:
    """(default roles, present, group, keeps group) for an attendance list heading: a
    short line with a capital and no sentence end ("Närvarande ledamöter", "Övriga"), not
    a wrapped line of running text ("närvarande ledamöter informeras …")."""
    if not text[:1].isupper() or re.search(r"[.!?,;]$", text) or len(text.split()) > 8:
        return None
    low = text.casefold().rstrip(":").strip()
    if re.fullmatch(r"(beslutande|ordinarie)( ledamöter)?|ledamöter", low):
        return ["ledamot"], True, None, True
    if re.fullmatch(r"sekreterare|protokollförare", low):
        return [low], True, None, False
    m = re.match(r"^(närvarande|frånvarande)\b\s*(.*)$", low)
    if m:
        rest = text[len(m.group(1)) :].strip(" :")
        present = m.group(1) == "närvarande"
        if not rest or re.match(r"^(ledamöter|ledamot|ordinarie)", rest, re.I):
            return ["ledamot"], present, None, True
        if re.match(r"^(tjänstgörande )?ersättare", rest, re.I):
            return [rest.casefold().rstrip("e") + "e"], present, None, True
        return ["ledamot"], present, rest, False
    if re.match(r"^adjungerade?$", low):
        return ["adjungerad"], True, None, False
    if re.match(r"^(tjänstgörande )?ersättare$", low):
        return [low], True, None, False
    if re.match(r"^övriga\b", low) or re.fullmatch(r"(närvarande )?tjänstepersoner", low):
        return ["övrig"], True, "Övriga", False
    return None


def parse_attendance(lines: list[Line]) -> tuple[list[Attendee], list[Attendee]]:
    """All attendees, and the members whose line has no organisation nor title."""
    attendees: list[Attendee] = []
    bare: list[Attendee] = []
    state: tuple[list[str], bool, str | None] | None = None
    for line in lines:
        if line.blank or re.match(r"^(bilaga\b.*)?närvarolista$", line.text, re.I):
            continue
        heading = _list_heading(line.text)
        if heading:
            roles, present, group, keep = heading
            if keep and state and group is None:
                group = state[2]
            state = (roles, present, group)
            continue
        if _FIELD.match(line.text) or _heading(line.text):
            state = None
            continue
        if state is None:
            continue
        person = parse_person(line.text, line.columns)
        if person is None:
            continue
        roles = [r for r in person.roles if r not in state[0]]
        base = [] if state[0] == ["ledamot"] and SEAT_ROLES & set(roles) else list(state[0])
        att = Attendee(
            name=person.name,
            roles=base + roles,
            present=state[1],
            evidence=join([line]).evidence(),
            party=person.party,
            organisation=person.organisation,
            job_title=person.job_title,
            group=state[2],
            sections=person.sections,
        )
        attendees.append(att)
        if "ledamot" in state[0] and not (att.organisation or att.job_title):
            bare.append(att)
    return attendees, bare


def realign(bare: list[Attendee], orphans: list[str]) -> None:
    """Give list members the organisation column extracted apart from the table."""
    for att, value in zip(bare, orphans, strict=False):
        if looks_like_title(value):
            att.job_title = value
        else:
            att.organisation = value.strip(" ,")


def _title(lines: list[Line], first: str) -> tuple[str, int]:
    used = 0
    if not first:  # "Ärende 3" with its title on the next line
        used = next((k + 1 for k, line in enumerate(lines) if not line.blank), 0)
        first = lines[used - 1].text if used else ""
    parts, prev_long = [first], len(first) >= _WRAP_WIDTH
    for k, line in enumerate(lines[used:], used):
        if line.blank:
            prev_long = False
            continue
        text = line.text
        if parts[-1].endswith(".") or len(parts) >= 3 or text.casefold() in _MARKERS:
            break
        if text.casefold() in _LABELS or not (text[:1].islower() or prev_long):
            break
        parts.append(text)
        used, prev_long = k + 1, len(text) >= _WRAP_WIDTH
    return clean_title(" ".join(parts)), used


def _lone_labels(body: list[Line]) -> tuple[list[int], list[int]]:
    """(label indexes, decision-heading indexes) among the lone Beslut/Information lines."""
    labels: list[int] = []
    heads: list[int] = []
    content = [k for k, line in enumerate(body) if not line.blank]
    for pos, k in enumerate(content):
        text = body[k].text.casefold()
        if text not in _LABELS:
            continue
        nxt = body[content[pos + 1]].text if pos + 1 < len(content) else ""
        ok = nxt and not nxt[:1].islower() and nxt.casefold() not in _LABELS
        if text == "beslut" and ok and not re.match(r"^bilag(a|or)\b", nxt, re.I):
            heads.append(k)
        else:
            labels.append(k)
    if len(heads) > 1:
        labels = sorted(labels + heads[:-1])
        heads = heads[-1:]
    return labels, heads


def parse_items(lines: list[Line], starts: list[int], end: int) -> tuple[list[Item], list[str]]:
    """Items, and the margin labels found in document order (as kinds)."""
    items: list[Item] = []
    order: list[str] = []
    markers: dict[int, str] = {}
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else end
        m = _heading(lines[start].text)
        assert m
        number, first = m.group(1), split_diary(m.group(2).strip())[0] or m.group(2).strip()
        inline = _INLINE_LABEL.search(first)
        rest = lines[start + 1 : stop]
        title, used = _title(rest, first[: inline.start()] if inline else first)
        heading, body = [lines[start], *rest[:used]], rest[used:]
        labels, heads = _lone_labels(body)
        order.extend(_LABELS[body[k].text.casefold()] for k in labels)
        if inline:
            order.append(_LABELS[inline.group(1).casefold()])
        drop = set(labels) | {k for k, ln in enumerate(body) if ln.text.casefold() in _MARKERS}
        for k in drop:
            if body[k].text.casefold() in _MARKERS:
                markers[n] = _MARKERS[body[k].text.casefold()]
        kept = [ln for k, ln in enumerate(body) if k not in drop]
        if heads:
            after = [ln for k, ln in enumerate(body) if k > heads[0] and k not in drop]
            decision = decision_lines(after)
            kept = [ln for ln in kept if ln is not body[heads[0]]]
        else:
            decision = last_decision_paragraph(kept)
        item = build_item(number, title, heading, kept, f"ärende {number}", decision)
        item.kind = markers.get(n)
        items.append(item)
    return items, order


def assign_labels(items: list[Item], order: list[str]) -> None:
    """Margin labels belong to the items by order; the first items may lack one."""
    if not order:
        return
    targets = items[-len(order) :] if len(order) <= len(items) else items
    for item, label in zip(targets, order, strict=False):
        item.kind = item.kind or label


def _annex_start(lines: list[Line], after: int) -> int:
    """Where the attendance annex begins: "Bilaga. Närvarolista", or a list heading that
    a person line or another list heading follows."""
    for k in range(after, len(lines)):
        text = lines[k].text
        if re.match(r"^(bilaga\b.*)?närvarolista$", text, re.I):
            return k
        if _list_heading(text):
            nxt = next((ln.text for ln in lines[k + 1 :] if not ln.blank), "")
            if _list_heading(nxt) or parse_person(nxt) is not None:
                return k
    return len(lines)


def parse(lines: list[Line]) -> tuple[Meeting, Header]:
    """A Meeting from the cleaned lines of a numbered-item protocol."""
    pre = parse_header(lines)
    rng = re.match(r"^(\d+)", pre.values.get("ärenden", ""))
    starts = headings(lines, int(rng.group(1)) if rng else None)
    if not starts:
        return Meeting("numbered", pre.body, None, [], []), pre
    header = parse_header(lines[: starts[0]])
    end = _annex_start(lines, starts[-1] + 1)
    items, order = parse_items(lines, starts, end)
    assign_labels(items, order)
    outside = lines[: starts[0]] + lines[end:]
    attendees, bare = parse_attendance(outside)
    realign(bare, header.orphans)
    meeting = Meeting(
        layout="numbered",
        body=header.body,
        date=None,
        attendees=attendees,
        items=items,
        place=header.values.get("plats") or place_value(header.values.get("plats och tid", "")),
        diary_number=header.values.get("dnr") or header.values.get("diarienummer") or None,
        section_range=header.values.get("ärenden") or None,
    )
    return meeting, header
