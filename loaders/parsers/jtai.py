"""Joint targeted area inspections (JTAIs), 2016 onwards: letters to an area's leaders.

Ofsted inspects with the Care Quality Commission, HM Inspectorate of Constabulary (and Fire &
Rescue Services) and HM Inspectorate of Probation how the agencies of one area together
respond to a theme (abuse and neglect, child sexual exploitation, domestic abuse, children's
mental health, criminal exploitation, the identification of initial need and risk...). None
is graded. The letter, to all the area's leaders, follows the layout of Ofsted's letters
(loaders/parsers/letters.py):

    Joint targeted area inspection of the multi-agency response to abuse and neglect in
    Wiltshire
    Between 6 and 10 March 2017, Ofsted, the Care Quality Commission (CQC), ... undertook a
    joint inspection ... (or "This letter summarises the findings of the joint targeted area
    inspection (JTAI) of ... This inspection took place from 14 to 18 March 2022.")
    Headline findings / Key strengths / Case study: highly effective practice /
    Areas for improvement / Areas for priority action / What needs to improve? / Next steps
    Yours sincerely, and the inspectorates' directors.

Read: the area (as the authority inspected), the days on site, the letter's date (as the date
the report was issued), the points to improve (priority actions marked), the key strengths,
every paragraph or bullet of the other sections as a finding numbered in order (the "Next
steps" boilerplate left out), and the readings every family shares. The letter is signed by
the inspectorates' national directors, not the team, so no lead inspector is read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.document import CleanDocument, Line
from loaders.errors import ParseError
from loaders.mentions import partnership_mentions, previous_inspections
from loaders.parsers.ilacs.body import body_lines
from loaders.parsers.letters import (
    days_on_site,
    letter_body,
    letter_date,
    opening_paragraph,
    read_sections,
    title_line,
)
from loaders.records import Framework, InspectionReport
from loaders.statistics import area_statistics

FAMILY = "jtai"
REPORT_TYPE = "jtai"

# Capitalised as a title is, not as prose that mentions such an inspection.
_TITLE_START = re.compile(r"^Joint\s+(?i:targeted\s+area\s+inspection)\b")
# The theme, then the area after the last " in ": "... the multi-agency response to children
# living with neglect in Wiltshire". The area is a name: capitalised words, perhaps joined by
# "and", "of", "upon" or commas ("Bristol, North Somerset and South Gloucestershire").
_NAME_WORD = r"[A-Z][\w'\u2019&.-]*"
_TITLE = re.compile(
    r"^Joint\s+(?i:targeted\s+area\s+inspection)\s+(?:\(JTAI\)\s+)?(?:of|into)\s+"
    rf"(?P<theme>.+)\s+in\s+(?P<name>(?:the\s+)?{_NAME_WORD}"
    rf"(?:,?\s+(?:(?:and|of|upon|on|the)\s+)*{_NAME_WORD})*)\.?$"
)
# A title wraps over at most this many lines; the lines after it open a sentence.
TITLE_LINES = 3
# A line this long after a whole title is the letter's first sentence, not the title's end.
SHORT_TITLE_LINE = 60
# Words that open the letter's first sentence, which follows the title.
_SENTENCE_OPENING = re.compile(r"^(?:Between|This|From|On|During|Dear|Ofsted|The|We|In)\b")
# The paragraph that says what was inspected and when: a joint inspection and a year, in either
# order ("Between 6 and 10 March 2017, Ofsted ... undertook a joint inspection ..."), or the
# summary sentence.
_OPENING = re.compile(
    r"^(?=.*\b(?:joint\s+(?:targeted\s+area\s+)?inspection|JTAI)\b)(?=.*\b20\d\d\b)|"
    r"letter\s+summarises\s+the\s+(?:main\s+)?findings",
    re.I,
)
_LETTER = re.compile(r"\bthis\s+letter\b|^Yours\s+sincerely", re.I | re.M)
_INSPECTION = re.compile(r"\binspect|\bJTAI\b", re.I)
_IMPROVEMENT_HEADING = (
    r"Areas?\s+(?:for|of)\s+improvement|Areas?\s+(?:for|requiring)\s+priority\s+action|"
    r"Priority\s+actions?|What\s+needs\s+to\s+improve\b[^.]{0,60}?"
)
_STRENGTH_HEADING = r"(?:Key\s+)?strengths"
_BOILERPLATE_HEADING = r"Next\s+steps"
_HEADING = re.compile(
    rf"^(?-i:(?=[A-Z]))(?:{_IMPROVEMENT_HEADING}|{_STRENGTH_HEADING}|{_BOILERPLATE_HEADING}|"
    r"(?:Headline|Key|Main|Summary\s+of)\s+findings|Findings|Overview|Summary|"
    r"Case\s+study\s*:?[^.]{0,80}?)\s*[?:.]?$",
    re.I,
)
_IMPROVEMENT = re.compile(rf"^(?:{_IMPROVEMENT_HEADING})", re.I)
_STRENGTH = re.compile(rf"^{_STRENGTH_HEADING}\b", re.I)
_BOILERPLATE = re.compile(rf"^{_BOILERPLATE_HEADING}\b", re.I)


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a joint targeted area inspection letter."""
    return _title(document.lines) is not None and bool(_LETTER.search(document.text))


def parse(document: CleanDocument) -> InspectionReport:
    """Read a JTAI letter."""
    lines = body_lines(document.lines)
    title = _title(lines)
    if title is None:
        raise ParseError(document.source, "no title ('Joint targeted area inspection of ...')")
    area, title_end = title
    body = letter_body(lines, title_end, _HEADING)
    opening = opening_paragraph(body.sections, _OPENING)
    if opening is None:
        raise ParseError(document.source, "JTAI letter without its opening paragraph")
    read = read_sections(body.sections, opening, _IMPROVEMENT, _STRENGTH, _BOILERPLATE)
    texts = [opening.text, *(p.text for p in read.introduction)]
    on_site = days_on_site(texts, _INSPECTION)
    if on_site is None:
        raise ParseError(document.source, "JTAI letter without readable inspection dates")
    return InspectionReport(
        family=FAMILY,
        framework=Framework.JTAI,
        report_type=REPORT_TYPE,
        authority_name=area,
        inspection_start=on_site[0],
        inspection_end=on_site[1],
        published=letter_date(lines[:title_end]),
        recommendations=read.recommendations,
        strengths=read.strengths,
        findings=read.findings,
        previous_inspections=previous_inspections([opening, *read.prose]),
        statistics=area_statistics(read.prose),
        partnerships=partnership_mentions([opening, *read.prose]),
        visits=(on_site,),
    )


def _title(lines: Sequence[Line]) -> tuple[str, int] | None:
    """Return (the area as printed, index of the line after the title), or None."""
    index = title_line(lines, _TITLE_START)
    if index is None:
        return None
    texts = [line.text.strip() for line in lines[index : index + TITLE_LINES]]
    span = 1
    # A wrapped title goes on in lines that do not open the letter's first sentence: short
    # ones, or any while the title has no area yet.
    while span < len(texts) and texts[span] and not _SENTENCE_OPENING.match(texts[span]):
        if _TITLE.match(" ".join(texts[:span])) and len(texts[span]) >= SHORT_TITLE_LINE:
            break
        span += 1
    match = _TITLE.match(" ".join(texts[:span]))
    if match is None:
        return None
    return " ".join(match.group("name").split()).rstrip(" ,"), index + span
