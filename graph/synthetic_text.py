"""Synthetic meetings (graph/synthetic.py) written as protocol text, in either house style.

`render_protocol(meeting, layout)` writes one meeting as the plain text a PDF extraction
of its protocol gives, so ingest can be measured on text:

* "norrbotten" (§-numbered paragraphs): a page header (Protokoll, body, Sammanträdesdatum,
  date, "Sida N av M") repeated on every page, Plats and the §§ range, "Beslutande" grouped
  under the region and the kommuner, Ersättare, Frånvarande, "Övriga närvarande" (some for
  §§ only), Sekreterare, the signatures, then "§ 11" headings with "<Organet>s beslut" and
  "Ärendet"; long words are hyphenated at line ends, and some protocols have the blank line
  between every line that PDF extraction often leaves.
* "vasterbotten" (numbered items): a letterhead naming who runs the body, "Protokoll
  <body>", Dnr, "Datum och tid", Plats, "Ärenden: 40 - 50", items "40. Title" with
  Beslutsärende/Informationsärende and "Föredragande:", the decision as the item's last
  paragraph, an e-signature line and the letterhead again at page breaks, and the
  attendance as an annex ("Bilaga. Närvarolista").

The text is a pure function of the meeting and the layout (hyphenation and spacing are
seeded by the meeting's key). Line breaks never start a line with a word the protocol
parsers take for a heading (see the list below), so a rendered protocol reads back as the
meeting it was written from.
"""

from __future__ import annotations

import random
import re

from .synthetic import LAYOUTS, Attendee, Item, Meeting, date_text

WIDTH = {"paragraph": 80, "numbered": 100}
PAGE_LINES = {"paragraph": 46, "numbered": 60}
# Words a wrapped line must not start with: they open a sub-heading, a list heading or a
# compound that line-end hyphenation would glue ("hälso- och").
_FRAGILE = re.compile(
    r"^(beslutsunderlag|ärendet|bakgrund|bilag|handlingar|förslag till beslut|yrkande|"
    r"propositionsordning|reservation|protokollsanteckning|nuläge|sammanfattning|"
    r"expedieras|skickas till|närvarande|frånvarande|övriga|adjungerad|ersättare|"
    r"tjänstgörande|§|\d{1,3}(?:\.\s*|\s+)[A-ZÅÄÖÉ])",
    re.IGNORECASE,
)
_SEAT_ROLES = ("ordförande", "vice ordförande", "tjänstgörande ersättare")
_JOINERS = {"och", "eller", "samt", "resp", "respektive", "som", "till"}
_VOWELS = set("aeiouyåäöé")


def layout_name(layout: str) -> str:
    """ "norrbotten"/"vasterbotten" (or "paragraph"/"numbered") → the graph's gov:layout."""
    if layout in LAYOUTS:
        return LAYOUTS[layout]
    if layout in LAYOUTS.values():
        return layout
    raise ValueError(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")


def render_protocol(meeting: Meeting, layout: str | None = None) -> str:
    """The protocol text of `meeting` in `layout` (default: the meeting's own)."""
    style = layout_name(layout) if layout else meeting.layout
    rng = random.Random(f"{meeting.key}/{style}")
    if style == "paragraph":
        return _Paragraph(meeting, rng).text()
    return _Numbered(meeting, rng).text()


# --- wrapping ---------------------------------------------------------------------------


def _hyphen_point(word: str, room: int) -> int:
    """Where to split `word` so that its head (plus "-") fits `room`; 0 for nowhere."""
    letters = word.rstrip(".,;:")
    if len(letters) < 8 or not letters.isalpha() or not letters[1:].islower():
        return 0
    for k in range(min(room - 1, len(letters) - 3), 2, -1):
        tail = letters[k:]
        if tail.casefold() in _JOINERS or _FRAGILE.match(word[k:]):
            continue
        if tail[0] in _VOWELS or tail[1] not in _VOWELS:
            continue  # break before a consonant and its vowel ("hand-lingar", "sam-man")
        return k
    return 0


def wrap(text: str, width: int, rng: random.Random, hyphenate: bool = True) -> list[str]:
    """Greedy line breaks; now and then a long word is hyphenated at the line end."""
    words = text.split()
    lines: list[str] = []
    line: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if not line or len(" ".join([*line, word])) <= width:
            line.append(word)
            i += 1
            continue
        room = width - len(" ".join(line)) - 1
        k = _hyphen_point(word, room) if hyphenate and rng.random() < 0.5 else 0
        if k:
            line.append(word[:k] + "-")
            words[i] = word[k:]
        else:
            while (
                len(line) > 1
                and not line[-1].endswith("-")
                and _FRAGILE.match(" ".join(words[i : i + 3]))
            ):
                words.insert(i, line.pop())
        lines.append(" ".join(line))
        line = []
    if line:
        lines.append(" ".join(line))
    return lines


def _wrap_title(title: str, width: int, numbered: bool) -> list[str]:
    """A heading over lines that the parsers join again: a paragraph-layout title goes on
    only before a lower-case word; a numbered one also after a long line."""
    words = title.split()
    lines: list[str] = []
    line: list[str] = []
    for word in words:
        if line and len(" ".join([*line, word])) > width and (word[:1].islower() or numbered):
            lines.append(" ".join(line))
            line = []
        line.append(word)
    lines.append(" ".join(line))
    return lines[:3] if len(lines) <= 3 else [*lines[:2], " ".join(lines[2:])]


def _person(att: Attendee, party_case: str) -> str:
    name = att.person.name
    party = att.person.party
    if party:
        return f"{name} ({party.lower() if party_case == 'lower' else party})"
    return name


def _sections(att: Attendee) -> str:
    return f" (§§ {att.sections[0]}-{att.sections[1]})" if att.sections else ""


def _pages(lines: list[str], size: int) -> list[list[str]]:
    """Lines cut into pages of about `size`. A page ends after a long line of running text
    and starts with a "§" heading or another long line: a short heading next to the page
    header on several pages would read as part of the header."""
    pages: list[list[str]] = [[]]
    last = ""  # the last non-blank line
    for line in lines:
        page = pages[-1]
        starts = line.startswith("§ ") or len(line) >= 40
        if len(page) >= size and starts and len(last) >= 40 and not last.startswith("§ "):
            pages.append(page := [])
        page.append(line)
        last = line or last
    return pages


# --- the §-numbered layout --------------------------------------------------------------


class _Paragraph:
    def __init__(self, meeting: Meeting, rng: random.Random):
        self.m = meeting
        self.rng = rng
        self.spaced = rng.random() < 0.4  # a blank line between every line

    def header(self, page: int, pages: int) -> list[str]:
        m = self.m
        return [
            "Protokoll",
            m.body.label,
            "Sammanträdesdatum",
            m.date.isoformat(),
            f"Sida {page} av {pages}",
        ]

    def attendance(self) -> list[str]:
        m = self.m
        out = [f"Plats: {m.place}", "", m.section_range, ""]
        titles = {
            "members": "Beslutande",
            "serving": "Tjänstgörande ersättare",
            "substitutes": "Ersättare",
            "absent": "Frånvarande",
            "others": "Övriga närvarande",
            "secretary": "Sekreterare",
        }
        section = group = None
        for att in m.attendees:
            if att.section != section:
                section, group = att.section, None
                out += ["", titles.get(att.section, "Övriga närvarande")]
            if section == "members":
                if att.org_text != group:
                    group = att.org_text
                    out.append(group or "")
                roles = [r for r in att.roles if r in _SEAT_ROLES]
                if "ordförande" in roles and "vice ordförande" in roles:
                    roles = ["vice ordförande", "mötesordförande"]
                tail = "".join(f", {r}" for r in roles)
                out.append(f"{_person(att, 'upper')}{tail}{_sections(att)}")
            elif section in ("serving", "substitutes", "absent"):
                roles = [r for r in att.roles if r in ("ordförande", "vice ordförande")]
                tail = "".join(f", {r}" for r in roles)
                out.append(f"{_person(att, 'upper')}, {att.org_text}{tail}")
            elif section == "secretary":
                out.append(att.person.name)
            else:
                title = f", {att.title_text}" if att.title_text else ""
                out.append(f"{att.person.name}{title}, {att.org_text}{_sections(att)}")
        chair = m.chair
        out += ["", "Underskrifter"]
        if chair is not None and m.adjuster is not None:
            out.append(f"{chair.person.name}, ordförande    {m.adjuster.person.name}, justerare")
        return out

    def item(self, it: Item) -> list[str]:
        m = self.m
        width = WIDTH["paragraph"]
        out = ["", f"§ {it.number}", "", *_wrap_title(it.title, width, False)]
        if it.decision:
            out += ["", f"{m.body.short}s beslut", ""]
            out += wrap(it.decision, width, self.rng)
            if it.attachment:
                out += ["", "Beslutsunderlag", "", it.attachment]
            if it.paragraphs or it.presenter_text:
                out += ["", "Ärendet"]
        for text in ([it.presenter_text] if it.presenter_text else []) + it.paragraphs:
            out += ["", *wrap(text, width, self.rng)]
        return out

    def text(self) -> str:
        body = self.attendance()
        for it in self.m.items:
            body += self.item(it)
        pages = _pages(body, PAGE_LINES["paragraph"])
        lines: list[str] = []
        for n, page in enumerate(pages, 1):
            lines += [*self.header(n, len(pages)), "", *page, ""]
        if self.spaced:
            lines = [x for line in lines for x in (line, "")]
        return "\n".join(lines).rstrip() + "\n"


# --- the numbered-item layout -----------------------------------------------------------


class _Numbered:
    def __init__(self, meeting: Meeting, rng: random.Random):
        self.m = meeting
        self.rng = rng
        county = meeting.body.county
        self.letterhead = [
            "Samverkan för hälsa och välfärd",
            "",
            "Ett samarbete mellan kommunerna",
            f"i {county.info.short_name} och {county.region.name}",
        ]
        self.reference = 100000 + rng.randrange(900000)

    def header(self) -> list[str]:
        m = self.m
        start, end = (t.lstrip("0").replace(":", ".") for t in (m.start, m.end))
        return [
            *self.letterhead,
            "",
            f"Protokoll {m.body.label}",
            f"Dnr: {m.dnr}",
            f"Datum och tid: {m.date.isoformat()} kl. {start} -{end}",
            f"Plats: {m.place}",
            f"Ärenden: {m.section_range}",
            "",
        ]

    def item(self, it: Item) -> list[list[str]]:
        """The item as blocks; a page may break before any block but an attachment."""
        width = WIDTH["numbered"]
        head = _wrap_title(f"{it.number}. {it.title}", width, True)
        if it.kind and it.decision:
            head.append("Beslutsärende" if it.kind == "beslut" else "Informationsärende")
        if it.presenter_text:
            head += wrap(it.presenter_text, width, self.rng, hyphenate=False)
        if not it.kind or not it.decision:
            head.append("")
        blocks = [head]
        for text in it.paragraphs:
            blocks.append(wrap(text, width, self.rng, hyphenate=False))
        if it.decision:
            blocks.append(wrap(it.decision, width, self.rng, hyphenate=False))
        if it.attachment:
            blocks[-1] = [*blocks[-1], "", f"Bilaga: {it.attachment}"]
        return blocks

    def annex(self) -> list[str]:
        m = self.m
        out = ["Bilaga. Närvarolista", ""]
        titles = {
            "members": f"Närvarande {m.body.label}",
            "absent": "Frånvarande",
            "substitutes": "Närvarande ersättare",
            "coopted": "Adjungerade",
            "others": "Övriga tjänstepersoner",
        }
        section = None
        for att in m.attendees:
            if att.section != section:
                section = att.section
                out += ["", titles.get(section, "Övriga tjänstepersoner")]
            roles = [r for r in att.roles if r in (*_SEAT_ROLES, "protokollförare")]
            if "ordförande" in roles and "vice ordförande" in roles:
                roles = ["vice ordförande", "mötesordförande"]
            if section in ("members", "absent", "substitutes", "coopted"):
                tail = "".join(f", {r}" for r in roles)
                out.append(f"{_person(att, 'lower')}  {att.org_text}{tail}")
            else:
                parts = [att.person.name, *roles]
                if att.title_text:
                    parts.append(att.title_text)
                if att.org_text:
                    parts.append(att.org_text)
                out.append(", ".join(parts) + _sections(att))
        return out

    def text(self) -> str:
        lines = self.header()
        used = len(lines)
        for it in self.m.items:
            for k, block in enumerate(self.item(it)):
                if used + len(block) > PAGE_LINES["numbered"] and k != 1:  # not after a title
                    lines += [
                        "",
                        f"Signerat elektroniskt. Referensnummer: {self.reference}SE",
                        "",
                        *self.letterhead,
                        "",
                    ]
                    used = 0
                lines += [*block, ""]
                used += len(block) + 1
        lines += self.annex()
        return "\n".join(lines).rstrip() + "\n"


def protocol_text_name(meeting: Meeting) -> str:
    """The file name of a rendered protocol: the dct:source of its graph."""
    return f"{meeting.identifier}.txt"


__all__ = ["date_text", "layout_name", "protocol_text_name", "render_protocol", "wrap"]
