"""Split a report's paragraphs into sentences that remember their page and paragraph.

The prose readers (previous inspections, partnerships, area statistics) work sentence by
sentence so that they see the same text whatever the layout: a bulleted list, a numbered
paragraph, or inline bullet glyphs that survived PDF extraction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, count
from operator import add
from typing import NamedTuple

from loaders.paragraphs import Paragraph
from loaders.records import Passage

# Symbol-font bullets left inline by PDF extraction ("\uf06e", "\uf02d", "\u0336") start an item.
_ITEM_GLYPHS = re.compile(r"\s*[\uf000-\uf0ff\u0336]\s*")
_ITEM_GLYPH = re.compile(r"[\uf000-\uf0ff\u0336]")
# A sentence ends at a stop before a capital or digit, or at a colon or semicolon before a list
# item; "\n" is where a heading run was cut (below). The pattern opens on the stop (or "\n"),
# not on the space after it: the regex engine then skips straight from one of these rare
# characters to the next instead of trying every space, which makes splitting three times as
# fast. The stop is captured so that split() hands it back, to end the sentence it belongs to.
# (Matched from the stop, a break swallows a whole run of spaces that the same break matched
# from the space could cut at a "\n"; the pieces differ only in spaces, which are squeezed.)
_SENTENCE_BREAK = re.compile(
    r"([.;:!?\n])(?:(?<=\n)|(?<=[.;:!?])\s+(?=[A-Z0-9'\"(\[])|(?<=[:;])\s+(?=[a-z]))"
)
# Judgement tables and headings run into the first sentence of a section when extraction loses
# the line breaks ("... Overall effectiveness Good Since the last inspection ..."): a grade or
# "Summary" in capitals followed by a capitalised word ends a piece.
_HEADING_RUN = re.compile(
    r"\b(Outstanding|Good|Inadequate|Adequate|Requires improvement(?: to be good)?|"
    r"[Ss]ummary)\s+(?=[A-Z])"
)
# U+FFFE marks a hyphen at a PDF line break ("tri\ufffeborough"); U+2011 is a non-breaking hyphen.
_HYPHENS = (("\ufffe", "-"), ("\u2011", "-"), ("\u00ad", ""))
# Letters that re.IGNORECASE matches to an ASCII letter but str.lower() does not turn into it
# ("\u0130".lower() is "i" + U+0307).
_FOLDS = (("\u0307", ""), ("\u0131", "i"), ("\u017f", "s"))
# The words _HEADING_RUN needs, as it matches them: most paragraphs hold none.
_HEADING_RUN_WORDS = (
    "Outstanding",
    "Good",
    "Inadequate",
    "Adequate",
    "Requires improvement",
    "ummary",
)
# The prose readers ask for the sentences of the same paragraphs several times per report.
SENTENCE_CACHE_SIZE = 4


class Sentence(NamedTuple):
    """One sentence of a report, with where it was read.

    A NamedTuple rather than a frozen dataclass: reports hold thousands of sentences, and a
    tuple is made several times faster than a frozen dataclass, which sets each field by call.
    """

    text: str
    page: int | None
    paragraph: int | None
    block: int  # sentences with the same block come from the same paragraph or bullet item
    # keyword_text(text), made once for the readers that test keywords before their patterns.
    keywords: str

    def passage(self, text: str | None = None) -> Passage:
        """Return a Passage quoting this sentence (or `text`) with its page and paragraph."""
        return Passage(text or self.text, page=self.page, paragraph=self.paragraph)


def sentences(paragraphs: Iterable[Paragraph]) -> list[Sentence]:
    """Split paragraphs, and the bullet items inside them, into sentences."""
    return list(_split(tuple(paragraphs)).sentences)


def sentences_holding(
    paragraphs: Iterable[Paragraph], words: Iterable[str]
) -> dict[int, list[str]]:
    """Return, by index in sentences(paragraphs), which of `words` each sentence's keywords hold.

    Sentences holding none of the words are left out.
    """
    return _holding(_split(tuple(paragraphs)), words)


def sentences_with_words(
    paragraphs: Iterable[Paragraph], words: Iterable[str]
) -> tuple[tuple[Sentence, ...], dict[int, list[str]]]:
    """Return sentences(paragraphs) and sentences_holding(paragraphs, words) together.

    The readers need both: this finds the cached sentences once, where each finding costs a
    hash of every paragraph.
    """
    split = _split(tuple(paragraphs))
    return split.sentences, _holding(split, words)


def _holding(split: _Split, words: Iterable[str]) -> dict[int, list[str]]:
    # Each word is looked for once in all the sentences joined, not once per sentence: most
    # sentences hold none of a reader's words. No keyword text holds "\n", nor does any word.
    joined, starts = split.keywords, split.starts
    held: dict[int, list[str]] = {}
    for word in words:
        position = joined.find(word)
        while position != -1:
            index = bisect_right(starts, position) - 1
            held.setdefault(index, []).append(word)
            position = joined.find(word, starts[index + 1])  # on to the next sentence
    return held


@dataclass(frozen=True, slots=True)
class _Split:
    """A text's sentences, with their keyword texts joined to be searched all at once."""

    sentences: tuple[Sentence, ...]
    keywords: str  # every sentence's keyword text, joined by "\n"
    starts: tuple[int, ...]  # where each sentence's keyword text starts in `keywords`; then the end


# Keyed on the paragraphs themselves (text, page, number...), so a hit is always the sentences
# of exactly that text, whichever report it came from.
@lru_cache(maxsize=SENTENCE_CACHE_SIZE)
def _split(paragraphs: tuple[Paragraph, ...]) -> _Split:
    result: list[Sentence] = []
    block = 0
    texts = [_without_hyphen_marks(paragraph.text) for paragraph in paragraphs]
    # Most paragraphs hold no heading word: they are found all at once, not tested one by one.
    with_headings = _indexes_holding(texts, _HEADING_RUN_WORDS)
    for index, (paragraph, text) in enumerate(zip(paragraphs, texts, strict=True)):
        spaced = _singly_spaced(text)
        if index in with_headings:
            text = _HEADING_RUN.sub("\\1\n", text)
        # Glyphs are not ASCII, and nearly every paragraph is: splitting on them is slow.
        glyphs = not text.isascii() and _ITEM_GLYPH.search(text)
        items = _ITEM_GLYPHS.split(text) if glyphs else (text,)
        page, number = paragraph.page, paragraph.number
        for item in items:
            block += 1
            # Text, stop, text, stop, ..., text: each stop goes back on the text before it.
            parts = _SENTENCE_BREAK.split(item)
            parts.append("")
            if spaced and not glyphs:
                pieces = _singly_spaced_pieces(parts)
            else:
                pieces = [" ".join((part + stop).split()) for part, stop in _pairs(parts)]
            for piece in pieces:
                if piece:
                    keywords = piece.lower()  # keyword_text(piece), without a call per sentence
                    if not keywords.isascii():
                        keywords = _folded(keywords)
                    result.append(Sentence(piece, page, number, block, keywords))
    keyword_texts = [sentence.keywords for sentence in result]
    return _Split(tuple(result), "\n".join(keyword_texts), _starts(keyword_texts))


def _pairs(parts: list[str]) -> zip[tuple[str, str]]:
    """Pair each text of split() with the stop after it (parts ends with an added "")."""
    return zip(parts[::2], parts[1::2], strict=True)


def _singly_spaced(text: str) -> bool:
    """Say whether the only whitespace in `text` is single spaces between other characters."""
    # isprintable() is False for every whitespace character but the space (and for others).
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def _singly_spaced_pieces(parts: list[str]) -> list[str]:
    """Return the sentences of a split singly spaced text, as the general path makes them.

    A break swallows the spaces after its stop, so no text starts with a space, and the
    text's own ends hold none: each sentence is its text and stop with no space to squeeze,
    save that the "\n" cut after a heading word (which ends its text) goes, as split() drops it.
    """
    pieces = list(map(add, parts[::2], parts[1::2]))
    if "\n" in parts:
        pieces = [piece.removesuffix("\n") for piece in pieces]
    return pieces


def _indexes_holding(texts: list[str], words: Iterable[str]) -> set[int]:
    """Return the indexes of the texts that hold any of `words` (none of which holds "\0")."""
    # One search per word through all the texts joined beats one per word and text.
    joined = "\0".join(texts)
    starts = _starts(texts)
    found: set[int] = set()
    for word in words:
        position = joined.find(word)
        while position != -1:
            index = bisect_right(starts, position) - 1
            found.add(index)
            position = joined.find(word, starts[index + 1])  # on to the next text
    return found


def _starts(texts: list[str]) -> tuple[int, ...]:
    """Return where each of `texts` starts in "\n".join(texts), then where one more would."""
    # The n-th text starts after the lengths of those before it and n separators; built from
    # iterators only, so that there is no Python call per text.
    lengths_before = accumulate(map(len, texts), initial=0)
    return tuple(map(add, lengths_before, count()))


def _without_hyphen_marks(text: str) -> str:
    for mark, replacement in _HYPHENS:
        if mark in text:
            text = text.replace(mark, replacement)
    return text


def contains_any(text: str, words: Iterable[str]) -> bool:
    """Say whether any of `words` occurs in `text`."""
    return any(map(text.__contains__, words))


def keyword_text(text: str) -> str:
    """Return `text` lower-cased the way IGNORECASE patterns compare letters."""
    # A keyword missing from this text cannot be matched by an IGNORECASE pattern either, so
    # readers test keywords here before running their many patterns on a sentence.
    lowered = text.lower()
    return lowered if lowered.isascii() else _folded(lowered)


def _folded(lowered: str) -> str:
    for letter, folded in _FOLDS:
        lowered = lowered.replace(letter, folded)
    return lowered
