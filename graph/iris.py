"""IRIs of the vocabularies, as plain strings: what building the graph needs, without rdflib.

`graph/vocab.py` gives the same terms as rdflib namespaces for the code that works with
rdflib graphs (dataset descriptions, validation, tests); both are made from the lists here,
so a term cannot exist in one and not the other. `OKG` holds only the terms that the standard
vocabularies lack; `ontology/okg.ttl` defines each of them (tests/test_ontology.py holds the
two to each other). A mistyped term is an AttributeError where it is used.
"""

from __future__ import annotations

from typing import ClassVar

BASE = "https://w3id.org/ofsted-kg/"
ONTOLOGY_IRI = BASE + "def"
ID = BASE + "id/"


class Vocabulary:
    """A closed vocabulary: each annotated name becomes the IRI `_NS` + name, as a str."""

    _NS: ClassVar[str]

    def __init_subclass__(cls) -> None:
        for name in cls.__annotations__:
            if not name.startswith("_"):
                setattr(cls, name, cls._NS + name)


class Namespace:
    """An open namespace: `NS.term` is the IRI namespace + "term", as a plain str.

    Not a str itself: "title", "format" and "count" are terms of standard vocabularies and
    also str methods, which attribute look-up would find first.
    """

    __slots__ = ("_base",)

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._base + name

    def __str__(self) -> str:
        return self._base

    def __add__(self, suffix: str) -> str:
        return self._base + suffix

    def __repr__(self) -> str:
        return f"Namespace({self._base!r})"


class OKG(Vocabulary):
    """ofsted-kg's own terms."""

    _NS = ONTOLOGY_IRI + "#"

    # Classes
    LocalAuthority: str  # a local authority with children's services duties
    Region: str  # an English region (ONS ITL1 / former government office region)
    Partnership: str  # a partnership or shared service between authorities
    Inspection: str  # an inspection event (prov:Activity)
    InspectionReport: str  # a published inspection report (prov:Entity)
    CommitteeReport: str  # a council committee report about inspections
    Judgement: str  # a graded judgement made by an inspection
    Recommendation: str  # a recommendation or improvement point
    Strength: str  # a strength a report states
    Finding: str  # a numbered finding paragraph
    Passage: str  # the words of a report a fact was read from
    Claim: str  # a grade another document says an inspection gave
    PreviousInspectionReference: str  # a report's mention of an earlier inspection
    Inspector: str  # a person inspecting

    # Inspections and reports
    inspects: str  # inspection -> authority
    inspectedService: str  # inspection -> partnership or service inspected
    framework: str  # inspection -> framework concept
    reportType: str  # inspection -> report type concept
    reportTypeBasis: str  # how the report type was derived, when the report does not say it
    leadInspector: str  # inspection -> inspector
    visit: str  # inspection -> a block of days on site (time:Interval)
    includesLscbReview: str  # inspection -> boolean
    reviewedBoard: str  # inspection -> the LSCB reviewed
    sourcePath: str  # report -> file path as given to build
    contentHash: str  # report -> sha256 of the file's bytes
    parserFamily: str  # report -> parser family id
    authorityNameAsPrinted: str  # report -> the authority's name as the report prints it
    reportsOn: str  # report -> inspection (inverse of prov:generated in spirit)
    refersToPreviousInspection: str  # inspection -> PreviousInspectionReference
    previousYear: str
    previousMonth: str
    previousScope: str
    previousGrade: str  # -> grade concept

    # Judgements, recommendations, findings
    judgementOf: str  # judgement / recommendation / strength / finding -> inspection
    area: str  # judgement -> judgement area concept
    grade: str  # judgement -> grade concept
    service: str  # judgement -> service the judgement covers (2009-2012 framework)
    part: str  # recommendation -> report part concept (local_authority, lscb)
    number: str  # recommendation / finding number
    timescale: str  # recommendation -> "Within three months"
    addressedTo: str  # recommendation -> organisation named as responsible
    addressedToName: str  # recommendation -> the name as printed
    priority: str  # recommendation -> boolean (SIF priority and immediate action)
    derivedFromPassage: str  # any fact -> Passage (sub-property of prov:wasDerivedFrom)
    page: str  # passage -> page number in the PDF
    paragraph: str  # passage -> paragraph number
    section: str  # passage -> section heading
    quote: str  # passage -> the words

    # Committee reports and claims
    claimedBy: str  # claim -> committee report
    claimAbout: str  # claim -> inspection
    meetingDate: str
    committee: str
    outcome: str  # ungraded verdict ("highly effective")

    # Authorities, regions, partnerships
    gssCode: str  # authority / region -> ONS GSS code (also skos:notation)
    region: str  # authority -> region
    authorityType: str  # authority -> authority type concept
    partnershipKind: str  # partnership -> kind concept
    statisticalNeighbour: str  # authority -> authority
    ofstedUrn: str  # authority -> Ofsted unique reference number
    mentionedIn: str  # partnership -> report that names it

    # Area statistics (Data Cube components)
    refArea: str  # dimension: authority
    refDate: str  # dimension: date of the figure
    measure: str  # dimension: which figure (concept)
    unit: str  # attribute: count, per_10000, percent
    value: str  # measure: the number


# Standard vocabularies used alongside OKG (tests/test_vocab.py checks that every term the
# graph uses of them is one the vocabulary defines).
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")
STATGEO = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")

PREFIXES = {
    "okg": OKG._NS,
    "id": ID,
    "org": str(ORG),
    "prov": str(PROV),
    "qb": str(QB),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "statgeo": str(STATGEO),
    # Shorthands for the things researchers name most ("id:area/overall" is not legal SPARQL).
    "area": ID + "area/",
    "authority": ID + "authority/",
    "framework": ID + "framework/",
    "partnership": ID + "partnership/",
}


def sparql_prefixes() -> str:
    """Return PREFIX lines for every vocabulary above, for queries."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
