"""Group cleaned lines into paragraphs, keeping paragraph numbers and pages."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from loaders.document import Line

# "12. Text", and "12.Text" as some PDFs print it; "2.1 Adoption" is not a paragraph number.
NUMBERED = re.compile(r"^(?:-\s+)?(\d{1,3})\.(?:\s+(?=\S)|(?=[A-Z]))")
BULLET = re.compile(r"^-\s+")
SENTENCE_END = re.compile(r"[.:;!?)'\"]\s*$")
_LINE_END_HYPHENS = ("-", "\ufffe")
# A line ending a sentence: a stop, perhaps inside a closing quote or bracket.
_ENDS_SENTENCE = re.compile(r"[.!?:][)'\"\u2019\u201d]?$")
# Lines vary in width by their letters; a line is short of the text's width when it and the
# next word take less than this share of the longest line.
SHORT_OF_WIDTH = 0.9


class Paragraph(NamedTuple):
    """A block of text: its number if it is a numbered paragraph, and the page it starts on.

    A NamedTuple rather than a frozen dataclass: reports hold thousands of paragraphs, and
    the sentence cache hashes them all on every look-up, which a tuple does without a Python
    call per paragraph (and a tuple is made faster too).
    """

    text: str
    page: int | None
    number: int | None = None
    bullet: bool = False
    line_index: int = 0  # index of the first line in the document's lines


def paragraphs(lines: Iterable[Line]) -> list[Paragraph]:
    """Join wrapped lines into paragraphs.

    A paragraph ends at a blank line and a new one starts at a numbered line ("12. ") or a
    bullet ("- "). A paragraph broken by a page break (text that does not end a sentence,
    followed by a lower-case continuation) is joined back together.
    """
    result: list[Paragraph] = []
    current: list[str] = []
    start_page: int | None = None
    start_index = 0
    number: int | None = None
    bullet = False
    broken_by_blank = False

    def flush() -> None:
        nonlocal current, number, bullet
        if current:
            text = " ".join(current)
            result.append(Paragraph(text, start_page, number, bullet, start_index))
        current, number, bullet = [], None, False

    for index, line in enumerate(lines):
        text = line.text.strip()
        if "\ufffe" in text and "\ufffe" in text[:-1]:
            text = text[:-1].replace("\ufffe", "-") + text[-1]
        if not text:
            broken_by_blank = True
            continue
        # Both patterns need a digit or "-" first: most lines are spared them.
        first = text[0]
        numbered = NUMBERED.match(text) if first == "-" or first.isdecimal() else None
        is_bullet = first == "-" and bool(BULLET.match(text)) and not numbered
        continuation = (
            current
            and not numbered
            and not is_bullet
            and (not broken_by_blank or _continues(current[-1], text))
        )
        if (
            continuation
            and text[:1].islower()
            and current[-1][-1:] in _LINE_END_HYPHENS
            and _ends_with_word_hyphen(current[-1])
        ):
            # "multi-" + "agency": a compound split at the line end (pdfium marks it U+FFFE)
            current[-1] = current[-1][:-1] + "-" + text
        elif continuation:
            current.append(text)
        else:
            flush()
            start_page, start_index = line.page, index
            if numbered:
                number = int(numbered.group(1))
                text = text[numbered.end() :]
            elif is_bullet:
                bullet = True
                text = BULLET.sub("", text)
            current = [text]
        broken_by_blank = False
    flush()
    return result


def _ends_with_word_hyphen(line: str) -> bool:
    return len(line) > 1 and line[-1] in _LINE_END_HYPHENS and line[-2].isalpha()


def _continues(previous: str, text: str) -> bool:
    return not SENTENCE_END.search(previous) and text[:1].islower()


def with_paragraph_breaks(lines: Sequence[Line]) -> list[Line]:
    """Return the lines with a blank line after each that ends a paragraph by its length.

    PDF text puts nothing between paragraphs, so paragraphs without numbers (a letter's) run
    together. One ends where a line ends a sentence short of the text's width, with room left
    for the next line's first word: had the paragraph gone on, that word would have been set
    on the line.
    """
    texts = [line.text.strip() for line in lines]
    width = max((len(text) for text in texts), default=0)
    result: list[Line] = []
    for index, line in enumerate(lines):
        result.append(line)
        text = texts[index]
        following = texts[index + 1] if index + 1 < len(texts) else ""
        if not text or not following or not _ENDS_SENTENCE.search(text):
            continue
        first_word = following.split()[0]
        if following[0].isupper() and len(text) + 1 + len(first_word) < SHORT_OF_WIDTH * width:
            result.append(Line("", line.page))
    return result
