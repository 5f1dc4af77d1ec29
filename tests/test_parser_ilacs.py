"""The ILACS (2018 on) parser against seed 003, the corpus labels and small made-up layouts.

Golden values are read from the sources; the quoted lines are what the source prints.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.document import CleanDocument, Line
from loaders.errors import ParseError
from loaders.parsers import ilacs
from loaders.records import Framework, Grade, InspectionReport, ReportPart
from tests.conftest import clean_corpus_file, clean_seed, corpus_labels, requires_corpus

WESTMINSTER_2025_PDF = "80519_westminster/children's services inspection - 13 january 2025.pdf"
GRADE_COLUMNS = ("overall", "leaders", "help_protection", "in_care", "care_leavers")


@pytest.fixture(scope="module")
def westminster() -> InspectionReport:
    return ilacs.parse(clean_seed("003"))


def _document(*pages: str) -> CleanDocument:
    """Return a cleaned document with one numbered page per argument."""
    lines = tuple(
        Line(text, number) for number, page in enumerate(pages, 1) for text in page.split("\n")
    )
    return CleanDocument("made-up.pdf", "application/pdf", lines)


# --- seed 003: Westminster, November 2024 (text conversion) ---


def test_seed_003_front_page(westminster: InspectionReport) -> None:
    # "Inspection of Westminster local authority children's services"
    # "Inspection dates: 11 to 15 November 2024"
    # "Lead inspector: Naintara Khosla, His Majesty's Inspector"
    assert westminster.family == "ilacs"
    assert westminster.framework is Framework.ILACS
    assert westminster.authority_name == "Westminster"
    assert westminster.inspection_start == dt.date(2024, 11, 11)
    assert westminster.inspection_end == dt.date(2024, 11, 15)
    assert westminster.visits == ((dt.date(2024, 11, 11), dt.date(2024, 11, 15)),)
    assert westminster.lead_inspectors == ("Naintara Khosla",)
    assert westminster.team == ()
    assert westminster.published is None  # the text prints no publication date


def test_seed_003_is_a_short_inspection_by_days_on_site(westminster: InspectionReport) -> None:
    # Monday 11 to Friday 15 November 2024: one week on site.
    assert westminster.report_type == "ilacs_short"
    assert "5 working days" in westminster.report_type_basis
    assert "does not state" in westminster.report_type_basis


def test_seed_003_judgements(westminster: InspectionReport) -> None:
    # Judgement / Grade table: every row "Outstanding", including
    # "The experiences and progress of care leavers" and "Overall effectiveness".
    grades = {j.area: (j.label, j.grade) for j in westminster.judgements}
    assert grades == {
        "leaders": (
            "The impact of leaders on social work practice with children and families",
            Grade.OUTSTANDING,
        ),
        "help_protection": (
            "The experiences and progress of children who need help and protection",
            Grade.OUTSTANDING,
        ),
        "in_care": ("The experiences and progress of children in care", Grade.OUTSTANDING),
        "care_leavers": ("The experiences and progress of care leavers", Grade.OUTSTANDING),
        "overall": ("Overall effectiveness", Grade.OUTSTANDING),
    }
    assert all(j.passage and "Outstanding" in j.passage.text for j in westminster.judgements)


def test_seed_003_what_needs_to_improve(westminster: InspectionReport) -> None:
    # "■ The consistency of response to children's experiences from the local authority
    # designated officer (LADO) service."
    (only,) = westminster.recommendations
    assert only.part is ReportPart.LOCAL_AUTHORITY
    assert only.number == 1
    assert only.text == (
        "The consistency of response to children's experiences from the local authority "
        "designated officer (LADO) service."
    )


@pytest.mark.parametrize(
    ("number", "section", "text_part"),
    [
        # "- 1. A wide range of specialist and targeted early help services intervene ..."
        (
            1,
            "The experiences and progress of children who need help and protection",
            "A wide range of specialist and targeted early help services",
        ),
        # paragraph 6 runs over a page break: "... underpin the response to domestic" /
        # "abuse. Perpetrators are assisted ..."
        (
            6,
            "The experiences and progress of children who need help and protection",
            "the response to domestic abuse. Perpetrators are assisted",
        ),
        # "The experiences and progress of children in care: outstanding" / "- 21. The quality
        # and impact of practice for children in care has been further enhanced ..."
        (
            21,
            "The experiences and progress of children in care",
            "further enhanced since the last ILACS inspection, in 2019.",
        ),
        # "The experiences and progress of care leavers: outstanding" / "- 35. Care leavers
        # receive excellent support."
        (35, "The experiences and progress of care leavers", "Care leavers receive excellent"),
        # paragraph 46 continues after a page break as a stray bullet: "The model" /
        # "- embraces a relational approach, ..."
        (
            46,
            "The impact of leaders on social work practice with children and families",
            "The model embraces a relational approach",
        ),
    ],
)
def test_seed_003_findings(
    westminster: InspectionReport, number: int, section: str, text_part: str
) -> None:
    finding = westminster.findings[number - 1]
    assert finding.number == number
    assert finding.section == section
    assert text_part in finding.text


def test_seed_003_numbers_every_paragraph(westminster: InspectionReport) -> None:
    # The last paragraph is "- 61. Staff enjoy and are proud to work in Westminster. ..."
    assert [f.number for f in westminster.findings] == list(range(1, 62))
    assert westminster.findings[-1].text.endswith(
        "allowing social work practice to really flourish."
    )


@pytest.mark.parametrize("seed", ["000", "001", "002", "004"])
def test_detect_says_no_to_other_seeds(seed: str) -> None:
    # 000 and 004 are SIF reports, 001 a committee report, 002 a 2012 inspection.
    assert not ilacs.detect(clean_seed(seed))


def test_detect_says_yes_to_seed_003() -> None:
    assert ilacs.detect(clean_seed("003"))


# --- the corpus: every ILACS report against the hand-checked labels ---

ILACS_ROWS = [row for row in corpus_labels() if row["report_type"] == "ilacs_full"]
OTHER_ROWS = [
    row for row in corpus_labels() if row["report_type"] not in {"ilacs_full", "not_a_pdf"}
]


@pytest.fixture(scope="module")
def parsed_corpus() -> dict[str, InspectionReport]:
    return {row["file"]: ilacs.parse(clean_corpus_file(row["file"])) for row in ILACS_ROWS}


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", ILACS_ROWS, ids=lambda row: row["file"])
def test_corpus_report_matches_labels(
    row: dict[str, str], parsed_corpus: dict[str, InspectionReport]
) -> None:
    assert ilacs.detect(clean_corpus_file(row["file"]))
    report = parsed_corpus[row["file"]]
    assert report.authority_name == row["la_name"]
    assert report.inspection_start == dt.date.fromisoformat(row["inspection_start"])
    assert report.inspection_end == dt.date.fromisoformat(row["inspection_end"])
    assert "; ".join(report.lead_inspectors) == row["lead_inspector"]
    combined = row["care_leavers_combined"] == "yes"
    grades = {j.area: j.grade.value for j in report.judgements}
    assert ("in_care_and_care_leavers" in grades) == combined
    if combined:
        grades["in_care"] = grades.pop("in_care_and_care_leavers")
    for column in GRADE_COLUMNS:
        assert grades.get(column, "") == row[column], column
    assert len(report.recommendations) == int(row["n_improvements"])
    assert [r.number for r in report.recommendations] == list(
        range(1, len(report.recommendations) + 1)
    )


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", ILACS_ROWS, ids=lambda row: row["file"])
def test_corpus_report_type_follows_days_on_site(
    row: dict[str, str], parsed_corpus: dict[str, InspectionReport]
) -> None:
    # The label notes give the days on site: "(one week on site, consistent with a short
    # inspection)" or "(two weeks on site, consistent with a standard inspection)".
    report = parsed_corpus[row["file"]]
    expected = "ilacs_short" if "one week on site" in row["notes"] else "ilacs_standard"
    assert report.report_type == expected
    assert "days on site" in report.report_type_basis


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", ILACS_ROWS, ids=lambda row: row["file"])
def test_corpus_findings_are_numbered_paragraphs_under_graded_headings(
    row: dict[str, str], parsed_corpus: dict[str, InspectionReport]
) -> None:
    report = parsed_corpus[row["file"]]
    numbers = [f.number for f in report.findings]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 30  # every ILACS report in the corpus runs to 35-74 paragraphs
    sections = list(dict.fromkeys(f.section for f in report.findings))
    assert len(sections) == (3 if row["care_leavers_combined"] == "yes" else 4)
    assert all(section.startswith("The ") for section in sections)
    for finding in report.findings:
        # No page-foot note, closing boilerplate or next heading inside a paragraph.
        assert "cross-referenced" not in finding.text
        assert "Office for Standards" not in finding.text
        assert "\ufffe" not in finding.text
        assert finding.page is not None


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("row", OTHER_ROWS, ids=lambda row: row["file"])
def test_detect_says_no_to_other_corpus_families(row: dict[str, str]) -> None:
    assert not ilacs.detect(clean_corpus_file(row["file"]))


@requires_corpus
@pytest.mark.corpus
def test_seed_003_and_its_pdf_give_the_same_facts(westminster: InspectionReport) -> None:
    pdf = ilacs.parse(clean_corpus_file(WESTMINSTER_2025_PDF))
    for field in (
        "authority_name",
        "inspection_start",
        "inspection_end",
        "visits",
        "lead_inspectors",
        "report_type",
        "report_type_basis",
    ):
        assert getattr(pdf, field) == getattr(westminster, field), field
    assert [(j.area, j.label, j.grade) for j in pdf.judgements] == [
        (j.area, j.label, j.grade) for j in westminster.judgements
    ]
    assert [r.text for r in pdf.recommendations] == [r.text for r in westminster.recommendations]
    assert [(f.number, f.section) for f in pdf.findings] == [
        (f.number, f.section) for f in westminster.findings
    ]
    # The seed's converter wrote "multiagency" where the PDF has "multi-agency" (paragraph 12).
    differing = [
        f.number
        for f, g in zip(pdf.findings, westminster.findings, strict=True)
        if f.text.replace("-", "") != g.text.replace("-", "")
    ]
    assert differing == []
    assert pdf.findings[0].page == 2  # paragraph 1 starts on page 2 of the PDF


# --- layouts seen in single corpus files ---


@requires_corpus
@pytest.mark.corpus
def test_paragraph_number_touching_its_text() -> None:
    # Blackpool 2026, page 3: "10.Child in need plans are generally well developed ..."
    report = ilacs.parse(
        clean_corpus_file("80431_blackpool/children's services inspection - 28 july 2026.pdf")
    )
    assert report.findings[9].number == 10
    assert report.findings[9].text.startswith("Child in need plans are generally well developed")


@requires_corpus
@pytest.mark.corpus
def test_footnote_glued_to_a_hyphenated_word_is_dropped() -> None:
    # Rotherham 2025, foot of page 2: "... robust oversight at all decision-1 The areas for
    # improvement have been cross-referenced ..."; page 3 goes on "making points."
    report = ilacs.parse(
        clean_corpus_file("80543_rotherham/children's services inspection - 16 december 2025.pdf")
    )
    assert "robust oversight at all decision-making points." in report.findings[2].text


@requires_corpus
@pytest.mark.corpus
def test_misprinted_care_leavers_row_still_read() -> None:
    # Kent 2026 table: "The experiences and progress of" / "children care leavers" /
    # "Requires improvement to be good", then "Overall effectiveness Good".
    report = ilacs.parse(
        clean_corpus_file("80476_kent/children's services inspection - 02 february 2026.pdf")
    )
    grades = {j.area: j.grade for j in report.judgements}
    assert grades["care_leavers"] is Grade.REQUIRES_IMPROVEMENT
    assert grades["overall"] is Grade.GOOD


@requires_corpus
@pytest.mark.corpus
def test_sub_bullets_belong_to_their_item() -> None:
    # Cornwall 2019: "- The provision of suitable accommodation for 16- and 17-year-old
    # homeless young people, including:" then three sub-bullets, "sufficiency of
    # accommodation", ..., "management oversight of the use of any unregulated provision."
    report = ilacs.parse(
        clean_corpus_file("80454_cornwall/children's services inspection - 05 november 2019.pdf")
    )
    first = report.recommendations[0].text
    assert first.startswith("The provision of suitable accommodation for 16- and 17-year-old")
    assert "sufficiency of accommodation" in first
    assert first.endswith("management oversight of the use of any unregulated provision.")
    assert report.recommendations[1].text == (
        "The quality and timeliness of life-story work for children."
    )


@requires_corpus
@pytest.mark.corpus
def test_early_2019_headings_without_colon() -> None:
    # Birmingham 2019: "The experiences and progress of children who need help and" /
    # "protection requires improvement to be good" / "1. A growing number of children ...";
    # "The experiences and progress of children in care and care" / "leavers ..." /
    # "20. Children enter care appropriately."
    report = ilacs.parse(
        clean_corpus_file("80429_birmingham/children's services inspection - 17 january 2019.pdf")
    )
    assert report.findings[0].section == (
        "The experiences and progress of children who need help and protection"
    )
    assert report.findings[19].section == (
        "The experiences and progress of children in care and care leavers"
    )
    assert report.findings[19].text.startswith("Children enter care appropriately.")


# --- made-up layouts the corpus does not hold ---

TWO_BLOCK_REPORT = (
    """Inspection of Anytown local authority children's services
Inspection dates: 4 to 8 March and 18 to 22 March 2019
Lead inspectors: Jane Smith and John Brown, Her Majesty's Inspectors
Judgement Grade
The impact of leaders on practice with
children and families
Good
The experiences and progress of
children who need help and protection
Requires improvement
to be good
The experiences and progress of
children in care
Good
The experiences and progress of care
leavers
Outstanding
Children in Anytown are mostly well served.
What needs to improve?1
- Planning for children in need. (outcome 1, national framework)2
- The timeliness of assessments, including:
o strategy discussions
o child protection enquiries.
The experiences and progress of children who need help and
protection: requires improvement to be good
1. Early help is effective. Children aged
16 and 17 are seen quickly and
1 The areas for improvement have been cross-referenced with the national framework.""",
    """their plans are reviewed.
2. Thresholds are well understood.
The experiences and progress of children in care: good
3. Children come into care at the right time.
The experiences and progress of care leavers: outstanding
4. Care leavers are supported well.
The impact of leaders on practice with children and families: good
5. Leaders know their services well.
The Office for Standards in Education, Children's Services and Skills (Ofsted) regulates""",
)


@pytest.fixture(scope="module")
def two_blocks() -> InspectionReport:
    return ilacs.parse(_document(*TWO_BLOCK_REPORT))


def test_two_blocks_on_site(two_blocks: InspectionReport) -> None:
    assert two_blocks.visits == (
        (dt.date(2019, 3, 4), dt.date(2019, 3, 8)),
        (dt.date(2019, 3, 18), dt.date(2019, 3, 22)),
    )
    assert two_blocks.inspection_start == dt.date(2019, 3, 4)
    assert two_blocks.inspection_end == dt.date(2019, 3, 22)
    assert two_blocks.report_type == "ilacs_standard"
    assert "10 working days (4-8 March 2019 and 18-22 March 2019)" in two_blocks.report_type_basis


def test_joint_lead_inspectors(two_blocks: InspectionReport) -> None:
    assert two_blocks.lead_inspectors == ("Jane Smith", "John Brown")


def test_no_overall_judgement_is_invented(two_blocks: InspectionReport) -> None:
    grades = {j.area: j.grade for j in two_blocks.judgements}
    assert grades == {
        "leaders": Grade.GOOD,
        "help_protection": Grade.REQUIRES_IMPROVEMENT,
        "in_care": Grade.GOOD,
        "care_leavers": Grade.OUTSTANDING,
    }


@pytest.mark.parametrize("bullet", ["* ", "\u2013 ", "\u2022 ", "\u25aa", "\uf0a7 "])
def test_improvement_bullets_as_converters_write_them(bullet: str) -> None:
    pages = tuple(page.replace("\n- ", f"\n{bullet}") for page in TWO_BLOCK_REPORT)
    report = ilacs.parse(_document(*pages))
    assert [r.text for r in report.recommendations] == [
        "Planning for children in need. (outcome 1, national framework)",
        "The timeliness of assessments, including: strategy discussions; child protection "
        "enquiries.",
    ]


def test_made_up_improvements_and_findings(two_blocks: InspectionReport) -> None:
    assert [r.text for r in two_blocks.recommendations] == [
        "Planning for children in need. (outcome 1, national framework)",
        "The timeliness of assessments, including: strategy discussions; "
        "child protection enquiries.",
    ]
    assert [(f.number, f.section) for f in two_blocks.findings] == [
        (1, "The experiences and progress of children who need help and protection"),
        (2, "The experiences and progress of children who need help and protection"),
        (3, "The experiences and progress of children in care"),
        (4, "The experiences and progress of care leavers"),
        (5, "The impact of leaders on practice with children and families"),
    ]
    # The page-foot note is dropped, the wrapped "16 and 17 ..." line above it is not, and
    # the paragraph is joined across the page break.
    assert two_blocks.findings[0].text == (
        "Early help is effective. Children aged 16 and 17 are seen quickly and their plans "
        "are reviewed."
    )
    assert two_blocks.findings[4].text == "Leaders know their services well."


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # 2018-2019 layout: the title on the line after the name.
        (["Lead inspector: Tara Geere", "Her Majesty's Inspector"], ("Tara Geere",)),
        (["Lead inspector: Ann Lee, HMI; Raj Patel, HMI"], ("Ann Lee", "Raj Patel")),
        # Senior inspectors lead inspections too; titles come spelt out, shortened, bracketed.
        (["Lead inspector: Sarah Canto, Senior His Majesty's Inspector"], ("Sarah Canto",)),
        (["Lead inspector: Sarah Canto, Senior HMI"], ("Sarah Canto",)),
        (["Lead inspector: Sarah Canto, HM Inspector"], ("Sarah Canto",)),
        (
            ["Lead inspector: Sarah Canto, His Majesty\u2019s Inspector (Children's Social Care)"],
            ("Sarah Canto",),
        ),
        (
            ["Lead inspectors: Ann Lee, Senior His Majesty's Inspector, and Raj Patel, HMI"],
            ("Ann Lee", "Raj Patel"),
        ),
        # A name or title cut at the line's end.
        (["Lead inspector: Sarah", "Canto, His Majesty's Inspector"], ("Sarah Canto",)),
        (["Lead inspector: Sarah Canto, His", "Majesty's Inspector"], ("Sarah Canto",)),
        (["Lead inspector: Sarah Canto-", "Smith, Senior HMI"], ("Sarah Canto-Smith",)),
        # Two leads on two lines, the first without a title, stay two.
        (["Lead inspectors: Raj Patel", "Ann Lee, HMI"], ("Raj Patel", "Ann Lee")),
        (
            ["Lead inspector: Ann Lee, His Majesty's Inspector", "Lead inspector: Raj Patel"],
            ("Ann Lee", "Raj Patel"),
        ),
        ([], ()),
    ],
)
def test_lead_inspector_layouts(lines: list[str], expected: tuple[str, ...]) -> None:
    text = "\n".join(
        [
            "Inspection of Anytown local authority children's services",
            "Inspection dates: 3 to 14 October 2022",
            *lines,
            "Judgement Grade",
            "The impact of leaders on social work practice with children and families Good",
        ]
    )
    assert ilacs.parse(_document(text)).lead_inspectors == expected


# The same front page as another conversion may wrap it: its lines joined or cut elsewhere.
REWRAPPED_FRONT_PAGES = [
    # The table header run on to the end of the lead inspector's line.
    [
        "Inspection of Anytown local authority children's services",
        "Inspection dates: 3 to 7 March 2025",
        "Lead inspector: Ann Lee, His Majesty's Inspector Judgement Grade",
        "The impact of leaders on social work practice with children and families Good",
        "Overall effectiveness Good",
    ],
    # The label cut after "Lead", at the end of the dates' line.
    [
        "Inspection of Anytown local authority children's services",
        "Inspection dates: 3 to 7 March 2025 Lead",
        "inspector: Ann Lee",
        "His Majesty's Inspector",
        "Judgement Grade",
        "The impact of leaders on social work practice with children and families Good",
        "Overall effectiveness Good",
    ],
]


@pytest.mark.parametrize("lines", REWRAPPED_FRONT_PAGES, ids=["header", "split"])
def test_rewrapped_front_page(lines: list[str]) -> None:
    report = ilacs.parse(_document("\n".join(lines)))
    assert report.lead_inspectors == ("Ann Lee",)
    assert report.visits == ((dt.date(2025, 3, 3), dt.date(2025, 3, 7)),)
    assert {j.area: j.grade for j in report.judgements} == {
        "leaders": Grade.GOOD,
        "overall": Grade.GOOD,
    }


# The front page above a judgement table, as the tests below share it.
ANYTOWN_FRONT_PAGE = (
    "Inspection of Anytown local authority children's services",
    "Inspection dates: 3 to 7 March 2025",
    "Lead inspector: Ann Lee",
)


def _grades_below_front_page(*lines: str) -> dict[str, Grade]:
    text = "\n".join([*ANYTOWN_FRONT_PAGE, *lines])
    return {j.area: j.grade for j in ilacs.parse(_document(text)).judgements}


def test_a_table_row_not_read_costs_no_later_row() -> None:
    # "lead ers", "child ren": words a converter split; the rows after it are still read.
    grades = _grades_below_front_page(
        "Judgement\tGrade",
        "The impact of lead ers on social work practice with child ren and families\tGood",
        "The experiences and progress of children who need help and protection\tGood",
        "The experiences and progress of children in care\tRequires improvement to be good",
        "The experiences and progress of care leavers\tOutstanding",
        "Overall effectiveness\tGood",
        "Children in Anytown are well served.",
    )
    assert grades == {
        "help_protection": Grade.GOOD,
        "in_care": Grade.REQUIRES_IMPROVEMENT,
        "care_leavers": Grade.OUTSTANDING,
        "overall": Grade.GOOD,
    }


@pytest.mark.parametrize(
    ("dates", "visits"),
    [
        ("3 December 2018 to 14 December 2018", ((dt.date(2018, 12, 3), dt.date(2018, 12, 14)),)),
        ("27 September to 8 October 2021", ((dt.date(2021, 9, 27), dt.date(2021, 10, 8)),)),
        # A comma before the year, as some reports write dates.
        ("3 to 7 March, 2025", ((dt.date(2025, 3, 3), dt.date(2025, 3, 7)),)),
        ("27 September, 2021 to 8 October, 2021", ((dt.date(2021, 9, 27), dt.date(2021, 10, 8)),)),
        (
            "15 to 19 December and 5 to 9 January 2026",
            (
                (dt.date(2025, 12, 15), dt.date(2025, 12, 19)),
                (dt.date(2026, 1, 5), dt.date(2026, 1, 9)),
            ),
        ),
    ],
)
def test_inspection_date_layouts(dates: str, visits: tuple[tuple[dt.date, dt.date], ...]) -> None:
    text = "\n".join(
        [
            "Slough Borough Council",
            "Inspection of local authority children's services",
            f"Inspection dates: {dates}",
            "Judgement Grade",
            "Overall effectiveness Inadequate",
        ]
    )
    report = ilacs.parse(_document(text))
    assert report.visits == visits
    assert report.authority_name == "Slough Borough Council"


def test_report_without_dates_is_a_parse_error() -> None:
    text = "\n".join(
        [
            "Inspection of Anytown local authority children's services",
            "Inspection dates: to be confirmed",
            "Judgement Grade",
            "The impact of leaders on social work practice with children and families Good",
        ]
    )
    document = _document(text)
    assert ilacs.detect(document)
    with pytest.raises(ParseError, match="inspection dates"):
        ilacs.parse(document)


def test_detect_says_no_to_an_ungraded_visit_letter() -> None:
    text = "\n".join(
        [
            "Focused visit to Anytown local authority children's services",
            "Inspection dates: 3 to 4 October 2022",
            "Inspectors looked at the impact of leaders on social work practice with children",
            "and families, which is improving.",
        ]
    )
    assert not ilacs.detect(_document(text))


@pytest.mark.parametrize(
    "header", ["Judge ment Grade", "| Judgement | Grade |", ""], ids=["split", "markup", "none"]
)
def test_a_table_whose_header_is_not_read_is_found_by_its_first_row(header: str) -> None:
    grades = _grades_below_front_page(
        header,
        "The impact of leaders on social work practice with children and families",
        "Good",
        "The experiences and progress of children who need help and protection",
        "Requires improvement to be good",
        "Overall effectiveness Inadequate",
        "Children in Anytown are not well served.",
    )
    assert grades == {
        "leaders": Grade.GOOD,
        "help_protection": Grade.REQUIRES_IMPROVEMENT,
        "overall": Grade.INADEQUATE,
    }
