"""ILACS graded judgements: the front-page "Judgement / Grade" table and the graded headings.

The table's labels and grades wrap over several lines in PDFs ("The impact of leaders on social
work" / "practice with children and families" / "Outstanding", or "Requires improvement" / "to be
good"), so the table is read as one stream of words: label, grade, label, grade, until the
words stop being a known label followed by a grade. Reports from April 2026 have no "Overall
effectiveness" row; nothing is invented for it. Section headings repeat the grades
("The experiences and progress of care leavers: good") and fill in any area the table lacks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.document import Line
from loaders.grades import grade_from_word
from loaders.records import Grade, Judgement, Passage
from loaders.sentences import keyword_text


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


_PROGRESS = "the experiences and progress of"
# Longer labels first: "children in care and care leavers" before "children in care".
AREA_LABELS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (area, re.compile(pattern, re.I))
    for area, pattern in (
        (
            "leaders",
            _words("the impact of leaders on")
            + r"\s+(?:social\s+work\s+)?"
            + _words("practice with children and families"),
        ),
        ("help_protection", _words(f"{_PROGRESS} children who need help and protection")),
        ("in_care_and_care_leavers", _words(f"{_PROGRESS} children in care and care leavers")),
        ("in_care", _words(f"{_PROGRESS} children in care")),
        # "children care leavers" is a misprint seen in a 2026 table.
        ("care_leavers", _words(_PROGRESS) + r"\s+(?:children\s+)?" + _words("care leavers")),
        ("overall", _words("overall effectiveness")),
    )
)
GRADE_WORDS = r"(?:requires\s+improvement(?:\s+to\s+be\s+good)?|outstanding|good|inadequate)"
_GRADE_AT = re.compile(rf"[\s:]*({GRADE_WORDS})\b", re.I)
# The header opens the table on a line of its own ("Judgement" / "Grade" may wrap); a
# conversion that rewraps the front page can leave it at the end of the lead inspector's line,
# or the rows after it on its own line, and then it reads "Judgement Grade" in full.
_TABLE_HEADER = re.compile(
    r"^Judgements?\b(?:\s+Grades?)?\s*$|(?:^|(?<=\s))Judgements?\s+Grades?\b", re.I
)
# A row: words (the label, wrapped over at most three lines) and then its grade.
_UNREAD_ROW = re.compile(
    rf"\s*[A-Z][^\n]{{0,120}}?(?:\n[^\n]{{1,120}}?){{0,3}}?[\s:]*\b{GRADE_WORDS}\b", re.I
)
TABLE_LINES = 40  # a wrapped six-row table never takes more lines than this
HEADER_SEARCH_LINES = 60  # the table is on the front page
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Heading:
    """A graded section heading and the lines it spans."""

    title: str  # without the ": grade" suffix
    grade: Grade
    first_line: int
    end_line: int  # index after the heading's last line
    page: int | None


# A heading is a capitalised phrase with no full stop ending in ": <grade>", on up to 3 lines.
# Early 2019 reports write "... protection is inadequate" or "... protection requires
# improvement to be good"; that form counts only when the phrase is a known judgement label.
_HEADING = re.compile(
    rf"^(?P<title>[A-Z][^.:]{{8,200}}?)(?P<verb>\s*:\s*|\s+(?:is|are)\s+|\s+(?=requires))"
    rf"(?P<grade>(?i:{GRADE_WORDS}))\s*$"
)
HEADING_MAX_LINES = 3
# The last words of GRADE_WORDS, as keyword_text() has them: a heading ends on one of them.
_GRADE_ENDINGS = ("outstanding", "good", "inadequate", "improvement")
_GRADE_ENDING_LENGTH = max(map(len, _GRADE_ENDINGS))


def _ends_on_grade(text: str) -> bool:
    """Say whether `text` can be one that _HEADING matches: it ends on a grade."""
    # Lines that are no heading are most of a report: this spares them _HEADING, which tries
    # every length of title before failing.
    return keyword_text(text.rstrip()[-_GRADE_ENDING_LENGTH:]).endswith(_GRADE_ENDINGS)


def table_judgements(lines: Sequence[Line]) -> tuple[tuple[Judgement, ...], int | None]:
    """Return the judgement table's rows and the index of the line after the table."""
    found = _table_header(lines)
    if found is None:
        return (), None
    header, header_end = found
    # The header's line is read from the header on: it may hold the first row too.
    window = lines[header : header + 1 + TABLE_LINES]
    text, starts = "", []
    for index, line in enumerate(window):
        starts.append(len(text))
        line_text = line.text.strip()
        text += (line_text[header_end:] if index == 0 else line_text) + "\n"
    judgements: list[Judgement] = []
    position, skipped = 0, False
    while True:
        row = _row_at(text, position)
        if row is None and not skipped:
            # One row whose label is not read as printed (a word split by the converter, a
            # reworded label) must not cost the rows after it, "Overall effectiveness" among them.
            skipped = True
            resumed = _after_unread_row(text, position)
            row = _row_at(text, resumed) if resumed else None
        if row is None:
            break
        area, label, grade_text, end = row
        line_number = _line_of(starts, end - 1)
        page = window[line_number].page
        grade = grade_from_word(grade_text)
        passage = Passage(f"{label}: {grade_text}", page=page, section="Judgement")
        judgements.append(Judgement(area, label, grade, passage))
        position = end
    if not judgements:
        return (), None
    return tuple(judgements), header + _line_of(starts, position - 1) + 1


def _table_header(lines: Sequence[Line]) -> tuple[int, int] | None:
    """Return the index of the table header's line and where the header ends in it."""
    front = lines[:HEADER_SEARCH_LINES]
    for index, line in enumerate(front):
        header = _TABLE_HEADER.search(line.text.strip())
        if header:
            return index, header.end()
    # A header not read as printed ("Judge ment", a converter's table markup) must not cost
    # the table, which alone gives the overall grade: it then starts at its first row.
    text = "\n".join(line.text.strip() for line in lines[: HEADER_SEARCH_LINES + TABLE_LINES])
    start = 0
    for index in range(len(front)):
        if _row_at(text, start):
            return index, 0
        start = text.find("\n", start) + 1
    return None


def find_headings(lines: Sequence[Line], start: int = 0) -> list[Heading]:
    """Return the graded section headings from line `start` on."""
    headings: list[Heading] = []
    index = start
    while index < len(lines):
        heading = _heading_at(lines, index)
        if heading:
            headings.append(heading)
            index = heading.end_line
        else:
            index += 1
    return headings


def heading_judgements(headings: Sequence[Heading], known: set[str]) -> list[Judgement]:
    """Return judgements for graded headings whose area is not in `known`."""
    judgements = []
    for heading in headings:
        area = area_of(heading.title)
        if area in known:
            continue
        known.add(area)
        passage = Passage(
            f"{heading.title}: {heading.grade.value}", page=heading.page, section=heading.title
        )
        judgements.append(Judgement(area, heading.title, heading.grade, passage))
    return judgements


def area_of(label: str) -> str:
    """Return the area id of a judgement label; an unknown label gets a snake_case id."""
    for area, pattern in AREA_LABELS:
        if pattern.fullmatch(label.strip()):
            return area
    words = re.findall(r"[a-z]+", label.lower())
    return "_".join(word for word in words if word not in {"the", "of", "and", "with"})[:60]


def _is_known_label(title: str) -> bool:
    return any(pattern.fullmatch(title.strip()) for _, pattern in AREA_LABELS)


def _row_at(text: str, position: int) -> tuple[str, str, str, int] | None:
    while position < len(text) and text[position].isspace():
        position += 1
    for area, pattern in AREA_LABELS:
        label = pattern.match(text, position)
        if not label:
            continue
        grade = _GRADE_AT.match(text, label.end())
        if grade:
            grade_text = _SPACES.sub(" ", grade.group(1))
            return area, _SPACES.sub(" ", label.group(0)), grade_text, grade.end()
    return None


def _after_unread_row(text: str, position: int) -> int:
    """Return where the row after an unread one starts, or 0 if no row follows it."""
    unread = _UNREAD_ROW.match(text, position)
    return unread.end() if unread else 0


def _line_of(starts: list[int], offset: int) -> int:
    return max(i for i, start in enumerate(starts) if start <= max(offset, 0))


def _heading_at(lines: Sequence[Line], index: int) -> Heading | None:
    first = lines[index].text.strip()
    if not first[:1].isupper():
        return None
    parts: list[str] = []
    for end in range(index, min(index + HEADING_MAX_LINES, len(lines))):
        text = lines[end].text.strip()
        if not text:
            return None
        parts.append(text)
        joined = " ".join(parts)
        match = _HEADING.match(joined) if _ends_on_grade(joined) else None
        if match and (":" in match.group("verb") or _is_known_label(match.group("title"))):
            grade = grade_from_word(match.group("grade"))
            title = _SPACES.sub(" ", match.group("title")).strip()
            return Heading(title, grade, index, end + 1, lines[index].page)
    return None
