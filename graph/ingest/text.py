"""Source text with a map back to the raw characters.

Extraction works on cleaned text (joined lines, repaired hyphenation, collapsed spaces),
but provenance must point into the original document. `SourceText` splits the raw text
into `Line`s that remember their offsets (and whether a form feed ends the page after
them), and `join` builds a `Span` of normalised text whose every character knows the raw
offset it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .records import Evidence

_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009]+")
# Words after a line-final hyphen that mark a real compound ("hälso- och sjukvård").
_COMPOUND_JOINERS = {"och", "eller", "samt", "resp", "respektive", "som", "till"}


def clean(text: str) -> str:
    """Collapse every kind of white space to one ordinary space and NFC-normalise."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True, slots=True)
class Line:
    """One raw line: its cleaned text and the raw offsets of its first and last char."""

    number: int
    text: str
    start: int
    end: int
    raw: str = ""  # the line as written, stripped, with its inner spacing kept
    page_end: bool = False  # a form feed ends the line: the next line starts a page

    @property
    def blank(self) -> bool:
        return not self.text

    @property
    def columns(self) -> list[str]:
        """The line split where the layout leaves two or more spaces (table columns)."""
        return [clean(c) for c in re.split(r"(?:[ \t\u00a0\u202f]{2,}|\t)", self.raw) if clean(c)]


class Span:
    """Normalised text whose characters map back to raw offsets."""

    __slots__ = ("offsets", "text")

    def __init__(self, text: str, offsets: Sequence[int]):
        assert len(text) == len(offsets)
        self.text = text
        self.offsets = list(offsets)

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)

    def raw_span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Raw (start, end) of the normalised slice [i:j]."""
        j = len(self.text) if j is None else j
        if not self.offsets or i >= j:
            at = self.offsets[min(i, len(self.offsets) - 1)] if self.offsets else 0
            return at, at
        return self.offsets[i], self.offsets[j - 1] + 1

    def slice(self, i: int, j: int | None = None) -> Span:
        j = len(self.text) if j is None else j
        return Span(self.text[i:j], self.offsets[i:j])

    def strip(self, chars: str | None = None) -> Span:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.slice(left, max(left, right))

    def evidence(self, section: str | None = None, i: int = 0, j: int | None = None) -> Evidence:
        start, end = self.raw_span(i, j)
        return Evidence(start=start, end=end, quote=self.text[i:j].strip(), section=section)


class SourceText:
    """The raw text of a document, split into lines with offsets."""

    def __init__(self, raw: str):
        self.raw = raw
        self.lines: list[Line] = []
        pos = 0
        for number, chunk in enumerate(raw.splitlines(keepends=True)):
            body = chunk.rstrip("\r\n")
            feed = body.endswith("\f")
            lead = len(body) - len(body.lstrip())
            text = clean(body)
            start = pos + lead
            end = start + len(body.strip())
            self.lines.append(Line(number, text, start, end, body.strip(), feed))
            pos += len(chunk)

    def span_of(self, line: Line) -> Span:
        return join([line])


def _line_span(line: Line) -> tuple[str, list[int]]:
    """Cleaned text of a line and an offset per char (approximate inside collapsed runs)."""
    text = line.text
    width = max(line.end - line.start, 1)
    if len(text) == width:
        return text, list(range(line.start, line.end))
    # Spaces were collapsed: spread offsets proportionally, exact at both ends.
    n = len(text)
    offsets = [line.start + round(k * (width - 1) / max(n - 1, 1)) for k in range(n)]
    return text, offsets


def join(lines: Iterable[Line]) -> Span:
    """Join lines into one normalised Span, repairing hyphenation at line ends.

    "Wik-" + "ström" becomes "Wikström"; "2023-" + "11-17" becomes "2023-11-17";
    "hälso-" + "och sjukvård" keeps its hyphen and a space.
    """
    return join_with_ends(lines)[0]


def join_with_ends(lines: Iterable[Line]) -> tuple[Span, list[int]]:
    """`join`, and for every line the index in the Span's text where it ends (a blank
    line ends where the text so far ends)."""
    chars: list[str] = []
    offsets: list[int] = []
    ends: list[int] = []
    for line in lines:
        if line.blank:
            ends.append(len(chars))
            continue
        text, offs = _line_span(line)
        if chars:
            prev = chars[-1]
            first_word = re.match(r"\w+", text)
            word = first_word.group(0).casefold() if first_word else ""
            before = chars[-2] if len(chars) > 1 else ""
            if (
                prev == "-"
                and before.isalpha()
                and text[:1].islower()
                and word not in _COMPOUND_JOINERS
            ):
                chars.pop()
                offsets.pop()
            elif prev == "-" and before.isdigit() and text[:1].isdigit():
                pass
            else:
                chars.append(" ")
                offsets.append(offsets[-1] + 1)
        chars.extend(text)
        offsets.extend(offs)
        ends.append(len(chars))
    return Span("".join(chars), offsets), ends


# Abbreviations and ordinals ("kl.", "ordf.", "1. Lägga") that do not end a sentence; a
# number after "-", "." or ":" ends a date or time ("2021-12-31.", "13.30.") and does.
_NO_SPLIT_AFTER = re.compile(
    r"(\b(kl|ordf|bl\.a|t\.ex|dvs|nr|ca|resp|jfr|s)\.|(?<![-.:\d])\b\d{1,2}\.)$"
)


def sentences(span: Span, breaks: Iterable[int] = ()) -> list[tuple[int, int]]:
    """(start, end) indexes of the sentences of a normalised span; `breaks` are further
    indexes where a sentence ends (after a heading line, which has no full stop)."""
    out: list[tuple[int, int]] = []
    start = 0
    text = span.text
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9\-•])", text):
        # Do not split after abbreviations and ordinal numbers ("kl. 10", "ordf. X", "1. Lägga").
        before = text[start : m.start()]
        if _NO_SPLIT_AFTER.search(before):
            continue
        out.append((start, m.start()))
        start = m.end()
    if start < len(text):
        out.append((start, len(text)))
    cuts = sorted(set(breaks))
    if not cuts:
        return out
    split: list[tuple[int, int]] = []
    for first, last in out:
        for cut in cuts:
            if first < cut < last and text[first:cut].strip():
                split.append((first, cut))
                first = cut + len(text[cut:last]) - len(text[cut:last].lstrip())
        if first < last:
            split.append((first, last))
    return split


def sentence_around(span: Span, i: int, j: int) -> tuple[int, int]:
    """The sentence (or sentences) of `span` that contain the slice [i:j]."""
    bounds = sentences(span)
    first = next((s for s in bounds if s[0] <= i < s[1] or s[0] >= i), (i, j))
    last = next((s for s in reversed(bounds) if s[0] < j), first)
    return first[0], max(last[1], first[1])
