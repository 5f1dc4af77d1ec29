"""Cut a SIF report's tidied lines into sections at its headings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from loaders.document import Line
from loaders.grades import grade_from_word
from loaders.paragraphs import Paragraph, paragraphs
from loaders.parsers.sif.headings import (
    HEADING_OPENING,
    Heading,
    HeadingKind,
    area_title,
    heading_words,
    is_grade_line,
    match_heading,
)
from loaders.records import Grade, ReportPart

_NUMBERED = re.compile(r"^(?:-\s+)?\d{1,3}\.\s")
_BULLET = re.compile(r"^-\s+")
_PAGE_REFERENCE = re.compile(r"\s+\d{1,3}$")
# The characters that end a sentence; tested with str.endswith on stripped text, where that is
# what the pattern [.:;!?)'"]$ says, without a search that tries every character.
_SENTENCE_ENDS = tuple(".:;!?)'\"")
MAX_SUBHEADING_LENGTH = 90


class SectionKind(StrEnum):
    """What a stretch of the report holds."""

    COVER = "cover"
    CONTENTS = "contents"
    CONTEXT = "context"  # summaries and descriptions without numbered findings of their own
    RECOMMENDATIONS = "recommendations"
    STRENGTHS = "strengths"
    FINDINGS = "findings"
    JUDGEMENT = "judgement"  # the findings under one graded area
    TEAM = "team"


@dataclass(slots=True)
class Section:
    """Lines between two headings, with what the heading said about them."""

    kind: SectionKind
    title: str
    part: ReportPart
    lines: list[Line] = field(default_factory=list)
    area: str | None = None
    grade: Grade | None = None
    priority: bool = False
    page: int | None = None
    # The lines paragraphs() last joined and what it made of them: a report's sections are read
    # several times (body, findings, lists). Lines are immutable, so equal lines, equal result.
    _joined: tuple[tuple[Line, ...], tuple[Paragraph, ...]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def paragraphs(self) -> list[Paragraph]:
        """Return the section's text joined into paragraphs."""
        lines = tuple(self.lines)
        if self._joined is None or self._joined[0] != lines:
            self._joined = (lines, tuple(self._join(lines)))
        return list(self._joined[1])

    @staticmethod
    def _join(lines: tuple[Line, ...]) -> list[Paragraph]:
        result: list[Paragraph] = []
        for paragraph in paragraphs(lines):
            previous = result[-1] if result else None
            if previous and _wrapped_number(previous, paragraph):
                text = f"{previous.text} {paragraph.number}. {paragraph.text}"
                result[-1] = Paragraph(
                    text, previous.page, previous.number, previous.bullet, previous.line_index
                )
            else:
                result.append(paragraph)
        return result


def _wrapped_number(previous: Paragraph, paragraph: Paragraph) -> bool:
    """Say whether a "numbered" line is a sentence wrapped before a number ("...age of / 11.")."""
    return (
        previous.number is not None
        and paragraph.number is not None
        and paragraph.number != previous.number + 1
        and not previous.text.rstrip().endswith(_SENTENCE_ENDS)
    )


_COVER_ENDS = {
    HeadingKind.CONTENTS,
    HeadingKind.EXECUTIVE_SUMMARY,
    HeadingKind.LA_PART,
    HeadingKind.SUMMARY_OF_FINDINGS,
    HeadingKind.RECOMMENDATIONS,
    HeadingKind.LA_RECOMMENDATIONS,
    HeadingKind.LSCB_PART,
    HeadingKind.AREA_INFO,
    HeadingKind.INSPECTION_INFO,
    HeadingKind.TEAM,
    HeadingKind.LSCB_RECOMMENDATIONS,
    HeadingKind.LA_STRENGTHS,
    HeadingKind.PROGRESS,
    HeadingKind.CHILDREN_SUMMARY,
    HeadingKind.JUDGEMENTS_INTRO,
    HeadingKind.AREA_JUDGEMENT,
}
_CONTEXT_KINDS = {
    HeadingKind.EXECUTIVE_SUMMARY,
    HeadingKind.LA_PART,
    HeadingKind.CHILDREN_SUMMARY,
    HeadingKind.AREA_INFO,
    HeadingKind.JUDGEMENTS_INTRO,
    HeadingKind.JUDGEMENTS_MEAN,
    HeadingKind.INSPECTION_INFO,
}
_RECOMMENDATION_KINDS = {
    HeadingKind.RECOMMENDATIONS,
    HeadingKind.LA_RECOMMENDATIONS,
    HeadingKind.LSCB_RECOMMENDATIONS,
    HeadingKind.PRIORITY,
    HeadingKind.AREAS_FOR_IMPROVEMENT,
}
# Headings that only break the text: the section they sit in goes on.
_BREAKS_ONLY = {HeadingKind.AREA_SUBHEADING, HeadingKind.TABLE_HEADER}


def split_sections(lines: Sequence[Line], first_part: ReportPart) -> list[Section]:
    """Cut tidied lines into sections at the report's headings; the cover comes first."""
    builder = _SectionBuilder(first_part)
    texts = [line.text for line in lines]
    index, end = 0, len(texts)
    while index < end:
        current = builder.sections[-1]  # changes only where the loop goes on to the next turn
        if current.kind is SectionKind.CONTENTS:
            index = _skip_contents(lines, index, current)
            builder.start(SectionKind.CONTEXT, "", None)
            continue
        # Most lines open with a word no heading opens with: spare them match_heading.
        opens = HEADING_OPENING.match(texts[index])
        heading = match_heading(texts[index : index + 3]) if opens else None
        if heading and builder.accepts(heading, lines, index):
            builder.apply(heading, lines[index].page)
            index += heading.line_count
            index = _skip_grade_lines(lines, index, builder.current)
            continue
        if _is_subheading(lines, index):
            builder.add_break(lines[index])
        else:
            current.lines.append(lines[index])
        index += 1
    return builder.sections


class _SectionBuilder:
    def __init__(self, first_part: ReportPart) -> None:
        self.part = first_part
        self.sections = [Section(SectionKind.COVER, "", first_part)]

    @property
    def current(self) -> Section:
        return self.sections[-1]

    def start(self, kind: SectionKind, title: str, page: int | None, **facts: object) -> None:
        self.sections.append(Section(kind, title, self.part, page=page, **facts))

    def add_break(self, line: Line) -> None:
        self.current.lines.extend([Line("", line.page), line, Line("", line.page)])

    def accepts(self, heading: Heading, lines: Sequence[Line], index: int) -> bool:
        if self.current.kind is SectionKind.COVER and heading.kind not in _COVER_ENDS:
            return False
        if heading.kind is HeadingKind.AREA_JUDGEMENT and heading.grade is None:
            # Recommendation lists and summaries reuse area names as sub-headings; a real
            # area section is followed by its grade or the grade table.
            return _grade_follows(lines, index + heading.line_count)
        return True

    def apply(self, heading: Heading, page: int | None) -> None:
        kind, current = heading.kind, self.current
        if kind in _BREAKS_ONLY:
            current.lines.append(Line("", page))
        elif kind is HeadingKind.AREA_JUDGEMENT:
            if current.kind is SectionKind.JUDGEMENT and current.area == heading.area:
                current.grade = current.grade or heading.grade  # the grade table repeats it
                return
            self.start(
                SectionKind.JUDGEMENT,
                area_title(heading),
                page,
                area=heading.area,
                grade=heading.grade,
            )
        elif kind is HeadingKind.SUBHEADING:
            # "Summary" and "Inspection findings" divide an area's section; elsewhere
            # (after the LSCB's recommendations, say) they open a section of findings.
            within_area = current.kind is SectionKind.JUDGEMENT
            within_board = current.part is ReportPart.LSCB and current.kind is SectionKind.FINDINGS
            if within_area or within_board:
                current.lines.append(Line("", page))
            else:
                self.start(SectionKind.FINDINGS, heading.text, page)
        elif kind in _RECOMMENDATION_KINDS:
            self._start_recommendations(heading, page)
        else:
            self._start_other(heading, page)

    def _start_recommendations(self, heading: Heading, page: int | None) -> None:
        if heading.kind is HeadingKind.LA_RECOMMENDATIONS:
            self.part = ReportPart.LOCAL_AUTHORITY
        elif heading.kind is HeadingKind.LSCB_RECOMMENDATIONS:
            self.part = ReportPart.LSCB
        title = heading.text
        if self.current.kind is SectionKind.RECOMMENDATIONS and heading.kind in (
            HeadingKind.PRIORITY,
            HeadingKind.AREAS_FOR_IMPROVEMENT,
        ):
            title = f"{self.current.title.split(' / ')[0]} / {heading.text}"
        priority = heading.kind is HeadingKind.PRIORITY
        self.start(SectionKind.RECOMMENDATIONS, title, page, priority=priority)

    def _start_other(self, heading: Heading, page: int | None) -> None:
        kind = heading.kind
        if kind in (HeadingKind.LA_PART, HeadingKind.SUMMARY_OF_FINDINGS) and (
            "local authority" in heading.text.lower()
        ):
            self.part = ReportPart.LOCAL_AUTHORITY
        if kind is HeadingKind.LSCB_VERDICT:
            if self.part is ReportPart.LSCB:
                self.current.grade = self.current.grade or heading.grade
                self.current.lines.append(Line("", page))
                return
            self.part = ReportPart.LSCB
            self.start(SectionKind.FINDINGS, heading.text, page, grade=heading.grade)
            return
        if kind in (
            HeadingKind.LSCB_PART,
            HeadingKind.LSCB_REVIEW_TITLE,
            HeadingKind.LSCB_STRENGTHS,
            HeadingKind.LSCB_FINDINGS,
        ):
            self.part = ReportPart.LSCB
        elif kind is HeadingKind.LA_STRENGTHS:
            self.part = ReportPart.LOCAL_AUTHORITY
        if kind is HeadingKind.CONTENTS:
            self.start(SectionKind.CONTENTS, heading.text, page)
        elif kind is HeadingKind.TEAM:
            self.start(SectionKind.TEAM, heading.text, page)
        elif kind in (HeadingKind.LA_STRENGTHS, HeadingKind.LSCB_STRENGTHS, HeadingKind.STRENGTHS):
            self.start(SectionKind.STRENGTHS, heading.text, page)
        elif kind in _CONTEXT_KINDS:
            self.start(SectionKind.CONTEXT, heading.text, page)
        else:
            self.start(SectionKind.FINDINGS, heading.text, page)


def _grade_follows(lines: Sequence[Line], index: int) -> bool:
    following = [line.text for line in lines[index : index + 6] if line.text.strip()][:3]
    for position, text in enumerate(following):
        heading = match_heading(following[position:])
        if is_grade_line(text) or (
            heading and heading.kind in (HeadingKind.TABLE_HEADER, HeadingKind.SUBHEADING)
        ):
            return True
    return False


def _skip_grade_lines(lines: Sequence[Line], index: int, section: Section) -> int:
    """Skip the grade printed under an area heading, keeping it on the section."""
    if section.kind is not SectionKind.JUDGEMENT:
        return index
    words: list[str] = []
    while index < len(lines) and (
        not lines[index].text.strip() or is_grade_line(lines[index].text)
    ):
        words.append(lines[index].text.strip())
        index += 1
    if words and section.grade is None:
        section.grade = grade_from_word(" ".join(word for word in words if word))
    return index


def _skip_contents(lines: Sequence[Line], index: int, section: Section) -> int:
    """Return the index after the contents list.

    The list ends with its page in a PDF, at its first blank line in text, or where the body
    begins by repeating an entry's heading.
    """
    entries: set[str] = set()
    while index < len(lines):
        line = lines[index]
        words = heading_words(line.text).lower()
        if section.page is not None and line.page != section.page:
            break
        if words in entries or (section.page is None and not words and entries):
            break
        if words:
            entries.add(_PAGE_REFERENCE.sub("", words))
        index += 1
    return index


def _is_subheading(lines: Sequence[Line], index: int) -> bool:
    """Say whether a line is an unlisted sub-heading over numbered or bulleted items."""
    text = lines[index].text.strip()
    if not text or len(text) > MAX_SUBHEADING_LENGTH or not text[0].isupper():
        return False
    if text.endswith(_SENTENCE_ENDS) or text.endswith(","):
        return False
    following = ""
    for later in range(index + 1, len(lines)):  # not a slice: that copies the rest of the report
        if lines[later].text.strip():
            following = lines[later].text
            break
    if not (_NUMBERED.match(following) or _BULLET.match(following)):
        return False
    previous = ""
    for earlier in range(index - 1, -1, -1):
        if lines[earlier].text.strip():
            previous = lines[earlier].text.strip()
            break
    return not previous or previous.endswith(_SENTENCE_ENDS) or bool(match_heading([previous]))
