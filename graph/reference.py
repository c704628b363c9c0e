"""Public reference data: Sweden's kommuner, regioner and political parties.

The lists live in `data/reference/*.csv` (SCB kommunkod and länskod, official names,
party abbreviations) and are read once. The lookups accept names the way protocols write
them: "Boden", "Bodens kommun", "Luleå", "Region Norrbotten", "Norrbottens", "(s)".
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .settings import REFERENCE_DIR

# Words that follow a municipality's name in its official or everyday form.
_MUNICIPAL_SUFFIX = re.compile(r"\s+(?:kommun|stad)s?$")
# Older names of a region: "Landstinget i Norrbotten", "Norrbottens läns landsting".
_COUNCIL_FORMS = (
    re.compile(r"^(?:region|landstinget i|landstinget)\s+(?P<stem>.+)$"),
    re.compile(r"^(?P<stem>.+?)\s+(?:läns\s+)?(?:landsting|region)$"),
)


@dataclass(frozen=True, slots=True)
class Municipality:
    scb_code: str  # four digits: the länskod and two more
    name: str  # official name: "Bodens kommun", "Stockholms stad", "Region Gotland"
    short_name: str  # "Boden"
    county_code: str  # two digits


@dataclass(frozen=True, slots=True)
class Region:
    county_code: str  # two digits, the länskod
    name: str  # "Region Norrbotten", "Västra Götalandsregionen"
    county_name: str  # "Norrbottens län"
    short_name: str  # "Norrbotten"


@dataclass(frozen=True, slots=True)
class Party:
    abbreviation: str  # "S", "SJVP"
    name: str


def _key(text: str) -> str:
    """Case-folded, NFC, single-spaced, without surrounding punctuation."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip(" \t\n,.;:()[]\"'")
    return text.casefold()


def _rows(name: str) -> list[dict[str, str]]:
    with (Path(REFERENCE_DIR) / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def municipalities() -> tuple[Municipality, ...]:
    """All kommuner, in SCB code order."""
    rows = _rows("municipalities.csv")
    found = (
        Municipality(r["scb_code"], r["name"], r["short_name"], r["county_code"]) for r in rows
    )
    return tuple(sorted(found, key=lambda m: m.scb_code))


@cache
def regions() -> tuple[Region, ...]:
    """All regioner, in länskod order."""
    rows = _rows("regions.csv")
    found = (Region(r["county_code"], r["name"], r["county_name"], r["short_name"]) for r in rows)
    return tuple(sorted(found, key=lambda r: r.county_code))


@cache
def parties() -> tuple[Party, ...]:
    return tuple(Party(r["abbreviation"], r["name"]) for r in _rows("parties.csv"))


@cache
def _party_index() -> dict[str, Party]:
    index: dict[str, Party] = {}
    for row, party in zip(_rows("parties.csv"), parties(), strict=True):
        aliases = [a for a in (row.get("aliases") or "").split("|") if a.strip()]
        for label in (party.abbreviation, party.name, *aliases):
            index.setdefault(_key(label), party)
    return index


@cache
def _municipality_index() -> dict[str, Municipality]:
    """Official names and short names (and the short name's genitive) → municipality."""
    index: dict[str, Municipality] = {}
    for m in municipalities():
        index.setdefault(_key(m.name), m)
        index.setdefault(_key(m.short_name), m)
    return index


def _county_stems(region: Region) -> list[str]:
    """The words a text uses for a county: "Norrbotten", "Sörmland", "Södermanland"."""
    county = re.sub(r"s?\s+län$", "", region.county_name)
    stems = {region.short_name, county}
    if region.name.endswith("regionen"):
        stems.add(region.name.removesuffix("regionen"))
    return sorted({_key(s) for s in stems if s}, key=len, reverse=True)


@cache
def _county_stem_index() -> dict[str, Region]:
    index: dict[str, Region] = {}
    for region in regions():
        for stem in _county_stems(region):
            index.setdefault(stem, region)
    return index


def _without_genitive(word: str) -> str | None:
    return word[:-1] if word.endswith("s") and len(word) > 2 else None


def find_municipality(text: str | None) -> Municipality | None:
    """The kommun a name means: "Boden", "Bodens kommun", "Stockholms stad"."""
    if not text:
        return None
    key = _key(text)
    index = _municipality_index()
    if key in index:
        return index[key]
    base = _MUNICIPAL_SUFFIX.sub("", key)
    for candidate in (base, _without_genitive(base)):
        if candidate and candidate in index:
            return index[candidate]
    return None


def _region_by_stem(stem: str) -> Region | None:
    index = _county_stem_index()
    for candidate in (stem, _without_genitive(stem), re.sub(r"s?\s+län$", "", stem)):
        if candidate and candidate in index:
            return index[candidate]
    return None


def find_region(text: str | None) -> Region | None:
    """The region a name means: "Region Norrbotten", "Västra Götalandsregionen",
    "Landstinget i Norrbotten". A bare county name ("Norrbotten") is not a region."""
    if not text:
        return None
    key = _key(text)
    for region in regions():
        if key == _key(region.name):
            return region
    for form in _COUNCIL_FORMS:
        match = form.match(key)
        if match:
            found = _region_by_stem(match.group("stem"))
            if found is not None:
                return found
    return None


def _regions_named_in(text: str) -> list[Region]:
    """Regions whose county word occurs in `text`, in order of first occurrence."""
    key = _key(text)
    hits: list[tuple[int, Region]] = []
    taken: list[tuple[int, int]] = []
    stems = sorted(_county_stem_index().items(), key=lambda kv: -len(kv[0]))
    for stem, region in stems:
        for match in re.finditer(rf"(?<!\w){re.escape(stem)}s?(?!\w)", key):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append((match.start(), match.end()))
            hits.append((match.start(), region))
    ordered: list[Region] = []
    for _, region in sorted(hits, key=lambda h: h[0]):
        if region not in ordered:
            ordered.append(region)
    return ordered


def county_of(text: str | None) -> str | None:
    """The länskod a name points to: a region, a kommun, or a county word anywhere in it
    ("Norrbottens", "Västerbottens kommuner", "Länssamverkansgruppen Västerbotten").
    None when the text names no county or several."""
    if not text:
        return None
    region = find_region(text)
    if region is not None:
        return region.county_code
    municipality = find_municipality(text)
    if municipality is not None:
        return municipality.county_code
    named = _regions_named_in(text)
    if len(named) == 1:
        return named[0].county_code
    if named:
        return None
    key = _key(text)
    counties = {
        m.county_code
        for m in municipalities()
        if re.search(rf"(?<!\w){re.escape(_key(m.name))}(?!\w)", key)
    }
    return counties.pop() if len(counties) == 1 else None


def county_name(code: str | None) -> str | None:
    """'25' → 'Norrbottens län'."""
    for region in regions():
        if region.county_code == code:
            return region.county_name
    return None


def is_municipal_association(name: str | None) -> bool:
    """True for the name of a county's association of kommuner: "Norrbottens Kommuner",
    "Västerbottens kommunförbund", "Kommunförbundet Västernorrland"."""
    if not name:
        return False
    key = _key(name)
    forms = (
        re.match(r"^(?P<stem>.+?)\s+(?:kommuner|kommunförbund)$", key),
        re.match(r"^kommunförbundet\s+(?P<stem>.+)$", key),
    )
    stems = [m.group("stem") for m in forms if m is not None]
    return any(_region_by_stem(stem) is not None for stem in stems)


def find_party(text: str | None) -> Party | None:
    """A party by abbreviation, name or older name: "s", "(SJVP)", "FP"."""
    if not text:
        return None
    return _party_index().get(_key(text))
