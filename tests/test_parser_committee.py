"""The council committee report parser, on seed 001 and a made-up report of the same genre."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.document import CleanDocument, Line
from loaders.parsers import committee as parser
from loaders.records import Framework, Grade
from tests.conftest import clean_corpus_file, clean_seed, corpus_labels, requires_corpus


@pytest.fixture(scope="module")
def report():
    return parser.parse(clean_seed("001"))


@pytest.fixture(scope="module")
def ofsted(report):
    return next(i for i in report.inspections if i.inspectorate == "Ofsted")


@pytest.fixture(scope="module")
def probation(report):
    return next(i for i in report.inspections if i.inspectorate == "HMI Probation")


def test_detects_the_committee_seed_only() -> None:
    assert parser.detect(clean_seed("001"))
    for other in ("000", "002", "003", "004"):
        assert not parser.detect(clean_seed(other)), other


@requires_corpus
def test_detects_no_ofsted_report() -> None:
    for row in corpus_labels():
        if row["report_type"] != "not_a_pdf":
            assert not parser.detect(clean_corpus_file(row["file"])), row["file"]


def test_meeting_fields(report) -> None:
    # "Children, Sports and Leisure Policy and Scrutiny Committee" / "Date:\t9 th May 2016" /
    # "Title:\tInspection Performance Report : Ofsted Inspection of ..." /
    # "Report Author and Contact Details:\tMelissa Caslake, Director of Family Services
    # mcaslake@westminster.gov.uk"
    assert report.family == "committee"
    assert report.authority_name == "Westminster"
    assert report.committee == "Children, Sports and Leisure Policy and Scrutiny Committee"
    assert report.meeting_date == dt.date(2016, 5, 9)
    assert report.title.startswith("Inspection Performance Report : Ofsted Inspection of")
    assert report.title.endswith("Probation Inspectorate Inspection of Youth Offending")
    assert report.author == "Melissa Caslake"
    assert len(report.inspections) == 2


def test_ofsted_inspection(ofsted) -> None:
    # 2.1 "... an inspection under the Ofsted Single Inspection Framework between 11 January and
    # 4 February 2016. ... a final report was published by Ofsted on 29 March 2016"
    assert ofsted.framework is Framework.SIF
    assert ofsted.authority_names == ("Westminster",)
    assert (ofsted.inspection_start, ofsted.inspection_end) == (
        dt.date(2016, 1, 11),
        dt.date(2016, 2, 4),
    )
    assert ofsted.published == dt.date(2016, 3, 29)
    assert "between 11 January and 4 February 2016" in ofsted.passage.text


def test_ofsted_claims(ofsted) -> None:
    # 1.3 "Westminster received an overall single judgement of 'Outstanding'";
    # 3.3 "Children who need help and protection:\tGood", "Children looked after and achieving
    # permanence:\tOutstanding", "Adoption performance:\tOutstanding", "Experiences and progress
    # of care leavers:\tGood", "Leadership, management and governance:\tOutstanding";
    # 3.1 "The LSCB's judgement was also confirmed as being Good." Not claims: "Hammersmith &
    # Fulham received a Good rating overall", "24% resulted in "Good"", and the last inspection
    # "in October 2011, when services were judged to be Good".
    assert {claim.area: claim.grade for claim in ofsted.claims} == {
        "overall": Grade.OUTSTANDING,
        "help_protection": Grade.GOOD,
        "in_care": Grade.OUTSTANDING,
        "adoption": Grade.OUTSTANDING,
        "care_leavers": Grade.GOOD,
        "leaders": Grade.OUTSTANDING,
        "lscb": Grade.GOOD,
    }
    labels = {claim.area: claim.label for claim in ofsted.claims}
    assert labels["in_care"] == "Children looked after and achieving permanence"


def test_claims_from_sentences_alone() -> None:
    # Without the 3.3 list, 2.2 "Westminster was rated Outstanding for Looked after children,
    # Adoption, and Leadership and governance, leading to an overall rating of Outstanding."
    seed = clean_seed("001")
    # Drop the five "Area:\tGrade" lines of 3.3.
    without_list = tuple(
        line for line in seed.lines if not line.text.endswith(("\tGood", "\tOutstanding"))
    )
    document = CleanDocument(seed.source, seed.media_type, without_list)
    ofsted = parser.parse(document).inspections[0]
    assert {claim.area: claim.grade for claim in ofsted.claims} == {
        "overall": Grade.OUTSTANDING,
        "in_care": Grade.OUTSTANDING,
        "adoption": Grade.OUTSTANDING,
        "leaders": Grade.OUTSTANDING,
        "lscb": Grade.GOOD,
    }


def test_probation_inspection(probation) -> None:
    # 1.2 "Westminster achieved a highly effective rating for its youth offending work and this
    # report outlines ... the Short Quality Screening Inspection of the West London Youth
    # Offending Service conducted by Her Majesty's Inspectorate of Probation in December 2015."
    # 2.3 "... youth offending work in the three boroughs of Westminster, Hammersmith and
    # Fulham, and Kensington and Chelsea in December 2015."
    assert probation.framework is Framework.HMIP_YOUTH_JUSTICE
    assert probation.title == "Short Quality Screening of the West London Youth Offending Service"
    assert probation.service_name == "West London Youth Offending Service"
    assert probation.authority_names == (
        "Westminster",
        "Hammersmith and Fulham",
        "Kensington and Chelsea",
    )
    assert (probation.year, probation.month) == (2015, 12)
    assert probation.inspection_start is None
    assert probation.outcome == "highly effective"
    assert probation.claims == ()


# --- Another council, another layout of the same genre ---------------------------------------

CABINET_REPORT = """\
Agenda Item 7
Date of meeting:\t14 March 2019
Decision Maker:\tCabinet
Report title:\tOfsted inspection of children's services
Report by:\tJo Bloggs, Director of Children's Services
Wards affected:\tAll
Contact Officer:\tJo Bloggs, jo.bloggs@camden.gov.uk

1. Summary
1.1 Ofsted inspected Camden's children's services under the ILACS framework from 21 January to \
1 February 2019 and published its report on 4 March 2019.
1.2 The judgements were:
Overall effectiveness:\tGood
The impact of leaders on social work practice with children and families:\tOutstanding
The experiences and progress of children who need help and protection:\tGood
The experiences and progress of children in care and care leavers:\tRequires improvement to be good
1.3 Our neighbour Haringey was judged to be inadequate. Nationally, 20% of councils are good.
1.4 At our previous inspection in 2014 services were judged to be inadequate.
"""


def _document(text: str) -> CleanDocument:
    return CleanDocument(
        "cabinet.txt", "text/plain", tuple(Line(t, None) for t in text.split("\n"))
    )


def test_genre_field_block_and_ilacs_claims() -> None:
    document = _document(CABINET_REPORT)
    assert parser.detect(document)
    report = parser.parse(document)
    assert report.authority_name == "Camden"
    assert report.committee == "Cabinet"
    assert report.meeting_date == dt.date(2019, 3, 14)
    assert report.title == "Ofsted inspection of children's services"
    assert report.author == "Jo Bloggs"
    (ofsted,) = report.inspections
    assert ofsted.framework is Framework.ILACS
    assert (ofsted.inspection_start, ofsted.inspection_end, ofsted.published) == (
        dt.date(2019, 1, 21),
        dt.date(2019, 2, 1),
        dt.date(2019, 3, 4),
    )
    assert {claim.area: claim.grade for claim in ofsted.claims} == {
        "overall": Grade.GOOD,
        "leaders": Grade.OUTSTANDING,
        "help_protection": Grade.GOOD,
        "in_care_and_care_leavers": Grade.REQUIRES_IMPROVEMENT,
    }


def test_an_ofsted_report_is_not_a_committee_report() -> None:
    lines = [
        "Inspection of children's social care services",
        "Inspection dates: 8 to 19 June 2026",
        "Lead inspector: Naintara Khosla, His Majesty's Inspector",
        "Judgement\tGrade",
        "Overall effectiveness\tGood",
    ]
    assert not parser.detect(_document("\n".join(lines)))
