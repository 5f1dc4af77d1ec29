"""The 2013 looked after children parser, on the two such PDFs of the corpus."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.parsers import lac_2013 as parser
from loaders.records import Framework, Grade, ReportPart
from tests.conftest import clean_corpus_file, clean_seed, corpus_labels, requires_corpus

KENT = "80476_kent/children's services inspection,  pdf - 23 august 2013.pdf"
SANDWELL = "80549_sandwell/children's services inspection,  pdf - 02 august 2013.pdf"

pytestmark = requires_corpus


@pytest.fixture(scope="module")
def kent():
    return parser.parse(clean_corpus_file(KENT))


@pytest.fixture(scope="module")
def sandwell():
    return parser.parse(clean_corpus_file(SANDWELL))


def _label(file: str) -> dict[str, str]:
    return next(row for row in corpus_labels() if row["file"] == file)


@pytest.mark.parametrize("file", [KENT, SANDWELL])
def test_matches_hand_checked_labels(file: str) -> None:
    label = _label(file)
    report = parser.parse(clean_corpus_file(file))
    grades = {judgement.area: judgement.grade for judgement in report.judgements}
    assert report.family == "lac_2013"
    assert report.report_type == "lac_2013"
    assert report.framework is Framework.LAC_2013
    assert report.authority_name == label["la_name"]
    assert report.inspection_start == dt.date.fromisoformat(label["inspection_start"])
    assert report.inspection_end == dt.date.fromisoformat(label["inspection_end"])
    assert report.lead_inspectors == (label["lead_inspector"],)
    assert grades["overall"] == Grade(label["overall"])
    assert grades["leaders"] == Grade(label["leaders"])


# From the "Record of main findings" tables as the labels' notes transcribe them, e.g. Kent:
# "Overall effectiveness Adequate Capacity to improve Good Outcomes for looked after children
# and young people Adequate Quality of provision Adequate Leadership and management Adequate".
@pytest.mark.parametrize(
    ("file", "expected"),
    [
        (
            KENT,
            {
                "overall": Grade.ADEQUATE,
                "capacity_to_improve": Grade.GOOD,
                "outcomes": Grade.ADEQUATE,
                "quality_of_provision": Grade.ADEQUATE,
                "leaders": Grade.ADEQUATE,
            },
        ),
        (
            SANDWELL,
            {
                "overall": Grade.INADEQUATE,
                "capacity_to_improve": Grade.ADEQUATE,
                "outcomes": Grade.ADEQUATE,
                "quality_of_provision": Grade.INADEQUATE,
                "leaders": Grade.INADEQUATE,
            },
        ),
    ],
)
def test_all_five_judgements_once(file: str, expected: dict[str, Grade]) -> None:
    report = parser.parse(clean_corpus_file(file))
    assert {j.area: j.grade for j in report.judgements} == expected
    assert len(report.judgements) == 5
    assert all(judgement.service is None for judgement in report.judgements)


def test_judgement_labels_and_pages(kent) -> None:
    by_area = {judgement.area: judgement for judgement in kent.judgements}
    # Page 6: "Overall effectiveness of services for looked" / "after children and young
    # people" / "Grade 3 (Adequate)"
    overall = by_area["overall"]
    assert overall.label == (
        "Overall effectiveness of services for looked after children and young people"
    )
    assert overall.passage.page == 6
    # Page 10: "Outcomes for looked after children and young" / "people" / "Grade 3 (Adequate)"
    assert by_area["outcomes"].label == "Outcomes for looked after children and young people"
    assert by_area["outcomes"].passage.page == 10


def test_cover_page_publication(kent, sandwell) -> None:
    # "Published: 23 August 2013" and "Published: 2 August 2013"
    assert kent.published == dt.date(2013, 8, 23)
    assert sandwell.published == dt.date(2013, 8, 2)


def test_kent_areas_for_improvement(kent) -> None:
    # Pages 8-9: three bullets "Immediately:", six "Within three months:", three
    # "Within six months:".
    timescales = [r.timescale for r in kent.recommendations]
    assert (
        timescales == ["Immediately"] * 3 + ["Within three months"] * 6 + ["Within six months"] * 3
    )
    assert [r.number for r in kent.recommendations] == list(range(1, 13))
    assert all(r.part is ReportPart.LOCAL_AUTHORITY for r in kent.recommendations)
    # "- improve the quality of supervision and management oversight in" / "casework"
    assert kent.recommendations[0].text == (
        "improve the quality of supervision and management oversight in casework"
    )
    # "- review the arrangements for the independent reviewing services to" / "ensure that the
    # case loads of the independent reviewing officers" / "(IROs) are manageable."
    assert kent.recommendations[-1].text.endswith("(IROs) are manageable.")
    assert kent.recommendations[-1].passage.page == 9


def test_sandwell_areas_for_improvement(sandwell) -> None:
    # Pages 10-11: eight "Immediately:", eight "Within three months:", two "Within six months:".
    counts = {}
    for recommendation in sandwell.recommendations:
        counts[recommendation.timescale] = counts.get(recommendation.timescale, 0) + 1
    assert counts == {"Immediately": 8, "Within three months": 8, "Within six months": 2}


def test_kent_findings(kent) -> None:
    # Numbered paragraphs "1. The purpose of the inspection ..." to "72. The views of children
    # and young people are gathered in a number of ways ...".
    assert [f.number for f in kent.findings] == list(range(1, 73))
    by_number = {finding.number: finding for finding in kent.findings}
    assert by_number[11].section == (
        "Overall effectiveness of services for looked after children and young people"
    )
    assert by_number[11].page == 6
    assert by_number[11].text.startswith(
        "The overall effectiveness of services for looked after children and young people in Kent"
    )
    # Paragraph 10 ends just above the page 6 heading and must not swallow it.
    assert by_number[10].text.endswith("(140 of these were looked after children.)")
    assert by_number[22].section == "Areas for improvement"
    assert by_number[62].section == "Leadership and management"


def test_detects_2013_reports_only() -> None:
    assert parser.detect(clean_corpus_file(KENT))
    assert parser.detect(clean_corpus_file(SANDWELL))
    for seed in ("000", "001", "002", "003", "004"):
        assert not parser.detect(clean_seed(seed)), seed


def test_detects_no_sif_or_ilacs_report() -> None:
    for row in corpus_labels():
        if row["report_type"] in {"sif", "sif_with_lscb", "ilacs_full"}:
            assert not parser.detect(clean_corpus_file(row["file"])), row["file"]
