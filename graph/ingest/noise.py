"""Page furniture of extracted PDF text: headers, footers, page numbers, letterheads.

A protocol's page header ("Protokoll / <body> / Sammanträdesdatum / <date> / Sida N av M")
is repeated on every page; an e-signature reference line ("… Referensnummer: …"), a page
number, a footer ("Justerandes sign", "Utdragsbestyrkande") or a form feed marks a page
break, after which a letterhead may be repeated. A block of short lines repeated at least
twice is furniture only when it behaves like it: it carries a page number ("Sida N av M",
or a header line ending in "2 (8)"); or, reading like no item text (no decision heading,
decision verb, sub-heading or presenter), it stands next to page breaks (the top of the
document counts as one), or opens the document and recurs at regular, page-like
intervals. Lines an item repeats (the same decision heading and wording in several items)
are therefore kept. A block is also not stretched over a line that happens to precede a
header on later pages ("Ärendet" right before it) when the header itself occurs earlier
without it. The first occurrence of a repeated block stays in the text, so its
information is still available for the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from .attendance import is_organisation
from .protocol_items import SUBHEADING_WORDS
from .text import Line

_PAGE_TOKEN = (
    r"(?:sida|sid\.?)\s+\d+(?:\s*(?:av|/)\s*\d+|\s*\(\s*\d+\s*\))?|\d+\s*\(\s*\d+\s*\)|"
    r"[-–]\s*\d+\s*[-–]|\d+\s*/\s*\d+|\d+\s+av\s+\d+"
)
_PAGE_NUMBER = re.compile(rf"^(?:{_PAGE_TOKEN})$", re.IGNORECASE)
# A header line that ends with the page number ("Kommunstyrelsen 2024-03-05 2 (8)").
_TRAILING_PAGE = re.compile(rf"^(?P<head>\S.*?)\s+(?P<page>{_PAGE_TOKEN})$", re.IGNORECASE)
_SIGNATURE = re.compile(r"\breferensnummer\s*:|\bverifikat\b|\bsigned by\b", re.IGNORECASE)
# Footer cells printed on every page of a signed protocol.
_FOOTER_CELL = r"(?:justerandes?|ordförandes|sekreterarens)\s+sign(?:atur|\.)?|utdragsbestyrkande"
_FOOTER = re.compile(rf"^{_FOOTER_CELL}(?:\s*[|/]?\s*{_FOOTER_CELL})*$", re.IGNORECASE)
# Item text: a decision heading or sentence, a "§ 4" or "4. Title" heading, a presenter.
_ITEM_TEXT = re.compile(
    r"^(?:§\s*\d|\d{1,3}\.?\s+[A-ZÅÄÖ]|beslut$|[\w ]+s beslut$)|\b(?:beslutar|beslutade|"
    r"beslöt|godkänner|godkände|fastställer|uppdrar|noterar|handlingarna|informerar|"
    r"informerade|föredrar|föredrog|föredragande|redogör|redogjorde|presenterar|presenterade|"
    r"lämnas av)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?:;]$")
MAX_BLOCK = 8  # longest header or footer block considered
MAX_LETTERHEAD = 5  # short lines dropped after a page break
PAGE_LINES = 15  # fewest content lines between two page headers found by spacing alone


@dataclass(slots=True)
class Cleaned:
    """Lines without page furniture; `removed` keeps what was taken out, in order."""

    lines: list[Line]
    removed: list[Line] = field(default_factory=list)
    letterhead: list[Line] = field(default_factory=list)


def is_page_number(text: str) -> bool:
    """ "Sida 2 av 10", "2 (10)", "- 2 -", "2/10"; not a diary number ("2024/123")."""
    return bool(_PAGE_NUMBER.match(text)) and _page_of(text)


def is_signature_line(text: str) -> bool:
    return bool(_SIGNATURE.search(text))


def is_footer(text: str) -> bool:
    """A footer cell line ("Justerandes sign", "Utdragsbestyrkande")."""
    return bool(_FOOTER.match(text))


def _page_marker(text: str) -> bool:
    return is_page_number(text) or is_signature_line(text) or is_footer(text)


def _key(text: str) -> str:
    """Compare header lines with page numbers masked ("Sida 3 av 10" ~ "Sida 4 av 10")."""
    if is_page_number(text):
        return re.sub(r"\d+", "#", text.casefold())
    m = _TRAILING_PAGE.match(text)
    if (
        m
        and _page_of(m.group("page"))
        and not re.search(r"[.!?,;]$|\bdnr\b", m.group("head"), re.I)
    ):
        page = re.sub(r"\d+", "#", m.group("page").casefold())
        return f"{m.group('head').casefold()} {page}"
    return text.casefold()


def _page_of(token: str) -> bool:
    """Whether the numbers of a page token can be "page N of M" ("2 (8)", not "2024/123")."""
    numbers = [int(n) for n in re.findall(r"\d+", token)]
    return all(n < 1000 for n in numbers) and (len(numbers) < 2 or 0 < numbers[0] <= numbers[1])


def _has_page(key: str) -> bool:
    return "#" in key and bool(
        _PAGE_NUMBER.match(key.replace("#", "1")) or _TRAILING_PAGE.match(key.replace("#", "1"))
    )


def _boundaries(lines: list[Line], content: list[int]) -> set[int]:
    """Positions in `content` where a page starts: the top of the document, after a page
    marker line or a form feed, and before a page marker line; the end of the text too."""
    found = {0, len(content)}
    for k, i in enumerate(content):
        if _page_marker(lines[i].text):
            found.update((k, k + 1))
        following = content[k + 1] if k + 1 < len(content) else len(lines)
        if any(line.page_end for line in lines[i:following]):
            found.add(k + 1)
    return found


def _first_positions(keys: list[str]) -> dict[tuple[str, ...], int]:
    """Where every block of up to MAX_BLOCK lines first occurs."""
    first: dict[tuple[str, ...], int] = {}
    for size in range(1, MAX_BLOCK + 1):
        for k in range(len(keys) - size + 1):
            first.setdefault(tuple(keys[k : k + size]), k)
    return first


def _spread(positions: list[int], size: int) -> list[int]:
    """The non-overlapping occurrences among the positions."""
    out: list[int] = []
    for k in positions:
        if not out or k >= out[-1] + size:
            out.append(k)
    return out


def _stretched(
    keys: list[str], firsts: dict[tuple[str, ...], int], block: tuple[str, ...], first: int
) -> bool:
    """Whether the block is a shorter repeated block plus lines around it that are not
    furniture: the shorter block occurs first, earlier, and an added line is nowhere near
    that first occurrence ("Ärendet" before a page header on two pages, when the header
    opened the document without it). A first page that prints its header in another
    order still has all of its lines close by."""
    size = len(block)
    for i in range(size):
        for j in range(i + 1, size + 1):
            part = block[i:j]
            if len(part) == size or (len(part) < 2 and not _has_page(part[0])):
                continue
            at = firsts.get(part, first + i)
            if at >= first + i:
                continue
            near = set(keys[max(0, at - MAX_BLOCK) : at + len(part) + MAX_BLOCK])
            if any(extra not in near for extra in block[:i] + block[j:]):
                return True
    return False


def _furniture(block: tuple[str, ...], occurrences: list[int], breaks: set[int]) -> bool:
    """Whether a block repeated at `occurrences` (non-overlapping) is page furniture."""
    size = len(block)
    if len(occurrences) < 2 or any(len(k) > 80 or re.search(r"[.!?]$", k) for k in block):
        return False
    if any(_has_page(k) for k in block):
        return True
    if all(len(k) <= 12 for k in block):
        return False
    if any(_ITEM_TEXT.search(k) or SUBHEADING_WORDS.match(k) for k in block):
        return False
    if sum(k in breaks or k + size in breaks for k in occurrences) >= 2:
        return True
    # No page marker: a header that opens the document and recurs at regular intervals.
    if len(occurrences) < 3 or occurrences[0] > 0:
        return False
    gaps = [b - a for a, b in pairwise(occurrences)]
    return min(gaps) >= PAGE_LINES and max(gaps) <= 2 * min(gaps)


def _repeated_blocks(lines: list[Line]) -> set[int]:
    """Indexes (into `lines`, blank lines excluded) of repeated furniture blocks."""
    content = [i for i, line in enumerate(lines) if not line.blank]
    keys = [_key(lines[i].text) for i in content]
    breaks = _boundaries(lines, content)
    firsts = _first_positions(keys)
    drop: set[int] = set()
    size = MAX_BLOCK
    while size >= 1:
        seen: dict[tuple[str, ...], list[int]] = {}
        for k in range(len(keys) - size + 1):
            if any(content[k + j] in drop for j in range(size)):
                continue
            seen.setdefault(tuple(keys[k : k + size]), []).append(k)
        for block, positions in seen.items():
            if len(positions) < 2 or (size == 1 and not _has_page(block[0])):
                continue  # a lone line is furniture only with its page number
            found = _spread(positions, size)
            if not _furniture(block, found, breaks) or _stretched(keys, firsts, block, found[0]):
                continue
            for k in found[1:]:
                drop.update(content[k + j] for j in range(size))
        size -= 1
    return drop


def _title_like(line: Line) -> bool:
    return len(line.text) <= 45 and not _SENTENCE_END.search(line.text)


def _letterhead_like(line: Line) -> bool:
    """Short, no sentence end, and not an item heading ("§ 4", "52 Title")."""
    return _title_like(line) and not re.match(r"^(§|\d+\.?\s)", line.text)


def _letterhead_tail(line: Line) -> bool:
    """A lower-case continuation of a letterhead: short, or naming who runs the body
    ("i Länet och Region Länet")."""
    text = line.text
    if not text[:1].islower() or _SENTENCE_END.search(text):
        return False
    if _title_like(line):
        return True
    parts = re.split(r"\s+(?:och|samt)\s+|,\s*", text)
    last = parts[-1]
    return len(parts) > 1 and len(text) <= 80 and last[:1].isupper() and is_organisation(last)


def remove_noise(lines: list[Line]) -> Cleaned:
    """Drop page numbers, signature and footer lines, repeated header blocks and
    letterheads."""
    drop = _repeated_blocks(lines)
    letterhead: list[Line] = []
    after_break = False
    kept: list[Line] = []
    for i, line in enumerate(lines):
        if line.blank:
            kept.append(line)
            continue
        if i in drop or is_page_number(line.text) or is_footer(line.text):
            continue
        if is_signature_line(line.text):
            after_break = True
            letterhead = []
            continue
        if after_break and _letterhead_like(line) and len(letterhead) < MAX_LETTERHEAD:
            nxt = _next_text(lines, i)
            if nxt is not None and (_title_like(nxt) or nxt.text[:1].islower()):
                letterhead.append(line)
                continue
        if after_break and letterhead and _letterhead_tail(line):
            letterhead.append(line)
            continue
        after_break = False
        kept.append(line)
    kept_ids = {id(line) for line in kept}
    removed = [line for line in lines if not line.blank and id(line) not in kept_ids]
    return Cleaned(kept, removed, letterhead)


def _next_text(lines: list[Line], i: int) -> Line | None:
    for line in lines[i + 1 :]:
        if not line.blank:
            return line
    return None
