"""Dates as reports print them: "11 January 2016", "10-20 April 2012", "8 to 19 June 2026"."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# The lookahead on the names' first letters changes no match: it spares the engine trying every
# name, one after the other, at each position of a text (most positions start none), which
# makes the patterns holding this one up to twice as fast to search.
_MONTH_INITIALS = "".join(sorted({name[0] for name in MONTHS}))
MONTH_PATTERN = (
    rf"(?=[{_MONTH_INITIALS}])(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
)
_ORDINAL = r"(?:st|nd|rd|th)?"
# What may stand between a month and its year: "May 2014", "May, 2014", "Sept. 2014".
YEAR_SEPARATOR = r"\.?,?\s+"
DATE_PATTERN = rf"(\d{{1,2}}){_ORDINAL}\s+({MONTH_PATTERN}){YEAR_SEPARATOR}(\d{{4}})"
_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
# A day may be named before its date: "Monday 3 to Friday 14 December 2018".
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
# "10-20 April 2012", "8 to 19 June 2026", "11 January 2016 to 4 February 2016",
# "18 March 2014 - 09 April 2014", "27 February to 10 March 2023", "11 January and 4 February 2016"
_RANGE = re.compile(
    rf"(\d{{1,2}}){_ORDINAL}(?:\s+({MONTH_PATTERN}))?(?:{YEAR_SEPARATOR}(\d{{4}}))?"
    rf"\s*(?:-|to|until|and)\s*{_WEEKDAY}"
    rf"(\d{{1,2}}){_ORDINAL}\s+({MONTH_PATTERN}){YEAR_SEPARATOR}(\d{{4}})",
    re.IGNORECASE,
)


def parse_date(text: str) -> dt.date | None:
    """Return the first full date in `text`, or None."""
    match = _DATE.search(text)
    if not match:
        return None
    day, month, year = match.groups()
    return _make_date(int(year), MONTHS[month.lower()], int(day))


def find_dates(text: str) -> list[dt.date]:
    """Return every full date in `text`, in order."""
    dates = []
    for day, month, year in _DATE.findall(text):
        date = _make_date(int(year), MONTHS[month.lower()], int(day))
        if date:
            dates.append(date)
    return dates


def parse_date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """Return the first (start, end) range in `text`; a missing start month or year is the end's."""
    match = _RANGE.search(text)
    if not match:
        return None
    start_day, start_month, start_year, end_day, end_month, end_year = match.groups()
    end = _make_date(int(end_year), MONTHS[end_month.lower()], int(end_day))
    if end is None:
        return None
    month = MONTHS[start_month.lower()] if start_month else end.month
    year = int(start_year) if start_year else end.year
    if not start_year and month > end.month:
        year -= 1  # "29 December to 9 January 2015" starts in the previous year
    start = _make_date(year, month, int(start_day))
    if start is None or start > end:
        return None
    return start, end


def parse_month_year(text: str) -> tuple[int, int] | None:
    """Return (year, month) for text like "September 2011"."""
    match = re.search(rf"\b({MONTH_PATTERN})\s+(\d{{4}})\b", text, re.IGNORECASE)
    if not match:
        return None
    return int(match.group(2)), MONTHS[match.group(1).lower()]


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
