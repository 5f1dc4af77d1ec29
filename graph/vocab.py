"""Vocabularies as closed namespaces: a mistyped term fails at import, not in a query.

`OKG` holds only the terms that the standard vocabularies lack; `ontology/okg.ttl` defines
each of them (tests/test_ontology.py holds the two to each other).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

BASE = "https://w3id.org/ofsted-kg/"
ONTOLOGY_IRI = BASE + "def"
ID = Namespace(BASE + "id/")


class OKG(DefinedNamespace):
    """ofsted-kg's own terms."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    # Classes
    LocalAuthority: URIRef  # a local authority with children's services duties
    Region: URIRef  # an English region (ONS ITL1 / former government office region)
    Partnership: URIRef  # a partnership or shared service between authorities
    Inspection: URIRef  # an inspection event (prov:Activity)
    InspectionReport: URIRef  # a published inspection report (prov:Entity)
    CommitteeReport: URIRef  # a council committee report about inspections
    Judgement: URIRef  # a graded judgement made by an inspection
    Recommendation: URIRef  # a recommendation or improvement point
    Strength: URIRef  # a strength a report states
    Finding: URIRef  # a numbered finding paragraph
    Passage: URIRef  # the words of a report a fact was read from
    Claim: URIRef  # a grade another document says an inspection gave
    PreviousInspectionReference: URIRef  # a report's mention of an earlier inspection
    Inspector: URIRef  # a person inspecting

    # Inspections and reports
    inspects: URIRef  # inspection -> authority
    inspectedService: URIRef  # inspection -> partnership or service inspected
    framework: URIRef  # inspection -> framework concept
    reportType: URIRef  # inspection -> report type concept
    reportTypeBasis: URIRef  # how the report type was derived, when the report does not say it
    leadInspector: URIRef  # inspection -> inspector
    visit: URIRef  # inspection -> a block of days on site (time:Interval)
    includesLscbReview: URIRef  # inspection -> boolean
    reviewedBoard: URIRef  # inspection -> the LSCB reviewed
    sourcePath: URIRef  # report -> file path as given to build
    contentHash: URIRef  # report -> sha256 of the file's bytes
    parserFamily: URIRef  # report -> parser family id
    authorityNameAsPrinted: URIRef  # report -> the authority's name as the report prints it
    reportsOn: URIRef  # report -> inspection (inverse of prov:generated in spirit)
    refersToPreviousInspection: URIRef  # inspection -> PreviousInspectionReference
    previousYear: URIRef
    previousMonth: URIRef
    previousScope: URIRef
    previousGrade: URIRef  # -> grade concept

    # Judgements, recommendations, findings
    judgementOf: URIRef  # judgement / recommendation / strength / finding -> inspection
    area: URIRef  # judgement -> judgement area concept
    grade: URIRef  # judgement -> grade concept
    service: URIRef  # judgement -> service the judgement covers (2009-2012 framework)
    part: URIRef  # recommendation -> report part concept (local_authority, lscb)
    number: URIRef  # recommendation / finding number
    timescale: URIRef  # recommendation -> "Within three months"
    addressedTo: URIRef  # recommendation -> organisation named as responsible
    addressedToName: URIRef  # recommendation -> the name as printed
    priority: URIRef  # recommendation -> boolean (SIF priority and immediate action)
    derivedFromPassage: URIRef  # any fact -> Passage (sub-property of prov:wasDerivedFrom)
    page: URIRef  # passage -> page number in the PDF
    paragraph: URIRef  # passage -> paragraph number
    section: URIRef  # passage -> section heading
    quote: URIRef  # passage -> the words

    # Committee reports and claims
    claimedBy: URIRef  # claim -> committee report
    claimAbout: URIRef  # claim -> inspection
    meetingDate: URIRef
    committee: URIRef
    outcome: URIRef  # ungraded verdict ("highly effective")

    # Authorities, regions, partnerships
    gssCode: URIRef  # authority / region -> ONS GSS code (also skos:notation)
    region: URIRef  # authority -> region
    authorityType: URIRef  # authority -> authority type concept
    partnershipKind: URIRef  # partnership -> kind concept
    statisticalNeighbour: URIRef  # authority -> authority
    ofstedUrn: URIRef  # authority -> Ofsted unique reference number
    mentionedIn: URIRef  # partnership -> report that names it

    # Area statistics (Data Cube components)
    refArea: URIRef  # dimension: authority
    refDate: URIRef  # dimension: date of the figure
    measure: URIRef  # dimension: which figure (concept)
    unit: URIRef  # attribute: count, per_10000, percent
    value: URIRef  # measure: the number


# Standard vocabularies used alongside OKG.
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
STATGEO = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")

PREFIXES = {
    "okg": str(OKG._NS),
    "id": str(ID),
    "org": str(ORG),
    "prov": str(PROV),
    "qb": str(QB),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "statgeo": str(STATGEO),
    # Shorthands for the things researchers name most ("id:area/overall" is not legal SPARQL).
    "area": str(ID) + "area/",
    "authority": str(ID) + "authority/",
    "framework": str(ID) + "framework/",
    "partnership": str(ID) + "partnership/",
}


def sparql_prefixes() -> str:
    """Return PREFIX lines for every vocabulary above, for queries."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
