"""Meeting-procedure facts in an item text: earlier protocols, elections, membership
changes and meetings announced for later."""

from __future__ import annotations

import re

from .dates import parse_time, year_range
from .facts_text import (
    AGENT_RE,
    Context,
    Segment,
    agent_ending_at,
    clean_phrase,
    dates_in,
    last_agent,
    strip_genitive,
)
from .records import (
    DateValue,
    Election,
    MembershipChange,
    ProtocolReference,
    ScheduledMeeting,
)

_PROTOCOL = re.compile(
    r"(?P<prev>[Ff]öregående\s+(?:mötes|sammanträdes)?protokoll\w*)"
    r"|[Pp]rotokoll(?:et)?\s+från\s+(?P<own>[Ss]ammanträde\w*|mötet|möte)?"
    r"|(?<=\s)(?P<named>protokoll)\s+(?=\d)"
)
_NAME = r"[A-ZÅÄÖÉ][\wéü-]+(?:\s+[A-ZÅÄÖÉ][\wéü-]+){1,2}?"
_ORG = (
    r"[Rr]egion\s+[A-ZÅÄÖ]\w+|[A-ZÅÄÖ]\w+\s+[Kk]ommun(?:er)?"
    r"|[A-ZÅÄÖ][\w-]+(?:\s+[A-ZÅÄÖ][\w-]+)*"
)
_ROLE = r"vice\s+ordförande|ordförande|ledamot|ersättare|justerare|sekreterare"
_ELECTION = re.compile(
    rf"(?<![\w-])(?P<person>{_NAME})(?:\s*\([^)]{{1,6}}\))?(?:\s*,\s*|\s+)"
    rf"(?:(?P<org>{_ORG})\s*,?\s*)?(?:utses\s+|väljs\s+)?till\s+(?P<role>{_ROLE})\b"
)
_PERIOD = re.compile(r"\bför\s+(?:(?P<body>[^\d.,]+?)\s+)?(?P<year>(?:19|20)\d\d)\b")
_CONNECTORS = {"och", "samt", ","}
_CUE = re.compile(
    r"\b(?P<extra>[Ee]xtra\s*(?:insatt|inkallat)?\s*|[Ee]xtrainsatt\s+)?(?:möte|sammanträde)t?\b"
)
_NEXT = re.compile(r"\b(?:[Nn]ästa|[Kk]ommande)\s+(?:möte|sammanträde)t?\b")


def extract_procedure(ctx: Context) -> list:
    out: list = []
    out += _protocol_references(ctx)
    elections: dict[tuple[str, str], tuple[Segment, Election]] = {}
    for seg in ctx.segments:
        for e in _elections(seg, ctx):
            key = (e.person, e.role)
            if key not in elections or ctx.in_decision(seg.text):
                elections[key] = (seg, e)
    out += [e for _, e in elections.values()]
    for seg in ctx.segments:
        out += _membership(seg, ctx)
        out += scheduled_meetings(seg, ctx, ctx.title)
    return out


# --- earlier protocols --------------------------------------------------------------


def _protocol_references(ctx: Context) -> list[ProtocolReference]:
    refs: list[tuple[Segment, ProtocolReference]] = []
    for seg in ctx.segments:
        m = _PROTOCOL.search(seg.text)
        if not m or re.search(r"\bjustera\w*\s+protokoll|[Pp]rotokollförs", seg.text):
            continue
        dates = dates_in(seg.text, ctx, "past")
        if not dates and not m.group("prev"):
            continue
        body = ctx.body_name
        if m.group("named"):
            named = agent_ending_at(seg.text, m.start("named"))
            body = strip_genitive(named) if named else body
        approved = bool(re.search(r"\bgodkän", seg.text))
        refs.append(
            (
                seg,
                ProtocolReference(
                    date=dates[0][2] if dates else None,
                    evidence=ctx.evidence(seg),
                    body=body,
                    approved=approved,
                ),
            )
        )
    return _merge_references(refs, ctx)


def _merge_references(
    refs: list[tuple[Segment, ProtocolReference]], ctx: Context
) -> list[ProtocolReference]:
    """One reference per earlier protocol: undated mentions join the dated one."""
    out: dict[object, tuple[Segment, ProtocolReference]] = {}
    dated = {r.date.earliest for _, r in refs if r.date}
    for seg, ref in refs:
        key = ref.date.earliest if ref.date else (next(iter(dated)) if len(dated) == 1 else None)
        if key not in out:
            out[key] = (seg, ref)
            continue
        old_seg, old = out[key]
        merged = ref if _better(seg, ref, old_seg, old, ctx) else old
        merged.approved = old.approved or ref.approved
        merged.date = merged.date or old.date or ref.date
        if merged.body == ctx.body_name:
            merged.body = old.body if merged is ref else ref.body
        out[key] = (seg if merged is ref else old_seg, merged)
    return [ref for _, ref in out.values()]


def _better(seg, ref, old_seg, old, ctx: Context) -> bool:
    def score(s: Segment, r: ProtocolReference) -> tuple[bool, bool, bool]:
        return (ctx.in_decision(s.text), r.date is not None, r.approved)

    return score(seg, ref) > score(old_seg, old)


# --- elections ---------------------------------------------------------------------


def _elections(seg: Segment, ctx: Context) -> list[Election]:
    matches = list(_ELECTION.finditer(seg.text))
    if not matches:
        return []
    period, body = _period(seg.text, ctx)
    if body is None:
        head = seg.text[: matches[0].start()]
        verb = re.search(r"\b(?:utser|utsåg|väljer|valde|beslutar|beslutade)\b", head)
        body = last_agent(head[: verb.start()]) if verb else None
    out = []
    for m in matches:
        org = m.group("org")
        out.append(
            Election(
                person=m.group("person"),
                role=re.sub(r"\s+", " ", m.group("role")),
                evidence=ctx.evidence(seg),
                organisation=org,
                body=body or ctx.body_name,
                period=period,
            )
        )
    return out


def _period(text: str, ctx: Context) -> tuple[DateValue | None, str | None]:
    m = _PERIOD.search(text)
    source = text if m else (ctx.title or "")
    m = m or re.search(r"(?P<year>(?:19|20)\d\d)\b", source)
    if not m:
        return None, None
    value = year_range(int(m.group("year")), m.group(0))
    named = m.groupdict().get("body")
    body = AGENT_RE.fullmatch(named.strip()) if named else None
    return value, body.group(0) if body else None


# --- membership changes ------------------------------------------------------------


def _membership(seg: Segment, ctx: Context) -> list[MembershipChange]:
    tokens = re.findall(r"[\w-]+|,", seg.text)
    cues = [i for i, t in enumerate(tokens) if t == "ersätter"]
    incoming = []
    for n, cue in enumerate(cues):
        left = cues[n - 1] + 1 if n else 0
        incoming.append(_names_before(tokens, left, cue, shared=bool(n)))
    out: list[MembershipChange] = []
    heading_from = 0
    for n, cue in enumerate(cues):
        names_in, in_start = incoming[n]
        right = incoming[n + 1][1] if n + 1 < len(cues) else len(tokens)
        names_out, stop = _names_after(tokens, cue + 1, right)
        if n == 0:
            heading = _heading(tokens, 0, in_start)
        else:
            between = " ".join(tokens[heading_from:in_start]).strip(" ,")
            heading = between or (out[-1].body if out else None)
        heading_from = stop
        if names_in and names_out:
            out.append(
                MembershipChange(
                    body=heading, incoming=names_in, outgoing=names_out, evidence=ctx.evidence(seg)
                )
            )
    return out


def _is_cap(token: str) -> bool:
    return token[:1].isupper()


def _names_before(tokens: list[str], left: int, cue: int, shared: bool) -> tuple[list[str], int]:
    """Names right before an 'ersätter', read right to left: 'A B samt C D ersätter'.

    `shared`: the words may continue the previous change's outgoing names, so a long
    run of capitalised words gives only its last two to this change.
    """
    names: list[str] = []
    i = cue
    while True:
        run = i
        while run > left and _is_cap(tokens[run - 1]):
            run -= 1
        if (shared and run == left) or i - run > 3:
            run = max(run, i - 2)
        if i - run < 2:
            break
        names.insert(0, " ".join(tokens[run:i]))
        i = run
        if i - 1 > left and tokens[i - 1] in _CONNECTORS and _is_cap(tokens[i - 2]):
            i -= 1
            continue
        break
    return names, i


def _names_after(tokens: list[str], start: int, right: int) -> tuple[list[str], int]:
    """Names after an 'ersätter' up to `right`; a capitalised word that opens a
    lower-case sub-heading ('Vuxna och äldre') ends them."""
    names: list[str] = []
    i = start
    while i < right:
        j = i
        while j < right and _is_cap(tokens[j]):
            j += 1
        if j - i >= 3 and j < right and _opens_heading(tokens, j):
            j -= 1  # "… Aktell Digitalisering av …"
        elif j - i >= 4 and j == right:
            j = i + min(3, j - i - 1)  # "… Olof Sand Äldre <next names>"
        if j - i < 2:
            break
        names.append(" ".join(tokens[i:j]))
        i = j
        if j + 1 < right and tokens[j] in _CONNECTORS and _is_cap(tokens[j + 1]):
            i = j + 1
            continue
        break
    return names, i


def _opens_heading(tokens: list[str], j: int) -> bool:
    """Whether the words from `j` on are lower case (after an optional 'och')."""
    k = j + 1 if tokens[j] in _CONNECTORS and j + 1 < len(tokens) else j
    return not _is_cap(tokens[k])


def _heading(tokens: list[str], start: int, at: int) -> str | None:
    """The sub-heading right before the incoming names ('Barn och unga')."""
    i = at
    while i > start and not _is_cap(tokens[i - 1]):
        i -= 1
    if i == at or i <= start:
        return None
    return " ".join(tokens[i - 1 : at])


# --- meetings announced for later ----------------------------------------------------


def scheduled_meetings(seg: Segment, ctx: Context, title: str | None) -> list[ScheduledMeeting]:
    """Meetings set for a later date: 'Nästa möte …', 'extra möte … den 5 december'."""
    next_title = bool(title and _NEXT.search(title)) and not _CUE.search(seg.text)
    cue = _NEXT.search(seg.text) or _extra_cue(seg.text)
    if not cue and not next_title:
        return []
    start = cue.start() if cue else 0
    dates = [d for d in dates_in(seg.text, ctx, "future") if d[0] >= start]
    if not dates:
        return []
    s, e, value = dates[0]
    extra = bool(cue and re.search(r"[Ee]xtra", cue.group(0)))
    after = seg.text[e : e + 40]
    time = parse_time(after) if re.match(r"\s*(?:kl|klockan)\b", after) else None
    body = clean_phrase(seg.text[e:]) if next_title and s == 0 else None
    return [
        ScheduledMeeting(
            date=value, evidence=ctx.evidence(seg), body=body or None, time=time, extra=extra
        )
    ]


def _extra_cue(text: str) -> re.Match[str] | None:
    m = _CUE.search(text)
    return m if m and m.group("extra") else None
