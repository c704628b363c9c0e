"""Protocol header fields as municipalities write them: place, times, dates, diary numbers.

"Plats och tid: Kommunhuset, kl. 09.00–12.00", "Tid: 9.00-12.00, ajournering 10.30-10.45",
"Datum: 5 mars 2024", "den 5/3", "§ 12 Dnr 2024/123". Both protocol layouts read their
headers with these helpers, so the same field means the same in either.
"""

from __future__ import annotations

import re
from datetime import date

from .dates import find_dates
from .records import DateValue

TIME = re.compile(r"\b(\d{1,2})[.:](\d{2})\b")
_HOUR_RANGE = re.compile(r"\bkl\.?\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\b(?![.:]\d)", re.IGNORECASE)
_BREAK = re.compile(r"\b(ajourn\w*|paus\w*|avbrott\w*)", re.IGNORECASE)
_DAY_MONTH = re.compile(r"\b(?:den\s+)?(\d{1,2})/(\d{1,2})(?:[\s-]+(\d{4}))?(?![\d/])")
_ISO = re.compile(r"\b(?:19|20)\d\d-\d\d-\d\d\b")
# "Dnr 2024/123", "Dnr: KS 2024-000123", "Diarienummer KS/2024:45", "Dnr. SN 2023.112".
DIARY = re.compile(
    r"(?:^|\s)(?:dnr|diarienr|diarienummer)\.?\s*:?\s*((?:(?-i:[A-ZÅÄÖ]{1,8})[\s/-]?)?"
    r"[\w./:-]*\d[\w./:-]*)",
    re.IGNORECASE,
)
# The label that opens a place or time field ("Plats och tid", "Tid och plats", "Tid").
_FIELD_LABEL = re.compile(
    r"^(?:plats\s+och\s+tid|tid\s+och\s+plats|plats|tid|sammanträdestid|datum\s+och\s+tid)"
    r"\b\s*:?\s*",
    re.IGNORECASE,
)


def times(text: str) -> list[str]:
    """The start and end ("HH:MM") a field gives, ignoring adjournments after them:
    "kl. 09.00–12.00" → ["09:00", "12:00"], "kl. 9-12" → ["09:00", "12:00"]."""
    text = _BREAK.split(text, maxsplit=1)[0]
    text = _ISO.sub(" ", text)
    found = [f"{int(h):02d}:{m}" for h, m in TIME.findall(text) if int(h) < 24 and int(m) < 60]
    if not found:
        m = _HOUR_RANGE.search(text)
        if m and int(m.group(1)) < 24 and int(m.group(2)) < 25:
            found = [f"{int(m.group(1)):02d}:00", f"{int(m.group(2)) % 24:02d}:00"]
    return found[:1] + found[-1:] if len(found) > 1 else found


def place_value(text: str) -> str | None:
    """The place in a "Plats (och tid)" field, without its label, date and times."""
    text = _FIELD_LABEL.sub("", text.strip())
    text = _ISO.sub(" ", text)
    text = re.sub(r"\s*\b(?:kl\.?\s*)?\d{1,2}[.:]\d{2}(?:\s*[-–]\s*\d{1,2}[.:]\d{2})?", " ", text)
    text = re.sub(r"\s*\bkl\.?\s*\d{1,2}(?:\s*[-–]\s*\d{1,2})?\b", " ", text, flags=re.I)
    text = _BREAK.split(text, maxsplit=1)[0]
    text = re.sub(r"\s+", " ", text).strip(" ,;:–-")
    return text or None


def header_date(text: str, year: int | None = None) -> DateValue | None:
    """The exact date of a header field: "2024-03-05", "5 mars 2024", "den 5/3" (with the
    year from elsewhere in the header)."""
    found = [d for _s, _e, d in find_dates(text, year) if d.exact]
    if found:
        return found[0]
    m = _DAY_MONTH.search(text)
    if not m:
        return None
    use = int(m.group(3)) if m.group(3) else year
    if use is None:
        return None
    try:
        day = date(use, int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None
    return DateValue(m.group(0).strip(), day, day)


def split_diary(text: str) -> tuple[str, str | None]:
    """ "Budget 2025 Dnr KS 2024/123" → ("Budget 2025", "KS 2024/123")."""
    m = DIARY.search(text)
    if not m:
        return text, None
    rest = (text[: m.start()] + text[m.end() :]).strip(" ,;:–-")
    return rest, m.group(1).strip()


def is_diary_line(text: str) -> bool:
    """A line that holds only a diary number ("Dnr 2024/123")."""
    rest, number = split_diary(text)
    return number is not None and not rest
