"""Identity: deterministic IRIs, and one node per person, body or organisation.

Names are turned into keys (`slug`), and a `Registry` of the nodes already known (from the
store, and from earlier parts of the same document) decides whether a name is a new node
or a variant of a known one. Every merge is returned as a `Merge` with the rule and the
reason, so the mapping can record it in the graph.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .namespaces import ID

_FOLD = str.maketrans(
    {"å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u", "æ": "ae", "ø": "o"}
)

# Kinds of collaboration body, recognised by the words of their names (language, not data).
BODY_KINDS: list[tuple[str, str, str]] = [
    (r"samverkansberedning", "PoliticalCollaborationCommittee", "politisk samverkansberedning"),
    (r"länsstyrgrupp", "CountySteeringGroup", "länsstyrgrupp"),
    (r"länssamverkansgrupp|\blsg\b", "CountyCollaborationGroup", "länssamverkansgrupp"),
    (r"systemledning", "SystemLeadership", "systemledning"),
    (r"samråd", "ConsultativeCouncil", "samråd"),
    (r"gemensam(ma)? nämnd", "JointBoard", "gemensam nämnd"),
    (r"styrgrupp", "SteeringGroup", "styrgrupp"),
    (r"styrelse", "Board", "styrelse"),
    (r"beredning", "PreparatoryCommittee", "beredning"),
    (r"nätverk", "Network", "nätverk"),
    (r"råd(et)?\b", "Council", "råd"),
    (r"nämnd", "Board", "nämnd"),
]
_STOP = {
    "för", "och", "i", "av", "om", "inom", "med", "den", "det", "de", "politisk", "politiska",
    "politiskt", "regional", "regionala", "samt", "till",
}  # fmt: skip


def fold(text: str) -> str:
    """Lower case, NFC, Swedish letters folded to ASCII."""
    return unicodedata.normalize("NFC", text).casefold().translate(_FOLD)


def slug(text: str) -> str:
    """A readable IRI segment: 'Bodil Wennerbrandt' → 'bodil-wennerbrandt'."""
    folded = unicodedata.normalize("NFKD", fold(text))
    ascii_only = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-") or "x"


def name_key(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip().casefold()


def body_kind(name: str) -> tuple[str, str]:
    """(concept local name, Swedish kind label) of a body name; OtherBody if unknown."""
    low = name.casefold()
    for pattern, concept, label in BODY_KINDS:
        if re.search(pattern, low):
            return concept, label
    return "OtherBody", "organ"


_ANY_KIND = re.compile("|".join(f"(?:{pattern})" for pattern, _, _ in BODY_KINDS))


def body_kind_count(name: str) -> int:
    """How many body words a name holds ("Samråd … och Systemledning" holds two); the
    longest word wins where they overlap ("samverkansberedning" is one, not two)."""
    return len(_ANY_KIND.findall(name.casefold()))


def is_body_name(name: str) -> bool:
    return body_kind(name)[0] != "OtherBody"


def body_word_list(name: str) -> list[str]:
    """The words that tell bodies of one kind apart ("vård", "omsorg", "barn"), in order."""
    low = name.casefold()
    for pattern, _, _ in BODY_KINDS:
        low = re.sub(r"\w*(" + pattern + r")\w*", " ", low)
    words = re.findall(r"[a-zåäöéü]+", low)
    stems = [w.rstrip("s") if len(w) > 4 else w for w in words]
    return list(dict.fromkeys(w for w in stems if w not in _STOP and len(w) > 1))


def body_words(name: str) -> frozenset[str]:
    return frozenset(body_word_list(name))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (small strings only)."""
    if a == b:
        return 0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@dataclass(frozen=True, slots=True)
class Merge:
    """A name resolved to an existing node that is spelled otherwise."""

    iri: str
    variant: str
    canonical: str
    rule: str
    reason: str


@dataclass(slots=True)
class Known:
    """A node already known: its IRI, names and the contexts it has been seen in."""

    iri: str
    names: set[str]
    contexts: set[str] = field(default_factory=set)  # IRIs of bodies and organisations
    county: str | None = None
    kind: str | None = None
    preferred: str = ""


def person_match(a: str, b: str) -> str | None:
    """The rule by which two person names may be one person, or None.

    - same-name: equal after case and space folding;
    - spelling-variant: same first name, surnames at edit distance 1 (each ≥ 4 letters);
    - name-extension: one name is the other plus further surname parts.
    """
    ka, kb = name_key(a), name_key(b)
    if ka == kb:
        return "same-name"
    ta, tb = ka.split(), kb.split()
    if len(ta) < 2 or len(tb) < 2 or ta[0] != tb[0]:
        return None
    if len(ta) == len(tb) and ta[:-1] == tb[:-1]:
        la, lb = ta[-1], tb[-1]
        if min(len(la), len(lb)) >= 4 and edit_distance(fold(la), fold(lb)) <= 1:
            return "spelling-variant"
        if fold(la) == fold(lb):
            return "spelling-variant"
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    if len(short) >= 2 and long_[: len(short)] == short:
        return "name-extension"
    return None


_REASONS = {
    "same-name": "the same name",
    "spelling-variant": "the same first name and a surname one letter apart",
    "name-extension": "the same name with a further surname",
}


class Registry:
    """The people, bodies and organisations known so far, for resolving names."""

    def __init__(self) -> None:
        self.persons: dict[str, Known] = {}
        self.bodies: dict[str, Known] = {}

    # --- people ----------------------------------------------------------------------

    def resolve_person(
        self, name: str, contexts: set[str], *, distinct_from: set[str] = frozenset()
    ) -> tuple[str, Merge | None]:
        """The IRI for `name` seen in `contexts`, and the merge if it is a variant.

        A same-name match is taken when it is the only one (or the only one sharing a
        context); variants and extensions need a shared context (a body or organisation
        both names were seen with), so two strangers with similar names stay apart.
        """
        candidates: list[tuple[Known, str]] = []
        for known in self.persons.values():
            if known.iri in distinct_from:
                continue
            rule = next(filter(None, (person_match(name, n) for n in known.names)), None)
            if rule:
                candidates.append((known, rule))
        same = [(k, r) for k, r in candidates if r == "same-name"]
        shared = [(k, r) for k, r in candidates if k.contexts & contexts]
        chosen: tuple[Known, str] | None = None
        if len(same) == 1 and (not contexts or not same[0][0].contexts or same[0] in shared):
            chosen = same[0]
        elif len([c for c in shared if c[1] == "same-name"]) == 1:
            chosen = next(c for c in shared if c[1] == "same-name")
        elif len(shared) == 1:
            chosen = shared[0]
        if chosen is None:
            iri = str(ID[f"person/{slug(name)}"])
            if iri in self.persons or iri in distinct_from:
                suffix = slug(sorted(contexts)[0].rsplit("/", 1)[-1]) if contexts else "2"
                iri = f"{iri}--{suffix}"
            self.persons[iri] = Known(iri, {name}, set(contexts), preferred=name)
            return iri, None
        known, rule = chosen
        known.contexts |= contexts
        # Every document that uses a variant records the merge in its own graph, so a
        # graph stays self-contained when another one is replaced or withdrawn.
        known.names.add(name)
        merge = None
        if name_key(name) != name_key(known.preferred):
            merge = Merge(known.iri, name, known.preferred, rule, _REASONS[rule])
        return known.iri, merge

    def add_person(self, iri: str, names: set[str], contexts: set[str], preferred: str) -> None:
        self.persons[iri] = Known(iri, set(names), set(contexts), preferred=preferred)

    # --- bodies ----------------------------------------------------------------------

    def resolve_body(self, name: str, county: str | None) -> tuple[str, Merge | None, bool]:
        """(IRI, merge, is_new) for a body name in a county.

        Two names are one body when they have the same kind, the same county, and the
        distinguishing words of one are contained in the other's ("Politiska
        samverkansberedningen" and "Politisk samverkansberedning för hälsa, vård …").
        """
        kind, kind_label = body_kind(name)
        words = body_words(name)
        for known in self.bodies.values():
            if known.kind != kind or known.county != county:
                continue
            if any(words <= (other := body_words(n)) or other <= words for n in known.names):
                known.names.add(name)
                merge = None
                if name_key(name) != name_key(known.preferred):
                    merge = Merge(
                        known.iri,
                        name,
                        known.preferred,
                        "body-name-variant",
                        "the same kind of body in the same county, and the words of one "
                        "name are contained in the other's",
                    )
                return known.iri, merge, False
        tail = slug(" ".join([kind_label, *body_word_list(name)]))
        iri = str(ID[f"body/{county or 'se'}/{tail}"])
        self.bodies[iri] = Known(iri, {name}, county=county, kind=kind, preferred=name)
        return iri, None, True

    def add_body(
        self, iri: str, names: set[str], county: str | None, kind: str, preferred: str
    ) -> None:
        self.bodies[iri] = Known(iri, set(names), county=county, kind=kind, preferred=preferred)
