"""Repair what PDF text extraction leaves in SIF reports before their structure is read."""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.document import Line
from loaders.parsers.sif.headings import match_heading

# Bullet glyphs from symbol fonts that text extraction leaves in the Unicode private use area.
_PRIVATE_BULLET = re.compile(r"^\s*[\uf000-\uf0ff]\s*")
_PRIVATE_USE_FIRST, _PRIVATE_USE_LAST = "\uf000", "\uf0ff"
# "150.Hold partners to account": a paragraph number with its space lost.
_NUMBER_WITHOUT_SPACE = re.compile(r"^(\d{1,3})\.(?=[A-Z])")
_FOOTNOTE_MARKER_LINE = re.compile(r"^\s*\[?\d{1,2}\]?\s*$")
MARKER_LINE_LENGTH = 4  # the most that a line _FOOTNOTE_MARKER_LINE matches holds, stripped
_FOOTNOTE_START = re.compile(r"^\s*\[?\d{1,2}\]?(?:\s|$)")
_NUMBERED = re.compile(r"^(?:-\s+)?\d{1,3}\.\s")
# Footnotes sit after the last blank line of a PDF page and run a few lines.
MAX_FOOTNOTE_LINES = 10
MAX_UNNUMBERED_FOOTNOTE_LINES = 3


def tidy_lines(lines: Sequence[Line], paged: bool) -> list[Line]:
    """Return lines with bullet glyphs, lost spaces, hyphen marks and footnotes repaired."""
    tidied = []
    for line in _drop_footnotes(lines) if paged else lines:
        text = line.text
        if "\ufffe" in text:
            text = text.replace("\ufffe", "-")
        # Nearly every line is longer than a marker: a length test spares it the pattern.
        if len(text.strip()) <= MARKER_LINE_LENGTH and _FOOTNOTE_MARKER_LINE.match(text):
            continue
        # Each pattern is tried only on lines whose first character it needs.
        if _PRIVATE_USE_FIRST <= text.lstrip()[:1] <= _PRIVATE_USE_LAST:
            text = _PRIVATE_BULLET.sub("- ", text)
        if text[:1].isdecimal():  # what \d matches
            text = _NUMBER_WITHOUT_SPACE.sub(r"\1. ", text)
        tidied.append(line if text == line.text else Line(text, line.page))
    return tidied


def _drop_footnotes(lines: Sequence[Line]) -> list[Line]:
    kept: list[Line] = []
    page_ends = _page_ends(lines)
    index, end = 0, len(lines)
    while index < end:
        line = lines[index]
        if not line.text.strip():
            tail = lines[index + 1 : page_ends[index]]
            if _is_footnote(tail):
                index += 1 + len(tail)
                continue
        kept.append(line)
        index += 1
    return kept


def _page_ends(lines: Sequence[Line]) -> list[int]:
    """Return, for each line, the index after the last line of the run of its page."""
    ends = [len(lines)] * len(lines)
    for index in range(len(lines) - 2, -1, -1):
        if lines[index + 1].page == lines[index].page:
            ends[index] = ends[index + 1]
        else:
            ends[index] = index + 1
    return ends


def _is_footnote(tail: Sequence[Line]) -> bool:
    texts: list[str] = []
    for line in tail:
        if line.text.strip():
            texts.append(line.text)
            if len(texts) > MAX_FOOTNOTE_LINES:
                return False  # too long for a note: no need to look further down the page
    if not texts:
        return False
    if _NUMBERED.match(texts[0]) or match_heading(texts[:3]):
        return False
    return bool(_FOOTNOTE_START.match(texts[0])) or len(texts) <= MAX_UNNUMBERED_FOOTNOTE_LINES
