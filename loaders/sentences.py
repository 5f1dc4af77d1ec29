"""Split a report's paragraphs into sentences that remember their page and paragraph.

The prose readers (previous inspections, partnerships, area statistics) work sentence by
sentence so that they see the same text whatever the layout: a bulleted list, a numbered
paragraph, or inline bullet glyphs that survived PDF extraction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from loaders.paragraphs import Paragraph
from loaders.records import Passage

# Symbol-font bullets left inline by PDF extraction ("\uf06e", "\uf02d", "\u0336") start an item.
_ITEM_GLYPHS = re.compile(r"\s*[\uf000-\uf0ff\u0336]\s*")
# A sentence ends at a stop before a capital or digit, or at a colon or semicolon before a list
# item; "\n" is where a heading run was cut (below).
_SENTENCE_BREAK = re.compile(r"\n|(?<=[.;:!?])\s+(?=[A-Z0-9'\"(\[])|(?<=[:;])\s+(?=[a-z])")
# Judgement tables and headings run into the first sentence of a section when extraction loses
# the line breaks ("... Overall effectiveness Good Since the last inspection ..."): a grade or
# "Summary" in capitals followed by a capitalised word ends a piece.
_HEADING_RUN = re.compile(
    r"\b(Outstanding|Good|Inadequate|Adequate|Requires improvement(?: to be good)?|"
    r"[Ss]ummary)\s+(?=[A-Z])"
)
# U+FFFE marks a hyphen at a PDF line break ("tri\ufffeborough"); U+2011 is a non-breaking hyphen.
_HYPHENS = str.maketrans({"\ufffe": "-", "\u2011": "-", "\u00ad": ""})


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a report, with where it was read."""

    text: str
    page: int | None
    paragraph: int | None
    block: int  # sentences with the same block come from the same paragraph or bullet item

    def passage(self, text: str | None = None) -> Passage:
        """Return a Passage quoting this sentence (or `text`) with its page and paragraph."""
        return Passage(text or self.text, page=self.page, paragraph=self.paragraph)


def sentences(paragraphs: Iterable[Paragraph]) -> list[Sentence]:
    """Split paragraphs, and the bullet items inside them, into sentences."""
    result: list[Sentence] = []
    block = 0
    for paragraph in paragraphs:
        text = _HEADING_RUN.sub("\\1\n", paragraph.text.translate(_HYPHENS))
        for item in _ITEM_GLYPHS.split(text):
            block += 1
            for piece in _SENTENCE_BREAK.split(item):
                piece = " ".join(piece.split())
                if piece:
                    result.append(Sentence(piece, paragraph.page, paragraph.number, block))
    return result
