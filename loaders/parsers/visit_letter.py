"""Ofsted's letters on visits to local authority children's services: none of them graded.

Monitoring visits check the progress of an authority judged inadequate (under the single
inspection framework from 2014, under ILACS from 2018); focused visits (ILACS, 2018 on) look at
one aspect of services; assurance visits (2020-2021) looked at services in the pandemic. Each
is a letter to the director of children's services:

    <the letter's date>  <the addressee>  Dear ...
    Focused visit to <authority> children's services
    This letter summarises the findings of the focused visit to <authority> children's
    services on 5 and 6 March 2019. [This visit was the third monitoring visit since the
    local authority was judged inadequate in June 2018.] The inspectors were <name>, Her
    Majesty's Inspector, and <name> ... (or "His Majesty's Inspectors <name> and <name>
    carried out this visit.")
    Overview / Headline findings / Areas covered by the visit / ...: paragraphs or bullets
    What needs to improve in this area of social work practice? / Areas for improvement /
    Areas for priority action: bullets
    Findings / Main findings / Findings and evaluation of progress: paragraphs or bullets
    Ofsted will take the findings ... into account ...  Yours sincerely  <name>  <title>

Read (the layout with loaders/parsers/letters.py): the kind of visit, the authority, the days
on site, the letter's date (as the date the report was issued), the inspectors (the one who
signs is the lead, unless a lead is named), the improvement points (priority actions marked),
every paragraph or bullet of the letter's sections as a finding numbered in order (letters
print no paragraph numbers), the inadequate judgement a monitoring visit follows, and the
readings every family shares (earlier inspections, area statistics, partnerships).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from loaders.dates import MONTH_PATTERN, MONTHS
from loaders.document import CleanDocument, Line
from loaders.errors import ParseError
from loaders.mentions import partnership_mentions, previous_inspections
from loaders.paragraphs import Paragraph
from loaders.parsers.ilacs.body import body_lines
from loaders.parsers.ilacs.front import inspector_names
from loaders.parsers.letters import (
    INTRODUCTION,
    days_on_site,
    letter_body,
    letter_date,
    opening_paragraph,
    read_sections,
    sentences_in,
    title_line,
)
from loaders.records import (
    Framework,
    Grade,
    InspectionReport,
    Inspector,
    Passage,
    PreviousInspection,
)
from loaders.statistics import area_statistics

FAMILY = "visit_letter"

# ILACS, and with it focused visits, began in January 2018; monitoring visits before it were
# made under the single inspection framework.
ILACS_BEGAN = dt.date(2018, 1, 1)
REPORT_TYPES = {
    "focused": "ilacs_focused_visit",
    "assurance": "ilacs_assurance_visit",
    "monitoring": "ilacs_monitoring_visit",
}
SIF_MONITORING = "sif_monitoring_visit"

_APOSTROPHE = r"['\u2019]"
_TITLE = re.compile(
    rf"^(?P<kind>(?-i:Focused|Monitoring|Assurance))\s+visit\s+(?:to|of)\s+(?:the\s+)?"
    rf"(?P<name>(?-i:[A-Z]).+?)"
    rf"(?:{_APOSTROPHE}s)?\s+(?:local\s+authority\s+)?children{_APOSTROPHE}s\s+"
    rf"(?:social\s+care\s+)?services\.?$",
    re.I,
)
# The title's first words, for joining a title wrapped over two lines. A title's capital, and
# the authority's, tell it from a line of prose that starts "monitoring visit to ...".
_TITLE_START = re.compile(r"^(?:Focused|Monitoring|Assurance)\s+(?i:visit\s+(?:to|of))\b")
_SUMMARY = re.compile(
    r"letter\s+summarises\s+the\s+(?:main\s+)?findings\s+of\s+(?:the|a|an)\s+"
    r"(?:focused|monitoring|assurance)\s+visit",
    re.I,
)
_VISIT = re.compile(r"\bvisit\b", re.I)
# Section headings, each a line of its own starting with a capital letter.
_IMPROVEMENT_HEADING = (
    r"What\s+needs\s+to\s+improve(?:\s+in\s+(?:this|the)\s+(?:area\s+of\s+(?:social\s+work\s+)?"
    r"practice|local\s+authority))?|Areas?\s+(?:for|of)\s+improvement|"
    r"Areas?\s+(?:for|requiring)\s+priority\s+action|Priority\s+actions?"
)
_HEADING = re.compile(
    rf"^(?-i:(?=[A-Z]))(?:{_IMPROVEMENT_HEADING}|Overview|Headline\s+findings|Summary(?:\s+of\s+"
    r"findings)?|Areas?\s+covered\s+(?:by|during|in)\s+(?:the|this)\s+visit|(?:Main\s+)?"
    r"Findings(?:\s+(?:and|from)\s+(?:the\s+)?(?:evaluation\s+of\s+progress|visit))?|"
    r"Evaluation\s+of\s+progress|Next\s+steps)\s*[?:.]?$",
    re.I,
)
_IMPROVEMENT = re.compile(rf"^(?:{_IMPROVEMENT_HEADING})\b", re.I)
# Where the team is named: "The inspectors were ...", "The lead inspector was ...", "His
# Majesty's Inspectors A and B carried out this visit", "The visit was carried out by ...".
_TEAM_SENTENCES = (
    re.compile(r"\b(?:the\s+)?inspectors\s+were\s+(?P<names>.+)$", re.I),
    re.compile(
        r"\b(?P<names>(?:(?:His|Her)\s+Majesty['\u2019]?s|HM)\s+Inspectors?\s+.+?)\s+"
        r"(?:carried\s+out|undertook|conducted|completed)\s+(?:this|the)\s+visit\b",
        re.I,
    ),
    re.compile(r"\b(?:carried\s+out|undertaken|conducted|completed)\s+by\s+(?P<names>.+)$", re.I),
)
_TITLE_BEFORE_NAMES = re.compile(r"^(?:(?:His|Her)\s+Majesty['\u2019]?s|HM)\s+Inspectors?\s+", re.I)
_LEAD_SENTENCE = re.compile(r"\blead\s+inspector\s+(?:was|is)\s+(?P<names>.+)$", re.I)
_JUDGED_INADEQUATE = re.compile(
    rf"\bjudged\s+(?:to\s+be\s+)?inadequate\s+(?:in|on)\s+(?:\d{{1,2}}\s+)?"
    rf"(?P<month>{MONTH_PATTERN})\s+(?P<year>\d{{4}})",
    re.I,
)


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a letter on a focused, monitoring or assurance visit."""
    return _title(document.lines) is not None and bool(
        _SUMMARY.search(document.text) or "Yours sincerely" in document.text
    )


def parse(document: CleanDocument) -> InspectionReport:
    """Read a visit letter."""
    lines = body_lines(document.lines)
    title = _title(lines)
    if title is None:
        raise ParseError(document.source, "no visit title ('Focused visit to ...') found")
    kind, authority, title_end = title
    body = letter_body(lines, title_end, _HEADING)
    opening = opening_paragraph(body.sections, _SUMMARY) or opening_paragraph(body.sections, _VISIT)
    if opening is None:
        raise ParseError(document.source, "visit letter without its opening paragraph")
    visit = days_on_site([opening.text], _VISIT)
    if visit is None:
        raise ParseError(document.source, "visit letter without readable visit dates")
    read = read_sections(body.sections, opening, _IMPROVEMENT)
    # The team is named in the opening paragraph or in one of its own after it.
    lead, team = _inspectors([opening.text, *(p.text for p in read.introduction)], body.signature)
    framework = Framework.ILACS if visit[0] >= ILACS_BEGAN else Framework.SIF
    report_type, basis = _report_type(kind, framework)
    earlier = previous_inspections([opening, *read.prose])
    return InspectionReport(
        family=FAMILY,
        framework=framework,
        report_type=report_type,
        authority_name=authority,
        inspection_start=visit[0],
        inspection_end=visit[1],
        published=letter_date(lines[:title_end]),
        lead_inspectors=lead,
        team=team,
        recommendations=read.recommendations,
        findings=read.findings,
        previous_inspections=_with_inadequate_judgement(earlier, opening),
        statistics=area_statistics(read.prose),
        partnerships=partnership_mentions([opening, *read.prose]),
        visits=(visit,),
        report_type_basis=basis,
    )


def _title(lines: Sequence[Line]) -> tuple[str, str, int] | None:
    """Return (kind, authority as printed, index of the line after the title), or None."""
    index = title_line(lines, _TITLE_START)
    if index is None:
        return None
    texts = [line.text.strip() for line in lines[index : index + 2]]
    # The title alone, or wrapped onto the next line ("... Christchurch and Poole" /
    # "children's services").
    for span in (1, 2):
        match = _TITLE.match(" ".join(texts[:span]))
        if match:
            name = " ".join(match.group("name").split())
            return match.group("kind").lower(), name, index + span
    return None


def _inspectors(
    texts: Sequence[str], signature: Sequence[Line]
) -> tuple[tuple[str, ...], tuple[Inspector, ...]]:
    """Return the lead inspectors and the team: the letter names a lead, or its signer leads."""
    named: list[str] = []
    leads: list[str] = []
    for sentence in sentences_in(texts):
        lead = _LEAD_SENTENCE.search(sentence)
        if lead:
            leads.extend(_names_in(lead.group("names")))
            continue
        for pattern in _TEAM_SENTENCES:
            match = pattern.search(sentence)
            if match:
                named.extend(_names_in(match.group("names")))
                break
    signer = _signer(signature)
    if not leads and signer:
        leads = [signer]
    members = list(dict.fromkeys([*leads, *named]))
    team = tuple(
        Inspector(name, "lead inspector" if name in leads else "inspector") for name in members
    )
    return tuple(dict.fromkeys(leads)), team


def _names_in(text: str) -> list[str]:
    """Return the names in a list of inspectors, up to the end of the list's sentence."""
    text = re.sub(r"[.;]\s*$", "", text.strip())
    text = _TITLE_BEFORE_NAMES.sub("", text)
    return [name for name in inspector_names(text) if _looks_like_a_name(name)]


def _looks_like_a_name(text: str) -> bool:
    words = text.split()
    return 1 < len(words) <= 5 and all(word[:1].isupper() for word in words if len(word) > 3)


def _signer(signature: Sequence[Line]) -> str | None:
    """Return the name under "Yours sincerely", without its title."""
    texts = [line.text.strip() for line in signature if line.text.strip()][:3]
    for text in texts:
        names = [name for name in inspector_names(text) if _looks_like_a_name(name)]
        if names:
            return names[0]
    return None


def _report_type(kind: str, framework: Framework) -> tuple[str, str | None]:
    """Return the report type, and how it was decided where the letter does not say."""
    if kind != "monitoring":
        return REPORT_TYPES[kind], None
    if framework is Framework.ILACS:
        return REPORT_TYPES[kind], "monitoring visit on site from January 2018 on: under ILACS"
    return SIF_MONITORING, "monitoring visit on site before January 2018: under the SIF"


def _with_inadequate_judgement(
    found: tuple[PreviousInspection, ...], opening: Paragraph
) -> tuple[PreviousInspection, ...]:
    """Add the inadequate judgement a monitoring visit follows, if the shared reading missed it."""
    for sentence in sentences_in([opening.text]):
        match = _JUDGED_INADEQUATE.search(sentence)
        if match is None:
            continue
        year, month = int(match.group("year")), MONTHS[match.group("month").lower()]
        if any(earlier.year == year and earlier.month == month for earlier in found):
            return found
        judged = PreviousInspection(
            text=sentence,
            year=year,
            month=month,
            scope="children's services",
            grade=Grade.INADEQUATE,
            passage=Passage(sentence, page=opening.page, section=INTRODUCTION),
        )
        return (*found, judged)
    return found
