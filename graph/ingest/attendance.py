"""Attendee lines of meeting protocols: names, parties, roles, organisations, titles.

Both protocol layouts list people as "Name (S), ordförande", "Name, (s), Boden",
"Name, title, Organisation (§§ 11-16)" or in columns ("Name (s)  Umeå kommun, ordförande").
This module splits such a line into its parts, tells an organisation ("Region X",
"X kommun", "Xs kommuner", a company, and the official names of the reference data such
as "Västra Götalandsregionen" or "Göteborgs Stad") from a functional title ("regional
samverkanskoordinator", "ordf. Hjälpmedelsrådet"), reads partial attendance ("§§ 1-2",
"(ärende 1-2)") and substitutes ("tjänstgörande ersättare för Name (S)"), and matches
spelling variants of names.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

from .. import reference
from .text import clean

# Role phrases as written → the Swedish role labels of the data model.
ROLE_PHRASES: dict[str, list[str]] = {
    "ordförande": ["ordförande"],
    "ordf": ["ordförande"],
    "mötesordförande": ["ordförande"],
    "tf ordförande": ["ordförande"],
    "vice ordförande": ["vice ordförande"],
    "vice ordf": ["vice ordförande"],
    "v ordf": ["vice ordförande"],
    "ledamot": ["ledamot"],
    "ersättare": ["ersättare"],
    "tjänstgörande ersättare": ["tjänstgörande ersättare"],
    "tjg ersättare": ["tjänstgörande ersättare"],
    "tjg ers": ["tjänstgörande ersättare"],
    "ers": ["ersättare"],
    "förste vice ordförande": ["vice ordförande"],
    "andre vice ordförande": ["vice ordförande"],
    "1:e vice ordförande": ["vice ordförande"],
    "2:e vice ordförande": ["vice ordförande"],
    "1:e vice ordf": ["vice ordförande"],
    "2:e vice ordf": ["vice ordförande"],
    "justerare": ["justerare"],
    "sekreterare": ["sekreterare"],
    "protokollförare": ["protokollförare"],
    "adjungerad": ["adjungerad"],
    "adjungerade": ["adjungerad"],
    "föredragande": ["föredragande"],
}
_SERVES_FOR = re.compile(
    r"\b((?:tjänstgörande\s+)?ersättare|tjg\.?\s*ers\.?)\s+(?:för|i\s+stället\s+för|"
    r"istället\s+för|ersätter)\s+[A-ZÅÄÖ][^,;§]*?(?:\(\s*[A-Za-zÅÄÖåäö]{1,5}\s*\))?(?=\s*(?:[,;]|§|$))",
    re.IGNORECASE,
)
# Roles that replace the default "ledamot" of a member list.
SEAT_ROLES = {"ordförande", "vice ordförande", "ersättare", "tjänstgörande ersättare"}

_ORG_PATTERNS = [
    re.compile(r"^(region|landstinget)\s+\w", re.IGNORECASE),
    re.compile(r"\bkommun(er|erna|förbund|förbundet)?$", re.IGNORECASE),
    re.compile(r"^kommunerna\b", re.IGNORECASE),
    re.compile(r"\b(AB|HB|KB|Ab|ek\. ?för\.?)$"),
    re.compile(r"\b(länsstyrelsen|regionen|förvaltning|förbund)\b", re.IGNORECASE),
]
# Endings of Swedish job titles ("verksamhetsdirektör", "samverkanskoordinator").
_TITLE_ENDINGS = (
    "chef", "direktör", "koordinator", "koordinatör", "strateg", "konsult", "utvecklare",
    "handläggare", "sekreterare", "ansvarig", "ledare", "samordnare", "utredare", "ordförande",
    "controller", "specialist", "rådgivare", "läkare", "sjuksköterska", "ekonom", "jurist",
    "kommunikatör", "analytiker", "projektledare", "processledare", "förare", "ägare",
)  # fmt: skip
_PARTY = re.compile(r"\(\s*([A-Za-zÅÄÖåäö]{1,5})\s*\)")
# Partial attendance at the end of a line: "(§§ 11-16)", "§ 6-8", "(ärende 1-2)",
# "(ärendena 3–5)", "(punkt 4)", "(p. 2-3)", "(del av § 5)".
_SECTION_WORD = r"(?:§§?|ärende(?:n|na)?|punkt(?:erna)?|p\.)"
_SECTIONS = re.compile(
    rf"\(?\s*(?:del av\s+|närvarande\s+)?{_SECTION_WORD}\s*(\d+)\s*"
    rf"(?:(?:[-–]|t\.?o\.?m\.?|till)\s*{_SECTION_WORD}?\s*(\d+))?\s*\)?\s*$",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-ZÅÄÖÉÈÜØÆ][a-zåäöéèüøæáíóúA-ZÅÄÖ'’]+(?:-[A-ZÅÄÖÉa-zåäöé][a-zåäöéèüA-ZÅÄÖ]+)?"
NAME = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}")
_NAME_ONLY = re.compile(rf"^{NAME.pattern}$")


# Words of headings and protocol vocabulary, never part of a person's name.
_NOT_NAME = frozenset({
    "ärendet", "ärende", "ärenden", "beslut", "beslutet", "beslutande", "förslag", "bilaga",
    "bilagor", "protokoll", "protokollet", "sammanträde", "sammanträdet", "sammanträdesdatum",
    "närvarande", "frånvarande", "övriga", "justerare", "justering", "sekreterare",
    "ordförande", "ordföranden", "ledamot", "ledamöter", "ersättare", "sida", "paragrafer",
    "dagordning", "föredragningslista", "information", "informationen", "mötet", "möte",
    "plats", "tid", "datum", "dnr", "diarienummer", "underskrifter", "underskrift",
    "beslutsunderlag", "sammanfattning", "bakgrund", "handlingar", "yrkande", "yrkanden",
    "reservation",
})  # fmt: skip


def is_name(text: str) -> bool:
    """Two to four capitalised words that are not protocol vocabulary ("Ärendet Beslut")."""
    return bool(_NAME_ONLY.match(text)) and not any(w.casefold() in _NOT_NAME for w in text.split())


@dataclass(slots=True)
class PersonLine:
    """The parts of one attendee line."""

    name: str
    party: str | None = None
    roles: list[str] = field(default_factory=list)
    organisation: str | None = None
    job_title: str | None = None
    sections: tuple[int, int] | None = None


def fold(text: str) -> str:
    """Lower case without accents, for comparing names."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return clean("".join(c for c in decomposed if not unicodedata.combining(c)))


def role_of(segment: str) -> list[str] | None:
    """The role labels a segment names ("vice ordf." → vice ordförande), else None."""
    key = clean(segment).casefold().rstrip(".:").replace(".", "")
    key = re.sub(r"\s+", " ", key)
    return ROLE_PHRASES.get(key)


def is_organisation(text: str) -> bool:
    """True for "Region X", "X kommun", "Xs kommuner", "… AB" and similar, and for the
    regions and cities the reference data names otherwise ("Västra Götalandsregionen",
    "Göteborgs stad")."""
    text = clean(text).rstrip(".,")
    if any(p.search(text) for p in _ORG_PATTERNS):
        return True
    return _official_name(text)


@lru_cache(maxsize=4096)
def _official_name(text: str) -> bool:
    if reference.find_region(text) is not None:
        return True
    return bool(re.search(r"\sstad$", text, re.I)) and reference.find_municipality(text) is not None


@cache
def _org_tail() -> re.Pattern[str]:
    """An organisation at the end of "Name Organisation": the patterns, plus the official
    names of the reference data that do not start with "Region" or end with "kommun"."""
    names = [r.name for r in reference.regions() if not r.name.startswith("Region ")]
    names += [m.name for m in reference.municipalities() if not m.name.endswith(" kommun")]
    extra = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        r"\s((?:Region|Landstinget)\s+\S.*|[A-ZÅÄÖ][\w-]+\s+kommun(?:er)?\b.*|"
        rf"(?i:{extra})\b.*|"
        r"(?:ordf|vice ordf)\..*|[a-zåäö].*)$"
    )


def looks_like_title(text: str) -> bool:
    """True for functional titles ("Regional samverkanskoordinator", "ordf. Rådet")."""
    text = clean(text)
    if not text or is_organisation(text):
        return False
    first = text.split()[0]
    if first[:1].islower() or first.casefold().startswith("ordf"):
        return True
    return any(w.casefold().rstrip(".,").endswith(_TITLE_ENDINGS) for w in text.split())


def normalise_org(text: str | None) -> str | None:
    """Trim punctuation and capitalise "region X" → "Region X"."""
    if not text:
        return None
    text = clean(text).strip(" ,;.")
    if re.match(r"^(region|landstinget)\s", text):
        text = text[0].upper() + text[1:]
    return text or None


def take_sections(text: str) -> tuple[str, tuple[int, int] | None]:
    """Split off a partial-attendance range ("(§§ 11-16)", "§ 6-8") at the end."""
    m = _SECTIONS.search(text)
    if not m:
        return text, None
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) else first
    return text[: m.start()].rstrip(" ,"), (first, last)


def split_name(text: str) -> tuple[str, str]:
    """ "Camilla Andersson Region X" → ("Camilla Andersson", "Region X")."""
    m = _org_tail().search(text)
    if m and len(text[: m.start()].split()) >= 2:
        return text[: m.start()].strip(), m.group(1).strip()
    return text.strip(), ""


def classify(person: PersonLine, segments: list[str]) -> None:
    """Sort the segments after a name into roles, titles and an organisation."""
    titles: list[str] = []
    orgs: list[str] = []
    for seg in segments:
        seg = clean(seg).strip(" ,.")
        if not seg:
            continue
        roles = role_of(seg)
        if roles:
            person.roles.extend(r for r in roles if r not in person.roles)
        elif is_organisation(seg):
            orgs.append(seg)
        elif looks_like_title(seg):
            titles.append(seg)
        else:
            orgs.append(seg)
    if orgs:
        person.organisation = normalise_org(", ".join(orgs))
    if titles:
        person.job_title = ", ".join(titles)


def parse_person(text: str, columns: list[str] | None = None) -> PersonLine | None:
    """Parse one attendee line; `columns` are its table cells when it has any."""
    text = clean(text)
    if not text:
        return None
    text, sections = take_sections(text)
    # "tjänstgörande ersättare för Erik Ek (S)": whom a substitute serves for is not theirs.
    text = _SERVES_FOR.sub(r"\1", text)
    if columns:
        columns = [_SERVES_FOR.sub(r"\1", c) for c in columns]
    if sections and columns:
        columns = [*columns[:-1], take_sections(columns[-1])[0]]
    party = None
    m = _PARTY.search(text)
    if m and not role_of(m.group(1)):
        party = m.group(1).upper()
        text = (text[: m.start()] + text[m.end() :]).strip()
        if columns:
            columns = [clean(_PARTY.sub("", c, count=1)) for c in columns]
    cells = [c for c in (columns or []) if c]
    if len(cells) < 2:
        cells = [text]
    parts = [p for p in re.split(r"\s*,\s*", cells[0]) if p.strip()]
    if not parts:
        return None
    name, tail = split_name(parts[0])
    rest = ([tail] if tail else []) + parts[1:]
    if not is_name(name) or is_organisation(name):
        return None
    person = PersonLine(name=name, party=party, sections=sections)
    classify(person, rest)
    for cell in cells[1:]:
        pieces = re.split(r"\s*,\s*", cell)
        role_pieces = [p for p in pieces if role_of(p)]
        others = [p for p in pieces if p.strip() and not role_of(p)]
        classify(person, role_pieces)
        if others:
            joined = ", ".join(others)
            if looks_like_title(joined):
                person.job_title = joined
            else:
                person.organisation = normalise_org(joined)
    return person


def people_in_phrase(phrase: str) -> list[PersonLine]:
    """ "Anna A, Region X och Bo B, konsult" → two persons with their org or title."""
    people: list[PersonLine] = []
    pending: list[PersonLine] = []
    for seg in re.split(r"\s*,\s*|\s+och\s+|\s+samt\s+", clean(phrase)):
        seg = re.sub(r"^(och|samt)\s+", "", seg.strip(" .,:"))
        seg = re.sub(r"\(?\s*§§?\s*[\d\s–-]*\)?", " ", take_sections(seg)[0])
        seg = clean(seg).strip(" .,:")
        if not seg:
            continue
        seg, title = _leading_title(seg)
        if is_name(seg) and not is_organisation(seg) and not role_of(seg):
            person = PersonLine(name=seg, job_title=title)
            people.append(person)
            pending.append(person)
            continue
        org = is_organisation(seg) or not looks_like_title(seg)
        for person in pending:
            if org:
                person.organisation = person.organisation or normalise_org(seg)
            elif not role_of(seg):
                person.job_title = person.job_title or seg
        if org:
            pending = []
    return people


_ROLE_NOUN = re.compile(
    r"^(?:(?:tf|t\.f\.|vice|förste|andre)\s+)?(?:ordförande|ordföranden|ordf\.|sekreterare|"
    r"sekreteraren|ledamot|ledamoten|ersättare|ersättaren|föredragande|föredraganden|"
    r"ledamöterna|ledamöter)\s+(?=[A-ZÅÄÖ])",
    re.IGNORECASE,
)


def _leading_title(seg: str) -> tuple[str, str | None]:
    """ "Ordförande Anna Berg" → ("Anna Berg", None); "Regiondirektör Cia Ek" → ("Cia Ek",
    "Regiondirektör"): a role or a title written before a name is not part of it."""
    m = _ROLE_NOUN.match(seg)
    if m:
        return seg[m.end() :], None
    first, _, rest = seg.partition(" ")
    if is_name(rest) and looks_like_title(first):
        return rest, first
    return seg, None


def name_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fold(a), fold(b)).ratio()


def same_person(a: str, b: str) -> bool:
    """Equal names, or one-letter/accent variants of the same name."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    if len(fa.split()) != len(fb.split()) or fa.split()[0] != fb.split()[0]:
        return False
    return name_similarity(a, b) >= 0.88
