"""Word matching for topics and names: word boundaries, Swedish inflections, compounds.

A label matches a text when its words occur in the text in order and next to each other,
each text word being the label word itself, the word with an inflection ending
("hjälpmedlen" is not covered, "hjälpmedlet" by its own label), the head or tail of a
compound ("hjälpmedelsförsörjning", "länssamverkansstruktur"), or, for long words, the
word with one letter added, dropped or changed (a typing error).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

WORD = re.compile(r"[^\W_]+", re.UNICODE)
INFLECTIONS = frozenset(
    {"", "s", "n", "t", "e", "a", "en", "et", "er", "ar", "or", "na", "ns", "ts", "ens", "ets"}
    | {"ers", "ars", "ors", "erna", "arna", "orna", "ernas", "arnas", "ornas"}
    | {"ade", "ande", "ende", "ning", "ningen", "ningar"}
)
MIN_COMPOUND = 6  # a label word this long may be the head or the tail of a compound
MIN_FUZZY = 8  # a label word this long may differ from the text word by one letter


@dataclass(frozen=True, slots=True)
class Match:
    label: str
    words: str  # the text's words that matched, as written
    start: int


def fold(text: str) -> str:
    """Lower case without diacritics (for names and search words, not for topics)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[tuple[str, int, int]]:
    """The words of a text, lower-cased, with their character spans."""
    return [(m.group().casefold(), m.start(), m.end()) for m in WORD.finditer(text)]


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def word_matches(label_word: str, word: str) -> bool:
    """Whether a text word is the label word, inflected, compounded or mistyped."""
    if word == label_word:
        return True
    if word.startswith(label_word):
        rest = word[len(label_word) :]
        if rest in INFLECTIONS or (len(label_word) >= MIN_COMPOUND and len(rest) >= 3):
            return True
    if len(label_word) >= MIN_COMPOUND:
        at = word.find(label_word, 3)
        if at >= 3 and word[at + len(label_word) :] in INFLECTIONS:
            return True
    return len(label_word) >= MIN_FUZZY and _one_edit(label_word, word)


@functools.lru_cache(maxsize=4096)
def _label_words(label: str) -> tuple[str, ...]:
    return tuple(w for w, _, _ in words(label))


def _may_occur(label_word: str, lowered: str) -> bool:
    """A quick necessary condition for `word_matches` on some word of the text: the label
    word, or (for a word that may be mistyped) one of its halves, is in the text."""
    if label_word in lowered:
        return True
    if len(label_word) < MIN_FUZZY:
        return False
    half = len(label_word) // 2
    return label_word[:half] in lowered or label_word[half:] in lowered


class Text:
    """A text prepared once for matching many labels against it."""

    __slots__ = ("found", "lowered", "text")

    def __init__(self, text: str):
        self.text = text
        self.lowered = text.casefold()
        self.found = words(text)

    def find(self, label: str) -> list[Match]:
        """Every place where all the words of `label` occur in the text, in order."""
        wanted = _label_words(label)
        if not wanted or not all(_may_occur(w, self.lowered) for w in wanted):
            return []
        found = self.found
        hits = []
        for i in range(len(found) - len(wanted) + 1):
            if all(word_matches(w, found[i + k][0]) for k, w in enumerate(wanted)):
                start, end = found[i][1], found[i + len(wanted) - 1][2]
                hits.append(Match(label, self.text[start:end], start))
        return hits


def find(label: str, text: str) -> list[Match]:
    """Every place where all the words of `label` occur in `text`, in order."""
    return Text(text).find(label)
