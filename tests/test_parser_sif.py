"""The SIF (2013-2018) parser against seeds 000 and 004, the corpus labels and made-up layouts.

Golden values are read from the sources; quoted lines are what the source prints.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.document import CleanDocument, Document, Line, Page
from loaders.errors import ParseError
from loaders.parsers import sif
from loaders.parsers.sif.headings import HeadingKind, match_heading
from loaders.parsers.sif.team import lead_inspectors, read_team
from loaders.records import Framework, Grade, InspectionReport, Inspector, ReportPart
from loaders.repair import clean
from tests.conftest import clean_corpus_file, clean_seed, corpus_labels, requires_corpus

WESTMINSTER_PDF = "80519_westminster/children's services inspection - 29 march 2016.pdf"
NEWHAM_PDF = "80511_newham/children's services inspection - 08 august 2014.pdf"
BIRMINGHAM_2016_PDF = "80429_birmingham/children's services inspection - 25 november 2016.pdf"
GRADE_COLUMNS = ("overall", "leaders", "help_protection", "in_care", "care_leavers", "adoption")
LABELS = corpus_labels()
SIF_LABELS = [row for row in LABELS if row["report_type"] in ("sif", "sif_with_lscb")]
OTHER_LABELS = [row for row in LABELS if row["report_type"] in ("ilacs_full", "other_older")]
LA, LSCB = ReportPart.LOCAL_AUTHORITY, ReportPart.LSCB
RI = Grade.REQUIRES_IMPROVEMENT


@pytest.fixture(scope="module")
def westminster() -> InspectionReport:
    return sif.parse(clean_seed("000"))


@pytest.fixture(scope="module")
def newham() -> InspectionReport:
    return sif.parse(clean_seed("004"))


@pytest.fixture(scope="module")
def corpus_reports() -> dict[str, InspectionReport]:
    return {row["file"]: sif.parse(clean_corpus_file(row["file"])) for row in SIF_LABELS}


def _text_document(text: str) -> CleanDocument:
    return CleanDocument(
        "made-up.txt", "text/plain", tuple(Line(t, None) for t in text.split("\n"))
    )


def _grades(report: InspectionReport) -> dict[str, Grade]:
    return {judgement.area: judgement.grade for judgement in report.judgements}


def _numbers(report: InspectionReport, part: ReportPart) -> list[int]:
    return [r.number for r in report.recommendations if r.part is part]


def _finding(report: InspectionReport, number: int):
    [finding] = [f for f in report.findings if f.number == number]
    return finding


# --- seed 000: Westminster, March 2016 (text conversion) ---


def test_seed_000_cover(westminster: InspectionReport) -> None:
    # "Westminster City Council" / "Inspection date: 11 January 2016 to 4 February 2016"
    # "Report published: 29 March 2016"
    assert westminster.family == "sif"
    assert westminster.framework is Framework.SIF
    assert westminster.report_type == "sif"
    assert westminster.authority_name == "Westminster City Council"
    assert westminster.inspection_start == dt.date(2016, 1, 11)
    assert westminster.inspection_end == dt.date(2016, 2, 4)
    assert westminster.visits == ((dt.date(2016, 1, 11), dt.date(2016, 2, 4)),)
    assert westminster.published == dt.date(2016, 3, 29)
    assert westminster.includes_lscb_review


def test_seed_000_judgements(westminster: InspectionReport) -> None:
    # "Children's services in Westminster City Council are outstanding"
    # "1. Children who need help and protection	Good" ... "2.2 Experiences and progress of
    # care leavers	Good"; "The Local Safeguarding Children Board is good"
    assert _grades(westminster) == {
        "overall": Grade.OUTSTANDING,
        "help_protection": Grade.GOOD,
        "in_care": Grade.OUTSTANDING,
        "adoption": Grade.OUTSTANDING,
        "care_leavers": Grade.GOOD,
        "leaders": Grade.OUTSTANDING,
        "lscb": Grade.GOOD,
    }
    labels = {j.area: j.label for j in westminster.judgements}
    assert labels["adoption"] == "Adoption performance"
    assert all(j.passage and j.passage.text for j in westminster.judgements)
    overall = next(j for j in westminster.judgements if j.area == "overall")
    assert overall.passage.text == "Children's services in Westminster City Council are outstanding"


def test_seed_000_team(westminster: InspectionReport) -> None:
    # "Lead inspector: Brenda McLaughlin"; "Team inspectors: Andy Whippey, ..., Jon Bowman, Nick"
    # then, after a blank line, "Stacey"; "Shadow inspector: Joy Montgomery"
    assert westminster.lead_inspectors == ("Brenda McLaughlin",)
    assert Inspector("Nick Stacey", "team inspector") in westminster.team
    assert Inspector("Marcie Taylor", "deputy lead inspector") in westminster.team
    assert Inspector("Joy Montgomery", "shadow inspector") in westminster.team
    assert Inspector("Carolyn Adcock", "quality assurance manager") in westminster.team
    assert len(westminster.team) == 10


def test_seed_000_recommendations(westminster: InspectionReport) -> None:
    # Local authority "Recommendations" 1-4; the LSCB's "Recommendations" 118-122.
    assert _numbers(westminster, LA) == [1, 2, 3, 4]
    assert _numbers(westminster, LSCB) == [118, 119, 120, 121, 122]
    assert not any(r.priority for r in westminster.recommendations)
    # "4. Ensure that personal advisers have frequent contact with care leavers in custody and
    # that managers routinely review the quality of work with these young people."
    fourth = westminster.recommendations[3]
    assert fourth.text == (
        "Ensure that personal advisers have frequent contact with care leavers in custody and "
        "that managers routinely review the quality of work with these young people."
    )
    assert fourth.passage.paragraph == 4
    assert westminster.recommendations[-1].text == (
        "Devise a system to escalate concerns about infrequent partnership attendance at the board."
    )


def test_seed_000_findings(westminster: InspectionReport) -> None:
    numbers = [f.number for f in westminster.findings]
    # Paragraphs 5 to 151 are findings, less the LSCB's recommendations 118-122.
    assert numbers == [n for n in range(5, 152) if not 118 <= n <= 122]
    assert _finding(westminster, 5).section == (
        "The experiences and progress of children who need help and protection"
    )
    assert _finding(westminster, 60).section == "Adoption performance"
    assert _finding(westminster, 93).section == "Experiences and progress of care leavers"
    assert _finding(westminster, 117).section == "Leadership, management and governance"
    lscb = _finding(westminster, 123)
    assert lscb.part is LSCB
    assert lscb.section == "Inspection findings - the Local Safeguarding Children Board"
    assert all(f.part is LA for f in westminster.findings if f.number < 118)


def test_seed_000_paragraphs_broken_by_page_breaks_are_whole(westminster: InspectionReport) -> None:
    # "- 24. ... 'Return'" / (blank) / "- interviews are not routinely offered for frequent
    # absconders. ..." : the converter turned the rest of the paragraph into a bullet.
    assert "'Return' interviews are not routinely offered" in _finding(westminster, 24).text
    # "- IROs in Westminster benefit from regular meetings..." ends paragraph 52.
    assert _finding(westminster, 52).text.endswith(
        "IROs in Westminster benefit from regular meetings with tri-borough colleagues, "
        "including externally facilitated training and case discussion."
    )
    # "- 132. ... These audits" / "- provide recommendations for change, ... (Recommendation)."
    assert _finding(westminster, 132).text.endswith("as a result (Recommendation).")


# --- seed 004: Newham, August 2014 (text conversion with markdown and HTML tables) ---


def test_seed_004_cover_and_judgements(newham: InspectionReport) -> None:
    # "London Borough of Newham" / "Inspection date: 3 June 2014 – 25 June 2014" /
    # "Report published: 8 August 2014" / "The overall judgement is that children's service
    # requires improvement." / "The effectiveness of the Local Safeguarding Children Board
    # (LSCB) is good."
    assert newham.authority_name == "London Borough of Newham"
    assert (newham.inspection_start, newham.inspection_end) == (
        dt.date(2014, 6, 3),
        dt.date(2014, 6, 25),
    )
    assert newham.published == dt.date(2014, 8, 8)
    assert _grades(newham) == {
        "overall": RI,
        "help_protection": RI,
        "in_care": RI,
        "adoption": Grade.GOOD,
        "care_leavers": Grade.GOOD,
        "leaders": RI,
        "lscb": Grade.GOOD,
    }
    assert newham.lead_inspectors == ("Shirley Bailey",)
    # "Team inspectors: Pauline Turner, ..., Sara Goodinge and Carmen Rodney."
    assert Inspector("Carmen Rodney", "team inspector") in newham.team
    assert len(newham.team) == 7


def test_seed_004_recommendations(newham: InspectionReport) -> None:
    # "The inspection did not find any areas for priority and immediate action"; "Areas for
    # improvement" 9-18; the LSCB's "Areas for improvement" 142-143.
    assert _numbers(newham, LA) == list(range(9, 19))
    assert _numbers(newham, LSCB) == [142, 143]
    assert not any(r.priority for r in newham.recommendations)
    assert newham.recommendations[0].text.startswith(
        "Evaluate with partners the extent to which early help"
    )
    assert newham.recommendations[0].passage.section.endswith("Areas for improvement")


def test_seed_004_strengths_and_findings(newham: InspectionReport) -> None:
    # "The local authority has the following strengths:" 19-26
    assert len(newham.strengths) == 8
    assert all(s.part is LA for s in newham.strengths)
    assert newham.strengths[0].text.startswith("Senior leaders in the local authority")
    assert [s.passage.paragraph for s in newham.strengths] == list(range(19, 27))
    # "Section 1: The local authority - Summary of findings" 1-8
    assert _finding(newham, 1).section == "Section 1: The local authority - Summary of findings"
    assert _finding(newham, 27).section == (
        "The experiences and progress of children who need help and protection"
    )
    assert _finding(newham, 144).section == "Key strengths and weaknesses of the LSCB"
    assert _finding(newham, 144).part is LSCB
    assert newham.lscb_name == "Newham Safeguarding Children's Board"


# --- the text seeds and their PDFs give the same facts ---


@requires_corpus
@pytest.mark.parametrize(("seed", "pdf"), [("000", WESTMINSTER_PDF), ("004", NEWHAM_PDF)])
def test_seed_and_pdf_agree(seed: str, pdf: str) -> None:
    from_text, from_pdf = sif.parse(clean_seed(seed)), sif.parse(clean_corpus_file(pdf))
    assert _grades(from_text) == _grades(from_pdf)
    assert (from_text.inspection_start, from_text.inspection_end, from_text.published) == (
        from_pdf.inspection_start,
        from_pdf.inspection_end,
        from_pdf.published,
    )
    assert from_text.lead_inspectors == from_pdf.lead_inspectors
    assert from_text.team == from_pdf.team
    assert [(r.part, r.number) for r in from_text.recommendations] == [
        (r.part, r.number) for r in from_pdf.recommendations
    ]
    assert [f.number for f in from_text.findings] == [f.number for f in from_pdf.findings]
    assert [f.section for f in from_text.findings] == [f.section for f in from_pdf.findings]
    assert all(f.page is not None for f in from_pdf.findings)


# --- every SIF report of the corpus against labels.csv ---


@requires_corpus
@pytest.mark.parametrize("label", SIF_LABELS, ids=lambda row: row["file"])
def test_corpus_labels(corpus_reports: dict[str, InspectionReport], label: dict[str, str]) -> None:
    report = corpus_reports[label["file"]]
    assert report.report_type == "sif"
    assert report.authority_name == label["la_name"]
    assert report.inspection_start.isoformat() == label["inspection_start"]
    assert report.inspection_end.isoformat() == label["inspection_end"]
    assert report.lead_inspectors == (label["lead_inspector"],)
    expected = {column: label[column] for column in (*GRADE_COLUMNS, "lscb") if label[column]}
    assert {area: grade.value for area, grade in _grades(report).items()} == expected
    assert report.includes_lscb_review == (label["report_type"] == "sif_with_lscb")
    if label["n_improvements"]:
        assert len(_numbers(report, LA)) == int(label["n_improvements"])


@requires_corpus
@pytest.mark.parametrize("label", SIF_LABELS, ids=lambda row: row["file"])
def test_corpus_numbering_runs_on(
    corpus_reports: dict[str, InspectionReport], label: dict[str, str]
) -> None:
    # SIF reports number their paragraphs continuously: findings and printed recommendation
    # numbers together run 1, 2, 3... with no gap or repeat (themes aside, see Slough 2016).
    report = corpus_reports[label["file"]]
    printed = [r.number for r in report.recommendations if r.passage.paragraph is not None]
    numbers = sorted([f.number for f in report.findings] + printed)
    if numbers:
        assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    assert all(item.text.strip() for item in (*report.recommendations, *report.findings))


@requires_corpus
def test_blackpool_2014_lists(corpus_reports: dict[str, InspectionReport]) -> None:
    report = corpus_reports[
        "80431_blackpool/children's services inspection - 08 september 2014.pdf"
    ]
    # "Priority and immediate action" / "Care leavers" / "9. ..." "10. ..." then "Areas for
    # Improvement" / "Planning for children who need protection" / "11. ..." ... "27. ..."
    assert _numbers(report, LA) == list(range(9, 28))
    assert [r.number for r in report.recommendations if r.priority and r.part is LA] == [9, 10]
    by_number = {r.number: r for r in report.recommendations}
    # "19. Implement robust systems ... attainment." / "Take steps to improve the number of
    # children who attend a good or better" / "school, ..." continues 19; "Adoption" does not.
    assert "Take steps to improve the number of children who attend a good or better school" in (
        by_number[19].text
    )
    assert not by_number[19].text.endswith("Adoption")
    # "147.Give closer scrutiny ... where" / "(i) they are privately fostered" ... "(iii) they
    # are known to the Youth Offending Team."
    assert by_number[147].text.endswith("(iii) they are known to the Youth Offending Team.")
    assert by_number[144].priority and by_number[144].part is LSCB
    # "The LSCB's strengths" 152-154
    assert [s.passage.paragraph for s in report.strengths if s.part is LSCB] == [152, 153, 154]


@requires_corpus
def test_rotherham_2014_sub_headings_stay_out_of_items(
    corpus_reports: dict[str, InspectionReport],
) -> None:
    report = corpus_reports["80543_rotherham/children's services inspection - 19 november 2014.pdf"]
    by_number = {r.number: r for r in report.recommendations if r.part is LA}
    assert sorted(by_number) == list(range(1, 27))
    # "19. ... meet their needs." / "Care leavers" / "20. Improve the quality of services..."
    assert by_number[19].text.endswith("provision of services to meet their needs.")
    # "21. Develop a clear profile ... views." / "Ensure that the service is supported by an
    # effective performance management" / "and information system."
    assert by_number[21].text.endswith(
        "Ensure that the service is supported by an effective performance management and "
        "information system."
    )
    assert sum(r.priority for r in report.recommendations if r.part is LA) == 10


@requires_corpus
def test_slough_2014_bulleted_lists(corpus_reports: dict[str, InspectionReport]) -> None:
    report = corpus_reports["80553_slough/children's services inspection - 14 february 2014.pdf"]
    local = [r for r in report.recommendations if r.part is LA]
    # Bullets are numbered by position: 9 priority and immediate action, 12 areas.
    assert [r.number for r in local] == list(range(1, 22))
    assert [r.priority for r in local] == [True] * 9 + [False] * 12
    assert local[0].text.startswith("Develop and put into operation a comprehensive workforce")
    assert report.published is None  # the cover prints no "Report published" date
    # "The Local Authority has the following strengths" lists four bullets.
    assert len(report.strengths) == 4


@requires_corpus
def test_slough_2016_themes_are_not_recommendations(
    corpus_reports: dict[str, InspectionReport],
) -> None:
    report = corpus_reports["80553_slough/children's services inspection - 17 february 2016.pdf"]
    local = [r for r in report.recommendations if r.part is LA]
    # "1. Quality and effectiveness of practice" (7 bullets), "2. Oversight and scrutiny by
    # senior and political leaders" (7), "3. Children who go missing..." (3), "4. Provision and
    # sufficiency of key services" (5). labels.csv's note says 21 bullets; the PDF prints 22.
    assert len(local) == 22
    assert [r.number for r in local] == list(range(1, 23))
    assert local[0].text.startswith("In line with longstanding plans, develop and embed")
    assert local[-1].text == "Review the effectiveness and organisation of support to care leavers."
    assert not any(r.text.startswith("Quality and effectiveness") for r in local)


@requires_corpus
def test_westminster_pdf_keeps_a_wrapped_number_inside_its_paragraph(
    corpus_reports: dict[str, InspectionReport],
) -> None:
    report = corpus_reports[WESTMINSTER_PDF]
    # "...on a residential trip specifically for children under the age of" / "11. Children told
    # inspectors that senior leaders will intervene..." is still paragraph 50.
    assert "under the age of 11. Children told inspectors" in _finding(report, 50).text
    assert _finding(report, 5).page == 10


@requires_corpus
def test_hammersmith_lead_on_site_not_report_author(
    corpus_reports: dict[str, InspectionReport],
) -> None:
    report = corpus_reports[
        "80497_hammersmith and fulham/children's services inspection - 29 march 2016.pdf"
    ]
    # "Lead inspector on site: Pietro Battista" / "Report author: Sean Tarpey"
    assert report.lead_inspectors == ("Pietro Battista",)
    assert Inspector("Sean Tarpey", "report author") in report.team


@requires_corpus
def test_cornwall_recommendation_keeps_its_sub_points(
    corpus_reports: dict[str, InspectionReport],
) -> None:
    report = corpus_reports["80454_cornwall/children's services inspection - 27 june 2016.pdf"]
    # "1. Improve the arrangements ... by:" followed by three dashed points.
    first = report.recommendations[0]
    assert first.text.startswith("Improve the arrangements to reduce the risk")
    assert "ensuring risk assessments are of a consistently good standard" in first.text
    assert first.text.endswith("partnership prevention and disruption activity.")
    assert report.recommendations[1].number == 2


# --- detection ---


@pytest.mark.parametrize(
    ("seed", "expected"),
    [("000", True), ("004", True), ("001", False), ("002", False), ("003", False)],
)
def test_detect_seeds(seed: str, expected: bool) -> None:
    assert sif.detect(clean_seed(seed)) is expected


def test_detect_ignores_the_title_quoted_in_a_sentence() -> None:
    letter = _text_document(
        "Monitoring visit of Example Council children's services\n"
        "This is the first visit since the local authority was judged inadequate at the "
        "inspection of services for children in need of help and protection, children looked "
        "after and care leavers in 2015."
    )
    assert not sif.detect(letter)


@requires_corpus
@pytest.mark.parametrize("label", OTHER_LABELS, ids=lambda row: row["file"])
def test_detect_says_no_to_other_families(label: dict[str, str]) -> None:
    assert not sif.detect(clean_corpus_file(label["file"]))


# --- made-up layouts: a stand-alone LSCB review, and one bound after its SIF report ---

REVIEW = """Example Safeguarding Children Board
Review of the effectiveness of the Local Safeguarding Children Board
Inspection date: 3 March 2015 - 25 March 2015
Report published: 13 May 2015
The effectiveness of the Local Safeguarding Children Board (LSCB) requires improvement.
Contents
What does the LSCB need to improve? 2
Key strengths and weaknesses of the LSCB 3
What does the LSCB need to improve?
Priority and immediate action
1. Ensure that partners agree a definition of early help and drive the
implementation of the early help strategy.
Areas for improvement
2. Improve the attendance of partners at sub-groups.
3. Ensure that learning from serious case reviews is used to inform
practice.
Key strengths and weaknesses of the LSCB
4. Governance arrangements are good. The independent chair meets the chief
executive regularly.
Information about this review
The review team
Lead inspector: Jane Example HMI
Team inspector: John Sample HMI"""

REINSPECTION = """Example Borough Council
Re-inspection of services for children in need of help and
protection, children looked after and care leavers
Inspection dates: 2 March 2015 to 26 March 2015
Report published: 12 May 2015
Children's services in Example Borough Council require improvement to be
good
1. Children who need help and protection Requires improvement
2. Children looked after and achieving
permanence
Good
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Requires improvement
3. Leadership, management and governance Requires improvement
Contents
Recommendations 3
Recommendations
1. Ensure that every child in need has a plan.
The experiences and progress of
children who need help and
protection
Requires improvement
Summary
Children are seen promptly.
Inspection findings
2. Thresholds are understood by partners and the multi-agency safeguarding hub
responds quickly.
Information about this inspection
The inspection team
Lead inspector: Ann Example"""


def test_stand_alone_lscb_review() -> None:
    report = sif.parse(_text_document(REVIEW))
    assert report.report_type == "lscb_review"
    assert report.framework is Framework.SIF
    assert report.authority_name == "Example"
    assert report.lscb_name == "Example Safeguarding Children Board"
    assert report.includes_lscb_review
    assert _grades(report) == {"lscb": RI}
    assert [(r.part, r.number, r.priority) for r in report.recommendations] == [
        (LSCB, 1, True),
        (LSCB, 2, False),
        (LSCB, 3, False),
    ]
    assert report.recommendations[0].text == (
        "Ensure that partners agree a definition of early help and drive the implementation "
        "of the early help strategy."
    )
    assert [(f.number, f.part) for f in report.findings] == [(4, LSCB)]
    assert report.lead_inspectors == ("Jane Example",)
    assert (report.inspection_start, report.published) == (
        dt.date(2015, 3, 3),
        dt.date(2015, 5, 13),
    )


@pytest.mark.parametrize(
    "dates",
    ["3 March, 2015 - 25 March, 2015", "3 March 2015 \u2013 25 March, 2015", "3 to 25 March, 2015"],
)
def test_cover_dates_with_a_comma_before_the_year(dates: str) -> None:
    text = REVIEW.replace("3 March 2015 - 25 March 2015", dates)
    report = sif.parse(clean(Document("made-up.txt", "text/plain", (Page(None, text),))))
    assert (report.inspection_start, report.inspection_end) == (
        dt.date(2015, 3, 3),
        dt.date(2015, 3, 25),
    )


def test_re_inspection_without_lscb_review() -> None:
    report = sif.parse(_text_document(REINSPECTION))
    assert report.report_type == "sif"
    assert not report.includes_lscb_review
    assert report.lscb_name is None
    assert report.authority_name == "Example Borough Council"
    assert _grades(report) == {
        "overall": RI,
        "help_protection": RI,
        "in_care": Grade.GOOD,
        "adoption": Grade.GOOD,
        "care_leavers": RI,
        "leaders": RI,
    }
    assert [(r.number, r.text) for r in report.recommendations] == [
        (1, "Ensure that every child in need has a plan.")
    ]
    [finding] = report.findings
    assert finding.number == 2
    assert finding.text.endswith("responds quickly.")
    assert (
        finding.section == "The experiences and progress of children who need help and protection"
    )


def test_sif_report_followed_by_its_lscb_review_is_one_record() -> None:
    report = sif.parse(_text_document(f"{REINSPECTION}\n\n{REVIEW}"))
    assert report.report_type == "sif"
    assert report.authority_name == "Example Borough Council"
    assert report.includes_lscb_review
    assert report.lscb_name == "Example Safeguarding Children Board"
    assert _grades(report)["lscb"] is RI
    assert _grades(report)["overall"] is RI
    assert [(r.part, r.number) for r in report.recommendations] == [
        (LA, 1),
        (LSCB, 1),
        (LSCB, 2),
        (LSCB, 3),
    ]
    assert [(f.number, f.part) for f in report.findings] == [(2, LA), (4, LSCB)]
    assert report.lead_inspectors == ("Ann Example",)
    assert Inspector("Jane Example", "lead inspector") in report.team


@requires_corpus
def test_pdf_followed_by_lscb_review_pages() -> None:
    base = clean_corpus_file(BIRMINGHAM_2016_PDF)
    next_page = base.lines[-1].page + 1
    review = REVIEW.replace("Example Safeguarding", "Birmingham Safeguarding").split("\n")
    lines = base.lines + tuple(Line(text, next_page + i // 12) for i, text in enumerate(review))
    report = sif.parse(CleanDocument("bound.pdf", "application/pdf", lines))
    assert report.authority_name == "Birmingham"
    assert _grades(report)["lscb"] is RI
    assert _grades(report)["overall"] is Grade.INADEQUATE
    assert len(_numbers(report, LA)) == 17  # labels.csv: n_improvements 17
    assert _numbers(report, LSCB) == [1, 2, 3]
    assert report.lead_inspectors == ("Peter McEntee",)


def test_report_without_judgements_is_a_parse_error() -> None:
    document = _text_document(
        "Example Council\nInspection of services for children in need of help and protection, "
        "children looked after and care leavers\nInspection date: 2 March 2015 to 26 March 2015"
    )
    assert sif.detect(document)
    with pytest.raises(ParseError, match="judgement"):
        sif.parse(document)


# --- pieces ---


@pytest.mark.parametrize(
    ("lines", "kind", "area", "grade"),
    [
        (
            ["Leadership, management and", "governance", "Outstanding"],
            HeadingKind.AREA_JUDGEMENT,
            "leaders",
            Grade.OUTSTANDING,
        ),
        (
            [
                "The experiences and progress of children looked after and achieving",
                "permanence is inadequate",
            ],
            HeadingKind.AREA_JUDGEMENT,
            "in_care",
            Grade.INADEQUATE,
        ),
        (
            ["The graded judgment for adoption performance is requires improvement"],
            HeadingKind.AREA_JUDGEMENT,
            "adoption",
            RI,
        ),
        (
            [
                "The graded judgement about the experiences and progress",
                "of care leavers is that",
                "it is good",
            ],
            HeadingKind.AREA_JUDGEMENT,
            "care_leavers",
            Grade.GOOD,
        ),
        (["Information about this local authority area2"], HeadingKind.AREA_INFO, None, None),
        (
            ["Section 2: The effectiveness of the Local Safeguarding", "Children Board"],
            HeadingKind.LSCB_PART,
            None,
            None,
        ),
        (
            ["The effectiveness of the LSCB is inadequate"],
            HeadingKind.LSCB_VERDICT,
            None,
            Grade.INADEQUATE,
        ),
        (["Areas for Improvement"], HeadingKind.AREAS_FOR_IMPROVEMENT, None, None),
        (["Key judgement Judgement grade"], HeadingKind.TABLE_HEADER, None, None),
    ],
)
def test_headings(lines: list[str], kind: HeadingKind, area: str | None, grade: Grade | None):
    heading = match_heading(lines)
    assert heading is not None
    assert (heading.kind, heading.area, heading.grade, heading.line_count) == (
        kind,
        area,
        grade,
        len(lines),
    )


@pytest.mark.parametrize(
    "text",
    [
        "Recommendations 7",
        "Children's services in Blackpool require improvement because:",
        "The LSCB is inadequate because:",
        "Summary of the work done",
    ],
)
def test_not_headings(text: str) -> None:
    assert match_heading([text]) is None


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("Lead inspector: Marie McGuinness Senior HMI", [("Marie McGuinness", "lead inspector")]),
        (
            "Deputy lead inspector Dominic Stevens HMI",
            [("Dominic Stevens", "deputy lead inspector")],
        ),
        (
            "Quality assurance manager: John Gregg, Senior Her Majesty's Inspector",
            [("John Gregg", "quality assurance manager")],
        ),
        (
            "Shadow inspectors: Natalie Trentham HMI and Joy Howick HMI",
            [("Natalie Trentham", "shadow inspector"), ("Joy Howick", "shadow inspector")],
        ),
        (
            "Shadow inspectors: Tony Theodoulou. Tracey Zimmerman",
            [("Tony Theodoulou", "shadow inspector"), ("Tracey Zimmerman", "shadow inspector")],
        ),
        (
            "Team inspectors: Cath McEvoy HMI, Dr\nKenneth Jones HMI, Fiona Parker Associate "
            "Inspector.",
            [
                ("Cath McEvoy", "team inspector"),
                ("Kenneth Jones", "team inspector"),
                ("Fiona Parker", "team inspector"),
            ],
        ),
    ],
)
def test_team_lines(printed: str, expected: list[tuple[str, str]]) -> None:
    lines = [Line(text, 1) for text in printed.split("\n")]
    assert [(m.name, m.role) for m in read_team(lines)] == expected


def test_joint_lead_inspectors() -> None:
    team = read_team([Line("Lead inspectors: Ann Example and Bob Sample", None)])
    assert lead_inspectors(team) == ("Ann Example", "Bob Sample")


@pytest.mark.parametrize(
    "verdict",
    [
        "The effectiveness of the Example Safeguarding Children Board is good.",
        "The effectiveness of the Example Safeguarding Children's Board is judged to be good.",
        "The effectiveness of the Local Safeguarding Children Board is judged to be good.",
        "The effectiveness of the Bournemouth, Christchurch and Poole Safeguarding Children "
        "Board is good.",
    ],
)
def test_the_cover_verdict_may_name_the_board(verdict: str) -> None:
    # The body below grades nothing, so the grade can only come from the cover's sentence.
    text = REVIEW.replace(
        "The effectiveness of the Local Safeguarding Children Board (LSCB) requires improvement.",
        verdict,
    )
    report = sif.parse(clean(Document("made-up.txt", "text/plain", (Page(None, text),))))
    assert _grades(report) == {"lscb": Grade.GOOD}
