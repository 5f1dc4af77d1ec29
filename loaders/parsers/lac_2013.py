"""Inspections of looked after children services (2013).

These reports use the 2009-2012 template with a single service: graded headings ("Grade 3
(Adequate)") for overall effectiveness, capacity to improve, outcomes, quality of provision and
leadership and management, time-bound areas for improvement, and a closing "Record of main
findings" table. Area ids: overall, capacity_to_improve, outcomes, quality_of_provision,
leaders; any other graded heading gets a snake_case id of its words. Judgement.service is None,
as there is one service. The layout reading is shared with `safeguarding_lac_2012`.
"""

from __future__ import annotations

import re

from loaders.document import CleanDocument
from loaders.errors import ParseError
from loaders.mentions import partnership_mentions, previous_inspections
from loaders.parsers.safeguarding_lac_2012 import (
    all_paragraphs,
    front_matter,
    graded_judgements,
    numbered_findings,
    recommendations,
    split_blocks,
)
from loaders.records import Framework, InspectionReport
from loaders.statistics import area_statistics

FAMILY = "lac_2013"
REPORT_TYPE = "lac_2013"

TITLE = re.compile(r"inspection\s+of\s+looked\s+after\s+children'?s?\s+services", re.I)
# The shared layout's base ids, renamed to this family's export ids.
AREA_IDS = {
    "capacity_for_improvement": "capacity_to_improve",
    "leadership_and_management": "leaders",
}


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a 2013 inspection of looked after children services."""
    head = " ".join(line.text.strip() for line in document.lines[:15])
    return bool(TITLE.search(head))


def parse(document: CleanDocument) -> InspectionReport:
    """Read a 2013 inspection of looked after children services."""
    front = front_matter(document, TITLE)
    blocks = split_blocks(document.lines)
    judgements = graded_judgements(blocks, _identify)
    if not any(judgement.area == "overall" for judgement in judgements):
        raise ParseError(document.source, "no overall effectiveness judgement found")
    body = all_paragraphs(blocks)
    return InspectionReport(
        family=FAMILY,
        framework=Framework.LAC_2013,
        report_type=REPORT_TYPE,
        authority_name=front.authority_name,
        inspection_start=front.start,
        inspection_end=front.end,
        published=front.published,
        lead_inspectors=front.lead_inspectors,
        judgements=judgements,
        recommendations=recommendations(blocks, keep_service=False),
        findings=numbered_findings(blocks),
        previous_inspections=previous_inspections(body),
        statistics=area_statistics(body),
        partnerships=partnership_mentions(body),
        visits=((front.start, front.end),) if front.start and front.end else (),
    )


def _identify(base: str, service: str | None) -> tuple[str, str | None]:
    return AREA_IDS.get(base, base), None
