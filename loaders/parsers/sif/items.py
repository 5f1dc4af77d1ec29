"""Numbered and bulleted items of a SIF report: recommendations, strengths and findings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from loaders.paragraphs import Paragraph
from loaders.parsers.sif.layout import Section, SectionKind
from loaders.records import Finding, Passage, Recommendation, ReportPart, Strength

_SENTENCE_END = re.compile(r"[.;!?)'\"]$")
# A numbered line this short, without a full stop, over bullets is a theme ("1. Quality and
# effectiveness of practice"), not a recommendation.
MAX_THEME_LENGTH = 100
# Sections whose numbered paragraphs are not findings.
_NOT_FINDINGS = {
    SectionKind.COVER,
    SectionKind.CONTENTS,
    SectionKind.CONTEXT,
    SectionKind.RECOMMENDATIONS,
    SectionKind.TEAM,
}


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a list: its printed number if any, its whole text, where it starts."""

    number: int | None
    text: str
    page: int | None


def recommendations(sections: Iterable[Section]) -> tuple[Recommendation, ...]:
    """Return the recommendations of every recommendation section, numbered within their part."""
    by_part: dict[ReportPart, list[tuple[Section, Item]]] = {}
    for section in sections:
        if section.kind is SectionKind.RECOMMENDATIONS:
            for item in list_items(section):
                by_part.setdefault(section.part, []).append((section, item))
    result = []
    for part, entries in by_part.items():
        printed = all(item.number is not None for _, item in entries)
        for position, (section, item) in enumerate(entries, start=1):
            number = item.number if printed and item.number is not None else position
            passage = Passage(item.text, item.page, item.number, section.title)
            result.append(
                Recommendation(part, number, item.text, priority=section.priority, passage=passage)
            )
    return tuple(result)


def strengths(sections: Iterable[Section]) -> tuple[Strength, ...]:
    """Return the strengths the report lists under a strengths heading."""
    return tuple(
        Strength(section.part, item.text, Passage(item.text, item.page, item.number, section.title))
        for section in sections
        if section.kind is SectionKind.STRENGTHS
        for item in list_items(section)
    )


def findings(sections: Iterable[Section]) -> tuple[Finding, ...]:
    """Return every numbered paragraph of the report body with the section it sits in."""
    result = []
    for section in sections:
        if section.kind in _NOT_FINDINGS:
            continue
        for paragraph in numbered_paragraphs(section.paragraphs(), section):
            if paragraph.number is not None:
                result.append(
                    Finding(
                        paragraph.number,
                        paragraph.text,
                        section.title,
                        paragraph.page,
                        section.part,
                    )
                )
    return tuple(result)


def numbered_paragraphs(found: Sequence[Paragraph], section: Section) -> list[Paragraph]:
    """Return paragraphs with bullets and torn-off continuations joined to their numbered one."""
    result: list[Paragraph] = []
    for paragraph in found:
        previous = result[-1] if result else None
        if previous and previous.number is not None and _belongs_to(paragraph, section):
            result[-1] = _joined(previous, paragraph.text)
        else:
            result.append(paragraph)
    return result


def list_items(section: Section) -> list[Item]:
    """Return the entries of a recommendation or strength list."""
    found = section.paragraphs()
    items: list[Item] = []
    numbered_open = False  # the last entry is numbered and text after it may continue it
    sub_items = False  # the last entry ends with a colon: the bullets after it are its own
    for index, paragraph in enumerate(found):
        following = found[index + 1] if index + 1 < len(found) else None
        continues = bool(items) and (
            paragraph.text[:1].islower()
            or (numbered_open and _is_continuation(paragraph, section))
            or (sub_items and paragraph.bullet)
        )
        if paragraph.number is not None:
            numbered_open = not _is_theme(paragraph, following)
            sub_items = numbered_open and paragraph.text.rstrip().endswith(":")
            if numbered_open:
                items.append(Item(paragraph.number, paragraph.text, paragraph.page))
        elif continues:
            last = items[-1]
            items[-1] = Item(last.number, f"{last.text} {paragraph.text}", last.page)
        elif paragraph.bullet:
            items.append(Item(None, paragraph.text, paragraph.page))
            numbered_open = sub_items = False
        else:
            numbered_open = sub_items = False
    return items


def _belongs_to(paragraph: Paragraph, section: Section) -> bool:
    return paragraph.number is None and (
        paragraph.bullet
        or paragraph.text[:1].islower()
        or paragraph.text.startswith("(")  # "(Recommendation)" on a line of its own
        or _is_continuation(paragraph, section)
    )


def _is_continuation(paragraph: Paragraph, section: Section) -> bool:
    """Say whether text after a blank line is a page's worth of the paragraph before it.

    Text conversions mark the rest of a paragraph that runs over a page as a new bullet
    ("- interviews are not routinely offered..."); in PDFs there is no blank line there.
    """
    index = paragraph.line_index
    broken = index > 0 and not section.lines[index - 1].text.strip()
    return broken and (paragraph.bullet or paragraph.text[:1].islower())


def _is_theme(paragraph: Paragraph, following: Paragraph | None) -> bool:
    text = paragraph.text.strip()
    return (
        following is not None
        and following.bullet
        and len(text) <= MAX_THEME_LENGTH
        and not _SENTENCE_END.search(text)
        and not text.endswith(":")
    )


def _joined(paragraph: Paragraph, text: str) -> Paragraph:
    return Paragraph(
        f"{paragraph.text} {text}",
        paragraph.page,
        paragraph.number,
        paragraph.bullet,
        paragraph.line_index,
    )
