"""Assignments (uppdrag): given here, given earlier, reported to someone by a date.

Recognised forms: "Ge X i uppdrag att …", "uppdrar till X [att] …", "X uppdras att …",
"uppdrogs åt X att …", "X gavs av Y den … i uppdrag att …", "X har … ett uppdrag
från Y att …", "Y har … beslutat att frågan ska utredas …", "X senast den … återkopplar
… till Z"; report dates from "… ska rapporteras till Y DATE" and "Återkoppling av
uppdraget sker vid Y DATE"; report-back from the title ("– återkoppling av uppdrag")
or "Uppdraget är återrapporterat".
"""

from __future__ import annotations

import re

from .facts_text import (
    AGENT_RE,
    Context,
    Segment,
    agent_at,
    agent_ending_at,
    clean_phrase,
    dates_in,
    last_agent,
    split_agents,
)
from .records import Assignment, DateValue

_GIVE = re.compile(
    r"\b(?P<verb>[Gg]e|[Gg]er|[Gg]av|gett|givit)\s+(?P<recv>.+?)\s+i\s+uppdrag\s+att\s+"
    r"(?P<task>.+)$"
)
_UPPDRAR = re.compile(r"\buppdrar\s+(?:till|åt)\s+")
_UPPDRAS = re.compile(r"\s+uppdras\s+att\s+(?P<task>.+)$")
_UPPDROGS = re.compile(r"\buppdrogs\s+(?:åt|till)\s+(?P<recv>.+?)\s+att\s+(?P<task>.+)$")
_GAVS = re.compile(
    r"^(?P<recv>.+?)\s+(?:gavs|fick)\s+(?P<mid>.*?)\s*i\s+uppdrag\s+att\s+(?P<task>.+)$"
)
_HAR_UPPDRAG = re.compile(
    r"^(?P<recv>.+?)\s+har\s+(?:[\w ]{0,30}?\s)?(?:ett|en)\s+uppdrag\s+från\s+"
    r"(?P<giver>.+?)\s+att\s+(?P<task>.+)$"
)
_TO_INVESTIGATE = re.compile(
    r"^(?P<head>.*?)\b(?:beslutat|beslutade)\s+att\s+(?P<what>frågan|ärendet|\w+)\s+"
    r"ska\s+(?P<verb>\w+as)(?P<rest>(?:\s+över)?.*)$"
)
_DEADLINE = re.compile(r"\s+senast\s+(?P<when>(?:den\s+)?\S+(?:\s+\S+){0,2}?)\s+(?P<verb>\w+ar)\b")
_REPORT = re.compile(
    r"\b(?:(?:[Uu]tredningen|[Uu]ppdraget|[Aa]rbetet|[Rr]apporten|[Rr]esultatet)\s+ska\s+"
    r"(?:åter)?(?:rapporteras|redovisas|återkopplas|presenteras)|"
    r"[ÅåAa]terkoppling(?:en)?\s+av\s+uppdrag\w*\s+(?:sker|görs|ska\s+ske))\s+"
    r"(?:till|för|vid|på)\s+"
)
_REPORTED = re.compile(r"\b[Uu]ppdraget\s+är\s+(?:åter)?rapporterat|\båterrapporter(?:as|ades)\b")
_PAST_DECISION = re.compile(r"\b(?:beslutade|beslutat|beslöt)\b")


def extract_assignments(ctx: Context) -> list[Assignment]:
    found: list[Assignment] = []
    for seg in ctx.segments:
        new = _assignment_in(seg, ctx)
        if new is not None:
            found.append(new)
            continue
        _attach_report(seg, ctx, found)
    found = _dedupe(found, ctx)
    _mark_reported(ctx, found)
    return found


def _assignment_in(seg: Segment, ctx: Context) -> Assignment | None:
    for parse in (
        _by_gavs,
        _by_har_uppdrag,
        _by_give,
        _by_uppdrar,
        _by_uppdras,
        _by_uppdrogs,
        _by_investigation,
        _by_deadline,
    ):
        found = parse(seg, ctx)
        if found is not None:
            return found
    return None


def _task(text: str) -> str:
    text = re.sub(r"\s+(?:Beslut|Ärendet|Bakgrund)\b.*$", "", text)
    return clean_phrase(text)


def _make(seg, ctx, task, giver, receivers, given=None, earlier=False) -> Assignment:
    return Assignment(
        task=_task(task),
        giver=giver or ctx.body_name,
        receivers=receivers,
        evidence=ctx.evidence(seg),
        given=given,
        given_earlier=earlier or given is not None,
    )


def _first_date(text: str, ctx: Context, tense: str) -> DateValue | None:
    found = dates_in(text, ctx, tense)
    return found[0][2] if found else None


def _by_give(seg: Segment, ctx: Context) -> Assignment | None:
    m = _GIVE.search(seg.text)
    if not m:
        return None
    prefix = seg.text[: m.start()]
    past = m.group("verb").casefold() not in {"ge", "ger"} or bool(_PAST_DECISION.search(prefix))
    given = _first_date(prefix, ctx, "past") if past else None
    return _make(
        seg, ctx, m.group("task"), last_agent(prefix), split_agents(m.group("recv")), given, past
    )


def _by_uppdrar(seg: Segment, ctx: Context) -> Assignment | None:
    m = _UPPDRAR.search(seg.text)
    if not m:
        return None
    recv = agent_at(seg.text, m.end())
    if not recv:
        return None
    task = re.sub(r"^att\s+", "", seg.text[m.end() + len(recv) :].strip())
    return _make(seg, ctx, task, last_agent(seg.text[: m.start()]), [recv])


def _by_uppdras(seg: Segment, ctx: Context) -> Assignment | None:
    m = _UPPDRAS.search(seg.text)
    recv = agent_ending_at(seg.text, m.start()) if m else None
    if not m or not recv:
        return None
    return _make(seg, ctx, m.group("task"), None, [recv])


def _by_uppdrogs(seg: Segment, ctx: Context) -> Assignment | None:
    m = _UPPDROGS.search(seg.text)
    if not m:
        return None
    given = _first_date(seg.text[: m.start()], ctx, "past")
    by = re.match(r"\s*av\s+(.+?)\s+att\b", seg.text[m.end() :])
    giver = agent_at(by.group(1), 0) if by else None
    return _make(seg, ctx, m.group("task"), giver, split_agents(m.group("recv")), given, True)


def _by_gavs(seg: Segment, ctx: Context) -> Assignment | None:
    m = _GAVS.search(seg.text)
    if not m:
        return None
    mid = m.group("mid")
    dates = dates_in(mid, ctx, "past")
    giver_text = mid[: dates[0][0]] if dates else mid
    giver = clean_phrase(re.sub(r"^av\s+", "", giver_text.strip())) or None
    given = dates[0][2] if dates else None
    return _make(seg, ctx, m.group("task"), giver, split_agents(m.group("recv")), given, True)


def _by_har_uppdrag(seg: Segment, ctx: Context) -> Assignment | None:
    m = _HAR_UPPDRAG.search(seg.text)
    if not m:
        return None
    receivers = split_agents(m.group("recv"))
    giver = clean_phrase(m.group("giver"))
    return _make(seg, ctx, m.group("task"), giver, receivers, None, True)


def _by_investigation(seg: Segment, ctx: Context) -> Assignment | None:
    m = _TO_INVESTIGATE.search(seg.text)
    if not m:
        return None
    verb = m.group("verb")[:-1]  # "utredas" → "utreda"
    task = f"{verb} {m.group('what')}{m.group('rest')}"
    head = m.group("head")
    given = _first_date(head, ctx, "past")
    return _make(seg, ctx, task, last_agent(head), [], given, True)


def _by_deadline(seg: Segment, ctx: Context) -> Assignment | None:
    m = _DEADLINE.search(seg.text)
    if not m:
        return None
    recv = agent_ending_at(seg.text, m.start())
    when = _first_date(m.group("when"), ctx, "future")
    if not recv or when is None:
        return None
    rest = seg.text[m.start("verb") :]
    to = re.search(r"^(?P<task>.+)\s+till\s+(?P<to>[^,.]+?)\.?$", rest)
    task = to.group("task") if to else rest
    task = re.sub(r"^(\w+a)r\b", r"\1", task)  # "återkopplar" → "återkoppla"
    head = seg.text[: m.start() - len(recv)]
    found = _make(seg, ctx, task, last_agent(head), [recv])
    found.report_date = when
    found.report_to = clean_phrase(to.group("to")) if to else None
    return found


def _attach_report(seg: Segment, ctx: Context, found: list[Assignment]) -> None:
    m = _REPORT.search(seg.text)
    if not m:
        return
    rest = seg.text[m.end() :]
    dates = dates_in(rest, ctx, "future")
    if not dates:
        return
    to = clean_phrase(rest[: dates[0][0]]) or None
    target = found[-1] if found else None
    if target is None:
        target = _make(seg, ctx, ctx.title or "", None, [], None, True)
        found.append(target)
    target.report_date = dates[0][2]
    if to:
        m_agent = AGENT_RE.match(to)
        target.report_to = m_agent.group(0) if m_agent else to


def _mark_reported(ctx: Context, found: list[Assignment]) -> None:
    in_title = bool(
        ctx.title and re.search(r"återkoppling av uppdrag|återrapport", ctx.title, re.I)
    )
    in_text = any(_REPORTED.search(s.text) for s in ctx.segments)
    if not (in_title or in_text):
        return
    earlier = [a for a in found if a.given_earlier]
    if not earlier:
        seg = next((s for s in ctx.segments if _REPORTED.search(s.text)), None)
        if seg is None:
            return
        earlier = [_make(seg, ctx, ctx.title or "", None, [], None, True)]
        found.extend(earlier)
    for a in earlier:
        a.reported_back = True


def _dedupe(found: list[Assignment], ctx: Context) -> list[Assignment]:
    """One assignment per task and receivers; the decision's wording wins."""
    out: dict[tuple[str, tuple[str, ...]], Assignment] = {}
    for a in found:
        key = (a.task.casefold()[:60], tuple(r.casefold() for r in a.receivers))
        old = out.get(key)
        if old is None or _in_decision(a, ctx):
            if old is not None and old.report_date and not a.report_date:
                a.report_date, a.report_to = old.report_date, old.report_to
            out[key] = a
    return list(out.values())


def _in_decision(a: Assignment, ctx: Context) -> bool:
    return ctx.in_decision(a.evidence.quote)
