"""Area statistics read from "Information about this local authority area" (loaders.statistics)."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.paragraphs import Paragraph, paragraphs
from loaders.records import AreaStatistic
from loaders.statistics import area_statistics
from tests.conftest import clean_corpus_file, clean_seed, requires_corpus

MARCH_2015 = dt.date(2015, 3, 31)
MARCH_2014 = dt.date(2014, 3, 31)
JUNE_2014 = dt.date(2014, 6, 3)
MARCH_2013 = dt.date(2013, 3, 31)


def figures(statistics: tuple[AreaStatistic, ...]) -> set[tuple]:
    return {(s.measure, s.value, s.unit, s.reference_date) for s in statistics}


def texts(*items: str) -> list[Paragraph]:
    return [Paragraph(text, page=9, number=None, bullet=True) for text in items]


def test_seed_000_information_about_this_area() -> None:
    statistics = area_statistics(paragraphs(clean_seed("000").lines))
    assert figures(statistics) == {
        # "The local authority operates no children's homes."
        ("childrens_homes", 0, "count", None),
        # "Approximately 40,694 children and young people under the age of 18 live in
        # Westminster. This is 17.2% of the total population of the area."
        ("child_population", 40694, "count", None),
        ("child_population_share", 17.2, "percent", None),
        # "Approximately 36.7% of the local authority's children are living in poverty."
        ("children_in_poverty", 36.7, "percent", None),
        # "The proportion of children entitled to free school meals: in primary schools is 31%
        # (the national average is 16%) in secondary schools is 32% (...)"
        ("free_school_meals_primary", 31, "percent", None),
        ("free_school_meals_secondary", 32, "percent", None),
        # "Children and young people from minority ethnic groups account for 57% of all
        # children living in the area, compared with 21.5% in the country as a whole."
        ("minority_ethnic_children", 57, "percent", None),
        # "... English as an additional language: in primary schools is 70% (...) in secondary
        # schools is 64% (...)" (a footnote stands between the heading and the items)
        ("english_additional_language_primary", 70, "percent", None),
        ("english_additional_language_secondary", 64, "percent", None),
        # "At 31 March 2015, 1,240 children had been identified through assessment as being
        # formally in need of a specialist children's service. This is a reduction from 1,473 at
        # 31 March 2014."
        ("children_in_need", 1240, "count", MARCH_2015),
        ("children_in_need", 1473, "count", MARCH_2014),
        # "At 31 March 2015, 113 children and young people were the subject of a child
        # protection plan. This is an increase from 99 at 31 March 2014."
        ("child_protection_plans", 113, "count", MARCH_2015),
        ("child_protection_plans", 99, "count", MARCH_2014),
        # "At 31 March 2015, 10 children lived in a privately arranged fostering placement. This
        # is an increase from five at 31 March 2014."
        ("private_fostering", 10, "count", MARCH_2015),
        ("private_fostering", 5, "count", MARCH_2014),
        # "Since the last inspection, two serious incident notifications have been submitted to
        # Ofsted and two serious case reviews have been completed or were ongoing ..."
        ("serious_incident_notifications", 2, "count", None),
        ("serious_case_reviews_completed_or_ongoing", 2, "count", None),
        # "At 31 March 2015, 179 children were being looked after by the local authority (a rate
        # of 50 per 10,000 children). This is an increase from 176 (49 per 10,000 children) at
        # 31 March 2014."
        ("children_looked_after", 179, "count", MARCH_2015),
        ("children_looked_after", 50, "per_10000", MARCH_2015),
        ("children_looked_after", 176, "count", MARCH_2014),
        ("children_looked_after", 49, "per_10000", MARCH_2014),
        # "Of this number: 138 (or 78%) live outside the local authority area; seven live in
        # residential children's homes; three live in residential special schools; 139 live with
        # foster families; two live with parents; 31 children are unaccompanied asylum-seeking
        # children."
        ("looked_after_outside_area", 138, "count", MARCH_2015),
        ("looked_after_outside_area", 78, "percent", MARCH_2015),
        ("looked_after_in_childrens_homes", 7, "count", MARCH_2015),
        ("looked_after_in_residential_special_schools", 3, "count", MARCH_2015),
        ("looked_after_with_foster_families", 139, "count", MARCH_2015),
        ("looked_after_with_parents", 2, "count", MARCH_2015),
        ("unaccompanied_asylum_seeking_children", 31, "count", MARCH_2015),
        # "In the last 12 months: there have been 14 adoptions; six children became subject of
        # special quardianship orders [sic]; 78 children ceased to be looked after, of whom five
        # (6%) subsequently returned to be looked after; 10 children and young people ceased to
        # be looked after and moved on to independent living; four ... are now living in houses
        # of multiple occupation."
        ("adoptions", 14, "count", None),
        ("special_guardianship_orders", 6, "count", None),
        ("ceased_looked_after", 78, "count", None),
        ("returned_to_looked_after", 5, "count", None),
        ("returned_to_looked_after", 6, "percent", None),
        ("ceased_to_independent_living", 10, "count", None),
        ("ceased_to_multiple_occupation", 4, "count", None),
    }
    looked_after = next(s for s in statistics if s.measure == "children_looked_after")
    assert looked_after.passage is not None
    assert looked_after.passage.text.startswith("At 31 March 2015, 179 children")


@pytest.mark.parametrize(
    "expected",
    [
        # "Approximately 77,828 children and young people under the age of 18 live in Newham."
        ("child_population", 77828, "count", None),
        # "This is 25% of the total population in the area."
        ("child_population_share", 25, "percent", None),
        # "in secondary schools is 41% (the national average is 15%)." (free school meals)
        ("free_school_meals_secondary", 41, "percent", None),
        # "At 3 June 2014, assessment had identified 3,389 children as being formally in need
        # ... This is a reduction from 3,691 at 31 March 2013."
        ("children_in_need", 3389, "count", JUNE_2014),
        ("children_in_need", 3691, "count", MARCH_2013),
        # "At 3 June 2014, 239 children and young people were the subject of a child protection
        # plan."
        ("child_protection_plans", 239, "count", JUNE_2014),
        # "At 3 June 2014, 416 children are being looked after by the local authority (a rate of
        # 52 per 10,000 children). This is an increase from 406 (51 per 10,000 children) at 31
        # March 2013."
        ("children_looked_after", 416, "count", JUNE_2014),
        ("children_looked_after", 52, "per_10000", JUNE_2014),
        ("children_looked_after", 51, "per_10000", MARCH_2013),
        # "298 (or 72%) live outside the local authority area", "8 live in residential special
        # schools, and all of these are out of the authority area"
        ("looked_after_outside_area", 72, "percent", JUNE_2014),
        ("looked_after_in_residential_special_schools", 8, "count", JUNE_2014),
        # "20 children are unaccompanied asylum-seekers."
        ("unaccompanied_asylum_seeking_children", 20, "count", JUNE_2014),
        # "24 children became subject to special guardianship orders"
        ("special_guardianship_orders", 24, "count", None),
        # "274 children ceased to be looked after, of whom 11% subsequently returned"
        ("returned_to_looked_after", 11, "percent", None),
        # "The local authority operates one children's home."
        ("childrens_homes", 1, "count", None),
    ],
)
def test_seed_004_information_about_this_area(expected: tuple) -> None:
    assert expected in figures(area_statistics(paragraphs(clean_seed("004").lines)))


def test_seed_002_service_information() -> None:
    statistics = area_statistics(paragraphs(clean_seed("002").lines))
    assert figures(statistics) == {
        # "The Royal Borough of Kensington and Chelsea has a resident population of
        # approximately 30,340 children and young people aged 0 to 18, representing 17.9% of
        # the total population of the area."
        ("child_population", 30340, "count", None),
        ("child_population_share", 17.9, "percent", None),
        # "In 2012, 76% of the school population was classified as belonging to an ethnic group
        # other than White British ... and 54% of pupils speak English as an additional
        # language."
        ("minority_ethnic_pupils", 76, "percent", None),
        ("english_additional_language_pupils", 54, "percent", None),
        # "Social care services for children include two children's homes with a total capacity
        # of 18 places, and 87 foster carers."
        ("childrens_homes", 2, "count", None),
        # "At the time of the inspection there were 134 looked after children."
        ("children_looked_after", 134, "count", None),
        # "The borough's independence support team works with 136 care leavers."
        ("care_leavers", 136, "count", None),
        # "At the time of the inspection there were 86 children who were the subject of a child
        # protection plan."
        ("child_protection_plans", 86, "count", None),
    }


def test_seed_003_ilacs_report_states_no_area_figures() -> None:
    assert area_statistics(paragraphs(clean_seed("003").lines)) == ()


def test_comparison_in_the_same_sentence() -> None:
    statistics = area_statistics(
        texts(
            "As at 31 March 2014, 1,826 children were being looked after by the local authority "
            "(a rate of 67 per 10,000 children) compared with 1,931 (70 per 10,000 children) at "
            "31 March 2013."
        )
    )
    assert figures(statistics) == {
        ("children_looked_after", 1826, "count", MARCH_2014),
        ("children_looked_after", 67, "per_10000", MARCH_2014),
        ("children_looked_after", 1931, "count", MARCH_2013),
        ("children_looked_after", 70, "per_10000", MARCH_2013),
    }
    assert {s.passage.page for s in statistics if s.passage} == {9}


def test_period_figures_take_the_stated_period_end() -> None:
    statistics = area_statistics(
        texts("In the 12 months up to 31 March 2013 there have been:", "nine adoptions;")
    )
    assert figures(statistics) == {("adoptions", 9, "count", MARCH_2013)}


def test_comparison_without_a_day_is_not_dated() -> None:
    statistics = area_statistics(
        texts(
            "At 31 August 2016, 1,816 children were being looked after by the local authority "
            "(a rate of 64 per 10,000 children). This is similar to 1,815 (64 per 10,000 "
            "children) at March 2015."
        )
    )
    assert {s.value for s in statistics} == {1816, 64}


@pytest.mark.parametrize(
    "text",
    [
        "At 31 March 2012, the number of children living in a privately arranged foster "
        "placement was five or fewer.",
        "This is an increase from 176 (49 per 10,000 children) at 31 March 2014.",
        "There are seven care leavers currently attending higher education courses.",
        "The rate of referrals increased by 8% in 2014-15, from 402 per 10,000 to 411.",
        "Ten looked after children are currently being supervised by the youth offending service.",
        "These are residential special schools that look after children for 295 days or fewer.",
    ],
)
def test_figures_not_read(text: str) -> None:
    assert area_statistics(texts(text)) == ()


@requires_corpus
def test_corpus_sif_with_inline_bullet_glyphs() -> None:
    document = clean_corpus_file("80549_sandwell/children's services inspection - 05 june 2015.pdf")
    statistics = area_statistics(paragraphs(document.lines))
    january = dt.date(2015, 1, 31)
    # p. 10: "As at 31 January 2015, 538 children were being looked after by the local authority
    # (a rate of 70 per 10,000 children). ... Of this number: 294 (or 55%) live outside the
    # local authority area ... four live in residential special schools, [footnote 5] all of
    # whom (100%) live out of the authority area"
    assert {
        ("children_looked_after", 538, "count", january),
        ("children_looked_after", 70, "per_10000", january),
        ("looked_after_outside_area", 294, "count", january),
        ("looked_after_in_residential_special_schools", 4, "count", january),
        # p. 9: "As at 2 February 2015, 1,441 children had been identified through assessment"
        ("children_in_need", 1441, "count", dt.date(2015, 2, 2)),
    } <= figures(statistics)
    looked_after = next(s for s in statistics if s.measure == "children_looked_after")
    assert looked_after.passage is not None and looked_after.passage.page == 10
