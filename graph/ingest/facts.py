"""Dated facts inside an agenda item's text.

`extract_facts_from_text` reads the normalised body of one item and returns the
records of `records.py`: terminations, assignments, agreements, planned bodies, plan
steps, options under study, earlier protocols, decisions taken elsewhere, elections,
membership changes and meetings announced for later. Dates written without a year take
it from the meeting date (next year for a plan step already past, last year for a
reference after the meeting). Each fact quotes the sentence it came from, with raw
offsets. The work is split over `facts_assign`, `facts_events` and `facts_people`;
`facts_text` holds the shared helpers.
"""

from __future__ import annotations

from datetime import date

from .facts_assign import extract_assignments
from .facts_events import extract_events
from .facts_people import extract_procedure, scheduled_meetings
from .facts_text import Context, Segment, segments
from .records import Fact, Item, Meeting
from .text import Span

__all__ = ["extract_facts", "extract_facts_from_text"]


def extract_facts_from_text(
    body: Span,
    *,
    section: str | None,
    meeting_date: date | None,
    body_name: str | None,
    decision: str | None = None,
    title: str | None = None,
) -> list[Fact]:
    """Every fact found in `body`, in the order of the extractors."""
    if not body:
        return []
    ctx = Context(body, section, meeting_date, body_name, decision, title)
    ctx.segments = segments(body)
    facts: list[Fact] = []
    facts += extract_assignments(ctx)
    facts += extract_events(ctx)
    facts += extract_procedure(ctx)
    return facts


def extract_facts(item: Item, meeting: Meeting) -> list[Fact]:
    """The facts of one agenda item: its body, and a meeting announced in its title."""
    when = _iso(meeting.date)
    facts: list[Fact] = []
    if item.body:
        facts = extract_facts_from_text(
            item.body,
            section=item.evidence.section,
            meeting_date=when,
            body_name=meeting.body,
            decision=item.decision,
            title=item.title,
        )
    if not any(f.__class__.__name__ == "ScheduledMeeting" for f in facts):
        facts += _title_meetings(item, when, meeting.body)
    return facts


def _title_meetings(item: Item, when: date | None, body_name: str | None) -> list[Fact]:
    """A heading such as 'Extrainsatt sammanträde genomförs den 5 december'."""
    ev = item.evidence
    text = item.title or ""
    if not text:
        return []
    # The heading as written starts with the title; spread offsets only if it is shorter.
    width = max(ev.end - ev.start, 1)
    if width >= len(text):
        offsets = list(range(ev.start, ev.start + len(text)))
    else:
        offsets = [ev.start + k * width // len(text) for k in range(len(text))]
    span = Span(text, offsets)
    ctx = Context(span, ev.section, when, body_name, None, None)
    return list(scheduled_meetings(Segment(0, len(text), text), ctx, None))


def _iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
