"""The layout Ofsted's letters share: the visit letters (visit_letter) and the JTAI letters (jtai).

A letter opens with the Ofsted address, its date and the addressees, then its title; an
introduction says what was looked at, when and by whom; headed sections follow (the findings,
the points to improve, perhaps strengths); closing boilerplate and "Yours sincerely" end it.
Letters print no paragraph numbers, so their findings are numbered in the order they come.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from loaders.dates import DATE_PATTERN, parse_date, parse_date_range
from loaders.document import Line
from loaders.paragraphs import Paragraph, paragraphs, with_paragraph_breaks
from loaders.parsers.ilacs.body import recommendations, tidy
from loaders.records import Finding, Passage, Recommendation, ReportPart, Strength

INTRODUCTION = "Introduction"
# The title sits below the Ofsted address, the letter's date and the addressees.
HEAD_LINES = 80

_SIGN_OFF = re.compile(r"^Yours\s+(?:sincerely|faithfully)\b", re.I)
# The closing boilerplate before the sign-off: nothing after it is a finding.
_CLOSING = re.compile(
    r"^(?:Ofsted\s+will\s+take\s+the\s+findings|I\s+am\s+copying\s+this\s+letter)\b", re.I
)
_LETTER_DATE = re.compile(rf"^(?:Date\s*:?\s*)?{DATE_PATTERN}$", re.I)
_DEAR = re.compile(r"^Dear\b")
_PRIORITY = re.compile(r"\bpriority\b", re.I)
# A sentence ends at a stop before a capital ("HMI. The"). "St. Helens" is cut too, which does
# no harm: only the sentences naming the visit and its team are read.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class Section:
    """A heading's text (INTRODUCTION before the first) and the lines under it."""

    title: str
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class LetterBody:
    """The letter's sections, and where its signature begins."""

    sections: tuple[Section, ...]
    signature: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class SectionReading:
    """What the sections say: points to improve, strengths, findings, and every paragraph."""

    recommendations: tuple[Recommendation, ...]
    strengths: tuple[Strength, ...]
    findings: tuple[Finding, ...]
    prose: tuple[Paragraph, ...]
    introduction: tuple[Paragraph, ...]


def title_line(lines: Sequence[Line], start: re.Pattern[str]) -> int | None:
    """Return the index of the first of the head's lines that `start` matches."""
    return next(
        (i for i, line in enumerate(lines[:HEAD_LINES]) if start.match(line.text.strip())), None
    )


def letter_body(lines: Sequence[Line], start: int, heading: re.Pattern[str]) -> LetterBody:
    """Cut the lines from `start` (after the title) at `heading` lines, up to the closing."""
    sign_off = next(
        (i for i in range(start, len(lines)) if _SIGN_OFF.match(lines[i].text)), len(lines)
    )
    closing = next((i for i in range(start, sign_off) if _CLOSING.match(lines[i].text)), sign_off)
    body = with_paragraph_breaks(lines[start:closing])
    found: list[Section] = []
    title, first = INTRODUCTION, 0
    for index, line in enumerate(body):
        text = line.text.strip()
        if heading.match(text):
            found.append(Section(title, tuple(body[first:index])))
            title, first = " ".join(text.split()), index + 1
    found.append(Section(title, tuple(body[first:])))
    sections = tuple(s for s in found if any(line.text.strip() for line in s.lines))
    return LetterBody(sections, tuple(lines[sign_off + 1 :]))


def read_sections(
    sections: Sequence[Section],
    opening: Paragraph | None,
    improvement: re.Pattern[str],
    strength: re.Pattern[str] | None = None,
    boilerplate: re.Pattern[str] | None = None,
) -> SectionReading:
    """Read the sections: under an `improvement` heading its points (marked priority when the
    heading says so), under a `strength` heading its strengths, under a `boilerplate` heading
    nothing; elsewhere each paragraph or bullet is a finding. The introduction (what was looked
    at, who looked) is not, in a letter with headings; `opening`, its first paragraph, is read
    by the family."""
    improvements: list[Recommendation] = []
    strengths: list[Strength] = []
    findings: list[Finding] = []
    prose: list[Paragraph] = []
    introduction: list[Paragraph] = []
    headed = any(section.title != INTRODUCTION for section in sections)
    for section in sections:
        if boilerplate is not None and boilerplate.match(section.title):
            continue
        if improvement.match(section.title):
            priority = bool(_PRIORITY.search(section.title))
            for item in recommendations(section.lines):
                passage = replace(item.passage, section=section.title) if item.passage else None
                number = len(improvements) + 1
                improvements.append(
                    replace(item, number=number, priority=priority, passage=passage)
                )
            continue
        for paragraph in paragraphs(section.lines):
            text = tidy(paragraph.text)
            if not text or paragraph == opening:
                continue
            kept = paragraph._replace(text=text)
            prose.append(kept)
            if strength is not None and strength.match(section.title):
                passage = Passage(text, page=kept.page, section=section.title)
                strengths.append(Strength(ReportPart.LOCAL_AUTHORITY, text, passage))
            elif section.title == INTRODUCTION:
                introduction.append(kept)
                if not headed:
                    findings.append(Finding(len(findings) + 1, text, section.title, kept.page))
            else:
                findings.append(Finding(len(findings) + 1, text, section.title, kept.page))
    return SectionReading(
        tuple(improvements), tuple(strengths), tuple(findings), tuple(prose), tuple(introduction)
    )


def opening_paragraph(sections: Sequence[Section], says: re.Pattern[str]) -> Paragraph | None:
    """Return the first paragraph of the first two sections that `says` matches."""
    for section in sections[:2]:
        for paragraph in paragraphs(section.lines):
            if says.search(" ".join(paragraph.text.split())):
                return paragraph
    return None


def letter_date(head: Sequence[Line]) -> dt.date | None:
    """Return the date the letter is dated, printed on a line of its own above "Dear ..."."""
    dated = None
    for line in head:
        text = line.text.strip()
        if _DEAR.match(text):
            break
        if _LETTER_DATE.match(text):
            dated = parse_date(text)
    return dated


def sentences_in(texts: Sequence[str]) -> list[str]:
    """Return the sentences of the texts, their spaces collapsed, each once."""
    found = [s for text in texts for s in _SENTENCE_BREAK.split(" ".join(text.split()))]
    return list(dict.fromkeys(found))


def days_on_site(texts: Sequence[str], word: re.Pattern[str]) -> tuple[dt.date, dt.date] | None:
    """Return the first day range (or single day) of the first sentence naming `word` that has
    one: "on 5 and 6 March 2019", "Between 6 and 10 March 2017", "on 10 April 2019"."""
    for sentence in sentences_in(texts):
        if not word.search(sentence):
            continue
        span = parse_date_range(sentence)
        if span is not None:
            return span
        day = parse_date(sentence)
        if day is not None:
            return day, day
    return None
