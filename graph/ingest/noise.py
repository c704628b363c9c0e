"""Page furniture of extracted PDF text: headers, footers, page numbers, letterheads.

A protocol's page header ("Protokoll / <body> / Sammanträdesdatum / <date> / Sida N av M")
is repeated on every page; an e-signature reference line ("… Referensnummer: …") or a page
number marks a page break, after which a letterhead may be repeated. These rules are
general: blocks of lines repeated at least twice, page-number patterns, signature lines
and short title-like lines right after a page break. The first occurrence of a repeated
block stays in the text, so its information is still available for the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Line

_PAGE_NUMBER = re.compile(
    r"^(?:sida\s+\d+(?:\s*(?:av|/)\s*\d+)?|\d+\s*\(\s*\d+\s*\)|[-–]\s*\d+\s*[-–]|\d+\s*/\s*\d+)$",
    re.IGNORECASE,
)
_SIGNATURE = re.compile(r"\breferensnummer\s*:|\bverifikat\b|\bsigned by\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.!?:;]$")
MAX_BLOCK = 8  # longest header or footer block considered
MAX_LETTERHEAD = 5  # short lines dropped after a page break


@dataclass(slots=True)
class Cleaned:
    """Lines without page furniture; `removed` keeps what was taken out, in order."""

    lines: list[Line]
    removed: list[Line] = field(default_factory=list)
    letterhead: list[Line] = field(default_factory=list)


def is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text))


def is_signature_line(text: str) -> bool:
    return bool(_SIGNATURE.search(text))


def _key(text: str) -> str:
    """Compare header lines with page numbers masked ("Sida 3 av 10" ~ "Sida 4 av 10")."""
    return re.sub(r"\d+", "#", text.casefold()) if is_page_number(text) else text.casefold()


def _repeated_blocks(lines: list[Line]) -> set[int]:
    """Indexes (into `lines`, blank lines excluded) of blocks repeated two or more times."""
    content = [i for i, line in enumerate(lines) if not line.blank]
    keys = [_key(lines[i].text) for i in content]
    drop: set[int] = set()
    size = MAX_BLOCK
    while size >= 2:
        seen: dict[tuple[str, ...], list[int]] = {}
        for k in range(len(keys) - size + 1):
            if any(content[k + j] in drop for j in range(size)):
                continue
            seen.setdefault(tuple(keys[k : k + size]), []).append(k)
        for block, positions in seen.items():
            if not _furniture(block, _spread(positions, size)):
                continue
            last = -size
            for n, k in enumerate(positions):
                if k < last + size:
                    continue
                last = k
                if n > 0:
                    drop.update(content[k + j] for j in range(size))
        size -= 1
    return drop


def _spread(positions: list[int], size: int) -> int:
    """How many non-overlapping occurrences the positions hold."""
    count, last = 0, -size
    for k in positions:
        if k >= last + size:
            count, last = count + 1, k
    return count


def _furniture(keys: tuple[str, ...], count: int) -> bool:
    """A repeated block is page furniture when it carries a page number or recurs on
    three or more pages, and is made of short lines rather than sentences."""
    if count < 2 or any(len(k) > 80 or re.search(r"[.!?]$", k) for k in keys):
        return False
    if all(len(k) <= 12 for k in keys):
        return False
    return count >= 3 or any("#" in k and is_page_number(k.replace("#", "1")) for k in keys)


def _title_like(line: Line) -> bool:
    return len(line.text) <= 45 and not _SENTENCE_END.search(line.text)


def _letterhead_like(line: Line) -> bool:
    """Short, no sentence end, and not an item heading ("§ 4", "52 Title")."""
    return _title_like(line) and not re.match(r"^(§|\d+\.?\s)", line.text)


def remove_noise(lines: list[Line]) -> Cleaned:
    """Drop page numbers, signature lines, repeated header blocks and letterheads."""
    drop = _repeated_blocks(lines)
    letterhead: list[Line] = []
    after_break = False
    kept: list[Line] = []
    for i, line in enumerate(lines):
        if line.blank:
            kept.append(line)
            continue
        if i in drop or is_page_number(line.text):
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
        if after_break and letterhead and line.text[:1].islower() and _title_like(line):
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
