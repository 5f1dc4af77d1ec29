"""Inspections of safeguarding and looked after children services (2009-2012 framework).

The report has two services, each with its own graded judgements ("Grade 2 (Good)" under a
heading, on the 1-4 scale) and a closing "Record of main findings" table. Judgement area ids
are the service prefix ("safeguarding_" or "lac_") and the judgement's base id:

- safeguarding: overall, capacity_for_improvement, children_safe, quality_of_provision,
  health_contribution, ambition_and_prioritisation, leadership_and_management,
  performance_management, partnership_working, equality_and_diversity;
- looked after children: overall, capacity_for_improvement, being_healthy, staying_safe,
  enjoying_and_achieving, positive_contribution, economic_wellbeing, quality_of_provision,
  ambition_and_prioritisation, leadership_and_management, performance_management,
  equality_and_diversity.

Earlier reports of the framework also grade `outcomes` and split `children_safe` from
`feel_safe`; a heading the table in `BASE_IDS` does not know gets a snake_case id made from its
words. Judgements graded only in the closing table (usually "Equality and diversity") are
taken from the table; where body and table both grade an area the body's grade is kept, as it
carries the page it was read on.

The layout reading below is shared with the 2013 looked after children inspections
(`lac_2013`), which use the same template with one service, and with the 2012-2013 child
protection inspections (`child_protection_2012`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property

from loaders.dates import parse_date, parse_date_range
from loaders.document import CleanDocument, Line
from loaders.errors import ParseError
from loaders.grades import grade_from_word, numbered_grade
from loaders.mentions import partnership_mentions, previous_inspections
from loaders.paragraphs import Paragraph, paragraphs
from loaders.records import (
    Finding,
    Framework,
    Grade,
    InspectionReport,
    Judgement,
    Passage,
    Recommendation,
    ReportPart,
)
from loaders.statistics import area_statistics

FAMILY = "safeguarding_lac_2012"

TITLE = re.compile(
    r"inspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children'?s?\s+services", re.I
)
SERVICE_PREFIX = {"safeguarding": "safeguarding_", "looked_after_children": "lac_"}

# Maps (base id, service from the nearest service heading) to (area id, Judgement.service).
Identify = Callable[[str, str | None], tuple[str, str | None]]


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a 2009-2012 safeguarding and looked after children report."""
    head = " ".join(line.text for line in document.lines[:15])
    return bool(TITLE.search(head))


def parse(document: CleanDocument) -> InspectionReport:
    """Read a 2009-2012 safeguarding and looked after children inspection report."""
    front = front_matter(document, TITLE)
    blocks = split_blocks(document.lines)
    judgements = graded_judgements(blocks, _identify)
    if not any(judgement.area.endswith("_overall") for judgement in judgements):
        raise ParseError(document.source, "no overall effectiveness judgement found")
    return template_report(
        FAMILY,
        Framework.SAFEGUARDING_LAC_2009,
        front,
        blocks,
        all_paragraphs(blocks),
        judgements,
        keep_service=True,
    )


def template_report(
    family: str,
    framework: Framework,
    front: FrontMatter,
    blocks: list[Block],
    body: list[Paragraph],
    judgements: tuple[Judgement, ...],
    *,
    keep_service: bool,
) -> InspectionReport:
    """Return a report of the 2009-2013 template (its report type is its family): the cover,
    `judgements`, and what the body's blocks and paragraphs say in every family of it."""
    return InspectionReport(
        family=family,
        framework=framework,
        report_type=family,
        authority_name=front.authority_name,
        inspection_start=front.start,
        inspection_end=front.end,
        published=front.published,
        lead_inspectors=front.lead_inspectors,
        judgements=judgements,
        recommendations=recommendations(blocks, keep_service=keep_service),
        findings=numbered_findings(blocks),
        previous_inspections=previous_inspections(body),
        statistics=area_statistics(body),
        partnerships=partnership_mentions(body),
        visits=((front.start, front.end),) if front.start and front.end else (),
    )


def _identify(base: str, service: str | None) -> tuple[str, str | None]:
    # The safeguarding part comes first in this format: text before any service heading is its.
    service = service or "safeguarding"
    return SERVICE_PREFIX[service] + base, service


# --- Front page -------------------------------------------------------------------------------

_DATES_LINE = re.compile(r"^inspection\s+dates?\s*:?\s*(?P<rest>.*)$", re.I)
_LEAD_LINE = re.compile(r"^(?:reporting|lead)\s+inspectors?\s*:?\s*(?P<rest>.+)$", re.I)
_PUBLISHED_LINE = re.compile(r"^published\s*:?\s*(?P<rest>.+)$", re.I)
# A title after an inspector's name, "Senior" or not; "Care Quality Commission" names the
# inspectorate a joint inspection's health inspector came from, not a person.
_TITLES = re.compile(
    r",?\s*(?:Senior\s+)?(?:\(?\bHMI\b\)?|H(?:is|er)\s+Majesty['\u2019]?s\s+Inspector"
    r"|HM\s+Inspector|(?:Additional|Ofsted|Social\s+Care)\s+Inspector"
    r"|(?:the\s+)?Care\s+Quality\s+Commission(?:\s+inspector)?|\(?\bCQC\b\)?(?:\s+inspector)?)",
    re.I,
)
_NAME_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
FRONT_LINES = 40


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The cover page facts of a 2009-2013 report."""

    authority_name: str
    start: dt.date | None
    end: dt.date | None
    published: dt.date | None
    lead_inspectors: tuple[str, ...]


def front_matter(document: CleanDocument, title: re.Pattern[str]) -> FrontMatter:
    """Read authority, dates, reporting inspector and publication date from the cover."""
    texts = [line.text.strip() for line in document.lines[:FRONT_LINES]]
    dates_at = next((i for i, text in enumerate(texts) if _DATES_LINE.match(text)), None)
    if dates_at is None:
        raise ParseError(document.source, "no 'Inspection dates' line on the cover")
    cover = " ".join(text for text in texts[:dates_at] if text)
    authority = title.sub("", cover, count=1).strip(" :-\t")
    if not authority:
        raise ParseError(document.source, "no authority name on the cover")
    # A range can wrap onto the next line ("15 -" / "19 July 2013").
    span = parse_date_range(" ".join(texts[dates_at : dates_at + 2]))
    start, end = span if span else (None, None)
    published = lead = None
    for text in texts:
        if lead is None and (match := _LEAD_LINE.match(text)):
            lead = match.group("rest")
        if published is None and (match := _PUBLISHED_LINE.match(text)):
            published = parse_date(match.group("rest"))
    return FrontMatter(authority, start, end, published, _inspector_names(lead or ""))


def _inspector_names(text: str) -> tuple[str, ...]:
    names = (name.strip(" .") for name in _NAME_SEPARATORS.split(_TITLES.sub("", text)))
    return tuple(name for name in names if name)


# --- Blocks: the text between headings ----------------------------------------------------------

GRADE_LINE = re.compile(
    r"(?P<label>.*?)\s*Grade\s*(?P<number>[1-4])\s*"
    r"(?:[(:-]\s*(?i:outstanding|good|adequate|inadequate)\s*\)?)?\s*"
)
_SERVICE_HEADINGS = (
    (re.compile(r"safeguarding services", re.I), "safeguarding"),
    (
        re.compile(r"services for looked after children(?: and care leavers)?", re.I),
        "looked_after_children",
    ),
)
_SECTION_HEADINGS = re.compile(
    r"(?:contents|about this inspection|the inspection judgements and what they mean"
    r"|service information|areas for improvement|recommendations"
    r"|safeguarding outcomes for children and young people"
    r"|how good are outcomes for looked after children and care leavers)\s*[:?]?",
    re.I,
)
_IMPROVEMENT_HEADING = re.compile(r"areas for improvement|recommendations", re.I)
_TABLE_HEADING = re.compile(r"record of main findings\s*:?", re.I)
TIMESCALE = re.compile(
    r"(?:immediately|within\s+(?:\w+|\d+)\s+(?:days?|weeks?|months?)|in\s+the\s+(?:short|medium"
    r"|longer?)\s+term)\s*:?",
    re.I,
)
# Headings can wrap over a few lines of a PDF page.
MAX_HEADING_LINES = 4


@dataclass
class Block:
    """The lines under one heading, with the service and section they sit in."""

    kind: str  # front, section, service, judgement, timescale, table
    heading: str
    service: str | None = None
    service_heading: str | None = None
    parent: str | None = None  # a timescale's enclosing section ("Areas for improvement")
    grade: Grade | None = None
    grade_text: str = ""
    page: int | None = None
    lines: list[Line] = field(default_factory=list)

    @cached_property
    def paragraphs(self) -> list[Paragraph]:
        """Return the block's lines joined into paragraphs."""
        return paragraphs(self.lines)

    @property
    def section(self) -> str:
        """Return the section name findings carry ("Safeguarding services: Quality of ...")."""
        heading = self.parent if self.kind == "timescale" and self.parent else self.heading
        return f"{self.service_heading}: {heading}" if self.service_heading else heading


def split_blocks(lines: tuple[Line, ...]) -> list[Block]:
    """Cut the document's lines into blocks at headings, grade lines and timescales."""
    blocks = [Block("front", "")]
    index = 0
    while index < len(lines):
        line, current = lines[index], blocks[-1]
        text = line.text.strip()
        grade_match = GRADE_LINE.fullmatch(text)
        if current.kind == "table":
            current.lines.append(line)
        elif grade_match and (heading := _judgement_heading(current, grade_match["label"])):
            grade = numbered_grade(f"Grade {grade_match['number']}")
            if heading == current.heading and not _has_body(current):
                blocks.pop()  # the heading block was only the judgement's heading
            blocks.append(_child(blocks[-1], "judgement", heading, line.page))
            same_line = grade_match["label"].strip()
            # The heading's lines above the grade line, then the grade line as printed.
            printed = f"{heading.removesuffix(same_line)} {text}".strip()
            blocks[-1].grade, blocks[-1].grade_text = grade, printed
        elif span := _heading_span(lines, index):
            heading = " ".join(lines[i].text.strip() for i in range(index, index + span))
            blocks.append(_heading_block(blocks, heading, line.page))
            index += span
            continue
        else:
            current.lines.append(line)
        index += 1
    return blocks


def _heading_span(lines: tuple[Line, ...], index: int) -> int:
    texts = [line.text.strip() for line in lines[index : index + MAX_HEADING_LINES]]
    for span in range(MAX_HEADING_LINES, 0, -1):
        chunk = texts[:span]
        if len(chunk) < span or not all(chunk):
            continue
        if _ANY_HEADING.fullmatch(" ".join(chunk)):
            return span
    return 0


def _heading_block(blocks: list[Block], heading: str, page: int | None) -> Block:
    previous = blocks[-1]
    if _TABLE_HEADING.fullmatch(heading):
        return Block("table", heading.rstrip(": "), page=page)
    for pattern, service in _SERVICE_HEADINGS:
        if pattern.fullmatch(heading):
            return Block("service", heading, service=service, service_heading=heading, page=page)
    if TIMESCALE.fullmatch(heading):
        block = _child(previous, "timescale", heading.rstrip(": "), page)
        block.parent = previous.parent if previous.kind == "timescale" else previous.heading
        return block
    return _child(previous, "section", heading.rstrip(":"), page)


def _child(previous: Block, kind: str, heading: str, page: int | None) -> Block:
    return Block(kind, heading, previous.service, previous.service_heading, page=page)


def _judgement_heading(current: Block, same_line: str) -> str:
    """Return the heading a grade line grades, taking wrapped heading lines off `current`."""
    if same_line.strip() and not same_line.strip()[0].islower():
        return same_line.strip()
    if current.kind == "section" and not _has_body(current) and not same_line.strip():
        return current.heading
    filled = [i for i, line in enumerate(current.lines) if line.text.strip()]
    for count in range(1, MAX_HEADING_LINES + 1):
        chosen = filled[-count:]
        if len(chosen) < count:
            break
        text = " ".join(current.lines[i].text.strip() for i in chosen)
        if base_id(text, known_only=True) or (count == 1 and _looks_like_heading(text)):
            del current.lines[chosen[0] :]
            return f"{text} {same_line.strip()}".strip()
    return ""


def _looks_like_heading(text: str) -> bool:
    return len(text) < 100 and text[:1].isupper() and not re.search(r"[.;,]$", text)


def _has_body(block: Block) -> bool:
    return any(line.text.strip() for line in block.lines)


# --- Judgements ----------------------------------------------------------------------------------

BASE_IDS: tuple[tuple[str, str], ...] = (
    (r"overall effectiveness(?: of [a-z' ,-]+)?", "overall"),
    (r"capacity (?:for|to) improve(?:ment)?(?: [a-z' ,-]+)?", "capacity_for_improvement"),
    (r"(?:safeguarding )?outcomes for [a-z' ,-]+|how good are outcomes [a-z' ,-]+\??", "outcomes"),
    (r"children and young people are safe and feel safe", "children_safe"),
    (r"children and young people feel safe", "feel_safe"),
    (r"children and young people are safe\b.*", "children_safe"),
    (r"quality of provision", "quality_of_provision"),
    (r"the contribution of health agencies\b.*", "health_contribution"),
    (r"ambition and prioritisation", "ambition_and_prioritisation"),
    (r"leadership and management", "leadership_and_management"),
    (r"performance management(?: and quality assurance)?", "performance_management"),
    (r"partnership working", "partnership_working"),
    (r"equality and diversity", "equality_and_diversity"),
    (r"being healthy", "being_healthy"),
    (r"staying safe", "staying_safe"),
    (r"enjoying and achieving", "enjoying_and_achieving"),
    (r"making a positive contribution\b.*", "positive_contribution"),
    (r"(?:achieving )?economic well-? ?being", "economic_wellbeing"),
)
_BASE_PATTERNS = [(re.compile(pattern, re.I), base) for pattern, base in BASE_IDS]
_HEADING_PATTERNS = (
    _TABLE_HEADING,
    _SECTION_HEADINGS,
    TIMESCALE,
    *(pattern for pattern, _ in _SERVICE_HEADINGS),
)
# One pattern that matches a whole text wherever one of _HEADING_PATTERNS does: tried on every
# line, one regex call is much cheaper than several.
_ANY_HEADING = re.compile("|".join(f"(?:{pattern.pattern})" for pattern in _HEADING_PATTERNS), re.I)
# The label cannot end in the separator run: tried there too, a long run of ": : :" costs
# time quadratic in its length (the lazy label never ends so anyway).
_TABLE_ROW = re.compile(
    r"(?P<label>.*?)(?<![\s:])[\s:]*(?:\bGrade\s*)?(?:(?P<number>[1-4])\s*\(\s*)?(?<![A-Za-z])"
    r"(?P<word>outstanding|good|adequate|inadequate)\s*\)?",
    re.I,
)


def base_id(label: str, known_only: bool = False) -> str:
    """Return the base area id of a judgement heading ("Being healthy" -> being_healthy)."""
    text = re.sub(r"\s+", " ", label).strip(" :?\t")
    for pattern, base in _BASE_PATTERNS:
        if pattern.fullmatch(text):
            return base
    if known_only:
        return ""
    return "_".join(re.findall(r"[a-z]+", text.lower())[:6])


def graded_judgements(blocks: list[Block], identify: Identify) -> tuple[Judgement, ...]:
    """Return the body's graded judgements, then those only the closing table grades."""
    found: dict[str, Judgement] = {}
    for block in blocks:
        if block.kind == "judgement" and block.grade:
            area, service = identify(base_id(block.heading), block.service)
            passage = Passage(block.grade_text, block.page, section=block.section)
            found.setdefault(area, Judgement(area, block.heading, block.grade, passage, service))
    for judgement in _table_judgements(blocks, identify):
        found.setdefault(judgement.area, judgement)
    return tuple(found.values())


def _table_judgements(blocks: list[Block], identify: Identify) -> list[Judgement]:
    judgements = []
    for block in (block for block in blocks if block.kind == "table"):
        service, pending = None, []
        for line in block.lines:
            text = line.text.strip()
            named = [svc for pattern, svc in _SERVICE_HEADINGS if pattern.fullmatch(text)]
            row = _TABLE_ROW.fullmatch(text)
            if named or not row:
                service, pending = (named[0], []) if named else (service, [*pending, text])
                continue
            label = row["label"].strip(" :\t")
            if not label or label[0].islower():  # a wrapped row: its start is pending
                label = " ".join([*pending, label]).strip()
            pending = []
            grade = numbered_grade(f"Grade {row['number']}") if row["number"] else None
            grade = grade or grade_from_word(row["word"])
            if label and grade:
                area, kept_service = identify(base_id(label), service)
                passage = Passage(text, line.page, section=block.heading)
                judgements.append(Judgement(area, label, grade, passage, kept_service))
    return judgements


# --- Areas for improvement and findings ----------------------------------------------------------

_ADDRESSEE = re.compile(r"^(?P<who>.{3,200}?)\s+should\s+(?!not\b)", re.I)
_BODY_WORDS = re.compile(
    r"\b(?:boards?|trusts?|pcts?|ccgs?|council|partners(?:hips?)?|services?|authority|hospitals?"
    r"|police|commissioners?|agency|agencies|groups?|teams?|schools?|nhs|providers?)\b",
    re.I,
)
_IMPERATIVE = re.compile(
    r"^(?:ensure|improve|review|establish|consider|take|develop|increase|make|provide|undertake"
    r"|strengthen|continue|implement|reduce|monitor|put|secure|agree|extend|evaluate|embed"
    r"|raise|address|complete|identify|introduce)\b",
    re.I,
)


def recommendations(blocks: list[Block], keep_service: bool) -> tuple[Recommendation, ...]:
    """Return the areas for improvement listed under timescale headings, numbered 1..n."""
    found: list[Recommendation] = []
    for block in blocks:
        if block.kind == "timescale":
            items = [p for p in block.paragraphs if p.bullet] or block.paragraphs
        elif block.kind == "section" and _IMPROVEMENT_HEADING.fullmatch(block.heading):
            items = [p for p in block.paragraphs if p.bullet]  # a list without timescales
        else:
            continue
        for item in items:
            found.append(
                Recommendation(
                    part=ReportPart.LOCAL_AUTHORITY,
                    number=len(found) + 1,
                    text=item.text,
                    timescale=block.heading if block.kind == "timescale" else None,
                    addressed_to=addressee(item.text),
                    passage=Passage(item.text, item.page, section=block.section),
                    service=block.service if keep_service else None,
                )
            )
    return tuple(found)


def addressee(text: str) -> str | None:
    """Return the body an action names as responsible ("X and Y should ensure ...")."""
    match = _ADDRESSEE.match(text)
    if not match:
        return None
    who = match["who"].strip(" ,")
    if _IMPERATIVE.match(who) or " that " in who:
        return None
    names_a_body = _BODY_WORDS.search(who) or re.search(r"\s[A-Z]", who)
    return who if names_a_body else None


def numbered_findings(blocks: list[Block]) -> tuple[Finding, ...]:
    """Return the numbered paragraphs with their section, skipping numbers out of sequence."""
    findings: list[Finding] = []
    for block in (block for block in blocks if block.kind != "table"):
        follows_finding = False
        for paragraph in block.paragraphs:
            last = findings[-1] if findings else None
            if follows_finding and last and _continues(paragraph):
                # A paragraph cut by a page break after a quote ("... 'back office'").
                findings[-1] = replace(last, text=f"{last.text} {paragraph.text}")
                continue
            # A wrapped line that starts "12. " mid-paragraph would break the sequence.
            follows_finding = bool(
                paragraph.number and paragraph.number > (last.number if last else 0)
            )
            if follows_finding:
                findings.append(
                    Finding(paragraph.number, paragraph.text, block.section, paragraph.page)
                )
    return tuple(findings)


def _continues(paragraph: Paragraph) -> bool:
    return not paragraph.number and not paragraph.bullet and paragraph.text[:1].islower()


def all_paragraphs(blocks: list[Block]) -> list[Paragraph]:
    """Return every paragraph of the report body, outside the closing table."""
    return [p for block in blocks if block.kind != "table" for p in block.paragraphs]
