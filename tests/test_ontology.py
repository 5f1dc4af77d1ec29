"""The ontology, SKOS schemes and SHACL shapes: held to graph/vocab.py, to each other, to data."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from graph.vocab import ID, OKG, ONTOLOGY_IRI, ORG, PROV, QB, SCHEMA, sparql_prefixes
from loaders.records import Framework, PartnershipKind, ReportPart
from ontology import (
    ONTOLOGY_FILE,
    SCHEMES_FILE,
    load_ontology_graph,
    load_shapes_graph,
    ontology_files,
)

OKG_NS = str(OKG._NS)
SHAPES_NS = "https://w3id.org/ofsted-kg/def/shapes#"
ONTOLOGY = Graph().parse(ONTOLOGY_FILE)
SCHEMES = Graph().parse(SCHEMES_FILE)
SHAPES = load_shapes_graph()
VOCAB_TERMS = {URIRef(OKG_NS + name) for name in OKG.__annotations__}


def shape(name: str) -> URIRef:
    return URIRef(SHAPES_NS + name)


def concepts_in(scheme: URIRef) -> set[URIRef]:
    return set(SCHEMES.subjects(SKOS.inScheme, scheme))


# --- ontology -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ontology_files(), ids=lambda path: path.name)
def test_every_turtle_file_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 50


def test_every_vocab_term_is_defined_with_label_and_comment() -> None:
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    for term in VOCAB_TERMS:
        assert set(ONTOLOGY.objects(term, RDF.type)) & kinds, term
        assert ONTOLOGY.value(term, RDFS.label) is not None, term
        assert str(ONTOLOGY.value(term, RDFS.comment) or "").endswith("."), term
        assert ONTOLOGY.value(term, RDFS.isDefinedBy) == URIRef(ONTOLOGY_IRI), term


def test_no_okg_term_outside_vocab() -> None:
    everything = load_ontology_graph() + SHAPES
    used = {
        node
        for triple in everything
        for node in triple
        if isinstance(node, URIRef) and str(node).startswith(OKG_NS)
    }
    assert used - VOCAB_TERMS == set()


def test_every_property_has_a_range() -> None:
    for term in VOCAB_TERMS:
        if (term, RDF.type, OWL.Class) not in ONTOLOGY:
            assert ONTOLOGY.value(term, RDFS.range) is not None, term


@pytest.mark.parametrize(
    ("cls", "parents"),
    [  # as ontology/MODEL.md and the task give them
        (OKG.LocalAuthority, {ORG.FormalOrganization}),
        (OKG.Partnership, {ORG.OrganizationalCollaboration}),
        (OKG.Inspection, {PROV.Activity}),
        (OKG.InspectionReport, {PROV.Entity, SCHEMA.Report}),
        (OKG.CommitteeReport, {PROV.Entity, SCHEMA.Report}),
        (OKG.Judgement, {PROV.Entity}),
        (OKG.Recommendation, {PROV.Entity}),
        (OKG.Finding, {OKG.Passage}),
        (OKG.Passage, {PROV.Entity}),
        (OKG.Inspector, {PROV.Person, SCHEMA.Person}),
        (OKG.Region, {DCTERMS.Location}),
    ],
)
def test_class_specialises_standard_vocabularies(cls: URIRef, parents: set[URIRef]) -> None:
    assert set(ONTOLOGY.objects(cls, RDFS.subClassOf)) == parents


@pytest.mark.parametrize(
    ("prop", "parent"),
    [
        (OKG.derivedFromPassage, PROV.wasDerivedFrom),
        (OKG.judgementOf, PROV.wasGeneratedBy),
        (OKG.leadInspector, PROV.wasAssociatedWith),
        (OKG.authorityType, ORG.classification),
    ],
)
def test_sub_properties(prop: URIRef, parent: URIRef) -> None:
    assert (prop, RDFS.subPropertyOf, parent) in ONTOLOGY


def test_ontology_header() -> None:
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ONTOLOGY
    assert ONTOLOGY.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert (
        str(ONTOLOGY.value(header, URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")))
        == "okg"
    )
    assert ONTOLOGY.value(header, OWL.versionInfo) is not None


def test_area_statistics_cube_structure() -> None:
    dataset = ID["dataset/area-statistics"]
    assert (dataset, RDF.type, QB.DataSet) in ONTOLOGY
    structure = ONTOLOGY.value(dataset, QB.structure)
    assert (structure, RDF.type, QB.DataStructureDefinition) in ONTOLOGY
    components = list(ONTOLOGY.objects(structure, QB.component))
    dimensions = {ONTOLOGY.value(c, QB.dimension) for c in components} - {None}
    measures = {ONTOLOGY.value(c, QB.measure) for c in components} - {None}
    assert dimensions == {OKG.refArea, OKG.refDate, OKG.measure, OKG.unit}
    assert measures == {OKG.value}
    for dimension in dimensions:
        assert (dimension, RDF.type, QB.DimensionProperty) in ONTOLOGY
    assert (OKG.value, RDF.type, QB.MeasureProperty) in ONTOLOGY


# --- SKOS schemes -------------------------------------------------------------------------


def test_every_concept_is_in_a_declared_scheme_with_a_label() -> None:
    schemes = set(SCHEMES.subjects(RDF.type, SKOS.ConceptScheme))
    for concept in SCHEMES.subjects(RDF.type, SKOS.Concept):
        in_schemes = set(SCHEMES.objects(concept, SKOS.inScheme))
        assert in_schemes and in_schemes <= schemes, concept
        assert any(label.language == "en" for label in SCHEMES.objects(concept, SKOS.prefLabel))
        tops = set(SCHEMES.objects(concept, SKOS.topConceptOf))
        broader = SCHEMES.value(concept, SKOS.broader)
        assert tops <= in_schemes and bool(tops) != (broader is not None), concept


def test_notations_are_unique_within_each_scheme() -> None:
    for scheme in SCHEMES.subjects(RDF.type, SKOS.ConceptScheme):
        notations = [SCHEMES.value(c, SKOS.notation) for c in concepts_in(scheme)]
        assert None not in notations and len(notations) == len(set(notations)), scheme


# Seed 002 (2012 framework): "Outstanding (Grade 1) ... Good (Grade 2) ... Adequate (Grade 3)
# ... Inadequate (Grade 4)"; the 2013 Kent report prints the same scale. SIF and ILACS put
# "requires improvement (to be good)" third.
GRADES = {
    Framework.SAFEGUARDING_LAC_2009: ("outstanding", "good", "adequate", "inadequate"),
    Framework.LAC_2013: ("outstanding", "good", "adequate", "inadequate"),
    Framework.CHILD_PROTECTION_2012: ("outstanding", "good", "adequate", "inadequate"),
    Framework.SIF: ("outstanding", "good", "requires_improvement", "inadequate"),
    Framework.ILACS: ("outstanding", "good", "requires_improvement", "inadequate"),
    Framework.HMIP_YOUTH_JUSTICE: ("outstanding", "good", "requires_improvement", "inadequate"),
}


@pytest.mark.parametrize(("framework", "grades"), GRADES.items())
def test_grade_scheme_per_framework(framework: Framework, grades: tuple[str, ...]) -> None:
    scheme = ID[f"grade/{framework}"]
    assert concepts_in(scheme) == {ID[f"grade/{framework}/{grade}"] for grade in grades}
    for notation, grade in enumerate(grades, start=1):
        concept = ID[f"grade/{framework}/{grade}"]
        assert SCHEMES.value(concept, SKOS.notation) == Literal(str(notation))
        assert SCHEMES.value(concept, SKOS.exactMatch) == ID[f"grade/scale/{notation}"]


def test_requires_improvement_and_adequate_meet_on_the_comparable_scale() -> None:
    requires_improvement = ID["grade/sif/requires_improvement"]
    adequate = ID["grade/safeguarding_lac_2009/adequate"]
    scale_of = {SCHEMES.value(grade, SKOS.exactMatch) for grade in (requires_improvement, adequate)}
    assert scale_of == {ID["grade/scale/3"]}
    assert (requires_improvement, SKOS.closeMatch, adequate) in SCHEMES
    assert (adequate, SKOS.closeMatch, requires_improvement) in SCHEMES
    assert SCHEMES.value(ID["grade/scale/3"], SKOS.notation) == Literal("3")


def test_frameworks_match_the_records_enum() -> None:
    assert concepts_in(ID["framework"]) == {ID[f"framework/{f}"] for f in Framework}


def test_partnership_kinds_and_report_parts_match_the_records_enums() -> None:
    assert concepts_in(ID["partnership-kind"]) == {
        ID[f"partnership-kind/{kind}"] for kind in PartnershipKind
    }
    assert concepts_in(ID["report-part"]) == {ID[f"report-part/{part}"] for part in ReportPart}


def test_report_types_are_those_of_the_model() -> None:
    types = "safeguarding_lac_2012 lac_2013 child_protection_2012 sif lscb_review ilacs_standard "
    types += "ilacs_short ilacs_focused_visit ilacs_monitoring_visit ilacs_assurance_visit "
    types += "sif_monitoring_visit jtai committee_report hmip_youth_justice"
    assert concepts_in(ID["report-type"]) == {ID[f"report-type/{t}"] for t in types.split()}


@pytest.mark.parametrize(
    ("narrower", "broader"),
    [
        ("safeguarding_overall", "overall"),
        ("lac_overall", "overall"),
        ("safeguarding_leadership_and_management", "leaders"),
        ("lac_leadership_and_management", "leaders"),
    ],
)
def test_area_hierarchy(narrower: str, broader: str) -> None:
    assert (ID[f"area/{narrower}"], SKOS.broader, ID[f"area/{broader}"]) in SCHEMES


# fmt: off
KNOWN_AREAS = (  # every id the task lists, and the 2009-2012 parser's equality_and_diversity
    "overall", "leaders", "help_protection", "in_care", "care_leavers",
    "in_care_and_care_leavers", "adoption", "lscb", "capacity_to_improve", "outcomes",
    "quality_of_provision", "safeguarding_overall", "safeguarding_capacity_for_improvement",
    "safeguarding_children_safe", "safeguarding_quality_of_provision",
    "safeguarding_health_contribution", "safeguarding_ambition_and_prioritisation",
    "safeguarding_leadership_and_management", "safeguarding_performance_management",
    "safeguarding_partnership_working", "safeguarding_equality_and_diversity", "lac_overall",
    "lac_capacity_for_improvement", "lac_being_healthy", "lac_staying_safe",
    "lac_enjoying_and_achieving", "lac_positive_contribution", "lac_economic_wellbeing",
    "lac_quality_of_provision", "lac_ambition_and_prioritisation",
    "lac_leadership_and_management", "lac_performance_management", "lac_equality_and_diversity",
)
# fmt: on


def test_known_areas_are_in_the_scheme() -> None:
    for area in KNOWN_AREAS:
        assert (ID[f"area/{area}"], SKOS.inScheme, ID["area"]) in SCHEMES, area
        assert SCHEMES.value(ID[f"area/{area}"], SKOS.notation) == Literal(area)


def test_measures_include_the_core_figures() -> None:
    core = {
        "children_looked_after",
        "child_protection_plans",
        "children_in_need",
        "child_population",
    }
    assert {ID[f"measure/{m}"] for m in core} <= concepts_in(ID["measure"])


# --- shapes -------------------------------------------------------------------------------


def test_concept_lists_of_the_shapes_mirror_the_schemes() -> None:
    list_shapes = list(SHAPES.subjects(SH["in"], None))
    checked = 0
    for list_shape in list_shapes:
        scheme = SHAPES.value(list_shape, RDFS.seeAlso)
        if scheme is None:
            continue  # a literal list, such as units
        members = set(Collection(SHAPES, SHAPES.value(list_shape, SH["in"])))
        assert members == concepts_in(scheme), list_shape
        checked += 1
    assert checked == 12


def test_every_shape_is_named_and_every_node_shape_described() -> None:
    for node_shape in SHAPES.subjects(RDF.type, SH.NodeShape):
        assert SHAPES.value(node_shape, SH.name) is not None, node_shape
        assert SHAPES.value(node_shape, SH.description) is not None, node_shape
    for owner, property_shape in SHAPES.subject_objects(SH.property):
        if isinstance(owner, URIRef):  # the docs list these; sh:or alternatives are internal
            assert SHAPES.value(property_shape, SH.name) is not None, (owner, property_shape)


@pytest.mark.parametrize(
    "cls",
    [
        OKG.LocalAuthority, OKG.Region, OKG.Partnership, ORG.Membership, OKG.Inspection,
        OKG.InspectionReport, OKG.CommitteeReport, OKG.Judgement, OKG.Recommendation,
        OKG.Strength, OKG.Finding, OKG.Passage, OKG.Claim, OKG.PreviousInspectionReference,
        OKG.Inspector, QB.Observation, PROV.Association, PROV.Role,
    ],
)  # fmt: skip
def test_every_minted_class_has_a_shape(cls: URIRef) -> None:
    assert any(SHAPES.subjects(SH.targetClass, cls)), cls


# --- SHACL on data ------------------------------------------------------------------------

# A small graph as graph/mapping.py writes it (ontology/MODEL.md), after seed 000 (Westminster,
# SIF: "Inspection date: 11 January 2016 to 4 February 2016", "Report published: 29 March 2016",
# "1. Children who need help and protection Good") and seed 001 (the committee report: "In
# February 2016, Westminster received an overall single judgement of 'Outstanding'").
SAMPLE = (
    "BASE <https://w3id.org/ofsted-kg/id/>\n"
    + sparql_prefixes()
    + """
<authority/E09000033> a okg:LocalAuthority ;
    rdfs:label "Westminster"@en ; skos:prefLabel "Westminster City Council"@en ;
    skos:notation "E09000033" ; okg:gssCode "E09000033" ; okg:ofstedUrn "80519" ;
    okg:region <region/E12000007> ; okg:authorityType <authority-type/london_borough> ;
    dcterms:spatial statgeo:E09000033 ; okg:statisticalNeighbour <authority/E09000013> .
<authority/E09000013> a okg:LocalAuthority ;
    rdfs:label "Hammersmith and Fulham"@en ; skos:prefLabel "Hammersmith and Fulham"@en ;
    skos:notation "E09000013" ; okg:gssCode "E09000013" ;
    okg:region <region/E12000007> ; okg:authorityType <authority-type/london_borough> ;
    dcterms:spatial statgeo:E09000013 .
<region/E12000007> a okg:Region ;
    rdfs:label "London"@en ; okg:gssCode "E12000007" ; dcterms:spatial statgeo:E12000007 .
<partnership/tri-borough> a okg:Partnership ;
    rdfs:label "Tri-borough partnership"@en ; okg:partnershipKind <partnership-kind/tri_borough> ;
    org:hasMembership <partnership/tri-borough/member/E09000033> ;
    okg:mentionedIn <report/0198f2293c425e86> .
<partnership/tri-borough/member/E09000033> a org:Membership ;
    org:member <authority/E09000033> ; org:organization <partnership/tri-borough> ;
    org:memberDuring <partnership/tri-borough/member/E09000033/period> .
<partnership/tri-borough/member/E09000033/period> a time:Interval ;
    time:hasBeginning <partnership/tri-borough/member/E09000033/period/start> .
<partnership/tri-borough/member/E09000033/period/start> a time:Instant ;
    time:inXSDDate "2011-06-01"^^xsd:date .

<report/0198f2293c425e86> a okg:InspectionReport , prov:Entity , schema:Report ;
    dcterms:title "Westminster: sif report" ; dcterms:issued "2016-03-29"^^xsd:date ;
    okg:sourcePath "data/seeds/000_0198f2293c425e86.txt" ; dcterms:format "text/plain" ;
    okg:contentHash "9f2c4e0d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d" ;
    okg:parserFamily "sif" ; dcterms:publisher <organisation/ofsted> ;
    dcterms:subject <authority/E09000033> ;
    prov:wasGeneratedBy <inspection/E09000033/sif/2016-01-11> ;
    okg:reportsOn <inspection/E09000033/sif/2016-01-11> .
<inspection/E09000033/sif/2016-01-11> a okg:Inspection , prov:Activity ;
    okg:inspects <authority/E09000033> ; okg:framework <framework/sif> ;
    okg:reportType <report-type/sif> ;
    schema:startDate "2016-01-11"^^xsd:date ;
    schema:endDate "2016-02-04"^^xsd:date ;
    okg:includesLscbReview true ; okg:leadInspector <person/jane-example> ;
    prov:qualifiedAssociation <inspection/E09000033/sif/2016-01-11/association/jane-example> ;
    okg:visit <inspection/E09000033/sif/2016-01-11/visit/1> ,
        <inspection/E09000033/sif/2016-01-11/visit/2> ;
    okg:refersToPreviousInspection <inspection/E09000033/sif/2016-01-11/previous/1> .
<inspection/E09000033/sif/2016-01-11/visit/1> a time:Interval ;
    time:hasBeginning <inspection/E09000033/sif/2016-01-11/visit/1/start> ;
    time:hasEnd <inspection/E09000033/sif/2016-01-11/visit/1/end> .
<inspection/E09000033/sif/2016-01-11/visit/1/start> a time:Instant ;
    time:inXSDDate "2016-01-11"^^xsd:date .
<inspection/E09000033/sif/2016-01-11/visit/1/end> a time:Instant ;
    time:inXSDDate "2016-01-15"^^xsd:date .
<inspection/E09000033/sif/2016-01-11/visit/2> a time:Interval ;
    time:hasBeginning <inspection/E09000033/sif/2016-01-11/visit/2/start> ;
    time:hasEnd <inspection/E09000033/sif/2016-01-11/visit/2/end> .
<inspection/E09000033/sif/2016-01-11/visit/2/start> a time:Instant ;
    time:inXSDDate "2016-01-25"^^xsd:date .
<inspection/E09000033/sif/2016-01-11/visit/2/end> a time:Instant ;
    time:inXSDDate "2016-02-04"^^xsd:date .
<person/jane-example> a okg:Inspector , prov:Person , schema:Person ; schema:name "Jane Example" .
<inspection/E09000033/sif/2016-01-11/association/jane-example> a prov:Association ;
    prov:agent <person/jane-example> ; prov:hadRole <role/lead-inspector> .
<role/lead-inspector> a prov:Role ; rdfs:label "lead inspector"@en .

<inspection/E09000033/sif/2016-01-11/judgement/help_protection> a okg:Judgement , prov:Entity ;
    okg:judgementOf <inspection/E09000033/sif/2016-01-11> ;
    prov:wasGeneratedBy <inspection/E09000033/sif/2016-01-11> ;
    okg:area <area/help_protection> ;
    okg:grade <grade/sif/good> ;
    rdfs:label "Children who need help and protection"@en ;
    okg:derivedFromPassage <report/0198f2293c425e86/passage/1> ;
    prov:wasDerivedFrom <report/0198f2293c425e86> .
<report/0198f2293c425e86/passage/1> a okg:Passage ;
    okg:quote "1. Children who need help and protection Good" ; okg:page 1 ;
    dcterms:isPartOf <report/0198f2293c425e86> .
<inspection/E09000033/sif/2016-01-11/recommendation/local_authority/1> a okg:Recommendation ;
    okg:judgementOf <inspection/E09000033/sif/2016-01-11> ;
    okg:part <report-part/local_authority> ; okg:number 1 ; okg:priority false ;
    rdf:value "Ensure that all cases of children in need are systematically evaluated." ;
    prov:wasDerivedFrom <report/0198f2293c425e86> .
<inspection/E09000033/sif/2016-01-11/strength/lscb/1> a okg:Strength ;
    okg:judgementOf <inspection/E09000033/sif/2016-01-11> ; okg:part <report-part/lscb> ;
    rdf:value "The group ensures that preventative work is undertaken." ;
    prov:wasDerivedFrom <report/0198f2293c425e86> .
<report/0198f2293c425e86/finding/local_authority/5> a okg:Finding , okg:Passage ;
    okg:judgementOf <inspection/E09000033/sif/2016-01-11> ;
    okg:part <report-part/local_authority> ; okg:paragraph 5 ; okg:page 9 ;
    okg:section "The experiences and progress of children who need help and protection" ;
    okg:quote "Children in Westminster benefit from a well-coordinated array of services." ;
    dcterms:isPartOf <report/0198f2293c425e86> .
<inspection/E09000033/sif/2016-01-11/previous/1> a okg:PreviousInspectionReference ;
    rdfs:comment '''The previous inspection of the local authority's safeguarding arrangements
was in September 2011. The local authority was judged to be good.''' ;
    okg:previousYear 2011 ; okg:previousMonth 9 ; okg:previousScope "safeguarding" ;
    okg:previousGrade <grade/scale/2> .
<report/0198f2293c425e86/statistic/children_looked_after/count/2015-03-31> a qb:Observation ;
    qb:dataSet <dataset/area-statistics> ; okg:refArea <authority/E09000033> ;
    okg:refDate "2015-03-31"^^xsd:date ; okg:measure <measure/children_looked_after> ;
    okg:unit "count" ; okg:value "179"^^xsd:decimal ;
    okg:derivedFromPassage <report/0198f2293c425e86/passage/2> ;
    prov:wasDerivedFrom <report/0198f2293c425e86> .
<report/0198f2293c425e86/statistic/placed_out_of_area/percent/2015-03-31> a qb:Observation ;
    qb:dataSet <dataset/area-statistics> ; okg:refArea <authority/E09000033> ;
    okg:refDate "2015-03-31"^^xsd:date ; okg:measure <measure/placed_out_of_area> ;
    okg:unit "percent" ; okg:value "78"^^xsd:decimal ;
    okg:derivedFromPassage <report/0198f2293c425e86/passage/2> ;
    prov:wasDerivedFrom <report/0198f2293c425e86> .
<report/0198f2293c425e86/passage/2> a okg:Passage ; okg:page 6 ;
    okg:quote "At 31 March 2015, 179 children were being looked after by the local authority" ;
    dcterms:isPartOf <report/0198f2293c425e86> .

<report/3b77d2bdebb1a5cd> a okg:CommitteeReport ;
    dcterms:title "Inspection Performance Report" ; okg:parserFamily "committee" ;
    okg:sourcePath "data/seeds/001_3b77d2bdebb1a5cd.txt" ; dcterms:format "text/plain" ;
    okg:contentHash "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9" ;
    dcterms:issued "2016-05-09"^^xsd:date ; okg:meetingDate "2016-05-09"^^xsd:date ;
    okg:committee "Children, Sports and Leisure Policy and Scrutiny Committee" ;
    dcterms:publisher <authority/E09000033> ; dcterms:subject <authority/E09000033> ;
    dcterms:references <inspection/E09000033/sif/2016-01-11> ,
        <inspection/west-london-yos/hmip_youth_justice/2015-12> .
<report/3b77d2bdebb1a5cd/claim/E09000033/sif/2016-01-11/overall> a okg:Claim ;
    okg:claimedBy <report/3b77d2bdebb1a5cd> ;
    okg:claimAbout <inspection/E09000033/sif/2016-01-11> ;
    okg:area <area/overall> ; okg:grade <grade/sif/outstanding> ;
    rdfs:label "overall single judgement"@en ; prov:wasDerivedFrom <report/3b77d2bdebb1a5cd> .
<inspection/west-london-yos/hmip_youth_justice/2015-12> a okg:Inspection ;
    okg:inspectedService <partnership/west-london-yos> ;
    okg:inspects <authority/E09000033> , <authority/E09000013> ;
    okg:framework <framework/hmip_youth_justice> ; okg:outcome "highly effective" .
<partnership/west-london-yos> a okg:Partnership ;
    rdfs:label "West London Youth Offending Service"@en ;
    okg:partnershipKind <partnership-kind/youth_offending> ;
    okg:mentionedIn <report/3b77d2bdebb1a5cd> .
"""
)

INSPECTION = ID["inspection/E09000033/sif/2016-01-11"]
JUDGEMENT = ID["inspection/E09000033/sif/2016-01-11/judgement/help_protection"]
CLAIM = ID["report/3b77d2bdebb1a5cd/claim/E09000033/sif/2016-01-11/overall"]
ANY_PATH = URIRef("urn:test:any-path")


def validation_results(turtle: str, **options: object) -> set[tuple]:
    """Return (focus, path, constraint component, source shape) of each result."""
    data = Graph().parse(data=turtle, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=SHAPES, inference="none", **options)
    results = {
        tuple(report.value(result, term) for term in
              (SH.focusNode, SH.resultPath, SH.sourceConstraintComponent, SH.sourceShape))
        for result in report.subjects(RDF.type, SH.ValidationResult)
    }  # fmt: skip
    assert conforms == (not results)
    return results


def test_sample_conforms() -> None:
    assert validation_results(SAMPLE) == set()


def test_sample_conforms_with_ontology_and_schemes_mixed_in() -> None:
    assert validation_results(SAMPLE, ont_graph=load_ontology_graph()) == set()


def broken(old: str, new: str) -> str:
    assert SAMPLE.count(old) == 1, old
    return SAMPLE.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "    okg:grade <grade/sif/good> ;\n", "",
            (JUDGEMENT, OKG.grade, SH.MinCountConstraintComponent, shape("grade")),
            id="missing grade",
        ),
        pytest.param(
            "<grade/sif/good>", "<grade/ilacs/good>",
            (JUDGEMENT, None, SH.OrConstraintComponent, shape("GradeOfFrameworkShape")),
            id="grade of another framework",
        ),
        pytest.param(
            "<grade/sif/outstanding>", "<grade/lac_2013/outstanding>",
            (CLAIM, None, SH.OrConstraintComponent, shape("GradeOfFrameworkShape")),
            id="claimed grade of another framework",
        ),
        pytest.param(
            'okg:gssCode "E09000033"', 'okg:gssCode "W06000015"',
            (ID["authority/E09000033"], OKG.gssCode, SH.PatternConstraintComponent,
             shape("gssCode")),
            id="Welsh GSS code",
        ),
        pytest.param(
            "dcterms:spatial statgeo:E09000033", "dcterms:spatial statgeo:E09000030",
            (ID["authority/E09000033"], None, SH.SPARQLConstraintComponent,
             shape("LocalAuthorityShape")),
            id="statistical geography of another code",
        ),
        pytest.param(
            'schema:endDate "2016-02-04"', 'schema:endDate "2016-01-04"',
            (INSPECTION, SCHEMA.startDate, SH.LessThanOrEqualsConstraintComponent, None),
            id="end before start",
        ),
        pytest.param(
            '    schema:startDate "2016-01-11"^^xsd:date ;\n', "",
            (INSPECTION, SCHEMA.startDate, SH.MinCountConstraintComponent, None),
            id="reported inspection without start",
        ),
        pytest.param(
            '"2016-02-04"^^xsd:date .', '"2016-01-24"^^xsd:date .',
            (ID["inspection/E09000033/sif/2016-01-11/visit/2"], None,
             SH.SPARQLConstraintComponent, shape("IntervalShape")),
            id="visit ends before it begins",
        ),
        pytest.param(
            "okg:number 1 ;", 'okg:number "1.5"^^xsd:decimal ;',
            (ID["inspection/E09000033/sif/2016-01-11/recommendation/local_authority/1"],
             OKG.number, SH.DatatypeConstraintComponent, None),
            id="non-integer number",
        ),
        pytest.param(
            "okg:priority false ;", "",
            (ID["inspection/E09000033/sif/2016-01-11/recommendation/local_authority/1"],
             OKG.priority, SH.MinCountConstraintComponent, None),
            id="recommendation without priority flag",
        ),
        pytest.param(
            "<area/help_protection>", "<area/Help-and-protection>",
            (JUDGEMENT, OKG.area, SH.PatternConstraintComponent, shape("area")),
            id="area id not snake_case",
        ),
        pytest.param(
            "    okg:derivedFromPassage <report/0198f2293c425e86/passage/1> ;\n", "",
            (JUDGEMENT, OKG.derivedFromPassage, SH.MinCountConstraintComponent,
             shape("requiredPassage")),
            id="judgement without passage",
        ),
        pytest.param(
            "okg:previousGrade <grade/scale/2>", "okg:previousGrade <grade/sif/good>",
            (ID["inspection/E09000033/sif/2016-01-11/previous/1"], OKG.previousGrade,
             SH.NodeConstraintComponent, None),
            id="previous grade off the comparable scale",
        ),
        pytest.param(
            "okg:previousMonth 9", "okg:previousMonth 13",
            (ID["inspection/E09000033/sif/2016-01-11/previous/1"], OKG.previousMonth,
             SH.MaxInclusiveConstraintComponent, None),
            id="month 13",
        ),
        pytest.param(
            'okg:value "78"^^xsd:decimal', 'okg:value "780"^^xsd:decimal',
            (ID["report/0198f2293c425e86/statistic/placed_out_of_area/percent/2015-03-31"],
             None, SH.SPARQLConstraintComponent, shape("ObservationShape")),
            id="percentage above 100",
        ),
        pytest.param(
            'okg:value "179"^^xsd:decimal', "okg:value 179",
            (ID["report/0198f2293c425e86/statistic/children_looked_after/count/2015-03-31"],
             OKG.value, SH.DatatypeConstraintComponent, None),
            id="integer instead of decimal value",
        ),
        pytest.param(
            "9f2c4e0d8a7b6c5d", "9F2C4E0D8A7B6C5D",
            (ID["report/0198f2293c425e86"], OKG.contentHash, SH.PatternConstraintComponent,
             None),
            id="content hash not lower-case hex",
        ),
        pytest.param(
            "    org:hasMembership <partnership/tri-borough/member/E09000033> ;\n", "",
            (ID["partnership/tri-borough/member/E09000033"], ANY_PATH,
             SH.EqualsConstraintComponent, None),
            id="membership the partnership does not list",
        ),
        pytest.param(
            "okg:partnershipKind <partnership-kind/youth_offending> ;", "",
            (ID["partnership/west-london-yos"], OKG.partnershipKind,
             SH.MinCountConstraintComponent, None),
            id="partnership without kind",
        ),
        pytest.param(
            "okg:inspectedService <partnership/west-london-yos> ;\n"
            "    okg:inspects <authority/E09000033> , <authority/E09000013> ;",
            "",
            (ID["inspection/west-london-yos/hmip_youth_justice/2015-12"], None,
             SH.OrConstraintComponent, shape("InspectionShape")),
            id="inspection of nothing",
        ),
    ],
)  # fmt: skip
def test_broken_sample_fails_with_the_expected_shape(old: str, new: str, expected: tuple) -> None:
    results = validation_results(broken(old, new))
    focus, path, component, source = expected

    def matches(result: tuple) -> bool:
        return (
            result[0] == focus
            and (path == ANY_PATH or result[1] == path)
            and result[2] == component
            and (source is None or result[3] == source)
        )

    assert any(matches(result) for result in results), results


def test_areas_are_open() -> None:
    # The 2009-2012 parser makes ids from headings it does not know; such an area still passes.
    assert validation_results(broken("<area/help_protection>", "<area/lac_new_heading>")) == set()


def test_measures_are_open() -> None:
    # No concept for this measure exists in schemes.ttl; the shapes must still accept it.
    assert (ID["measure/placed_out_of_area"], RDF.type, SKOS.Concept) not in SCHEMES
    assert not any(
        result[0] == ID["report/0198f2293c425e86/statistic/placed_out_of_area/percent/2015-03-31"]
        for result in validation_results(SAMPLE)
    )


def test_blank_nodes_are_not_minted_in_the_sample() -> None:
    # IRIs come from keys (MODEL.md), so a well-formed graph has no blank nodes.
    data = Graph().parse(data=SAMPLE, format="turtle")
    assert not any(isinstance(node, BNode) for triple in data for node in triple)
