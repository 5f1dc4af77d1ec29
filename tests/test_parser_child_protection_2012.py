"""The 2012-2013 child protection inspection parser, on synthetic reports of that format.

No such report is in the corpus: the texts below follow the 2009-2013 template that the
`lac_2013` and `safeguarding_lac_2012` reports use, with the cover, the four judgements and the
time-bound areas for improvement Ofsted's published statistics and council minutes describe.
They are cut into PDF pages with a running footer and page numbers, as a converted PDF is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from graph.build import build
from graph.exports import write_csv
from graph.store import EmbeddedStore
from graph.validate import validate_store
from loaders.document import CleanDocument, Document, Line, Page
from loaders.errors import NotAReportError, ParseError
from loaders.parsers import child_protection_2012 as parser
from loaders.parsers import committee, lac_2013, safeguarding_lac_2012
from loaders.pipeline import load_document, parse_clean
from loaders.records import Framework, Grade, ReportPart
from loaders.repair import clean
from tests.conftest import SEED_FILES, clean_corpus_file, clean_seed, requires_corpus

FOOTER = "Inspection report: Cheshire East Council, 11 - 20 March 2013"

COVER = """Cheshire East Council
Inspection of local authority arrangements for the protection of children

Inspection dates: 11 \u2013 20 March 2013
Lead inspector: Sarah Lowe HMI

Age group: All
Published: 24 April 2013
Reference no: 80012"""

CONTENTS = """\u00a9 Crown copyright 2013
Website: www.ofsted.gov.uk
This document may be reproduced in whole or in part for non-commercial purposes, provided
that the information quoted is reproduced without adaptation and the source and date of
publication are stated.

Contents
About this inspection 3
The inspection judgements and what they mean 3
Overall effectiveness 3
Areas for improvement 4
The effectiveness of the help and protection provided to children,
young people, families and carers 4
The quality of practice 5
Leadership and governance 5"""

ABOUT = """About this inspection
1. This inspection was unannounced. It was carried out under section 136 of the
Education and Inspections Act 2006 and looked at the local authority's arrangements
for the protection of children.
2. The inspection team consisted of three of Her Majesty's Inspectors and one
additional inspector. Inspectors spoke to children, parents, carers, front line staff
and managers, and scrutinised 62 case files.

The inspection judgements and what they mean
3. All inspection judgements are made using the following four point scale.
Outstanding A service that significantly exceeds minimum requirements
Good A service that exceeds minimum requirements
Adequate A service that only meets minimum requirements
Inadequate A service that does not meet minimum requirements
{table}"""

# Rows as converters print them: the grade after a tab, after a wrapped label, below the label.
TABLE = """
Inspection judgements
Overall effectiveness\tInadequate
The effectiveness of the help and protection provided to
children, young people, families and carers\tInadequate
The quality of practice
Inadequate
Leadership and governance\tAdequate
"""

# The same table with its label column extracted before its grade column.
COLUMN_TABLE = """
Inspection judgements
Overall effectiveness
The effectiveness of the help and protection provided to
children, young people, families and carers
The quality of practice
Leadership and governance
Inadequate
Inadequate
Inadequate
Adequate
"""

OVERALL = """Overall effectiveness
{overall_grade}
4. {overall_sentence}Too many children are left in situations of risk for too long
because concerns are not recognised or acted upon quickly enough.
5. At 31 January 2013, 312 children were the subject of a child protection plan, and
the local authority had received 4,120 referrals in the previous twelve months.

Areas for improvement
6. In order to improve the quality of help and protection given to children and young
people in Cheshire East, the local authority and its partners should take the
following action.
Immediately:
- ensure that all children who are the subject of a child protection plan are visited
by their social worker at least every four weeks
- ensure that strategy discussions take place for every child where there is
reasonable cause to suspect significant harm
Within three months:
- improve the quality of assessments so that they take full account of children's
histories and the views of the child
- ensure that child protection plans are specific, measurable and reviewed at every
core group meeting
- Cheshire East Local Safeguarding Children Board should audit the quality of
multi-agency referrals to children's social care
Within six months:
- reduce social work caseloads to a level that allows social workers to spend time
with children and their families"""

HELP = """The effectiveness of the help and protection provided to
children, young people, families and carers
{help_grade}
7. Children and young people in need of protection do not always receive timely help.
Inspectors found that the threshold for"""

# Page break mid-paragraph: paragraph 7 goes on at the top of the next page.
HELP_CONTINUED = """intervention is not consistently understood by partner agencies, and
referrals are not always acted upon within a day.
8. Early help services are developing. Evidence seen by inspectors included:
- the multi-agency safeguarding hub, opened in January 2013
- a new early help assessment used by schools and health visitors.

The quality of practice
{quality_grade}
9. {quality_sentence}Assessments are too often late and do not
take account of children's histories.

Leadership and governance
{leaders_grade}
10. {leaders_sentence}The Director of Children's Services and the lead member
have an accurate understanding of the weaknesses of the service."""

# The judgement table and a "Grade n (Word)" line under every heading.
WITH_TABLE = {
    "table": TABLE,
    "overall_grade": "Grade 4 (Inadequate)",
    "overall_sentence": "The overall effectiveness of the arrangements to protect children in "
    "Cheshire East is inadequate. ",
    "help_grade": "Grade 4 (Inadequate)",
    "quality_grade": "Grade 4 (Inadequate)",
    "quality_sentence": "",
    "leaders_grade": "Grade 3 (Adequate)",
    "leaders_sentence": "",
}
# No table: a "Judgement:" line under one heading, sentences for two judgements and no grade
# printed anywhere for leadership and governance.
SENTENCES_ONLY = {
    "table": "",
    "overall_grade": "",
    "overall_sentence": "The overall effectiveness of the arrangements to protect children in "
    "Cheshire East is inadequate. ",
    "help_grade": "Judgement: Inadequate",
    "quality_grade": "",
    "quality_sentence": "The quality of practice is adequate. ",
    "leaders_grade": "",
    "leaders_sentence": "",
}
# Only the column-wise table grades the judgements.
COLUMN_TABLE_ONLY = {
    **SENTENCES_ONLY,
    "table": COLUMN_TABLE,
    "overall_sentence": "",
    "help_grade": "",
    "quality_sentence": "",
}


def report_pages(parts: dict[str, str]) -> list[str]:
    """Return the report's pages, each but the cover with the running footer and its number."""
    bodies = [COVER, CONTENTS, ABOUT, OVERALL, HELP, HELP_CONTINUED]
    pages = []
    for number, body in enumerate(bodies, start=1):
        text = body.format(**parts)
        pages.append(text if number == 1 else f"{text}\n\n{FOOTER}\n{number}")
    return pages


def report_document(parts: dict[str, str]) -> CleanDocument:
    pages = tuple(Page(n, text) for n, text in enumerate(report_pages(parts), start=1))
    return clean(Document("cheshire-east.pdf", "application/pdf", pages))


@pytest.fixture(scope="module")
def with_table():
    return parser.parse(report_document(WITH_TABLE))


@pytest.fixture(scope="module")
def sentences_only():
    return parser.parse(report_document(SENTENCES_ONLY))


def _grades(report) -> dict[str, Grade]:
    return {judgement.area: judgement.grade for judgement in report.judgements}


# --- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize("parts", [WITH_TABLE, SENTENCES_ONLY, COLUMN_TABLE_ONLY])
def test_detected_and_parsed_by_this_family_only(parts: dict[str, str]) -> None:
    document = report_document(parts)
    assert parser.detect(document)
    assert not lac_2013.detect(document)
    assert not safeguarding_lac_2012.detect(document)
    assert not committee.detect(document)
    assert parse_clean(document).family == "child_protection_2012"


def test_seeds_stay_with_their_families() -> None:
    for key in SEED_FILES:
        assert not parser.detect(clean_seed(key)), key
    # Seed 002 is a 2012 safeguarding and looked after children report.
    assert parse_clean(clean_seed("002")).family == "safeguarding_lac_2012"


@requires_corpus
def test_lac_2013_reports_stay_with_their_family() -> None:
    kent = clean_corpus_file("80476_kent/children's services inspection,  pdf - 23 august 2013.pdf")
    assert not parser.detect(kent)
    assert parse_clean(kent).family == "lac_2013"


def _lines(text: str) -> CleanDocument:
    return CleanDocument("letter.txt", "text/plain", tuple(Line(t, None) for t in text.split("\n")))


def test_a_mention_of_the_title_is_not_a_report() -> None:
    letter = _lines(
        "Dear Director\n"
        "Following the recent inspection of local authority arrangements for the protection\n"
        "of children in Cheshire East, I write to confirm the findings."
    )
    assert not parser.detect(letter)
    with pytest.raises(NotAReportError):
        parse_clean(letter)


def test_a_committee_report_on_such_an_inspection_stays_a_committee_report() -> None:
    minutes = _lines(
        "Report to: Cabinet\n"
        "Date of Meeting: 14 May 2013\n"
        "Report of: Director of Children's Services\n"
        "Title: Ofsted Inspection of local authority arrangements for the protection of children\n"
        "Wards Affected: All\n"
        "Report Author and Contact Details: Jo Bloggs, jo.bloggs@walsall.gov.uk\n"
        "1.1 Ofsted carried out an unannounced inspection of local authority arrangements for\n"
        "the protection of children in Walsall from 11 to 20 March 2013.\n"
        "1.2 The overall effectiveness of the arrangements was judged to be inadequate."
    )
    record = parse_clean(minutes)
    assert record.family == "committee"
    (inspection,) = record.inspections
    assert inspection.framework is Framework.CHILD_PROTECTION_2012
    assert inspection.title == (
        "Inspection of local authority arrangements for the protection of children"
    )
    assert inspection.inspection_start == dt.date(2013, 3, 11)


# --- the cover -----------------------------------------------------------------------------------


def test_cover(with_table) -> None:
    assert with_table.family == "child_protection_2012"
    assert with_table.report_type == "child_protection_2012"
    assert with_table.framework is Framework.CHILD_PROTECTION_2012
    assert with_table.authority_name == "Cheshire East Council"
    assert (with_table.inspection_start, with_table.inspection_end) == (
        dt.date(2013, 3, 11),
        dt.date(2013, 3, 20),
    )
    assert with_table.visits == ((dt.date(2013, 3, 11), dt.date(2013, 3, 20)),)
    assert with_table.lead_inspectors == ("Sarah Lowe",)
    assert with_table.published == dt.date(2013, 4, 24)


def test_reporting_inspector_and_title_first() -> None:
    parts = report_pages(WITH_TABLE)
    parts[0] = (
        parts[0]
        .replace("Cheshire East Council\n", "")
        .replace("Lead inspector: Sarah Lowe HMI", "Reporting inspector Sarah Lowe HMI")
    )
    parts[0] = parts[0].replace("children\n", "children\nCheshire East Council\n", 1)
    pages = tuple(Page(n, text) for n, text in enumerate(parts, start=1))
    report = parser.parse(clean(Document("x.pdf", "application/pdf", pages)))
    assert report.authority_name == "Cheshire East Council"
    assert report.lead_inspectors == ("Sarah Lowe",)


# --- judgements ----------------------------------------------------------------------------------

ALL_FOUR = {
    "overall": Grade.INADEQUATE,
    "help_protection": Grade.INADEQUATE,
    "quality_of_practice": Grade.INADEQUATE,
    "leaders": Grade.ADEQUATE,
}


def test_four_judgements_with_table_and_graded_headings(with_table) -> None:
    assert _grades(with_table) == ALL_FOUR
    assert [j.area for j in with_table.judgements] == list(ALL_FOUR)
    assert all(judgement.service is None for judgement in with_table.judgements)
    by_area = {judgement.area: judgement for judgement in with_table.judgements}
    # The first reading that grades an area wins: here the graded headings of pages 4-6.
    assert by_area["leaders"].passage.text == "Leadership and governance Grade 3 (Adequate)"
    assert by_area["leaders"].passage.page == 6


def test_judgement_table_alone() -> None:
    parts = {**WITH_TABLE, "overall_grade": "", "help_grade": "", "quality_grade": ""}
    parts.update(leaders_grade="", overall_sentence="")
    report = parser.parse(report_document(parts))
    assert _grades(report) == ALL_FOUR
    by_area = {judgement.area: judgement for judgement in report.judgements}
    assert by_area["help_protection"].label == (
        "The effectiveness of the help and protection provided to children, young people, "
        "families and carers"
    )
    assert by_area["help_protection"].passage.page == 3
    assert by_area["quality_of_practice"].passage.text == "The quality of practice Inadequate"


def test_judgement_table_in_columns() -> None:
    report = parser.parse(report_document(COLUMN_TABLE_ONLY))
    assert _grades(report) == ALL_FOUR


def test_headings_and_sentences_without_table(sentences_only) -> None:
    assert _grades(sentences_only) == {
        "overall": Grade.INADEQUATE,
        "help_protection": Grade.INADEQUATE,
        "quality_of_practice": Grade.ADEQUATE,
    }
    by_area = {judgement.area: judgement for judgement in sentences_only.judgements}
    assert by_area["help_protection"].passage.text.endswith("Judgement: Inadequate")
    assert by_area["overall"].passage.text == (
        "The overall effectiveness of the arrangements to protect children in Cheshire East "
        "is inadequate."
    )
    assert by_area["overall"].passage.page == 4
    assert by_area["quality_of_practice"].label == "The quality of practice"


def test_no_grade_is_invented(sentences_only) -> None:
    # Nothing grades leadership and governance: no judgement, rather than a guess.
    assert "leaders" not in {judgement.area for judgement in sentences_only.judgements}


def test_a_grade_that_is_not_the_judgement_is_not_read() -> None:
    # "is good" about part of the service, and an earlier inspection's grade, are not grades
    # of the judgement.
    parts = {
        **SENTENCES_ONLY,
        "quality_sentence": "The quality of practice in the disabled children's team was good. ",
        "leaders_sentence": "At the previous inspection, leadership and governance was judged "
        "adequate. ",
    }
    report = parser.parse(report_document(parts))
    assert set(_grades(report)) == {"overall", "help_protection"}


def test_no_overall_grade_is_an_error() -> None:
    parts = {**SENTENCES_ONLY, "overall_sentence": ""}
    with pytest.raises(ParseError, match="no overall effectiveness judgement"):
        parser.parse(report_document(parts))


# --- areas for improvement and findings ----------------------------------------------------------


@pytest.mark.parametrize("parts", [WITH_TABLE, SENTENCES_ONLY])
def test_areas_for_improvement(parts: dict[str, str]) -> None:
    # Two "Immediately:", three "Within three months:", one "Within six months:"; the bullets
    # of the next section (paragraph 8) are evidence, not improvements.
    report = parser.parse(report_document(parts))
    improvements = report.recommendations
    assert [r.timescale for r in improvements] == (
        ["Immediately"] * 2 + ["Within three months"] * 3 + ["Within six months"]
    )
    assert [r.number for r in improvements] == list(range(1, 7))
    assert all(r.part is ReportPart.LOCAL_AUTHORITY and r.service is None for r in improvements)
    assert improvements[0].text == (
        "ensure that all children who are the subject of a child protection plan are visited "
        "by their social worker at least every four weeks"
    )
    assert improvements[4].addressed_to == "Cheshire East Local Safeguarding Children Board"
    assert improvements[5].text == (
        "reduce social work caseloads to a level that allows social workers to spend time "
        "with children and their families"
    )
    assert improvements[5].passage.page == 4


def test_findings_across_the_page_break(sentences_only) -> None:
    findings = {finding.number: finding for finding in sentences_only.findings}
    assert list(findings) == list(range(1, 11))
    # Paragraph 7 starts on page 5 and goes on after the page 5 footer, on page 6.
    assert findings[7].page == 5
    assert "the threshold for intervention is not consistently understood" in findings[7].text
    assert FOOTER not in findings[7].text
    assert findings[9].section == "The quality of practice"
    assert findings[10].section == "Leadership and governance"


def test_statistics(with_table) -> None:
    plans = [s for s in with_table.statistics if s.measure == "child_protection_plans"]
    assert plans and plans[0].value == 312


# --- the whole pipeline --------------------------------------------------------------------------


def test_pipeline_builds_exports_and_validates(tmp_path: Path) -> None:
    source = tmp_path / "cheshire east - child protection - 24 april 2013.txt"
    source.write_text("\f".join(report_pages(WITH_TABLE)), encoding="utf-8")
    outcome = load_document(
        Document(str(source), "text/plain", (Page(None, source.read_text()),)), source.name
    )
    assert outcome.record.family == "child_protection_2012"

    store = EmbeddedStore(tmp_path / "store")
    result = build(store, [str(source)])
    assert not result.failed
    tables = {}
    for table in ("inspections", "judgements", "recommendations"):
        buffer = io.StringIO()
        write_csv(store, table, buffer)
        tables[table] = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    (inspection,) = tables["inspections"]
    assert inspection["report_type"] == "child_protection_2012"
    assert inspection["inspection_start"] == "2013-03-11"
    assert inspection["lead_inspector"] == "Sarah Lowe"
    assert {row["area"]: row["grade"] for row in tables["judgements"]} == {
        area: str(grade) for area, grade in ALL_FOUR.items()
    }
    assert len(tables["recommendations"]) == 6
    report = validate_store(store)
    assert report.conforms, report.text[:3000]
