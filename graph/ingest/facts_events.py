"""Dated events in an item text: terminations, agreements, planned bodies, plan steps,
options under study and decisions taken elsewhere."""

from __future__ import annotations

import re

from .dates import year_range
from .facts_text import (
    AGENT_RE,
    Context,
    Segment,
    agent_at,
    clean_phrase,
    dates_in,
    last_agent,
)
from .records import (
    AgreementMention,
    DateValue,
    Milestone,
    OptionsStudied,
    PlannedBody,
    PriorDecision,
    Termination,
)

_AGREEMENT_WORD = r"[\wåäö-]*(?:avtal|överenskommelse)\w*"
_NP_END = r"(?=\s*[.,;:]|\s+(?:som|med|per|från|den|godkänts|godkänt|har|är|kan|ska)\b|$)"
_TERMINATE = re.compile(
    r"\b(?:sagt|sade|sa|säger|säga)\s+upp\s+(?P<agr>"
    + _AGREEMENT_WORD
    + r"(?:\s+(?:om|för|gällande)\s+[^.,]+?)?)"
    + _NP_END
)
_TERMINATION_NOUN = re.compile(
    r"\b[Uu]ppsägning(?:en)?\s+av\s+(?P<agr>(?:\w+\s+)?" + _AGREEMENT_WORD + r"[^.,]*?)" + _NP_END
)
_NOTICE = re.compile(
    r"[Uu]ppsägningstid\w*\s+(?:gäller|löper|är)\s+(?:till|t\.o\.m\.?|fram till)\s+"
)
_TOPIC = re.compile(
    _AGREEMENT_WORD + r"\s+(?:gällande|om|för|avseende)\s+(?P<topic>[^.,;]+?)"
    r"(?=\s*[.,;]|\s+(?:till|mellan|som|för)\b|$)"
)
_AGREEMENT = re.compile(
    r"(?P<title>(?P<interim>[Ii]nterimistiskt?\s+)?(?P<kind>[\wåäö-]*(?:avtal|överenskommelse))"
    r"(?:n|et)?\s+(?:om|för|gällande|avseende)\s+[^.;]+?)"
    r"(?=\s*[.;]|,\s+(?:som|vilka|där|men)\b|\s+(?:godkänts|godkänt|antagits|har|som|sedan|är)\b|$)"
)
_AGREEMENT_SIGNAL = re.compile(
    r"\b(?:[Ss]edan\s+(?:den\s+)?\d+|godkänts|godkänt|antagits|[Ii]nterimistisk\w*|beslutade|har\s.{0,40}haft)\b"
)
_APPROVED_BY = re.compile(
    r"\b(?:godkänts|godkänt|antagits|antagit)\s+av\s+(?P<by>[^.,;]+?)(?=[.,;]|$)"
)
_PENDING = re.compile(
    r"[Ii] avvaktan på (?:att )?(?:en |ett )?(?P<what>[^.,;]+?)\s+"
    r"(?:implementeras|införs|beslutas|genomförs|träder i kraft|är på plats)"
)
_SINCE_YEAR = re.compile(r"\bsedan\s+((?:19|20)\d\d)\b")
_PLANNED = re.compile(
    r"\b(?:skapa|bilda|inrätta|etablera|införa)\s+(?:en|ett)\s+(?P<kind>(?:[a-zåäö]+\s+)?"
    r"(?:nämnd|kommunalförbund|förbund|aktiebolag|bolag|styrgrupp|råd|beredning|nätverk))\b"
)
_HOST = re.compile(r"\bmed\s+(?P<host>.+?)\s+som\s+(?:värdkommun|värdregion|värd\w*|huvudman)\b")
_START = re.compile(r"\b(?:starta|startar|start|inleds|påbörjas|börja)\b")
_OPTIONS = re.compile(
    r"\b(?:organisationsformer|former|alternativ|modeller|lösningar)\s+som\s+.{0,40}?"
    r"\b(?:utreds|studeras|undersöks|analyseras|prövas)\s+är\s+(?P<list>[^.]+)"
)
_PRIOR = re.compile(r"\b(?:beslutat|beslutade|tillstyrkt|antagit)\b")
_ADOPTED_BY = re.compile(r"\b(?:antagits|fastställts|beslutats)\s+(?:av|vid)\s+")
_FUTURE = re.compile(
    r"\b(?:kommer att|ska|planeras|planen är|därefter|kan\b.*\bstarta|lämnas|föreslås|"
    r"beräknas|avses|pågår)\b",
    re.IGNORECASE,
)
_LABELS = (
    ("remiss", r"remiss"),
    ("beslut", r"\bbeslut"),
    ("start", r"\bstart|\bstarta"),
    ("uppföljning", r"uppfölj"),
    ("förslag", r"\bförslag"),
    ("öppning", r"\böppna"),
    ("förankring", r"förankring"),
    ("möte", r"\bmöte"),
)


def extract_events(ctx: Context) -> list:
    out: list = []
    for k, seg in enumerate(ctx.segments):
        out += _terminations(seg, ctx, k)
        out += _agreements(seg, ctx, k)
        out += _planned(seg, ctx)
        out += _options(seg, ctx)
        out += _prior(seg, ctx)
        out += _milestones(seg, ctx)
    return _dedupe_milestones(out)


def _dedupe_milestones(facts: list) -> list:
    """One milestone per label and period (a plan is often restated)."""
    seen: set[tuple[str, object, object]] = set()
    out = []
    for fact in facts:
        if isinstance(fact, Milestone):
            key = (fact.label, fact.date.earliest, fact.date.latest)
            if key in seen:
                continue
            seen.add(key)
        out.append(fact)
    return out


# --- terminations -----------------------------------------------------------------


def _terminations(seg: Segment, ctx: Context, k: int) -> list[Termination]:
    m = _TERMINATE.search(seg.text) or _TERMINATION_NOUN.search(seg.text)
    if not m:
        return []
    head = seg.text[: m.start()]
    notice_text = seg.text
    if k + 1 < len(ctx.segments):
        notice_text += " " + ctx.segments[k + 1].text
    return [
        Termination(
            agreement=clean_phrase(m.group("agr")),
            by=last_agent(head),
            date=_first(dates_in(head, ctx, "past")),
            notice_end=_notice_end(notice_text, ctx),
            evidence=ctx.evidence(seg),
            topic=_topic(ctx, k, m.group("agr")),
        )
    ]


def _notice_end(text: str, ctx: Context) -> DateValue | None:
    m = _NOTICE.search(text)
    return _first(dates_in(text[m.end() :], ctx, "future")) if m else None


def _topic(ctx: Context, k: int, agreement: str) -> str | None:
    own = _TOPIC.search(agreement)
    if own:
        return clean_phrase(own.group("topic"))
    for seg in reversed(ctx.segments[:k]):
        m = _TOPIC.search(seg.text)
        if m:
            return clean_phrase(m.group("topic"))
    return None


def _first(found: list[tuple[int, int, DateValue]]) -> DateValue | None:
    return found[0][2] if found else None


# --- agreements ---------------------------------------------------------------------


def _agreements(seg: Segment, ctx: Context, k: int) -> list[AgreementMention]:
    if not _AGREEMENT_SIGNAL.search(seg.text) or _TERMINATE.search(seg.text):
        return []
    m = _AGREEMENT.search(seg.text)
    if not m:
        return []
    kind = "interimistiskt avtal" if m.group("interim") else _kind(m.group("kind"))
    mention = AgreementMention(
        title=clean_phrase(m.group("title")), kind=kind, evidence=ctx.evidence(seg)
    )
    mention.since = _since(seg.text, ctx)
    approved = _APPROVED_BY.search(seg.text)
    if approved:
        mention.approved_by = clean_phrase(approved.group("by"))
    elif re.search(r"\bbeslutade\b", seg.text[: m.start()]):
        mention.approved_by = last_agent(seg.text[: m.start()])
        mention.since = mention.since or _first(dates_in(seg.text[: m.start()], ctx, "past"))
    pending = _PENDING.search(seg.text)
    if pending:
        mention.pending = clean_phrase(pending.group("what"))
    mention.time_limited = _time_limited(ctx, k)
    return [mention]


def _kind(word: str) -> str:
    word = word.casefold()
    if "överenskommelse" in word:
        return "överenskommelse"
    return "samverkansavtal" if "samverkans" in word else "avtal"


def _since(text: str, ctx: Context) -> DateValue | None:
    m = re.search(r"\b[Ss]edan\s+", text)
    if not m:
        return None
    year = _SINCE_YEAR.search(text)
    found = dates_in(text[m.end() :], ctx, "past")
    if found and found[0][0] == 0:
        return found[0][2]
    if year:
        return year_range(int(year.group(1)), f"sedan {year.group(1)}")
    return None


def _time_limited(ctx: Context, k: int) -> bool | None:
    for seg in ctx.segments[k : k + 2]:
        if re.search(r"\b(?:inte|ej)\s+tidsbegränsa", seg.text):
            return False
        if re.search(r"\bär\s+tidsbegränsa|\bgäller\s+(?:till|t\.o\.m)", seg.text):
            return True
    return None


# --- planned bodies ------------------------------------------------------------------


def _planned(seg: Segment, ctx: Context) -> list[PlannedBody]:
    m = _PLANNED.search(seg.text)
    if not m:
        return []
    kind = m.group("kind")
    body = PlannedBody(kind=kind, evidence=ctx.evidence(seg))
    host = _HOST.search(seg.text, m.end())
    if host:
        body.host = agent_at(host.group("host"), 0) or clean_phrase(host.group("host"))
    definite = r"\s+".join(rf"{re.escape(w)}\w*" for w in kind.split())
    for later in ctx.segments:
        hit = re.search(definite + r"(?:\s+uppdrag)?\s+för\s+(?P<purpose>[\wåäö-]+)", later.text)
        if hit and body.purpose is None:
            body.purpose = hit.group("purpose")
        if re.search(definite, later.text) and _START.search(later.text):
            body.start = body.start or _first(dates_in(later.text, ctx, "future"))
    return [body]


# --- options ---------------------------------------------------------------------------


def _options(seg: Segment, ctx: Context) -> list[OptionsStudied]:
    m = _OPTIONS.search(seg.text)
    if not m:
        return []
    parts = re.split(r"\s*,\s*|\s+(?:och|samt|eller)\s+", m.group("list"))
    options = [clean_phrase(p) for p in parts if clean_phrase(p)]
    return [OptionsStudied(options=options, evidence=ctx.evidence(seg))] if len(options) > 1 else []


# --- decisions taken elsewhere -----------------------------------------------------------


def _prior(seg: Segment, ctx: Context) -> list[PriorDecision]:
    adopted = _ADOPTED_BY.search(seg.text)
    if adopted:
        return _adopted(seg, ctx, adopted)
    m = _PRIOR.search(seg.text)
    if not m:
        return []
    head, tail = seg.text[: m.start()], seg.text[m.end() :].strip()
    in_tail = dates_in(tail, ctx, "past")
    in_tail = [d for d in in_tail if d[0] < 30]
    dates = dates_in(head, ctx, "past") or in_tail
    body = _decider(head, tail)
    if not dates or body is None:
        return []
    text = tail[len(body) :] if tail.startswith(body) else tail
    if in_tail and dates is in_tail:
        text = tail[in_tail[0][1] :]
    text = re.sub(r"^\s*(?:att|om)\s+", "", text)
    return [
        PriorDecision(
            body=body, date=dates[0][2], text=clean_phrase(text), evidence=ctx.evidence(seg)
        )
    ]


def _decider(head: str, tail: str) -> str | None:
    after = AGENT_RE.match(tail.strip())
    if after and not re.match(r"(?:den|i)\b", tail.strip()):
        return after.group(0)
    return last_agent(head)


def _adopted(seg: Segment, ctx: Context, m: re.Match[str]) -> list[PriorDecision]:
    subject = clean_phrase(re.sub(r"\s+(?:har|hade)\b.*$", "", seg.text[: m.start()]))
    rest = seg.text[m.start() :]
    out: list[PriorDecision] = []
    pieces = re.split(r"\s+och\s+(?=vid\s|av\s)", rest)
    for piece in pieces:
        dates = dates_in(piece, ctx, "past")
        body_text = re.sub(r"^.*?\b(?:av|vid)\s+", "", piece[: dates[0][0]] if dates else piece)
        body = AGENT_RE.match(body_text.strip())
        if body and dates:
            out.append(
                PriorDecision(
                    body=body.group(0),
                    date=_first(dates),
                    text=f"antagit {subject}",
                    evidence=ctx.evidence(seg),
                )
            )
    return out


# --- plan steps ---------------------------------------------------------------------


def _milestones(seg: Segment, ctx: Context) -> list[Milestone]:
    tense = "present" if re.search(r"\bpågår\b", seg.text) else "future"
    dates = dates_in(seg.text, ctx, tense)
    out: list[Milestone] = []
    for n, (s, _e, value) in enumerate(dates):
        lo = dates[n - 1][1] if n else 0
        hi = dates[n + 1][0] if n + 1 < len(dates) else len(seg.text)
        region = seg.text[lo:hi]
        if ctx.meeting_date and value.latest < ctx.meeting_date:
            continue
        if not _FUTURE.search(region) or re.search(r"\b(?:möte|sammanträde)\s+den\b", region):
            continue
        label = _label(region, s - lo)
        if label:
            out.append(Milestone(label=label, date=value, evidence=ctx.evidence(seg)))
    return out


def _label(region: str, at: int) -> str | None:
    hits: list[tuple[int, str]] = []
    for label, pattern in _LABELS:
        for m in re.finditer(pattern, region, re.IGNORECASE):
            distance = at - m.start() if m.start() <= at else 1000 + m.start() - at
            hits.append((distance, label))
    if not hits:
        return None
    label = min(hits)[1]
    if label == "beslut" and re.search(r"huvudm", region):
        return "beslut hos huvudmännen"
    return label
