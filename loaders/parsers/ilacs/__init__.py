"""Inspections of local authority children's services (ILACS), 2018 onwards.

A report opens with its title, "Inspection dates:", "Lead inspector:", a "Judgement / Grade"
table and a summary; then "What needs to improve?" bullets and graded sections of numbered
paragraphs ("The experiences and progress of children in care: outstanding"). Headline areas:
leaders, help_protection, in_care_and_care_leavers (one judgement until 2022) or in_care and
care_leavers (from 2023), and overall (none from April 2026). The report never says whether
the inspection was standard or short; `front.report_type` derives it from the days on site.
"""

from __future__ import annotations

import re

from loaders.document import CleanDocument
from loaders.errors import ParseError
from loaders.mentions import partnership_mentions, previous_inspections
from loaders.paragraphs import paragraphs
from loaders.parsers.ilacs.body import (
    body_lines,
    improvement_heading,
    recommendations,
    sections,
)
from loaders.parsers.ilacs.front import HEADER_LINES, read_front, report_type
from loaders.parsers.ilacs.judgements import (
    AREA_LABELS,
    GRADE_WORDS,
    find_headings,
    heading_judgements,
    table_judgements,
)
from loaders.records import Framework, InspectionReport
from loaders.statistics import area_statistics

FAMILY = "ilacs"

_DATES_LINE = re.compile(r"^\s*Inspection\s+dates?\b", re.I | re.M)
# Only ILACS grades "the impact of leaders on (social work) practice with children and
# families"; focused and monitoring visit letters discuss leaders but give no grade.
_LEADERS_GRADED_PATTERN = AREA_LABELS[0][1].pattern + r"[\s:]*" + GRADE_WORDS + r"\b"
# detect() searches every document's whole text for it, and under IGNORECASE the regex engine
# cannot skip ahead to a first letter. The pattern opens on "the"; with that "t" written as the
# case-sensitive class [tT] (the only two characters IGNORECASE matches to "t"), it can.
if not _LEADERS_GRADED_PATTERN.startswith("the"):
    raise ImportError("the leaders' judgement label no longer opens on 'the'")
_LEADERS_GRADED = re.compile("(?-i:[tT])" + _LEADERS_GRADED_PATTERN[1:], re.I)


def detect(document: CleanDocument) -> bool:
    """Say whether the document is an ILACS judgement inspection report."""
    head = "\n".join(line.text for line in document.lines[:HEADER_LINES])
    return bool(_DATES_LINE.search(head)) and bool(_LEADERS_GRADED.search(document.text))


def parse(document: CleanDocument) -> InspectionReport:
    """Read an ILACS inspection report."""
    lines = body_lines(document.lines)
    front = read_front(lines)
    if front.authority_name is None:
        raise ParseError(document.source, "ILACS report without an authority in its title")
    if not front.visits:
        raise ParseError(document.source, "ILACS report without readable inspection dates")

    table, table_end = table_judgements(lines)
    improve_at = improvement_heading(lines)
    body_start = improve_at + 1 if improve_at is not None else (table_end or 0)
    headings = find_headings(lines, body_start)
    judgements = [*table, *heading_judgements(headings, {j.area for j in table})]
    if not judgements:
        raise ParseError(document.source, "ILACS report without graded judgements")

    first_heading = headings[0].first_line if headings else len(lines)
    improvements = (
        recommendations(lines[improve_at + 1 : first_heading]) if improve_at is not None else ()
    )
    summary_end = improve_at if improve_at is not None else first_heading
    summary = paragraphs(lines[table_end:summary_end]) if table_end is not None else []
    body = sections(lines, headings)
    prose = [*summary, *body.paragraphs]

    type_id, basis = report_type(front.visits)
    return InspectionReport(
        family=FAMILY,
        framework=Framework.ILACS,
        report_type=type_id,
        authority_name=front.authority_name,
        inspection_start=front.visits[0][0],
        inspection_end=front.visits[-1][1],
        published=front.published,
        lead_inspectors=front.lead_inspectors,
        judgements=tuple(judgements),
        recommendations=improvements,
        findings=body.findings,
        previous_inspections=previous_inspections(prose),
        statistics=area_statistics(prose),
        partnerships=partnership_mentions(prose),
        visits=front.visits,
        report_type_basis=basis,
    )
