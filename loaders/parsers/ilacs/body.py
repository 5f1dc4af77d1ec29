"""The body of an ILACS report: "What needs to improve?" bullets and numbered findings.

PDF text carries no blank lines between paragraphs, so sections are cut at their graded
headings before paragraphs are joined, footnotes at the foot of a page are dropped (2024-on
reports footnote "What needs to improve?" with a note on the national framework), and the
Ofsted boilerplate after the last paragraph is cut off.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.dates import MONTH_PATTERN
from loaders.document import Line
from loaders.paragraphs import Paragraph, paragraphs
from loaders.parsers.ilacs.judgements import Heading
from loaders.records import Finding, Passage, Recommendation, ReportPart

IMPROVE_HEADING = re.compile(r"^What\s+needs\s+to\s+improve\b\??\s*\d{0,2}\s*$", re.I)
SECTION_WHAT_NEEDS = "What needs to improve?"
_END_MATTER = re.compile(
    r"^(?:The\s+Office\s+for\s+Standards\s+in\s+Education|If\s+you\s+would\s+like\s+a\s+copy)",
    re.I,
)
# A footnote starts "1 The areas for improvement ..." near a page's foot; "2 December 2019,
# ..." is a wrapped sentence, not a note. pdfium glues a note to a word hyphenated at the
# line's end ("decision\ufffe1 The areas ...").
_NOTE_START = rf"\d{{1,2}}\s+(?!(?i:{MONTH_PATTERN})\b)[A-Z]"
_FOOTNOTE = re.compile(rf"^{_NOTE_START}")
_GLUED_FOOTNOTE = re.compile(rf"\ufffe(?={_NOTE_START})")
FOOTNOTE_LINES = 6  # a note takes at most this many lines at the foot of its page
# Two-digit paragraph numbers often touch their text in PDFs ("10.Child in need plans").
_GLUED_NUMBER = re.compile(r"^(\d{1,3}\.)(?=[A-Z])")
# "-", "*" and an en dash as text converters and markdown write a bullet; the glyphs as PDFs
# print it (Wingdings in the private use area, "•", "▪", "■", "◼", "●").
_TOP_BULLET = re.compile(r"^(?:[-*\u2013]\s+|[\uf000-\uf8ff\u2022\u25aa\u25a0\u25fc\u25cf]\s*)")
_SUB_BULLET = re.compile(r"^(?:[\u0300-\u036f\u25e6]\s*|o\s+)")
_MARKER_ONLY = re.compile(r"^\d{1,2}$")
_TRAILING_NOTE = re.compile(r"(?<=[A-Za-z.)])\d{1,2}$")
# pdfium's mark for a hyphen that ends a line, and the spaces after it.
_HYPHEN_MARK = re.compile(r"\ufffe\s*")
# Most numbered paragraphs follow on by one; allow a short gap for a paragraph lost to layout.
MAX_NUMBER_GAP = 3


@dataclass(frozen=True, slots=True)
class Section:
    """A graded section's numbered findings and the paragraphs they came from."""

    findings: tuple[Finding, ...]
    paragraphs: tuple[Paragraph, ...]


def body_lines(lines: Sequence[Line]) -> list[Line]:
    """Return the report's lines without page-foot notes and closing boilerplate."""
    end = next((i for i, line in enumerate(lines) if _END_MATTER.match(line.text)), len(lines))
    kept: list[Line] = []
    for page_lines in _pages(lines[:end]):
        kept.extend(_without_footnote(page_lines))
    return [_unglued(line) for line in kept]


def _unglued(line: Line) -> Line:
    """Return the line with a space put back after a paragraph number that touches its text."""
    if not line.text[:1].isdecimal():  # the number comes first (what \d matches)
        return line
    return Line(_GLUED_NUMBER.sub(r"\1 ", line.text), line.page)


def tidy(text: str) -> str:
    """Join a paragraph's words: pdfium's hyphen marker becomes "-", spaces collapse."""
    if "\ufffe" in text:
        text = _HYPHEN_MARK.sub("-", text)
    if "\u2011" in text:
        text = text.replace("\u2011", "-")
    # str.split() splits on just what \s matches: this is re.sub(r"\s+", " ", text).strip().
    return " ".join(text.split())


def improvement_heading(lines: Sequence[Line]) -> int | None:
    """Return the index of the "What needs to improve?" heading line."""
    return next((i for i, line in enumerate(lines) if IMPROVE_HEADING.match(line.text)), None)


def recommendations(lines: Sequence[Line]) -> tuple[Recommendation, ...]:
    """Return the top-level bullets of a "What needs to improve?" block, sub-bullets included."""
    items: list[tuple[list[str], int | None]] = []
    for line in lines:
        text = line.text.strip()
        if not text or _MARKER_ONLY.match(text):
            continue
        top, sub = _TOP_BULLET.match(text), _SUB_BULLET.match(text)
        if top:
            items.append(([text[top.end() :]], line.page))
        elif sub and items:
            parts = items[-1][0]
            if not parts[-1].rstrip().endswith((":", ";", ",")):
                parts[-1] = parts[-1].rstrip() + ";"
            parts.append(text[sub.end() :])
        elif items:
            items[-1][0].append(text)
    if not items:  # unbulleted list: one paragraph per item
        items = [([p.text], p.page) for p in paragraphs(lines) if p.text.strip()]
    result = []
    for number, (parts, page) in enumerate(items, start=1):
        text = _TRAILING_NOTE.sub("", tidy(" ".join(parts)))
        passage = Passage(text, page=page, section=SECTION_WHAT_NEEDS)
        result.append(Recommendation(ReportPart.LOCAL_AUTHORITY, number, text, passage=passage))
    return tuple(result)


def sections(lines: Sequence[Line], headings: Sequence[Heading]) -> Section:
    """Return the numbered findings under each heading, numbered as printed."""
    findings: list[Finding] = []
    kept: list[Paragraph] = []
    last_number: int | None = None
    for position, heading in enumerate(headings):
        stop = headings[position + 1].first_line if position + 1 < len(headings) else len(lines)
        opened: list[tuple[Paragraph, list[str]]] = []
        for paragraph in paragraphs(lines[heading.end_line : stop]):
            number = paragraph.number
            in_sequence = number is not None and (
                last_number is None or last_number < number <= last_number + MAX_NUMBER_GAP
            )
            if in_sequence:
                line_index = heading.end_line + paragraph.line_index
                start = Paragraph(paragraph.text, paragraph.page, number, False, line_index)
                opened.append((start, [paragraph.text]))
                last_number = number
            elif opened:
                # Bullets, page-split pieces and stray "12." line starts belong to the paragraph.
                prefix = f"{number}. " if number is not None else ""
                opened[-1][1].append(prefix + paragraph.text)
        for start, parts in opened:
            text = tidy(" ".join(parts))
            findings.append(Finding(start.number, text, heading.title, start.page))
            kept.append(Paragraph(text, start.page, start.number, False, start.line_index))
    return Section(tuple(findings), tuple(kept))


def _pages(lines: Sequence[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = []
    for line in lines:
        if pages and pages[-1][0].page == line.page:
            pages[-1].append(line)
        else:
            pages.append([line])
    return pages


def _without_footnote(page_lines: list[Line]) -> list[Line]:
    if page_lines[0].page is None:  # plain text: no page foot to look at
        return page_lines
    content = [i for i, line in enumerate(page_lines) if line.text.strip()]
    for index in content[-FOOTNOTE_LINES:]:
        text = page_lines[index].text.strip()
        if _FOOTNOTE.match(text):
            return page_lines[:index]
        glued = _GLUED_FOOTNOTE.search(text)
        if glued:
            kept = Line(text[: glued.end()], page_lines[index].page)
            return [*page_lines[:index], kept]
    return page_lines
