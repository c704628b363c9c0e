"""Swedish dates as protocols write them: exact, partial and seasonal.

"2021-12-31", "9 maj 2023", "den 19 september", "december månad 2020", "hösten 2023",
"våren 2024", "2023-03-10". Each becomes a `DateValue` with the earliest and latest day
it can mean; a date without a year takes the year from context.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .records import DateValue

MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
}  # fmt: skip
SEASONS = {  # Swedish administrative seasons: våren = Jan–Jun, hösten = Aug–Dec
    "våren": (1, 6), "vår": (1, 6), "sommaren": (6, 8), "sommar": (6, 8),
    "hösten": (8, 12), "höst": (8, 12), "vintern": (12, 2),
}  # fmt: skip

_MONTH_RE = "|".join(MONTHS)
_SEASON_RE = "|".join(sorted(SEASONS, key=len, reverse=True))

ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
DAY_MONTH_YEAR = re.compile(
    rf"\b(?:den\s+)?(\d{{1,2}})(?:\s*[–-]\s*\d{{1,2}})?\s+({_MONTH_RE})(?:\s+(\d{{4}}))?\b",
    re.IGNORECASE,
)
MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})(?:\s+månad)?\s+(\d{{4}})\b", re.IGNORECASE)
SEASON_YEAR = re.compile(rf"\b(?:under\s+)?({_SEASON_RE})(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
YEAR = re.compile(r"\b(?:för|år|under)\s+(20\d\d)\b", re.IGNORECASE)


def exact(d: date, text: str | None = None) -> DateValue:
    return DateValue(text or d.isoformat(), d, d)


def month_range(year: int, month: int, text: str) -> DateValue:
    last = calendar.monthrange(year, month)[1]
    return DateValue(text, date(year, month, 1), date(year, month, last))


def season_range(year: int, season: str, text: str) -> DateValue:
    first, last = SEASONS[season.casefold()]
    end_year = year + 1 if last < first else year
    return DateValue(
        text,
        date(year, first, 1),
        date(end_year, last, calendar.monthrange(end_year, last)[1]),
    )


def year_range(year: int, text: str) -> DateValue:
    return DateValue(text, date(year, 1, 1), date(year, 12, 31))


def parse_date(text: str, default_year: int | None = None) -> DateValue | None:
    """The first date in `text`, most precise form first; None if there is none."""
    found = find_dates(text, default_year)
    return found[0][2] if found else None


def find_dates(text: str, default_year: int | None = None) -> list[tuple[int, int, DateValue]]:
    """Every date in `text` as (start, end, DateValue), in text order, without overlaps."""
    hits: list[tuple[int, int, DateValue]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= hs or s >= he for hs, he, _ in hits)

    for m in ISO.finditer(text):
        try:
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        hits.append((m.start(), m.end(), exact(d, m.group(0))))
    for m in DAY_MONTH_YEAR.finditer(text):
        year = int(m.group(3)) if m.group(3) else default_year
        if year is None or not free(m.start(), m.end()):
            continue
        try:
            d = date(year, MONTHS[m.group(2).casefold()], int(m.group(1)))
        except ValueError:
            continue
        hits.append((m.start(), m.end(), exact(d, m.group(0).strip())))
    for m in MONTH_YEAR.finditer(text):
        if free(m.start(), m.end()):
            value = month_range(int(m.group(2)), MONTHS[m.group(1).casefold()], m.group(0))
            hits.append((m.start(), m.end(), value))
    for m in SEASON_YEAR.finditer(text):
        year = int(m.group(2)) if m.group(2) else default_year
        if year is None or not free(m.start(), m.end()):
            continue
        hits.append((m.start(), m.end(), season_range(year, m.group(1), m.group(0).strip())))
    for m in YEAR.finditer(text):
        if free(m.start(), m.end()):
            hits.append((m.start(), m.end(), year_range(int(m.group(1)), m.group(0))))
    return sorted(hits, key=lambda h: h[0])


def parse_time(text: str) -> str | None:
    """'kl. 10.00', '8.30', '08:00' → 'HH:MM'."""
    m = re.search(r"\b(\d{1,2})[.:](\d{2})\b", text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def shift_year(value: DateValue, years: int) -> DateValue:
    """The same partial date moved by whole years (a date written without a year)."""

    def move(d: date) -> date:
        day = min(d.day, calendar.monthrange(d.year + years, d.month)[1])
        return date(d.year + years, d.month, day)

    return DateValue(value.text, move(value.earliest), move(value.latest))


def has_year(text: str) -> bool:
    """Whether a date as written names its year."""
    return re.search(r"\b(19|20)\d\d\b", text) is not None
