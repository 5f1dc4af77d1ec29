"""Earlier inspections and partnerships read from report prose (loaders.mentions)."""

from __future__ import annotations

import pytest

from loaders.mentions import partnership_mentions, previous_inspections
from loaders.paragraphs import Paragraph, paragraphs
from loaders.records import Grade, PartnershipKind, PartnershipMention, PreviousInspection
from tests.conftest import clean_corpus_file, clean_seed, requires_corpus

Kind = PartnershipKind


def seed_paragraphs(key: str) -> list[Paragraph]:
    return paragraphs(clean_seed(key).lines)


def texts(*items: str) -> list[Paragraph]:
    return [Paragraph(text, page=4, number=position) for position, text in enumerate(items, 1)]


def facts(records: tuple[PreviousInspection, ...]) -> set[tuple]:
    return {(r.year, r.month, r.scope, r.grade) for r in records}


def by_kind(mentions: tuple[PartnershipMention, ...]) -> dict[Kind, PartnershipMention]:
    kinds = [mention.kind for mention in mentions]
    assert len(kinds) == len(set(kinds) - {Kind.OTHER}) + kinds.count(Kind.OTHER)
    return {mention.kind: mention for mention in mentions}


# --- previous inspections -------------------------------------------------------------------


def test_seed_000_previous_inspections() -> None:
    records = previous_inspections(seed_paragraphs("000"))
    assert facts(records) == {
        # "Significant and sustained improvements have been made since the last inspection in
        # October 2011, when services were judged to be good." (stated twice, kept once)
        (2011, 10, None, Grade.GOOD),
        # "The previous inspection of the local authority's safeguarding arrangements was in
        # September 2011. The local authority was judged to be good."
        (2011, 9, "safeguarding", Grade.GOOD),
        # "The previous inspection of the local authority's services for looked after children
        # was in September 2011. The local authority was judged to be good."
        (2011, 9, "looked after children", Grade.GOOD),
    }
    safeguarding = next(r for r in records if r.scope == "safeguarding")
    assert safeguarding.text.endswith("The local authority was judged to be good.")
    assert safeguarding.passage is not None and "September 2011" in safeguarding.passage.text


def test_seed_004_previous_inspections() -> None:
    records = previous_inspections(seed_paragraphs("004"))
    assert facts(records) == {
        # "... the improvements recommended in the November 2011 inspection when Ofsted found
        # that safeguarding services and services for looked after children in Newham were
        # adequate."
        (2011, 11, "safeguarding", Grade.ADEQUATE),
        (2011, 11, "looked after children", Grade.ADEQUATE),
        # "The most recent inspection of Newham's adoption service was in October 2011. The
        # service was judged to be good."
        (2011, 10, "adoption", Grade.GOOD),
        # "The previous inspection of Newham's fostering service was in December 2011. It was
        # judged to be good."
        (2011, 12, "fostering", Grade.GOOD),
        # "... identified for improvement in a pilot, multi-agency child protection inspection
        # in 2012 and in the safeguarding and looked after children inspection in 2011."
        (2012, None, "child protection", None),
    }
    # The report quotes the first, fuller statement of the November 2011 inspection.
    first = next(r for r in records if r.month == 11)
    assert first.text.startswith("The local authority and its partners have made some")


def test_seed_004_leaves_out_the_childrens_home_inspection() -> None:
    # "This is a short breaks unit for disabled children. It was judged as adequate at its last
    # full inspection in April 2013 ..." is about a home, not the local authority.
    assert all(r.year != 2013 for r in previous_inspections(seed_paragraphs("004")))


def test_seed_003_ilacs_last_inspection_has_no_grade() -> None:
    # "Since the last inspection, in 2019, Westminster Council has continued to strengthen ..."
    # and "... further enhanced since the last ILACS inspection, in 2019." name no grade.
    records = previous_inspections(seed_paragraphs("003"))
    assert [(r.year, r.month, r.grade) for r in records] == [(2019, None, None)]


def test_seed_002_names_no_dated_earlier_inspection() -> None:
    # Only "the most recent annual unannounced inspection of ... contact, referral and
    # assessment services", with no date or grade.
    assert previous_inspections(seed_paragraphs("002")) == ()


G = Grade
LAC = "looked after children"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Since the last inspection in 2019, when services were judged to be good, leaders "
            "have strengthened practice.",
            {(2019, None, None, G.GOOD)},
        ),
        (
            "At the last inspection in 2019, services were judged to require improvement to be "
            "good.",
            {(2019, None, None, G.REQUIRES_IMPROVEMENT)},
        ),
        (
            "Since the inspection in 2018, when services were judged as 'requires improvement' "
            "overall, good progress has been made.",
            {(2018, None, None, G.REQUIRES_IMPROVEMENT)},
        ),
        (
            "Since the Ofsted focused visit in October 2019, children have received a more "
            "consistently good service.",
            {(2019, 10, "focused visit", None)},
        ),
        (
            "Services for looked after children were last inspected in July 2010 and were judged "
            "to be adequate.",
            {(2010, 7, LAC, G.ADEQUATE)},
        ),
        (
            "The previous inspection of Sandwell's services for looked after children took place "
            "between 24 and 28 June 2013. The local authority was judged inadequate.",
            {(2013, 6, LAC, G.INADEQUATE)},
        ),
        (
            "Since the last Ofsted inspection, in 2017, there have been two focused visits, in "
            "2019 and 2020.",
            {
                (2017, None, None, None),
                (2019, None, "focused visit", None),
                (2020, None, "focused visit", None),
            },
        ),
        (
            "The inspection of safeguarding and looked after children in 2010 judged the "
            "council's safeguarding services as inadequate for overall effectiveness.",
            {(2010, None, "safeguarding", G.INADEQUATE), (2010, None, LAC, None)},
        ),
        (
            "The last adoption service inspection took place on 8 June 2010 and judged overall "
            "quality as satisfactory.",
            {(2010, 6, "adoption", None)},
        ),
        (
            "Leaders have improved practice since the last inspection, when the overall "
            "effectiveness was judged to be inadequate.",
            {(None, None, None, G.INADEQUATE)},
        ),
    ],
)
def test_previous_inspection_wording(text: str, expected: set[tuple]) -> None:
    assert facts(previous_inspections(texts(text))) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Inspection dates: 11 to 15 November 2024",
        "In this inspection in March 2017, inspectors found that nearly all services are good.",
        "Since the last inspection, leaders have improved services for care leavers.",
        "The local authority operates one children's home. It was judged as adequate at its "
        "last full inspection in April 2013.",
        "A small number of children are placed in residential provision which was judged as "
        "inadequate at the last Ofsted inspection in 2015.",
        "This report outlines the findings of the Short Quality Screening Inspection of the West "
        "London Youth Offending Service conducted by Her Majesty's Inspectorate of Probation in "
        "December 2015.",
        "The inspection of local authority functions was carried out under section 136 of the "
        "Education and Inspections Act 2006.",
        "Since the last inspection, leaders have recruited social workers, developed new services "
        "for families and strengthened partnerships, and the edge of care team was judged to be "
        "good by partners.",
    ],
)
def test_not_an_earlier_inspection_of_the_authority(text: str) -> None:
    assert previous_inspections(texts(text)) == ()


def test_same_inspection_twice_keeps_the_most_specific() -> None:
    records = previous_inspections(
        texts(
            "Since the last inspection in 2019, leaders have made progress.",
            "At the last inspection in 2019, services were judged to be good.",
        )
    )
    assert facts(records) == {(2019, None, None, Grade.GOOD)}
    assert records[0].passage is not None and records[0].passage.paragraph == 2


@requires_corpus
def test_corpus_sif_other_inspections_list() -> None:
    document = clean_corpus_file("80549_sandwell/children's services inspection - 05 june 2015.pdf")
    records = previous_inspections(paragraphs(document.lines))
    # p. 10: "The previous inspection of Sandwell's services for looked after children took place
    # between 24 and 28 June 2013. The local authority was judged inadequate." and "The last
    # fostering inspection took place on 27 July 2012 and was judged adequate."
    assert {(2013, 6, LAC, Grade.INADEQUATE), (2012, 7, "fostering", Grade.ADEQUATE)} <= facts(
        records
    )
    fostering = next(r for r in records if r.scope == "fostering")
    assert fostering.passage is not None and fostering.passage.page == 10


# --- partnerships ---------------------------------------------------------------------------


def test_seed_000_partnerships() -> None:
    mentions = by_kind(partnership_mentions(seed_paragraphs("000")))
    tri_borough = mentions[Kind.TRI_BOROUGH]
    # "augmented by the exemplary tri-borough partnership with Hammersmith and Fulham, and
    # Kensington and Chelsea"
    assert tri_borough.name == "tri-borough partnership"
    assert {"Hammersmith and Fulham", "Kensington and Chelsea"} <= set(tri_borough.partner_names)
    assert tri_borough.passage is not None
    assert tri_borough.passage.text.startswith("Children's services in Westminster, augmented")
    # "The LSCB is shared with Hammersmith and Fulham, and the Royal Borough of Kensington and
    # Chelsea."
    assert mentions[Kind.SHARED_LSCB].partner_names == (
        "Hammersmith and Fulham",
        "Royal Borough of Kensington and Chelsea",
    )
    # "... managed promptly in the tri-borough multi-agency safeguarding hub (MASH)."
    assert mentions[Kind.MASH].name == "multi-agency safeguarding hub"
    # "The tri-borough partnership's out-of-hours service ensures that children are safe."
    assert Kind.OUT_OF_HOURS in mentions


def test_seed_003_partnerships() -> None:
    mentions = by_kind(partnership_mentions(seed_paragraphs("003")))
    # "Westminster emergency duty service operates jointly with two neighbouring boroughs."
    assert mentions[Kind.OUT_OF_HOURS].name == "emergency duty service"
    assert mentions[Kind.OUT_OF_HOURS].partner_names == ()
    # "Westminster is part of the regional adoption agency (RAA), (Coram Ambitious for
    # Adoption)."
    assert mentions[Kind.ADOPTION_AGENCY].name == "Coram Ambitious for Adoption"
    # "... assisted in their work by highly developed local safeguarding partnership
    # arrangements ..."
    assert mentions[Kind.SAFEGUARDING_PARTNERSHIP].name == "safeguarding partnership"


def test_seed_002_partnerships() -> None:
    mentions = by_kind(partnership_mentions(seed_paragraphs("002")))
    # "The Royal Borough of Kensington and Chelsea Children's Trust was set up in 2008."
    trust = mentions[Kind.CHILDRENS_TRUST]
    assert trust.name == "Royal Borough of Kensington and Chelsea Children's Trust"
    assert trust.passage is not None and trust.passage.paragraph == 6
    # "... established a single Local Safeguarding Children Board (LSCB) with neighbouring
    # boroughs Hammersmith and Fulham and Westminster as part of the tri-borough arrangements."
    assert mentions[Kind.SHARED_LSCB].partner_names[:2] == ("Hammersmith and Fulham", "Westminster")
    assert mentions[Kind.TRI_BOROUGH].name == "tri-borough arrangements"
    # "... in close collaboration with two other authorities (the London Borough of Hammersmith
    # and Fulham and the city of Westminster) ... the youth offending service"
    assert mentions[Kind.YOUTH_OFFENDING].partner_names == (
        "London Borough of Hammersmith and Fulham",
        "city of Westminster",
    )


def test_seed_001_names_the_shared_youth_offending_service() -> None:
    # "... the Short Quality Screening Inspection of the West London Youth Offending Service"
    mentions = by_kind(partnership_mentions(seed_paragraphs("001")))
    assert mentions[Kind.YOUTH_OFFENDING].name == "West London Youth Offending Service"


@pytest.mark.parametrize(
    ("text", "kind", "name", "partners"),
    [
        (
            "Once the order is in place, support given through the regional adoption agency "
            "(Adopt London West) helps to stabilise children's lives.",
            Kind.ADOPTION_AGENCY,
            "Adopt London West",
            (),
        ),
        (
            "The local authority works closely with the regional adoption agency, Adoption "
            "Partnership South East, and ensures good-quality recruitment.",
            Kind.ADOPTION_AGENCY,
            "Adoption Partnership South East",
            (),
        ),
        (
            "Since April 2018, children's services have been delivered by Sandwell Children's "
            "Trust on behalf of the local authority.",
            Kind.CHILDRENS_TRUST,
            "Sandwell Children's Trust",
            (),
        ),
        (
            "The interface between social care and Our Safeguarding Children Partnership (OSCP) "
            "ensures that arrangements are monitored.",
            Kind.SAFEGUARDING_PARTNERSHIP,
            "Our Safeguarding Children Partnership",
            (),
        ),
        (
            "The emergency duty service (EDT) is hosted by the Royal Borough of Kensington and "
            "Chelsea and is a sound service.",
            Kind.OUT_OF_HOURS,
            "emergency duty service",
            ("Royal Borough of Kensington and Chelsea",),
        ),
        (
            "The LSCB is shared with the Isles of Scilly local authority.",
            Kind.SHARED_LSCB,
            "Local Safeguarding Children Board",
            ("Isles of Scilly",),
        ),
        (
            "The local authority is a member of the South London SEN Commissioning Partnership of "
            "10 local authorities.",
            Kind.OTHER,
            "South London SEN Commissioning Partnership",
            (),
        ),
    ],
)
def test_partnership_wording(text: str, kind: Kind, name: str, partners: tuple[str, ...]) -> None:
    (mention,) = partnership_mentions(texts(text))
    assert (mention.kind, mention.name, mention.partner_names) == (kind, name, partners)
    assert mention.passage is not None and mention.passage.page == 4


@pytest.mark.parametrize(
    "text",
    [
        "Partnership working across agencies is strong.",
        "Out-of-hours responses are effective and proportionate.",
        "Ten looked after children are supervised by the youth offending service.",
        "Information is shared with the youth offending service promptly.",
        "A key aspect would be the establishment of a Slough Multi-Agency Safeguarding Hub "
        "(MASH); however, this has not been possible.",
        "Adopters are appropriately referred to the national Adoption Register.",
        "The process between the CDOP, LSCBs and Children's Trusts should be improved.",
    ],
)
def test_not_a_partnership(text: str) -> None:
    assert partnership_mentions(texts(text)) == ()


def test_one_mention_per_partnership_keeps_first_passage_and_proper_name() -> None:
    mentions = partnership_mentions(
        texts(
            "Senior managers assure themselves of the service from the regional adoption agency.",
            "There is co-working with the regional adoption agency (Adopt London East).",
            "The tri-borough partnership has a stable workforce.",
            "The tri-borough partnership with Hammersmith and Fulham, and Westminster is mature.",
        )
    )
    adoption, tri_borough = mentions
    assert (adoption.kind, adoption.name) == (Kind.ADOPTION_AGENCY, "Adopt London East")
    assert adoption.passage is not None and adoption.passage.paragraph == 1
    assert tri_borough.partner_names == ("Hammersmith and Fulham", "Westminster")
    assert tri_borough.passage is not None and tri_borough.passage.paragraph == 3


@requires_corpus
def test_corpus_bi_borough_and_hosted_emergency_duty_service() -> None:
    document = clean_corpus_file(
        "80519_westminster/children's services inspection - 15 october 2019.pdf"
    )
    mentions = by_kind(partnership_mentions(paragraphs(document.lines)))
    # "The emergency duty service is hosted by the Royal Borough of Kensington and Chelsea ..."
    assert mentions[Kind.OUT_OF_HOURS].partner_names == ("Royal Borough of Kensington and Chelsea",)
    # "... work together highly effectively within a bi-borough approach to provide excellent
    # strategic and some shared operational services with the Royal Borough of Kensington and
    # Chelsea."
    assert mentions[Kind.OTHER].name == "bi-borough approach"
    assert "Royal Borough of Kensington and Chelsea" in mentions[Kind.OTHER].partner_names
