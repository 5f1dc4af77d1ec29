"""The 2009-2012 safeguarding and looked after children parser, on seed 002 and PDF-like text."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.document import CleanDocument, Line
from loaders.errors import ParseError
from loaders.parsers import safeguarding_lac_2012 as parser
from loaders.records import Framework, Grade, ReportPart
from tests.conftest import clean_corpus_file, clean_seed, requires_corpus

KENT_2013 = "80476_kent/children's services inspection,  pdf - 23 august 2013.pdf"
SAFEGUARDING = "safeguarding"
LAC = "looked_after_children"


@pytest.fixture(scope="module")
def report():
    return parser.parse(clean_seed("002"))


def test_detects_the_seed_and_no_other_seed() -> None:
    # Seed 002 opens "Inspection of safeguarding and looked after children services".
    assert parser.detect(clean_seed("002"))
    for other in ("000", "001", "003", "004"):
        assert not parser.detect(clean_seed(other)), other


@requires_corpus
def test_does_not_detect_a_2013_looked_after_children_report() -> None:
    assert not parser.detect(clean_corpus_file(KENT_2013))


def test_cover_page(report) -> None:
    # "Royal Borough of Kensington and Chelsea" / "Inspection dates: 10-20 April 2012" /
    # "Reporting inspector Stephen Hart HMI" / "Published: 29 May 2012"
    assert report.family == "safeguarding_lac_2012"
    assert report.report_type == "safeguarding_lac_2012"
    assert report.framework is Framework.SAFEGUARDING_LAC_2009
    assert report.authority_name == "Royal Borough of Kensington and Chelsea"
    assert report.inspection_start == dt.date(2012, 4, 10)
    assert report.inspection_end == dt.date(2012, 4, 20)
    assert report.published == dt.date(2012, 5, 29)
    assert report.lead_inspectors == ("Stephen Hart",)


# Every heading of the seed is followed by "Grade 2 (Good)" (some on the same line, e.g.
# "**Staying safe****Grade 2 (Good)**"); the two "Equality and diversity" rows are graded only
# in the "Record of main findings" table ("Equality and diversity\t<b>2 (Good)</b>").
EXPECTED_JUDGEMENTS = [
    ("safeguarding_overall", "Overall effectiveness", SAFEGUARDING),
    ("safeguarding_capacity_for_improvement", "Capacity for improvement", SAFEGUARDING),
    (
        "safeguarding_children_safe",
        "Children and young people are safe and feel safe",
        SAFEGUARDING,
    ),
    ("safeguarding_quality_of_provision", "Quality of provision", SAFEGUARDING),
    (
        "safeguarding_health_contribution",
        "The contribution of health agencies to keeping children and young people safe",
        SAFEGUARDING,
    ),
    ("safeguarding_ambition_and_prioritisation", "Ambition and prioritisation", SAFEGUARDING),
    ("safeguarding_leadership_and_management", "Leadership and management", SAFEGUARDING),
    (
        "safeguarding_performance_management",
        "Performance management and quality assurance",
        SAFEGUARDING,
    ),
    ("safeguarding_partnership_working", "Partnership working", SAFEGUARDING),
    ("lac_overall", "Overall effectiveness", LAC),
    ("lac_capacity_for_improvement", "Capacity for improvement", LAC),
    ("lac_being_healthy", "Being healthy", LAC),
    ("lac_staying_safe", "Staying safe", LAC),
    ("lac_enjoying_and_achieving", "Enjoying and achieving", LAC),
    (
        "lac_positive_contribution",
        "Making a positive contribution, including user engagement",
        LAC,
    ),
    ("lac_economic_wellbeing", "Economic well-being", LAC),
    ("lac_quality_of_provision", "Quality of provision", LAC),
    ("lac_ambition_and_prioritisation", "Ambition and prioritisation", LAC),
    ("lac_leadership_and_management", "Leadership and management", LAC),
    ("lac_performance_management", "Performance management and quality assurance", LAC),
    ("safeguarding_equality_and_diversity", "Equality and diversity", SAFEGUARDING),
    ("lac_equality_and_diversity", "Equality and diversity", LAC),
]


@pytest.mark.parametrize(("area", "label", "service"), EXPECTED_JUDGEMENTS)
def test_judgement(report, area: str, label: str, service: str) -> None:
    by_area = {judgement.area: judgement for judgement in report.judgements}
    judgement = by_area[area]
    assert (judgement.label, judgement.grade, judgement.service) == (label, Grade.GOOD, service)


def test_each_judgement_once_body_before_table(report) -> None:
    areas = [judgement.area for judgement in report.judgements]
    assert areas == [area for area, _, _ in EXPECTED_JUDGEMENTS]
    body = [j for j in report.judgements if j.passage.section != "Record of main findings"]
    assert len(body) == 20
    assert report.judgements[12].passage.text == "Staying safeGrade 2 (Good)"


# The seed's two "Areas for improvement" lists, under "Immediately:", "Within three months:"
# and "Within six months:" (7 bullets for safeguarding, 8 for looked after children).
EXPECTED_RECOMMENDATIONS = [
    (1, "Immediately", SAFEGUARDING, None, "improve the timeliness of recording"),
    (
        2,
        "Immediately",
        SAFEGUARDING,
        "Inner North West London PCTs and the urgent care centre, St Charles Hospital",
        "Inner North West London PCTs and the urgent care centre",
    ),
    (3, "Within three months", SAFEGUARDING, None, "ensure that intelligence about children"),
    (
        4,
        "Within three months",
        SAFEGUARDING,
        "the local children's safeguarding board and Inner North West London PCTs",
        "the local children's safeguarding board",
    ),
    (
        5,
        "Within three months",
        SAFEGUARDING,
        "Inner North West London Primary Care Trusts (PCTs)",
        "Inner North West London Primary Care Trusts (PCTs) should ensure",
    ),
    (6, "Within three months", SAFEGUARDING, None, "take steps to ensure that appropriate"),
    (7, "Within six months", SAFEGUARDING, None, "consider opportunities for further joint"),
    (8, "Immediately", LAC, None, "improve the school attendance of looked after children"),
    (9, "Immediately", LAC, None, "improve the timeliness and management oversight"),
    (10, "Immediately", LAC, None, "ensure that all children and young people know how"),
    (11, "Within three months", LAC, None, "ensure that all reports that are to be submitted"),
    (12, "Within three months", LAC, None, "establish clear protocols between the virtual school"),
    (13, "Within three months", LAC, None, "ensure that all pathway plans are brought up to date"),
    (
        14,
        "Within three months",
        LAC,
        "Inner North West London PCTs and Central London Community Healthcare NHS Trust",
        "Inner North West London PCTs and Central London",
    ),
    # "the annual independent reviewing officers' report should include commentary ..." names a
    # report, not a body.
    (15, "Within six months", LAC, None, "the annual independent reviewing officers' report"),
]


@pytest.mark.parametrize(
    ("number", "timescale", "service", "addressed_to", "start"), EXPECTED_RECOMMENDATIONS
)
def test_recommendation(
    report, number: int, timescale: str, service: str, addressed_to: str | None, start: str
) -> None:
    recommendation = report.recommendations[number - 1]
    assert recommendation.number == number
    assert recommendation.part is ReportPart.LOCAL_AUTHORITY
    assert recommendation.timescale == timescale
    assert recommendation.service == service
    assert recommendation.addressed_to == addressed_to
    assert recommendation.text.startswith(start)
    assert recommendation.passage.section.endswith("Areas for improvement")


def test_recommendation_count(report) -> None:
    assert len(report.recommendations) == 15


def test_findings_are_the_numbered_paragraphs(report) -> None:
    # Paragraphs run "1. The purpose of the inspection ..." to "110. ..."; the text seed has
    # no pages.
    assert [finding.number for finding in report.findings] == list(range(1, 111))
    assert all(finding.page is None for finding in report.findings)
    by_number = {finding.number: finding for finding in report.findings}
    # "11. The overall effectiveness of safeguarding services is good."
    assert by_number[11].section == "Safeguarding services: Overall effectiveness"
    assert by_number[11].text.startswith("The overall effectiveness of safeguarding services")
    # "61. The overall effectiveness of looked after children services is good."
    assert by_number[61].section == "Services for looked after children: Overall effectiveness"
    # "20. In order to improve the quality of provision and services for safeguarding ..."
    assert by_number[20].section == "Safeguarding services: Areas for improvement"
    # Paragraph 11 continues after a blank line: "... merging 'back office'" / "functions ..."
    assert by_number[11].text.endswith(
        "protecting the range and availability of front line services."
    )


# --- The format as a PDF prints it: no blank lines, wrapped headings, page breaks ------------

PDF_LINES = [
    (1, "Inspection of safeguarding and looked"),
    (1, "after children services"),
    (1, "Anytown Borough Council"),
    (1, "Inspection dates: 7 - 18 June 2010"),
    (1, "Reporting inspector Jane Doe HMI and John Roe HMI"),
    (1, "Published: 23 July 2010"),
    (2, "Safeguarding services"),
    (2, "Overall effectiveness"),
    (2, "Grade 3 (Adequate)"),
    (2, "1. The overall effectiveness of safeguarding services is adequate. Partners"),
    (2, "work well together."),
    (2, "Children and young people are safe: effectiveness of services in taking"),
    (2, "reasonable steps to ensure that children and young people are safe"),
    (2, "Grade 4 (Inadequate)"),
    (2, "2. Too many children wait for an assessment."),
    (2, "Areas for improvement"),
    (2, "3. In order to improve services the local authority should take the following action."),
    (2, "Immediately:"),
    (2, "- ensure that every referral is assessed"),
    (2, "promptly"),
    (3, "Within three months:"),
    (3, "- NHS Anytown should ensure that health staff attend conferences."),
    (3, "Services for looked after children"),
    (3, "Overall effectiveness"),
    (4, "Grade 1 (Outstanding)"),
    (4, "4. Looked after children do very well."),
    (4, "Record of main findings"),
    (4, "Safeguarding services"),
    (4, "Overall effectiveness Adequate"),
    (4, "Equality and diversity Good"),
    (4, "Services for looked after children"),
    (4, "Overall effectiveness Outstanding"),
    (4, "Making a positive contribution, including"),
    (4, "user engagement"),
    (4, "Good"),
]


def _document(lines: list[tuple[int | None, str]]) -> CleanDocument:
    return CleanDocument("test.pdf", "application/pdf", tuple(Line(t, p) for p, t in lines))


@pytest.fixture(scope="module")
def pdf_report():
    return parser.parse(_document(PDF_LINES))


def test_pdf_layout_cover(pdf_report) -> None:
    assert pdf_report.authority_name == "Anytown Borough Council"
    assert (pdf_report.inspection_start, pdf_report.inspection_end) == (
        dt.date(2010, 6, 7),
        dt.date(2010, 6, 18),
    )
    assert pdf_report.lead_inspectors == ("Jane Doe", "John Roe")


def test_pdf_layout_judgements(pdf_report) -> None:
    grades = {(j.area, j.grade, j.passage.page) for j in pdf_report.judgements}
    assert grades == {
        ("safeguarding_overall", Grade.ADEQUATE, 2),
        ("safeguarding_children_safe", Grade.INADEQUATE, 2),
        ("lac_overall", Grade.OUTSTANDING, 4),  # heading on page 3, grade line on page 4
        ("safeguarding_equality_and_diversity", Grade.GOOD, 4),
        ("lac_positive_contribution", Grade.GOOD, 4),  # a table row wrapped over three lines
    }
    labels = {j.area: j.label for j in pdf_report.judgements}
    assert labels["safeguarding_children_safe"].endswith("children and young people are safe")
    assert labels["lac_positive_contribution"] == (
        "Making a positive contribution, including user engagement"
    )


def test_pdf_layout_recommendations_and_findings(pdf_report) -> None:
    first, second = pdf_report.recommendations
    assert (first.text, first.timescale, first.passage.page) == (
        "ensure that every referral is assessed promptly",
        "Immediately",
        2,
    )
    assert (second.addressed_to, second.timescale, second.passage.page) == (
        "NHS Anytown",
        "Within three months",
        3,
    )
    assert [(f.number, f.page) for f in pdf_report.findings] == [(1, 2), (2, 2), (3, 2), (4, 4)]
    assert pdf_report.findings[0].text.endswith("Partners work well together.")
    # The paragraph before a heading must not swallow the heading.
    assert pdf_report.findings[1].text == "Too many children wait for an assessment."


def test_a_report_without_an_overall_judgement_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parser.parse(_document(PDF_LINES[:6]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the council should ensure that plans are reviewed", "the council"),
        ("ensure that health partners should attend", None),
        ("improve the timeliness of recording", None),
        ("Anytown PCT should provide training.", "Anytown PCT"),
    ],
)
def test_addressee(text: str, expected: str | None) -> None:
    assert parser.addressee(text) == expected


def test_areas_for_improvement_without_timescales() -> None:
    lines = [
        *PDF_LINES[:9],
        (2, "Areas for improvement"),
        (2, "2. The local authority and its partners should take the following action."),
        (2, "- improve the quality of assessments"),
        (2, "- Anytown Safeguarding Children Board should audit case files."),
        (3, "Partnership working"),
        (3, "Grade 2 (Good)"),
    ]
    report = parser.parse(_document(lines))
    assert [(r.number, r.timescale, r.addressed_to) for r in report.recommendations] == [
        (1, None, None),
        (2, None, "Anytown Safeguarding Children Board"),
    ]
    assert report.judgements[-1].area == "safeguarding_partnership_working"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Reporting inspector Helen Cawston, Senior HMI", ("Helen Cawston",)),
        ("Reporting inspector Helen Cawston Senior HMI", ("Helen Cawston",)),
        ("Lead inspector: Helen Cawston, Ofsted Inspector", ("Helen Cawston",)),
        ("Lead inspector: Helen Cawston, Her Majesty\u2019s Inspector", ("Helen Cawston",)),
        (
            "Reporting inspectors Stephen Hart HMI and Jane Doe, Care Quality Commission",
            ("Stephen Hart", "Jane Doe"),
        ),
        (
            "Reporting inspectors Stephen Hart (HMI) and Jane Doe (CQC)",
            ("Stephen Hart", "Jane Doe"),
        ),
    ],
)
def test_the_reporting_inspector_is_read_without_titles(
    line: str, expected: tuple[str, ...]
) -> None:
    lines = [(page, line if "Reporting inspector" in text else text) for page, text in PDF_LINES]
    assert parser.parse(_document(lines)).lead_inspectors == expected
