"""The front page of an ILACS report: authority, days on site, lead inspectors, report type.

Two title layouts occur: 2018-2019 reports print the authority on its own line above
"Inspection of children's social care services"; later ones print "Inspection of <authority>
local authority children's services". Both then give "Inspection dates:" and
"Lead inspector: <name>, His Majesty's Inspector" (in 2018-2019 the title sits on the next line).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.dates import MONTH_PATTERN, MONTHS, YEAR_SEPARATOR, find_dates, parse_date
from loaders.document import Line

# ILACS inspection types (Ofsted, "Inspecting local authority children's services" framework,
# 2018 on): authorities last judged good or outstanding get a *short* inspection of one week
# on site; those judged requires improvement (or re-inspected after inadequate) get a
# *standard* inspection of two weeks on site. The report never names its type, so the
# working days on site decide it: one week at most means short, more means standard.
SHORT_INSPECTION_MAX_DAYS = 5
SHORT = "ilacs_short"
STANDARD = "ilacs_standard"

HEADER_LINES = 25  # the front matter always sits in the first lines of page 1

_DATES_LINE = re.compile(r"^Inspection\s+dates?\s*:?\s*(?P<rest>.*)$", re.I)
# The label opens its own line; a conversion that joins or rewraps the front page's lines
# can also leave it after the dates ("... 2019 Lead inspector: X") or split it ("Lead" /
# "inspector: X"), and then its colon tells it from prose.
_LEAD_LABEL = re.compile(
    r"^[ \t]*Lead\s+inspectors?\b[ \t]*:?[ \t]*|\bLead\s+inspectors?[ \t]*:[ \t]*", re.I | re.M
)
# What the front page prints after the lead inspectors: a rewrapped line can run on into it.
_NEXT_FIELD = re.compile(
    r"\b(?:Judgements?\s+Grades?|Inspection\s+dates?|(?:Report\s+)?published|Publication\s+date)"
    r"\b.*$",
    re.I,
)
_PUBLISHED = re.compile(
    r"^(?:report\s+)?(?:published|publication\s+date)\s*:?\s*(?P<date>.+)$", re.I
)
_STOP_LINE = re.compile(r"^(?:Judgements?\b|Lead\s+inspector|Inspection\s+dates?|The\s)", re.I)
_ORDINAL = r"(?:st|nd|rd|th)?"
# One block of days on site: "11 to 15 November 2024", "27 September to 8 October",
# "3 December 2018 to 14 December 2018". A block without its year takes the next block's.
_BLOCK = re.compile(
    rf"(\d{{1,2}}){_ORDINAL}(?:\s+({MONTH_PATTERN}))?(?:{YEAR_SEPARATOR}(\d{{4}}))?\s*"
    rf"(?:-|to|until)\s*(\d{{1,2}}){_ORDINAL}\s+({MONTH_PATTERN})(?:{YEAR_SEPARATOR}(\d{{4}}))?",
    re.I,
)
# An inspector's title after the name, any of them "Senior", any of them with a bracketed remit:
# "Senior His Majesty's Inspector", "HM Inspector", "HMI (Children's Social Care)".
_TITLE = re.compile(
    r",?\s*\b(?:Senior\s+)?(?:(?:His|Her)\s+Majesty['\u2019]?s\s+Inspectors?|HM\s+Inspectors?"
    r"|HMIs?|(?:Social\s+Care\s+)?Regulatory\s+Inspectors?|Ofsted\s+Inspectors?|Inspectors?)\b"
    r"\.?(?:\s*\([^()]*\))?",
    re.I,
)
_TITLE_ONLY = re.compile(rf"^(?:{_TITLE.pattern})\s*$", re.I)
# The rest of a name cut at a line's end, then the title: "Canto, His Majesty's Inspector".
_NAME_THEN_TITLE = re.compile(
    rf"^[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*)?(?i:{_TITLE.pattern})"
)
_LONGEST_TITLE = len("Senior Social Care Regulatory Inspectors.")
_NAME_SEPARATOR = re.compile(r"\s*(?:;|,|\band\b|&)\s*")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+")
_APOSTROPHE = r"['\u2019]"
_NAMED_TITLE = re.compile(
    rf"^Inspection\s+of\s+(?:the\s+)?(?P<name>.+?)\s+(?:local\s+authority\s+)?"
    rf"children{_APOSTROPHE}s\s+services\b",
    re.I,
)
_NAME_ABOVE_TITLE = re.compile(
    rf"^(?P<name>.+?)\s+(?:Re-)?inspection\s+of\s+(?:local\s+authority\s+)?"
    rf"children{_APOSTROPHE}s\s+(?:social\s+care\s+)?services\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What the front page states."""

    authority_name: str | None
    visits: tuple[tuple[dt.date, dt.date], ...]
    lead_inspectors: tuple[str, ...]
    published: dt.date | None


def read_front(lines: Sequence[Line]) -> FrontMatter:
    """Read the authority, visits, lead inspectors and any publication date from the top."""
    head = [line.text.strip() for line in lines[:HEADER_LINES]]
    dates_at = next((i for i, text in enumerate(head) if _DATES_LINE.match(text)), None)
    title_lines = head[:dates_at] if dates_at is not None else head[:4]
    return FrontMatter(
        authority_name=_authority_name(" ".join(text for text in title_lines if text)),
        visits=_visits(head, dates_at) if dates_at is not None else (),
        lead_inspectors=_lead_inspectors(head),
        published=_published(head),
    )


def report_type(visits: Sequence[tuple[dt.date, dt.date]]) -> tuple[str, str]:
    """Return the report type and a sentence saying how the days on site decided it."""
    days = sum(_working_days(start, end) for start, end in visits)
    if days <= SHORT_INSPECTION_MAX_DAYS:
        kind, length, type_id = "short", "one week on site", SHORT
    else:
        kind, length, type_id = "standard", "two weeks on site", STANDARD
    blocks = " and ".join(_describe_block(start, end) for start, end in visits)
    basis = (
        f"derived from days on site: {days} working days ({blocks}), consistent with a {kind} "
        f"inspection ({length}); the report does not state the inspection type"
    )
    return type_id, basis


def _authority_name(title: str) -> str | None:
    title = re.sub(r"\s+", " ", title).strip()
    match = _NAMED_TITLE.match(title) or _NAME_ABOVE_TITLE.match(title)
    if not match:
        return None
    return match.group("name").strip(" ,")


def _visits(head: list[str], dates_at: int) -> tuple[tuple[dt.date, dt.date], ...]:
    parts = [_DATES_LINE.match(head[dates_at]).group("rest")]
    for text in head[dates_at + 1 : dates_at + 3]:
        if not text or _STOP_LINE.match(text):
            break
        parts.append(text)
    text = " ".join(parts)
    blocks = _BLOCK.findall(text)
    if not blocks:
        dates = find_dates(text)
        return ((min(dates), max(dates)),) if dates else ()
    try:
        return _resolve_blocks(blocks)
    except ValueError:  # an impossible date such as "30 February": no usable visits
        return ()


def _resolve_blocks(blocks: list[tuple[str, ...]]) -> tuple[tuple[dt.date, dt.date], ...]:
    # Years are printed once at the end ("4 to 8 March and 18 to 22 March 2019"): walk back,
    # giving a block without a year the year of the block after it (or the one before that
    # when its month falls later: "15 to 19 December and 5 to 9 January 2026").
    resolved: list[tuple[dt.date, dt.date]] = []
    later: dt.date | None = None
    for start_day, start_month, start_year, end_day, end_month, end_year in reversed(blocks):
        month_of_end = MONTHS[end_month.lower()]
        if end_year:
            year = int(end_year)
        elif later is not None:
            year = later.year if month_of_end <= later.month else later.year - 1
        else:
            return ()
        end = dt.date(year, month_of_end, int(end_day))
        month = MONTHS[start_month.lower()] if start_month else end.month
        if start_year:
            first_year = int(start_year)
        else:
            first_year = end.year if month <= end.month else end.year - 1
        start = dt.date(first_year, month, int(start_day))
        if start > end or (later is not None and end >= later):
            return ()
        resolved.append((start, end))
        later = start
    return tuple(reversed(resolved))


def _lead_inspectors(head: list[str]) -> tuple[str, ...]:
    text = "\n".join(head)
    names: list[str] = []
    for label in _LEAD_LABEL.finditer(text):
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end < 0 else line_end
        parts = [text[label.end() : line_end]]
        following = text[line_end + 1 :].split("\n")[:3]
        parts.extend(_continuation(parts[0], following))
        names.extend(inspector_names(_NEXT_FIELD.sub("", _joined(parts))))
    return tuple(dict.fromkeys(names))


def _joined(parts: list[str]) -> str:
    """Join a wrapped line's parts; one broken after a hyphen ("Canto-" / "Smith") closes up."""
    text = parts[0]
    for part in parts[1:]:
        text += part if text.endswith("-") else f" {part}"
    return text


def _continuation(first: str, following: list[str]) -> list[str]:
    """Return the lines after "Lead inspector: ..." that still belong to it."""
    parts = [first]
    for text in following:
        joined = _joined(parts).rstrip()
        if not text:
            break
        continues = joined.endswith((",", "&", " and")) or not joined
        if _TITLE_ONLY.match(text) or continues or _cut_before_title(joined, text):
            parts.append(text)
        elif _TITLE.search(joined) is None and _NAME_THEN_TITLE.match(text):
            parts.append(f"; {text}")  # another lead, with the title the first one lacked
        else:
            break
    return parts[1:]


def _cut_before_title(joined: str, text: str) -> bool:
    """Say whether a lead inspector's name or title was cut at the line's end: "Sarah" /
    "Canto, His Majesty's Inspector", "Sarah Canto-" / "Smith, HMI", or "Sarah Canto, His" /
    "Majesty's Inspector"."""
    cut_name = len(joined.split()) == 1 or joined.endswith("-")
    if cut_name and _TITLE.search(joined) is None and _NAME_THEN_TITLE.match(text):
        return True
    title = _TITLE.search(f"{joined} {text}", max(len(joined) - _LONGEST_TITLE, 0))
    return title is not None and title.start() < len(joined) < title.end()


def inspector_names(text: str) -> list[str]:
    """Return the names in a list of inspectors as printed, without their titles:
    "Jane Smith, HMI, and Ann Lee, His Majesty's Inspector" gives both names."""
    text = _TITLE.sub(",", text)
    names = []
    for piece in _NAME_SEPARATOR.split(text):
        name = _HONORIFIC.sub("", piece.strip(" .,:"))
        if re.search(r"[A-Za-z]", name):
            names.append(name)
    return names


def _published(head: list[str]) -> dt.date | None:
    for text in head:
        match = _PUBLISHED.match(text)
        if match:
            return parse_date(match.group("date"))
    return None


def _working_days(start: dt.date, end: dt.date) -> int:
    days = (end - start).days + 1
    return sum(1 for offset in range(days) if (start + dt.timedelta(offset)).weekday() < 5)


def _describe_block(start: dt.date, end: dt.date) -> str:
    end_text = f"{end.day} {end:%B %Y}"
    if start.year != end.year:
        return f"{start.day} {start:%B %Y}-{end_text}"
    if start.month != end.month:
        return f"{start.day} {start:%B}-{end_text}"
    return f"{start.day}-{end_text}"
