"""Inspections of safeguarding and looked after children services (2009-2012 framework).

The report has two services, each with its own graded judgements ("Grade 2 (Good)" under a
heading, on the 1-4 scale) and a closing "Record of main findings" table. Judgement area ids
are the service prefix ("safeguarding_" or "lac_") and the judgement's base id:

- safeguarding: overall, capacity_for_improvement, outcomes, children_safe, feel_safe,
  quality_of_provision, health_contribution, ambition_and_prioritisation,
  leadership_and_management, performance_management, partnership_working,
  equality_and_diversity;
- looked after children: overall, capacity_for_improvement, outcomes, being_healthy,
  staying_safe, enjoying_and_achieving, positive_contribution, economic_wellbeing,
  quality_of_provision, ambition_and_prioritisation, leadership_and_management,
  performance_management, equality_and_diversity.

A heading this list does not know gets a snake_case id made from its words. Judgements graded
only in the closing table (usually "Equality and diversity") come from the table; where body
and table both grade an area the body's grade is kept, with its page.
The layout reading is shared with the 2013 looked after children inspections (lac_2013).
"""

from __future__ import annotations

import re

from loaders.document import CleanDocument
from loaders.errors import ParseError
from loaders.mentions import partnership_mentions, previous_inspections
from loaders.parsers.older_layout import (
    Block,
    front_matter,
    judgements_from_blocks,
    numbered_findings,
    recommendations_from_blocks,
    split_blocks,
    table_judgements,
)
from loaders.records import Framework, InspectionReport, Judgement
from loaders.statistics import area_statistics

FAMILY = "safeguarding_lac_2012"
REPORT_TYPE = "safeguarding_lac_2012"

TITLE = re.compile(r"inspection of safeguarding and looked after children'?s? services", re.I)
SERVICE_PREFIX = {"safeguarding": "safeguarding_", "looked_after_children": "lac_"}


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a 2009-2012 safeguarding and looked after children report."""
    head = " ".join(line.text for line in document.lines[:15])
    return bool(TITLE.search(head))


def parse(document: CleanDocument) -> InspectionReport:
    """Read a 2009-2012 safeguarding and looked after children inspection report."""
    front = front_matter(document, TITLE)
    blocks = split_blocks(document.lines)
    judgements = _merge(
        judgements_from_blocks(blocks, _area_id), table_judgements(blocks, _area_id)
    )
    if not any(judgement.area.endswith("_overall") for judgement in judgements):
        raise ParseError(document.source, "no overall effectiveness judgement found")
    all_paragraphs = [paragraph for block in blocks for paragraph in block.paragraphs]
    return InspectionReport(
        family=FAMILY,
        framework=Framework.SAFEGUARDING_LAC_2009,
        report_type=REPORT_TYPE,
        authority_name=front.authority_name,
        inspection_start=front.start,
        inspection_end=front.end,
        published=front.published,
        lead_inspectors=front.lead_inspectors,
        judgements=judgements,
        recommendations=recommendations_from_blocks(blocks, with_service=True),
        findings=numbered_findings(blocks, _section_name),
        previous_inspections=previous_inspections(all_paragraphs),
        statistics=area_statistics(all_paragraphs),
        partnerships=partnership_mentions(all_paragraphs),
        visits=((front.start, front.end),) if front.start and front.end else (),
    )


def _area_id(base: str, service: str | None) -> str:
    # The safeguarding part comes first in this format, so an unlabelled start is safeguarding.
    return SERVICE_PREFIX[service or "safeguarding"] + base


def _section_name(block: Block) -> str:
    return f"{block.service_heading}: {block.heading}" if block.service_heading else block.heading


def _merge(body: list[Judgement], table: list[Judgement]) -> tuple[Judgement, ...]:
    seen = {judgement.area for judgement in body}
    return tuple(body + [judgement for judgement in table if judgement.area not in seen])
