"""Raw and cleaned document text, with the page each line came from."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Page:
    """One page of extracted text; `number` is None for sources without pages."""

    number: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Document:
    """Text as extracted from a file, before any repair."""

    source: str
    media_type: str  # "application/pdf" or "text/plain"
    pages: tuple[Page, ...]
    content_hash: str = ""

    @property
    def text(self) -> str:
        return "\n".join(page.text for page in self.pages)


class Line(NamedTuple):
    """A cleaned line of text and the page it sits on.

    A NamedTuple rather than a frozen dataclass: a report has thousands of lines, made and
    remade as they are repaired, and a tuple is made faster than a frozen dataclass.
    """

    text: str
    page: int | None


@dataclass(frozen=True)
class CleanDocument:
    """Repaired text as lines; blank lines are kept as paragraph breaks."""

    source: str
    media_type: str
    lines: tuple[Line, ...]

    @cached_property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @cached_property
    def _line_offsets(self) -> tuple[int, ...]:
        offsets, position = [], 0
        for line in self.lines:
            offsets.append(position)
            position += len(line.text) + 1
        return tuple(offsets)

    def page_at(self, offset: int) -> int | None:
        """Return the page of the character at `offset` in `text`."""
        from bisect import bisect_right

        index = bisect_right(self._line_offsets, offset) - 1
        if index < 0 or not self.lines:
            return None
        return self.lines[min(index, len(self.lines) - 1)].page
