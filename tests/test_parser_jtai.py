"""Joint targeted area inspection letters, on synthetic letters of that format.

No JTAI letter is in the corpus: the texts below follow the layout of the published letters
of 2017 ("Between ... undertook a joint inspection", key strengths, case studies, areas for
improvement, next steps) and of 2022 ("This letter summarises the findings of the joint
targeted area inspection (JTAI) ...", headline findings, what needs to improve, strengths,
main findings), with the title wrapped over two lines, cut into pages with page numbers.
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
from loaders.parsers import (
    committee,
    ilacs,
    jtai,
    lac_2013,
    safeguarding_lac_2012,
    sif,
    visit_letter,
)
from loaders.pipeline import parse_clean
from loaders.records import Framework
from loaders.repair import clean
from tests.conftest import SEED_FILES, clean_pages, clean_seed, without_blank_lines

JTAI_2017 = [
    """Ofsted
Piccadilly Gate
Store Street
Manchester M1 2WD

3 May 2017

Ms Carolyn Godfrey, Corporate Director, People, Wiltshire Council
Dr Celia Grummitt, Accountable Officer, Wiltshire Clinical Commissioning Group
Mr Mike Veale, Chief Constable, Wiltshire Police
Mr Mark Gregory, Chair, Wiltshire Safeguarding Children Board

Joint targeted area inspection of the multi-agency response to abuse and neglect in
Wiltshire

Between 6 and 10 March 2017, Ofsted, the Care Quality Commission (CQC), HMI
Constabulary (HMIC) and HMI Probation (HMIP) undertook a joint inspection of the
multi-agency response to abuse and neglect in Wiltshire.

This letter to all the service leaders in the area outlines our findings about the
effectiveness of partnership working and of the work of individual agencies in Wiltshire.

Key strengths

\u2022 Leaders across the partnership share a clear commitment to tackling neglect.
\u2022 The multi-agency safeguarding hub responds quickly to concerns.""",
    """Case study: highly effective practice

A family was helped by a well-coordinated response from health visitors and the police,
which reduced the risk to the children.

Areas for improvement

\u2022 The quality of referrals from some agencies.
\u2022 The use of chronologies to understand the history of neglect.

Next steps

The director of children's services should prepare a written statement of proposed action
by 15 July 2017.

Yours sincerely

Eleanor Schooling          Ursula Gallagher
National Director,         Deputy Chief Inspector,
Social Care, Ofsted        Care Quality Commission

2""",
]

JTAI_2022 = [
    """12 May 2022

Dear Director

Joint targeted area inspection of the multi-agency response to identification of initial need
and risk in Bournemouth, Christchurch and Poole

This letter summarises the findings of the joint targeted area inspection (JTAI) of the
multi-agency response to identification of initial need and risk in Bournemouth,
Christchurch and Poole. This inspection took place from 14 to 18 March 2022. It was carried
out by inspectors from Ofsted, the Care Quality Commission (CQC) and His Majesty's
Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS).

Headline findings

Children in Bournemouth, Christchurch and Poole are not always protected when they first
need help.

What needs to improve?

\u2022 The timeliness of strategy discussions.

Strengths

\u2022 Partners share information well at the front door.

Main findings

Thresholds are not applied consistently by all agencies.

Next steps

The local authority should prepare a written statement of proposed action.

Yours sincerely

Yvette Stanley
National Director, Regulation and Social Care, Ofsted""",
]

LETTERS = [JTAI_2017, JTAI_2022]


@pytest.fixture(scope="module")
def jtai_2017():
    return jtai.parse(clean_pages(JTAI_2017))


@pytest.mark.parametrize("pages", LETTERS)
def test_detected_and_parsed_by_this_family_only(pages: list[str]) -> None:
    document = clean_pages(pages)
    assert jtai.detect(document)
    for other in (committee, ilacs, visit_letter, sif, lac_2013, safeguarding_lac_2012):
        assert not other.detect(document), other.FAMILY
    assert parse_clean(document).family == "jtai"


def test_reports_stay_with_their_families() -> None:
    for key in SEED_FILES:
        assert not jtai.detect(clean_seed(key)), key


def test_a_letter_of_2017(jtai_2017) -> None:
    report = jtai_2017
    assert (report.report_type, report.framework) == ("jtai", Framework.JTAI)
    assert report.authority_name == "Wiltshire"
    assert (report.inspection_start, report.inspection_end) == (
        dt.date(2017, 3, 6),
        dt.date(2017, 3, 10),
    )
    assert report.published == dt.date(2017, 5, 3)
    # Signed by the inspectorates' directors, not the team: no lead inspector is read.
    assert report.lead_inspectors == () and report.team == ()
    assert report.judgements == ()
    assert [r.text for r in report.recommendations] == [
        "The quality of referrals from some agencies.",
        "The use of chronologies to understand the history of neglect.",
    ]
    assert [s.text for s in report.strengths] == [
        "Leaders across the partnership share a clear commitment to tackling neglect.",
        "The multi-agency safeguarding hub responds quickly to concerns.",
    ]
    assert {(s.passage.section, s.passage.page) for s in report.strengths} == {("Key strengths", 1)}
    # The case study is a finding; the next steps are boilerplate, the introduction is not one.
    assert [(f.number, f.section, f.page) for f in report.findings] == [
        (1, "Case study: highly effective practice", 2)
    ]


def test_a_letter_of_2022() -> None:
    report = jtai.parse(clean_pages(JTAI_2022))
    assert report.authority_name == "Bournemouth, Christchurch and Poole"
    assert (report.inspection_start, report.inspection_end) == (
        dt.date(2022, 3, 14),
        dt.date(2022, 3, 18),
    )
    assert report.published == dt.date(2022, 5, 12)
    assert [r.text for r in report.recommendations] == ["The timeliness of strategy discussions."]
    assert [s.text for s in report.strengths] == [
        "Partners share information well at the front door."
    ]
    assert [f.section for f in report.findings] == ["Headline findings", "Main findings"]


@pytest.mark.parametrize("pages", LETTERS)
def test_the_same_without_blank_lines(pages: list[str]) -> None:
    spaced = jtai.parse(clean_pages(pages))
    packed = jtai.parse(clean_pages(without_blank_lines(pages)))
    assert packed.authority_name == spaced.authority_name
    assert packed.findings == spaced.findings
    assert packed.recommendations == spaced.recommendations
    assert packed.strengths == spaced.strengths


def test_a_letter_without_dates_is_an_error() -> None:
    pages = [JTAI_2017[0].replace("Between 6 and 10 March 2017, ", "In 2017, "), JTAI_2017[1]]
    with pytest.raises(ParseError, match="inspection dates"):
        jtai.parse(clean_pages(pages))


def test_pipeline_builds_exports_and_validates(tmp_path: Path) -> None:
    source = tmp_path / "wiltshire jtai.txt"
    source.write_text("\f".join(JTAI_2017), encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    result = build(store, [str(source)])
    assert not result.failed, result.failed
    buffer = io.StringIO()
    write_csv(store, "inspections", buffer)
    (row,) = csv.DictReader(io.StringIO(buffer.getvalue()))
    assert (row["report_type"], row["authority_gss"], row["inspection_end"]) == (
        "jtai",
        "E06000054",
        "2017-03-10",
    )
    (visit,) = store.query(named_query("ungraded-visits").sparql)
    assert (visit["reportType"].value, visit["points"].value, visit["priorityActions"].value) == (
        "jtai",
        "2",
        "0",
    )
    report = validate_store(store)
    assert report.conforms, report.text[:3000]


def test_an_area_wrapped_onto_a_short_line_is_read_whole() -> None:
    title = (
        "Joint targeted area inspection of the multi-agency response to children's mental health"
    )
    assert len(title) > 80  # a full first line, the area on the next ones
    pages = [
        JTAI_2022[0].replace(
            "Joint targeted area inspection of the multi-agency response to identification of "
            "initial need\nand risk in Bournemouth, Christchurch and Poole",
            f"{title} in Bristol,\nNorth Somerset and South Gloucestershire",
        )
    ]
    assert jtai.parse(clean_pages(pages)).authority_name == (
        "Bristol, North Somerset and South Gloucestershire"
    )


def test_prose_that_mentions_a_jtai_is_not_one() -> None:
    text = (
        "Sandwell\nInspection of children's social care services\n"
        "The local authority responded well to the findings of a\n"
        "joint targeted area inspection of the multi-agency response to neglect in\n"
        "Doncaster found that the partnership had improved.\n"
        "Joint targeted area inspection of the multi-agency response to neglect in\n"
        "2018 found that the partnership had improved.\n"
    )
    document = clean(Document("x.txt", "text/plain", (Page(None, text),)))
    assert not jtai.detect(document)


def test_a_title_without_a_letter_is_not_one() -> None:
    text = "Joint targeted area inspection of the response to neglect in Wiltshire\nContents\n"
    assert not jtai.detect(clean(Document("x.txt", "text/plain", (Page(None, text),))))
