"""Facts on a SIF report's cover: authority, dates, title and the judgement table."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.dates import parse_date, parse_date_range
from loaders.document import Line
from loaders.grades import grade_from_word
from loaders.parsers.sif.headings import GRADE_PATTERN, heading_words
from loaders.records import Judgement, Passage

_LA_TITLE = re.compile(
    r"(?:re-?\s*)?inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and"
    r"\s+protection",
    re.IGNORECASE,
)
_LSCB_TITLE = re.compile(
    r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board",
    re.IGNORECASE,
)
_TITLE_START = re.compile(r"^(?:re-?\s*)?inspection\s+of\s+services|^review\s+of\s+the", re.I)
_INSPECTION_DATES = re.compile(r"(?:inspection|review)\s+dates?\s*:?\s*(.{0,80})", re.I)
_PUBLISHED = re.compile(r"report\s+published\s*:?\s*(.{0,40})", re.IGNORECASE)
_BOARD_NAME = re.compile(
    r"^(?P<area>.+?)\s+(?:local\s+)?safeguarding\s+children'?s?\s+board$", re.I
)

_GRADE = rf"(?P<grade>{GRADE_PATTERN})"
_BOARD = r"(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s+\(lscb\))?"
_OVERALL = [
    re.compile(
        rf"children'?s\s+services?\s+in\s+[^.]{{2,100}}?\s+(?:are\s+|is\s+|(?=requires?\s))"
        rf"{_GRADE}",
        re.I,
    ),
    re.compile(
        rf"the\s+overall\s+judge?ment\s+is\s+(?:that\s+)?(?:children'?s\s+services?\s+"
        rf"(?:are\s+|is\s+)?)?{_GRADE}",
        re.I,
    ),
]
# The cover table: "2.1 Adoption performance Outstanding".
_TABLE_ROWS: dict[str, re.Pattern[str]] = {
    area: re.compile(rf"{number}\s*(?P<label>{label})\s+{_GRADE}", re.IGNORECASE)
    for area, number, label in [
        ("help_protection", r"\b1\.", r"children\s+who\s+need\s+help\s+and\s+protection"),
        ("in_care", r"\b2\.", r"children\s+looked\s+after\s+and\s+achieving\s+permanence"),
        ("adoption", r"\b2\.1\.?", r"adoption\s+performance"),
        ("care_leavers", r"\b2\.2\.?", r"experiences\s+and\s+progress\s+of\s+care\s+leavers"),
        ("leaders", r"\b3\.", r"leadership,?\s+management\s+and\s+governance"),
    ]
}
# A board may be named by its area: "the effectiveness of the Birmingham Safeguarding Children
# Board is good", "... Newham Safeguarding Children's Board is judged to be good".
_NAMED_BOARD = r"(?:[\w'\u2019&,.-]+\s+){1,6}?safeguarding\s+children'?s?\s+board"
_LSCB_VERDICT = re.compile(
    rf"the\s+(?:effectiveness\s+of\s+the\s+)?(?:{_BOARD}|{_NAMED_BOARD})\s+"
    rf"(?:is\s+|are\s+)?(?:judged\s+to\s+be\s+)?{_GRADE}",
    re.I,
)
OVERALL_LABEL = "Overall effectiveness"
LSCB_LABEL = "Effectiveness of the Local Safeguarding Children Board"
# The cover ends well before this many lines; later matches belong to the body.
COVER_SEARCH_LINES = 80


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover says."""

    name: str
    inspects_services: bool  # "Inspection of services for children in need of help..."
    reviews_lscb: bool  # "Review of the effectiveness of the Local Safeguarding Children Board"
    inspection: tuple[dt.date, dt.date] | None
    published: dt.date | None
    judgements: tuple[Judgement, ...]


class JoinedLines:
    """Lines joined by spaces, able to say which page a character came from."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self.lines = [line for line in lines if line.text.strip()]
        self.starts: list[int] = []
        texts, position = [], 0
        for line in self.lines:
            self.starts.append(position)
            text = " ".join(line.text.split())
            texts.append(text)
            position += len(text) + 1
        self.text = " ".join(texts)

    def page_at(self, offset: int) -> int | None:
        """Return the page of the character at `offset`."""
        if not self.lines:
            return None
        return self.lines[max(bisect_right(self.starts, offset) - 1, 0)].page


def read_cover(lines: Sequence[Line]) -> Cover:
    """Read the cover lines (everything before the contents or first section)."""
    lines = list(lines[:COVER_SEARCH_LINES])
    joined = JoinedLines(lines)
    dates_match = _INSPECTION_DATES.search(joined.text)
    published_match = _PUBLISHED.search(joined.text)
    return Cover(
        name=_cover_name(lines),
        inspects_services=bool(_LA_TITLE.search(joined.text)),
        reviews_lscb=bool(_LSCB_TITLE.search(joined.text)),
        inspection=parse_date_range(dates_match.group(1)) if dates_match else None,
        published=parse_date(published_match.group(1)) if published_match else None,
        judgements=tuple(_cover_judgements(joined)),
    )


def title_matches(text: str, at_start: bool = False) -> tuple[bool, bool]:
    """Say whether `text` names a SIF inspection of services, and an LSCB review."""
    find = re.Pattern.match if at_start else re.Pattern.search
    return bool(find(_LA_TITLE, text)), bool(find(_LSCB_TITLE, text))


def split_board_name(name: str) -> tuple[str, str | None]:
    """Split "Newham Safeguarding Children Board" into the area and the board's name."""
    match = _BOARD_NAME.match(name)
    if match:
        return match.group("area").strip(), name
    return name, None


def _cover_name(lines: Sequence[Line]) -> str:
    texts = [line.text.strip() for line in lines if line.text.strip()]
    title = next((index for index, text in enumerate(texts) if _TITLE_START.match(text)), None)
    if title is None:
        return heading_words(texts[0]) if texts else ""
    return heading_words(" ".join(texts[:title]))


def _cover_judgements(joined: JoinedLines) -> list[Judgement]:
    found: list[tuple[str, str, re.Match[str] | None]] = [
        (
            "overall",
            OVERALL_LABEL,
            next(filter(None, (p.search(joined.text) for p in _OVERALL)), None),
        )
    ]
    for area, pattern in _TABLE_ROWS.items():
        row = pattern.search(joined.text)
        label = " ".join(row.group("label").split()) if row else ""
        found.append((area, label, row))
    found.append(("lscb", LSCB_LABEL, _LSCB_VERDICT.search(joined.text)))
    judgements = []
    for area, label, match in found:
        grade = grade_from_word(match.group("grade")) if match else None
        if match and grade:
            passage = Passage(match.group(0), page=joined.page_at(match.start()))
            judgements.append(Judgement(area, label, grade, passage))
    return judgements
