"""Dates as reports print them (loaders/dates.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.dates import parse_date, parse_date_range, parse_month_year


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("10-20 April 2012", dt.date(2012, 4, 10), dt.date(2012, 4, 20)),
        ("Inspection dates: 8 to 19 June 2026", dt.date(2026, 6, 8), dt.date(2026, 6, 19)),
        ("11 January 2016 to 4 February 2016", dt.date(2016, 1, 11), dt.date(2016, 2, 4)),
        ("18 March 2014 - 09 April 2014", dt.date(2014, 3, 18), dt.date(2014, 4, 9)),
        ("27 February to 10 March 2023", dt.date(2023, 2, 27), dt.date(2023, 3, 10)),
        ("29 December to 9 January 2015", dt.date(2014, 12, 29), dt.date(2015, 1, 9)),
        # Days named before their dates.
        ("Monday 3 to Friday 14 December 2018", dt.date(2018, 12, 3), dt.date(2018, 12, 14)),
        (
            "Tuesday 1 May 2012 to Thursday, 10 May 2012",
            dt.date(2012, 5, 1),
            dt.date(2012, 5, 10),
        ),
        ("Wednesday 5th and Thursday 6th June 2019", dt.date(2019, 6, 5), dt.date(2019, 6, 6)),
    ],
)
def test_a_range_is_read_as_printed(text: str, start: dt.date, end: dt.date) -> None:
    assert parse_date_range(text) == (start, end)


@pytest.mark.parametrize(
    "text",
    [
        "20 April 2012",  # one date
        "20 to 10 April 2012",  # ends before it starts
        "Monday to Friday 14 December 2018",  # no first day
        "3 to Friday",
    ],
)
def test_what_is_not_a_range_gives_none(text: str) -> None:
    assert parse_date_range(text) is None


def test_a_date_with_its_day_name_and_ordinal() -> None:
    assert parse_date("Published on Friday 14th December 2018") == dt.date(2018, 12, 14)
    assert parse_date("31 February 2018") is None


def test_month_and_year() -> None:
    assert parse_month_year("judged inadequate in September 2011.") == (2011, 9)
