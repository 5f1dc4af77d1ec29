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
from loaders.parsers.safeguarding_lac_2012 import (
    all_paragraphs,
    front_matter,
    graded_judgements,
    split_blocks,
    template_report,
)
from loaders.records import Framework, InspectionReport

FAMILY = "lac_2013"

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
    return template_report(
        FAMILY,
        Framework.LAC_2013,
        front,
        blocks,
        all_paragraphs(blocks),
        judgements,
        keep_service=False,
    )


def _identify(base: str, service: str | None) -> tuple[str, str | None]:
    return AREA_IDS.get(base, base), None
