"""Letters on focused, monitoring and assurance visits, on synthetic letters of that format.

No letter is in the corpus: the texts below follow the layout Ofsted's published letters
use (the Ofsted address, the letter's date and addressee, the title, "This letter summarises
the findings of ...", headed sections, "Yours sincerely" and the signing inspector), with the
variations between years: "Overview" and bulleted findings (2019), "Headline findings" with
areas for priority action and the team named before "carried out this visit" (2024), a title
wrapped over two lines, and monitoring visits under the single inspection framework (2016)
and ILACS (2019). Each is cut into pages with page numbers, as a converted PDF is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from graph.build import build
from graph.exports import write_csv
from graph.named_queries import named_query
from graph.store import EmbeddedStore
from graph.validate import validate_store
from loaders.document import Document, Page
from loaders.errors import ParseError
from loaders.parsers import committee, ilacs, lac_2013, safeguarding_lac_2012, sif
from loaders.parsers import visit_letter as parser
from loaders.pipeline import load_document, parse_clean
from loaders.records import Framework, Grade
from loaders.repair import clean
from tests.conftest import SEED_FILES, clean_pages, clean_seed, without_blank_lines

ADDRESS = """Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD
T 0300 123 1231
Textphone 0161 618 8524
enquiries@ofsted.gov.uk
www.gov.uk/ofsted"""

FOCUSED_2019 = [
    f"""{ADDRESS}

12 March 2019

Ms Jane Smith
Executive Director of Children's Services
Sandwell Metropolitan Borough Council
Freeth Street
Oldbury
B69 3DE

Dear Ms Smith

Focused visit to Sandwell Metropolitan Borough Council children's services

This letter summarises the findings of the focused visit to Sandwell Metropolitan Borough
Council children's services on 19 and 20 February 2019. The inspectors were Brenda
McLaughlin, HMI, and Kate Malleson, HMI.

Inspectors looked at the local authority's arrangements for children in need and children
subject to a child protection plan.

Overview

Since the last inspection in June 2018, when services were judged to be inadequate, senior
leaders have focused on stabilising the workforce. Caseloads have reduced and most social
workers now have manageable workloads.

What needs to improve in this area of social work practice

\u2022 The quality of written plans, so that they are specific and measurable.
\u2022 Management oversight and supervision, so that drift is identified
and addressed.
\u2022 The timeliness of initial child protection conferences.""",
    """Findings

\u2022 Children are seen regularly by their social workers, who know them well.
\u2022 Assessments are timely, and most identify risks clearly. A small number do not
take enough account of the history of the family.
\u2022 At 31 March 2018, 451 children were subject to a child protection plan.

Ofsted will take the findings from this focused visit into account when planning your next
inspection or visit.

Yours sincerely

Brenda McLaughlin
Her Majesty's Inspector

2""",
]

FOCUSED_2024 = [
    f"""{ADDRESS}

7 March 2024

Mr John Brown
Director of Children's Services
Bournemouth, Christchurch and Poole Council

Dear Mr Brown

Focused visit to Bournemouth, Christchurch and Poole
children\u2019s services

This letter summarises the findings of the focused visit to Bournemouth, Christchurch and
Poole children\u2019s services on 30 January and 1 February 2024.

His Majesty\u2019s Inspectors Kathryn Grindrod and Sarah Canto carried out this visit.

Inspectors evaluated the local authority\u2019s arrangements for children in need and those
subject to a child protection plan.

Headline findings

Children in need of help and protection do not consistently receive a timely response.
Leaders have not yet addressed the weaknesses identified at the previous inspection in
March 2023.

Areas for priority action

\u2022 The response to children at risk of significant harm out of hours.""",
    """What needs to improve in this area of social work practice?

\u2022 The quality and timeliness of assessments.
\u2022 The oversight of children in need plans by managers.

Main findings

The multi-agency safeguarding hub is not responding to contacts in a timely way, and some
children wait too long for help.

Social workers are committed to the children they work with.

Yours sincerely

Kathryn Grindrod
His Majesty\u2019s Inspector

2""",
]

MONITORING_2016 = [
    f"""{ADDRESS}

21 June 2016

Mr Jim Diamond
Director of Children's Services
Sunderland City Council

Dear Mr Diamond

Monitoring visit of Sunderland local authority children's services

This letter summarises the findings of the monitoring visit to Sunderland local authority
children's services on 15 and 16 June 2016. The visit was the second monitoring visit since
the local authority was judged inadequate in July 2015. The inspectors were Nick Stacey,
HMI, and Rachel Holden, HMI.

Areas covered by the visit

During this visit, inspectors reviewed the progress made in the area of help and
protection.""",
    """Overview

The local authority is making steady progress. Managers now have a clear understanding of
the quality of practice.

Findings and evaluation of progress

Thresholds for statutory intervention are appropriately applied.

I am copying this letter to the Department for Education.

Yours sincerely

Nick Stacey
Her Majesty's Inspector

2""",
]

MONITORING_2019 = [
    f"""{ADDRESS}

2 May 2019

Dear Ms Jones

Monitoring visit to Birmingham children's services

This letter summarises the findings of the monitoring visit to Birmingham children's
services on 10 April 2019. This visit was the third monitoring visit since the local
authority was judged inadequate in January 2018. The lead inspector was Ian Young,
Her Majesty's Inspector.

Overview

Progress since the last monitoring visit has been steady.

Yours sincerely

Sophie Wood
Senior Her Majesty's Inspector""",
]

LETTERS = [FOCUSED_2019, FOCUSED_2024, MONITORING_2016, MONITORING_2019]


@pytest.fixture(scope="module")
def focused_2019():
    return parser.parse(clean_pages(FOCUSED_2019))


@pytest.fixture(scope="module")
def focused_2024():
    return parser.parse(clean_pages(FOCUSED_2024))


@pytest.fixture(scope="module")
def monitoring_2016():
    return parser.parse(clean_pages(MONITORING_2016))


# --- detection -----------------------------------------------------------------------------------


@pytest.mark.parametrize("pages", LETTERS)
def test_detected_and_parsed_by_this_family_only(pages: list[str]) -> None:
    document = clean_pages(pages)
    assert parser.detect(document)
    for other in (committee, ilacs, sif, lac_2013, safeguarding_lac_2012):
        assert not other.detect(document), other.FAMILY
    assert parse_clean(document).family == "visit_letter"


def test_reports_stay_with_their_families() -> None:
    for key in SEED_FILES:
        assert not parser.detect(clean_seed(key)), key


def test_a_report_mentioning_a_visit_is_not_a_letter() -> None:
    text = (
        "Westminster\nInspection of children's social care services\n\n"
        "A focused visit to Westminster children's services in May 2019 found ...\n"
        "Yours sincerely"
    )
    document = clean(Document("x.txt", "text/plain", (Page(None, text),)))
    assert not parser.detect(document)


# --- what each letter says -----------------------------------------------------------------------


def test_focused_visit_2019(focused_2019) -> None:
    report = focused_2019
    assert report.report_type == "ilacs_focused_visit"
    assert report.framework is Framework.ILACS
    assert report.authority_name == "Sandwell Metropolitan Borough Council"
    assert (report.inspection_start, report.inspection_end) == (
        dt.date(2019, 2, 19),
        dt.date(2019, 2, 20),
    )
    assert report.visits == ((dt.date(2019, 2, 19), dt.date(2019, 2, 20)),)
    assert report.published == dt.date(2019, 3, 12)
    assert report.judgements == ()
    assert report.lead_inspectors == ("Brenda McLaughlin",)
    assert [(m.name, m.role) for m in report.team] == [
        ("Brenda McLaughlin", "lead inspector"),
        ("Kate Malleson", "inspector"),
    ]


def test_focused_visit_2019_improvements_and_findings(focused_2019) -> None:
    improvements = focused_2019.recommendations
    assert [r.number for r in improvements] == [1, 2, 3]
    assert improvements[1].text == (
        "Management oversight and supervision, so that drift is identified and addressed."
    )
    assert not any(r.priority for r in improvements)
    assert improvements[0].passage.section == (
        "What needs to improve in this area of social work practice"
    )
    sections = [(f.number, f.section, f.page) for f in focused_2019.findings]
    # The introduction (what the visit looked at, who made it) is not a finding.
    assert sections == [
        (1, "Overview", 1),
        (2, "Findings", 2),
        (3, "Findings", 2),
        (4, "Findings", 2),
    ]
    assert focused_2019.findings[2].text.endswith(
        "take enough account of the history of the family."
    )
    # The closing boilerplate and the signature are not findings.
    assert not any("Ofsted will take" in f.text for f in focused_2019.findings)


def test_focused_visit_2019_earlier_inspection_and_statistics(focused_2019) -> None:
    (earlier,) = focused_2019.previous_inspections
    assert (earlier.year, earlier.month, earlier.grade) == (2018, 6, Grade.INADEQUATE)
    assert [(s.measure, s.value) for s in focused_2019.statistics] == [
        ("child_protection_plans", 451)
    ]


def test_focused_visit_2024(focused_2024) -> None:
    report = focused_2024
    assert report.authority_name == "Bournemouth, Christchurch and Poole"
    assert (report.inspection_start, report.inspection_end) == (
        dt.date(2024, 1, 30),
        dt.date(2024, 2, 1),
    )
    assert report.lead_inspectors == ("Kathryn Grindrod",)
    assert [m.name for m in report.team] == ["Kathryn Grindrod", "Sarah Canto"]
    assert [(r.number, r.priority, r.text) for r in report.recommendations] == [
        (1, True, "The response to children at risk of significant harm out of hours."),
        (2, False, "The quality and timeliness of assessments."),
        (3, False, "The oversight of children in need plans by managers."),
    ]
    assert [f.section for f in report.findings] == [
        "Headline findings",
        "Main findings",
        "Main findings",
    ]
    assert [(p.year, p.month) for p in report.previous_inspections] == [(2023, 3)]


def test_monitoring_visit_under_the_sif(monitoring_2016) -> None:
    report = monitoring_2016
    assert report.report_type == "sif_monitoring_visit"
    assert report.framework is Framework.SIF
    assert "before January 2018" in report.report_type_basis
    assert report.authority_name == "Sunderland"
    assert (report.inspection_start, report.inspection_end) == (
        dt.date(2016, 6, 15),
        dt.date(2016, 6, 16),
    )
    assert report.lead_inspectors == ("Nick Stacey",)
    assert [m.name for m in report.team] == ["Nick Stacey", "Rachel Holden"]
    assert report.recommendations == ()
    assert [f.section for f in report.findings] == [
        "Areas covered by the visit",
        "Overview",
        "Findings and evaluation of progress",
    ]
    assert not any("copying this letter" in f.text for f in report.findings)
    judged = [p for p in report.previous_inspections if p.grade is Grade.INADEQUATE]
    assert [(p.year, p.month, p.scope) for p in judged] == [(2015, 7, "children's services")]


def test_monitoring_visit_under_ilacs_names_its_lead() -> None:
    report = parser.parse(clean_pages(MONITORING_2019))
    assert report.report_type == "ilacs_monitoring_visit"
    assert report.framework is Framework.ILACS
    assert (report.inspection_start, report.inspection_end) == (
        dt.date(2019, 4, 10),
        dt.date(2019, 4, 10),
    )
    # The letter names its lead; the senior inspector who signs it is not made one.
    assert report.lead_inspectors == ("Ian Young",)
    assert [(p.year, p.month) for p in report.previous_inspections] == [(2018, 1)]


def test_a_letter_without_visit_dates_is_an_error() -> None:
    pages = [FOCUSED_2019[0].replace("on 19 and 20 February 2019", "in February"), FOCUSED_2019[1]]
    with pytest.raises(ParseError, match="visit dates"):
        parser.parse(clean_pages(pages))


# --- the whole pipeline --------------------------------------------------------------------------


def test_pipeline_builds_exports_and_validates(tmp_path: Path) -> None:
    sources = []
    for name, pages in (
        ("sandwell focused visit.txt", FOCUSED_2019),
        ("sunderland.txt", MONITORING_2016),
    ):
        source = tmp_path / name
        source.write_text("\f".join(pages), encoding="utf-8")
        sources.append(source)
    outcome = load_document(
        Document(str(sources[0]), "text/plain", (Page(None, sources[0].read_text()),)),
        sources[0].name,
    )
    assert outcome.record.family == "visit_letter"

    store = EmbeddedStore(tmp_path / "store")
    result = build(store, [str(source) for source in sources])
    assert not result.failed, result.failed
    tables = {}
    for table in ("inspections", "judgements", "recommendations"):
        buffer = io.StringIO()
        write_csv(store, table, buffer)
        tables[table] = list(csv.DictReader(io.StringIO(buffer.getvalue())))
    rows = {row["report_type"]: row for row in tables["inspections"]}
    assert set(rows) == {"ilacs_focused_visit", "sif_monitoring_visit"}
    assert rows["ilacs_focused_visit"]["inspection_start"] == "2019-02-19"
    assert rows["ilacs_focused_visit"]["lead_inspector"] == "Brenda McLaughlin"
    assert rows["sif_monitoring_visit"]["inspection_end"] == "2016-06-16"
    assert tables["judgements"] == []
    assert len(tables["recommendations"]) == 3
    visits = [
        {name: row[name].value for name in ("name", "reportType", "start", "points")}
        for row in store.query(named_query("ungraded-visits").sparql)
    ]
    assert visits == [
        {"name": "Sandwell", "reportType": "ilacs_focused_visit", "start": "2019-02-19",
         "points": "3"},
        {"name": "Sunderland", "reportType": "sif_monitoring_visit", "start": "2016-06-15",
         "points": "0"},
    ]  # fmt: skip
    report = validate_store(store)
    assert report.conforms, report.text[:3000]


def test_a_letter_without_headings_keeps_its_paragraphs_as_findings() -> None:
    body = MONITORING_2019[0].replace("Overview\n\n", "")
    report = parser.parse(clean_pages([body]))
    assert [(f.number, f.section, f.text) for f in report.findings] == [
        (1, "Introduction", "Progress since the last monitoring visit has been steady.")
    ]


@pytest.mark.parametrize("pages", LETTERS)
def test_paragraphs_are_found_without_blank_lines_between_them(pages: list[str]) -> None:
    spaced = parser.parse(clean_pages(pages))
    packed = parser.parse(clean_pages(without_blank_lines(pages)))
    assert [(f.section, f.text) for f in packed.findings] == [
        (f.section, f.text) for f in spaced.findings
    ]
    assert packed.recommendations == spaced.recommendations
    assert (packed.inspection_start, packed.team, packed.published) == (
        spaced.inspection_start,
        spaced.team,
        spaced.published,
    )


def test_prose_starting_a_line_with_the_words_of_a_title_is_not_one() -> None:
    text = (
        "Sandwell\nInspection of children's social care services\n"
        "Leaders have acted on the findings of the third\n"
        "monitoring visit to Sandwell children's services.\n"
        "Yours sincerely"
    )
    document = clean(Document("x.txt", "text/plain", (Page(None, text),)))
    assert not parser.detect(document)


def test_the_named_query_counts_priority_actions_apart(tmp_path: Path) -> None:
    source = tmp_path / "bcp focused visit.txt"
    source.write_text("\f".join(FOCUSED_2024), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    assert not build(store, [str(source)]).failed
    (visit,) = store.query(named_query("ungraded-visits").sparql)
    assert (visit["points"].value, visit["priorityActions"].value) == ("3", "1")
