"""Single Inspection Framework reports (2013-2018) and their LSCB reviews.

Covers the combined "Inspection of services for children in need of help and protection,
children looked after and care leavers and Review of the effectiveness of the Local
Safeguarding Children Board", SIF re-inspections without an LSCB review, stand-alone LSCB
reviews, and files holding a SIF report followed by its separately published LSCB review
(merged into one record).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from loaders.document import CleanDocument, Line
from loaders.errors import ParseError
from loaders.mentions import partnership_mentions, previous_inspections
from loaders.parsers.sif.cover import (
    LSCB_LABEL,
    Cover,
    read_cover,
    split_board_name,
    title_matches,
)
from loaders.parsers.sif.items import findings, recommendations, strengths
from loaders.parsers.sif.layout import Section, SectionKind, split_sections
from loaders.parsers.sif.team import lead_inspectors, read_team
from loaders.parsers.sif.tidy import tidy_lines
from loaders.records import (
    Framework,
    InspectionReport,
    Inspector,
    Judgement,
    Passage,
    ReportPart,
)
from loaders.statistics import area_statistics

FAMILY = "sif"
# The report title sits within the first lines of the cover.
DETECT_LINES = 40
# A separately published LSCB review starts a new cover at least this far into the file.
MIN_SECOND_COVER_LINE = 30
SECOND_COVER_SPAN = 8
MAX_NAME_LENGTH = 80
_REVIEW_TITLE_START = re.compile(r"^\s*review\s+of\s+the\s+effectiveness\b", re.IGNORECASE)
_INSPECTION_DATE_LINE = re.compile(r"^\s*(?:inspection|review)\s+dates?\b", re.IGNORECASE)
_BOARD_MENTION = re.compile(
    r"\b((?:[A-Z][a-z]+(?:\s+and)?\s+){1,4}Safeguarding\s+Children'?s?\s+Board)\b"
)


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a SIF inspection report or an LSCB review."""
    texts = [" ".join(line.text.split()) for line in document.lines[:DETECT_LINES]]
    texts = [text for text in texts if text]
    # The title starts a line of the cover; letters and other reports only mention it.
    return any(
        any(title_matches(" ".join(texts[index : index + 3]), at_start=True))
        for index in range(len(texts))
    )


def parse(document: CleanDocument) -> InspectionReport:
    """Read a SIF report (and any LSCB review bound in after it) into one record."""
    paged = any(line.page is not None for line in document.lines)
    lines = tidy_lines(document.lines, paged)
    split = _second_cover(lines, paged)
    if split is None:
        return _parse_report(lines, document.source)
    report = _parse_report(lines[:split], document.source)
    review = _parse_report(lines[split:], document.source)
    return _merged(report, review)


def _parse_report(lines: Sequence[Line], source: str) -> InspectionReport:
    sections = split_sections(lines, ReportPart.LOCAL_AUTHORITY)
    cover = read_cover(sections[0].lines)
    review_only = cover.reviews_lscb and not cover.inspects_services
    if review_only:
        sections = split_sections(lines, ReportPart.LSCB)
    authority, board = split_board_name(cover.name) if review_only else (cover.name, None)
    judgements = _judgements(cover, sections)
    if review_only:
        judgements = tuple(j for j in judgements if j.area == "lscb")
    if not authority:
        raise ParseError(source, "SIF report: no authority name on the cover")
    if cover.inspection is None:
        raise ParseError(source, "SIF report: no inspection dates on the cover")
    if not judgements:
        raise ParseError(source, "SIF report: no judgements found")
    team = _team(sections, lines)
    includes_review = cover.reviews_lscb or any(j.area == "lscb" for j in judgements)
    body = [
        p
        for s in sections
        if s.kind not in (SectionKind.COVER, SectionKind.CONTENTS)
        for p in s.paragraphs()
    ]
    return InspectionReport(
        family=FAMILY,
        framework=Framework.SIF,
        report_type="lscb_review" if review_only else "sif",
        authority_name=authority,
        inspection_start=cover.inspection[0],
        inspection_end=cover.inspection[1],
        published=cover.published,
        lead_inspectors=lead_inspectors(team),
        team=team,
        judgements=judgements,
        recommendations=recommendations(sections),
        strengths=strengths(sections),
        findings=findings(sections),
        previous_inspections=previous_inspections(body),
        statistics=area_statistics(body),
        partnerships=partnership_mentions(body),
        visits=(cover.inspection,),
        includes_lscb_review=includes_review,
        lscb_name=board or (_board_name(sections) if includes_review else None),
    )


def _judgements(cover: Cover, sections: Sequence[Section]) -> tuple[Judgement, ...]:
    """Return the cover's judgements, with any the cover lacks read from section headings."""
    judgements = list(cover.judgements)
    for section in sections:
        area = section.area or ("lscb" if section.part is ReportPart.LSCB else None)
        if area is None or section.grade is None or any(j.area == area for j in judgements):
            continue
        label = LSCB_LABEL if area == "lscb" else section.title
        passage = Passage(section.title, page=section.page, section=section.title)
        judgements.append(Judgement(area, label, section.grade, passage))
    return tuple(judgements)


def _team(sections: Sequence[Section], lines: Sequence[Line]) -> tuple[Inspector, ...]:
    listed = [line for s in sections if s.kind is SectionKind.TEAM for line in s.lines]
    if listed:
        return read_team(listed)
    # Some reports print "Lead inspector: X" without a team heading.
    start = next(
        (i for i, line in enumerate(lines) if line.text.lower().startswith("lead inspector")),
        None,
    )
    return read_team(lines[start : start + 10]) if start is not None else ()


def _board_name(sections: Sequence[Section]) -> str | None:
    """Return the board's own name ("Newham Safeguarding Children Board") if the text gives it."""
    for parts in ({ReportPart.LSCB}, {ReportPart.LSCB, ReportPart.LOCAL_AUTHORITY}):
        names: Counter[str] = Counter()
        for section in sections:
            if section.part not in parts or section.kind is SectionKind.COVER:
                continue
            # The name needs the word; joining a section that lacks it is wasted work.
            if not any("Safeguarding" in line.text for line in section.lines):
                continue
            text = " ".join(" ".join(line.text.split()) for line in section.lines)
            names.update(
                name
                for name in (" ".join(found.split()) for found in _BOARD_MENTION.findall(text))
                if not name.startswith(("Local ", "The ", "This ", "Each ", "A "))
            )
        if names:
            return names.most_common(1)[0][0]
    return None


def _second_cover(lines: Sequence[Line], paged: bool) -> int | None:
    """Return where an LSCB review published on its own starts, if the file holds one."""
    for index in range(MIN_SECOND_COVER_LINE, len(lines)):
        if not _REVIEW_TITLE_START.match(lines[index].text):
            continue
        window = [line.text for line in lines[index : index + 2]]
        services, review = title_matches(" ".join(window))
        if not review or services:
            continue
        following = lines[index : index + SECOND_COVER_SPAN]
        if not any(_INSPECTION_DATE_LINE.match(line.text) for line in following):
            continue
        if paged:
            start = index
            while start > 0 and lines[start - 1].page == lines[index].page:
                start -= 1
            return start
        return _name_above(lines, index)
    return None


def _name_above(lines: Sequence[Line], title: int) -> int:
    """Return where the name printed above a cover title starts (text has no pages to go by)."""
    cursor = title - 1
    while cursor > 0 and not lines[cursor].text.strip():
        cursor -= 1
    start = cursor
    # A name wraps onto at most a second line, printed right above the first.
    while start > 0 and start > cursor - 1 and _looks_like_name(lines[start - 1].text):
        start -= 1
    return start if _looks_like_name(lines[cursor].text) else title


def _looks_like_name(text: str) -> bool:
    text = text.strip()
    return bool(text) and len(text) <= MAX_NAME_LENGTH and not text.endswith((".", ":", ";", ","))


def _merged(report: InspectionReport, review: InspectionReport) -> InspectionReport:
    """Join a SIF report and its separately published LSCB review into one record."""
    areas = {judgement.area for judgement in report.judgements}
    team = report.team + tuple(m for m in review.team if m not in report.team)
    return replace(
        report,
        judgements=report.judgements + tuple(j for j in review.judgements if j.area not in areas),
        recommendations=report.recommendations
        + tuple(replace(r, part=ReportPart.LSCB) for r in review.recommendations),
        strengths=report.strengths + review.strengths,
        findings=report.findings + review.findings,
        previous_inspections=report.previous_inspections + review.previous_inspections,
        statistics=report.statistics + review.statistics,
        partnerships=report.partnerships + review.partnerships,
        team=team,
        includes_lscb_review=True,
        lscb_name=report.lscb_name or review.lscb_name,
    )
