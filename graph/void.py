"""The VoID description of the dataset, counted from the store so that it is true of the data.

The dataset is what the dumps hold: every report graph and the reference graph, as one RDF
graph (their union). Counts are of distinct triples, as RDF graphs count them; a SPARQL
`COUNT(*) { ?s ?p ?o }` over the endpoint's default graph (the merge of every named graph)
also sees the build graph, so it is a little higher. The build graph (id:graph/build) gives
the date built and the software version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, VOID, XSD

from graph.dumps import DUMP_FORMATS, dump_filename
from graph.store import Store
from graph.terms import BUILD_GRAPH
from graph.vocab import ID, OKG, ONTOLOGY_IRI, QB, SCHEMA, STATGEO

DATASET_IRI = URIRef(str(ID) + "dataset/ofsted-kg")
AREA_STATISTICS_IRI = URIRef(str(ID) + "dataset/area-statistics")
ONS_LINKSET_IRI = URIRef(str(ID) + "dataset/ofsted-kg/links/ons-geography")
ONS_GEOGRAPHY = URIRef("http://statistics.data.gov.uk/")
OGL_V3 = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
OFSTED_REPORTS = URIRef("https://reports.ofsted.gov.uk/")
OFSTED = URIRef("https://www.gov.uk/government/organisations/ofsted")
PUBLISHER = URIRef("https://w3id.org/ofsted-kg/")
SHAPES_IRI = URIRef(ONTOLOGY_IRI + "/shapes")
TITLE = "ofsted-kg: Ofsted inspections of English local authorities' children's services"
DESCRIPTION = (
    "Every fact read from Ofsted's inspection reports on English local authorities' "
    "children's services since 2009 (inspections, graded judgements, recommendations, "
    "findings, inspectors, area statistics, the partnerships the reports name), each linked "
    "to the words, page and paragraph it was read from; with a register of authorities, "
    "regions and partnerships linked to the ONS statistical geographies."
)
# void:exampleResource: one judged inspection (the first in IRI order), with its authority,
# report and first judgement, so the examples lead into each other.
EXAMPLE_QUERY = f"""
SELECT ?authority ?report ?inspection ?judgement WHERE {{
  ?report <{OKG.reportsOn}> ?inspection .
  ?inspection <{OKG.inspects}> ?authority .
  ?judgement a <{OKG.Judgement}> ; <{OKG.judgementOf}> ?inspection .
}} ORDER BY ?inspection ?judgement ?report ?authority LIMIT 1"""
_NOT_BUILD = f"FILTER(?g != <{BUILD_GRAPH}>)"


@dataclass(frozen=True)
class DatasetStatistics:
    """Counts and facts about the dataset, read from the store."""

    triples: int = 0
    entities: int = 0  # distinct subjects that are IRIs we mint (under id:)
    distinct_subjects: int = 0
    distinct_objects: int = 0
    documents: int = 0  # source reports
    classes: dict[str, int] = field(default_factory=dict)  # class -> distinct instances
    properties: dict[str, int] = field(default_factory=dict)  # property -> distinct triples
    ons_links: int = 0  # dcterms:spatial links to ONS statistical geographies
    examples: tuple[str, ...] = ()
    built: dt.date | None = None
    software_version: str | None = None
    code_fingerprint: str | None = None
    first_inspection: dt.date | None = None
    last_inspection: dt.date | None = None

    @property
    def vocabularies(self) -> list[str]:
        """Return the vocabularies whose classes or properties the data uses."""
        found = set()
        for iri in (*self.classes, *self.properties):
            if iri.startswith(str(ID)):
                continue
            cut = max(iri.rfind("#"), iri.rfind("/"))
            found.add(iri[: cut + 1].removesuffix("#"))
        return sorted(found)


def _count(store: Store, sparql: str) -> int:
    rows = list(store.query(sparql))
    return int(rows[0]["n"].value) if rows and rows[0]["n"] is not None else 0


def _grouped(store: Store, sparql: str, key: str) -> dict[str, int]:
    return {row[key].value: int(row["n"].value) for row in store.query(sparql)}


def _date(term: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(term.value) if term is not None else None  # type: ignore[attr-defined]
    except ValueError:
        return None


def dataset_statistics(store: Store) -> DatasetStatistics:
    """Count the dataset in `store` (every named graph but the build graph)."""
    properties = _grouped(
        store,
        "SELECT ?p (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE "
        f"{{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_BUILD} }} }} GROUP BY ?p",
        "p",
    )
    classes = _grouped(
        store,
        f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?c }} {_NOT_BUILD} }} "
        "GROUP BY ?c",
        "c",
    )
    pattern = f"GRAPH ?g {{ ?s ?p ?o }} {_NOT_BUILD}"
    examples = _examples(store)
    build = _build_facts(store)
    period = list(
        store.query(
            "SELECT (MIN(?start) AS ?first) (MAX(?start) AS ?last) WHERE "
            f"{{ ?i a <{OKG.Inspection}> ; <{SCHEMA.startDate}> ?start }}"
        )
    )
    return DatasetStatistics(
        triples=sum(properties.values()),
        entities=_count(
            store,
            f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} "
            f'FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{ID}")) }}',
        ),
        distinct_subjects=_count(store, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {pattern} }}"),
        distinct_objects=_count(store, f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {pattern} }}"),
        documents=_count(
            store,
            "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE "
            f"{{ GRAPH ?g {{ ?g <{OKG.sourcePath}> ?x }} }}",
        ),
        classes=classes,
        properties=properties,
        ons_links=_count(
            store,
            "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?o WHERE { GRAPH ?g "
            f'{{ ?s <{DCTERMS.spatial}> ?o }} {_NOT_BUILD} FILTER(STRSTARTS(STR(?o), "{STATGEO}")) '
            "} }",
        ),
        examples=tuple(examples),
        first_inspection=_date(period[0]["first"]) if period else None,
        last_inspection=_date(period[0]["last"]) if period else None,
        **build,
    )


def _examples(store: Store) -> tuple[str, ...]:
    for row in store.query(EXAMPLE_QUERY):
        return tuple(row[name].value for name in ("authority", "report", "inspection", "judgement"))
    return ()


def _build_facts(store: Store) -> dict[str, object]:
    rows = list(
        store.query(
            f"SELECT ?modified ?software ?fingerprint WHERE {{ GRAPH <{BUILD_GRAPH}> {{ "
            f"OPTIONAL {{ <{BUILD_GRAPH}> <{DCTERMS.modified}> ?modified }} "
            f"OPTIONAL {{ <{BUILD_GRAPH}> <{SCHEMA.softwareVersion}> ?software }} "
            f"OPTIONAL {{ <{BUILD_GRAPH}> <{DCTERMS.hasVersion}> ?fingerprint }} }} }}"
        )
    )
    if not rows:
        return {}
    row = rows[0]
    return {
        "built": _date(row["modified"]),
        "software_version": row["software"].value if row["software"] is not None else None,
        "code_fingerprint": row["fingerprint"].value if row["fingerprint"] is not None else None,
    }


@dataclass(frozen=True)
class PublicationUrls:
    """Where a server (or a release folder) publishes the endpoint, the dumps and descriptions."""

    base: str  # ends with "/"

    @classmethod
    def at(cls, base: str) -> PublicationUrls:
        """Return the URLs under `base` (a trailing slash is added if missing)."""
        return cls(base if base.endswith("/") else base + "/")

    @property
    def sparql(self) -> URIRef:
        return URIRef(self.base + "sparql")

    @property
    def graph_store(self) -> URIRef:
        return URIRef(self.base + "store")

    @property
    def void(self) -> URIRef:
        return URIRef(self.base + ".well-known/void")

    @property
    def catalogue(self) -> URIRef:
        return URIRef(self.base + "catalog")

    def dump(self, filename: str) -> URIRef:
        """Return the download URL of the dump file `filename`."""
        return URIRef(self.base + "dumps/" + filename)


def describe_publisher(graph: Graph) -> None:
    """Add the publisher and the source (Ofsted) that VoID and DCAT both name."""
    graph.add((PUBLISHER, RDF.type, FOAF.Organization))
    graph.add((PUBLISHER, FOAF.name, Literal("ofsted-kg project", lang="en")))
    graph.add((OFSTED, RDF.type, FOAF.Organization))
    graph.add((OFSTED, FOAF.name, Literal("Ofsted", lang="en")))
    graph.add((OFSTED_REPORTS, RDFS.label, Literal("Ofsted: find an inspection report", lang="en")))
    graph.add((OFSTED_REPORTS, DCTERMS.publisher, OFSTED))


def void_graph(stats: DatasetStatistics, urls: PublicationUrls) -> Graph:
    """Return the VoID description of the dataset served at `urls`."""
    graph = Graph()
    graph.bind("void", VOID)
    graph.bind("dcterms", DCTERMS)
    graph.bind("foaf", FOAF)
    graph.bind("prov", PROV)
    graph.bind("schema", SCHEMA)
    graph.bind("okg", str(OKG._NS))
    graph.bind("id", str(ID))
    graph.bind("qb", str(QB))
    data = DATASET_IRI
    graph.add((urls.void, RDF.type, VOID.DatasetDescription))
    graph.add((urls.void, DCTERMS.title, Literal(f"VoID description of {TITLE}", lang="en")))
    graph.add((urls.void, FOAF.primaryTopic, data))
    graph.add((data, RDF.type, VOID.Dataset))
    graph.add((data, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((data, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((data, DCTERMS.license, OGL_V3))
    graph.add((data, DCTERMS.source, OFSTED_REPORTS))
    graph.add((data, DCTERMS.publisher, PUBLISHER))
    graph.add((data, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    graph.add((data, DCTERMS.conformsTo, SHAPES_IRI))
    describe_publisher(graph)
    _add_build(graph, stats)
    graph.add((data, VOID.sparqlEndpoint, urls.sparql))
    graph.add((data, VOID.uriSpace, Literal(str(ID))))
    graph.add((data, FOAF.homepage, URIRef(urls.base)))
    for dump_format in DUMP_FORMATS.values():
        graph.add(
            (data, VOID.dataDump, urls.dump(dump_filename(dump_format.name, compressed=True)))
        )
        graph.add((data, VOID.feature, URIRef(dump_format.w3c_format)))
    for vocabulary in stats.vocabularies:
        graph.add((data, VOID.vocabulary, URIRef(vocabulary)))
    for example in stats.examples:
        graph.add((data, VOID.exampleResource, URIRef(example)))
    for term, value in (
        (VOID.triples, stats.triples),
        (VOID.entities, stats.entities),
        (VOID.classes, len(stats.classes)),
        (VOID.properties, len(stats.properties)),
        (VOID.distinctSubjects, stats.distinct_subjects),
        (VOID.distinctObjects, stats.distinct_objects),
        (VOID.documents, stats.documents),
    ):
        graph.add((data, term, Literal(value, datatype=XSD.integer)))
    for cls, count in sorted(stats.classes.items()):
        partition = BNode()
        graph.add((data, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], URIRef(cls)))
        graph.add((partition, VOID.entities, Literal(count, datatype=XSD.integer)))
    for prop, count in sorted(stats.properties.items()):
        partition = BNode()
        graph.add((data, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, URIRef(prop)))
        graph.add((partition, VOID.triples, Literal(count, datatype=XSD.integer)))
    _add_subsets(graph, stats)
    return graph


def _add_build(graph: Graph, stats: DatasetStatistics) -> None:
    build = URIRef(BUILD_GRAPH)
    graph.add((DATASET_IRI, PROV.wasGeneratedBy, build))
    graph.add((build, RDF.type, PROV.Activity))
    graph.add((build, RDFS.label, Literal("ofsted-kg build", lang="en")))
    if stats.built:
        graph.add((DATASET_IRI, DCTERMS.modified, Literal(stats.built, datatype=XSD.date)))
        graph.add((build, DCTERMS.date, Literal(stats.built, datatype=XSD.date)))
    if stats.software_version:
        version = Literal(stats.software_version)
        graph.add((DATASET_IRI, SCHEMA.softwareVersion, version))
        graph.add((build, SCHEMA.softwareVersion, version))
    if stats.code_fingerprint:
        graph.add((build, DCTERMS.identifier, Literal(stats.code_fingerprint)))
        graph.add(
            (
                build,
                RDFS.comment,
                Literal(
                    "dcterms:identifier is a fingerprint of the parsers, mapping, register and "
                    "ontology that built the data: the same inputs and fingerprint give the same "
                    "N-Quads dump, byte for byte.",
                    lang="en",
                ),
            )
        )


def _add_subsets(graph: Graph, stats: DatasetStatistics) -> None:
    observations = stats.classes.get(str(QB.Observation), 0)
    if observations:
        graph.add((DATASET_IRI, VOID.subset, AREA_STATISTICS_IRI))
        graph.add((AREA_STATISTICS_IRI, RDF.type, VOID.Dataset))
        graph.add((AREA_STATISTICS_IRI, RDF.type, QB.DataSet))
        graph.add((AREA_STATISTICS_IRI, VOID.entities, Literal(observations, datatype=XSD.integer)))
    if stats.ons_links:
        linkset = ONS_LINKSET_IRI
        graph.add((DATASET_IRI, VOID.subset, linkset))
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.linkPredicate, DCTERMS.spatial))
        graph.add((linkset, VOID.subjectsTarget, DATASET_IRI))
        graph.add((linkset, VOID.objectsTarget, ONS_GEOGRAPHY))
        graph.add((linkset, VOID.triples, Literal(stats.ons_links, datatype=XSD.integer)))
        graph.add((ONS_GEOGRAPHY, RDF.type, VOID.Dataset))
        graph.add((ONS_GEOGRAPHY, DCTERMS.title, Literal("ONS statistical geographies", lang="en")))
        graph.add((ONS_GEOGRAPHY, VOID.uriSpace, Literal(str(STATGEO))))
