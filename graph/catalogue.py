"""The DCAT 3 catalogue: the dataset, its dump distributions and the data services serving it.

The same dataset IRI as the VoID description (graph/void.py), so the two descriptions merge.
Each dump format is one distribution (the gzip file); the SPARQL endpoint and the read-only
Graph Store Protocol endpoint are dcat:DataService entries, reached through a distribution of
their own. Sizes and SHA-256 checksums are given for the files that exist when the catalogue
is written (a release folder, or a server's dump cache).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from graph.dumps import DUMP_FORMATS, DumpFormat, dump_filename, write_dump
from graph.store import Store
from graph.vocab import ONTOLOGY_IRI, STATGEO
from graph.void import (
    DATASET_IRI,
    DESCRIPTION,
    OFSTED_REPORTS,
    OGL_V3,
    ONS_GEOGRAPHY,
    PUBLISHER,
    SHAPES_IRI,
    TITLE,
    DatasetStatistics,
    PublicationUrls,
    dataset_statistics,
    describe_publisher,
    void_graph,
)

SPDX = Namespace("http://spdx.org/rdf/terms#")
IANA_MEDIA_TYPES = "http://www.iana.org/assignments/media-types/"
GZIP_MEDIA_TYPE = URIRef(IANA_MEDIA_TYPES + "application/gzip")
ENGLAND = URIRef(str(STATGEO) + "E92000001")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
GRAPH_STORE_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-http-rdf-update/")
KEYWORDS = (
    "Ofsted",
    "children's services",
    "children's social care",
    "inspection",
    "local authorities",
    "safeguarding",
    "looked after children",
)


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What is known of a published dump file: its size and SHA-256."""

    byte_size: int
    sha256: str


def catalogue_graph(
    stats: DatasetStatistics,
    urls: PublicationUrls,
    files: dict[str, FileFacts] | None = None,
) -> Graph:
    """Return the DCAT catalogue; `files` gives size and checksum by dump file name."""
    files = files or {}
    graph = Graph()
    for prefix, namespace in (("dcat", DCAT), ("dcterms", DCTERMS), ("foaf", FOAF), ("spdx", SPDX)):
        graph.bind(prefix, namespace)
    catalogue = urls.catalogue
    graph.add((catalogue, RDF.type, DCAT.Catalog))
    graph.add((catalogue, DCTERMS.title, Literal("ofsted-kg data catalogue", lang="en")))
    graph.add(
        (
            catalogue,
            DCTERMS.description,
            Literal("The ofsted-kg dataset, its downloads and its query services.", lang="en"),
        )
    )
    graph.add((catalogue, DCTERMS.publisher, PUBLISHER))
    graph.add((catalogue, DCTERMS.license, OGL_V3))
    graph.add((catalogue, FOAF.homepage, URIRef(urls.base)))
    graph.add((catalogue, DCAT.dataset, DATASET_IRI))
    describe_publisher(graph)
    _dataset(graph, stats, urls)
    for dump_format in DUMP_FORMATS.values():
        _dump_distribution(graph, urls, dump_format, files)
    sparql = _service(
        graph,
        urls,
        "sparql-service",
        urls.sparql,
        "SPARQL 1.1 query endpoint",
        "Read-only SPARQL 1.1 Protocol endpoint; the default graph is the union of the named "
        "graphs, one per source report, and the reference graph.",
        SPARQL_PROTOCOL,
    )
    graph.add((sparql, DCAT.endpointDescription, urls.sparql))  # a GET returns its description
    _service(
        graph,
        urls,
        "graph-store-service",
        urls.graph_store,
        "Graph Store Protocol endpoint (read-only)",
        "GET ?graph=IRI returns one report's named graph; GET ?default returns the union.",
        GRAPH_STORE_PROTOCOL,
    )
    return graph


def _dataset(graph: Graph, stats: DatasetStatistics, urls: PublicationUrls) -> None:
    data = DATASET_IRI
    graph.add((data, RDF.type, DCAT.Dataset))
    graph.add((data, DCTERMS.title, Literal(TITLE, lang="en")))
    graph.add((data, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    graph.add((data, DCTERMS.identifier, Literal("ofsted-kg")))
    graph.add((data, DCTERMS.license, OGL_V3))
    graph.add((data, DCTERMS.source, OFSTED_REPORTS))
    graph.add((data, DCTERMS.publisher, PUBLISHER))
    graph.add((data, DCTERMS.conformsTo, URIRef(ONTOLOGY_IRI)))
    graph.add((data, DCTERMS.conformsTo, SHAPES_IRI))
    graph.add((data, DCTERMS.spatial, ENGLAND))
    graph.add((data, DCAT.landingPage, URIRef(urls.base)))
    graph.add((data, RDFS.seeAlso, urls.void))
    graph.add((data, DCTERMS.relation, ONS_GEOGRAPHY))
    for keyword in KEYWORDS:
        graph.add((data, DCAT.keyword, Literal(keyword, lang="en")))
    if stats.built:
        graph.add((data, DCTERMS.modified, Literal(stats.built, datatype=XSD.date)))
    if stats.first_inspection and stats.last_inspection:
        period = BNode()
        graph.add((data, DCTERMS.temporal, period))
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(stats.first_inspection, datatype=XSD.date)))
        graph.add((period, DCAT.endDate, Literal(stats.last_inspection, datatype=XSD.date)))


def _dump_distribution(
    graph: Graph, urls: PublicationUrls, dump_format: DumpFormat, files: dict[str, FileFacts]
) -> None:
    filename = dump_filename(dump_format.name, compressed=True)
    distribution = urls.dump(filename)
    kept = (
        "the named graphs kept: one per source report, and the reference graph"
        if dump_format.keeps_graphs
        else "the union of the named graphs, as one graph"
    )
    graph.add((DATASET_IRI, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add(
        (distribution, DCTERMS.title, Literal(f"Whole dataset, {dump_format.title}", lang="en"))
    )
    graph.add(
        (
            distribution,
            DCTERMS.description,
            Literal(f"{dump_format.title}, gzip-compressed: {kept}.", lang="en"),
        )
    )
    graph.add((distribution, DCAT.downloadURL, distribution))
    graph.add((distribution, DCAT.accessURL, distribution))
    graph.add((distribution, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + dump_format.media_type)))
    graph.add((distribution, DCAT.compressFormat, GZIP_MEDIA_TYPE))
    graph.add((distribution, DCTERMS["format"], URIRef(dump_format.w3c_format)))
    graph.add((distribution, DCTERMS.license, OGL_V3))
    facts = files.get(filename)
    if facts is not None:
        graph.add(
            (distribution, DCAT.byteSize, Literal(facts.byte_size, datatype=XSD.nonNegativeInteger))
        )
        checksum = BNode()
        graph.add((distribution, SPDX.checksum, checksum))
        graph.add((checksum, RDF.type, SPDX.Checksum))
        graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        graph.add((checksum, SPDX.checksumValue, Literal(facts.sha256, datatype=XSD.hexBinary)))


def _service(
    graph: Graph,
    urls: PublicationUrls,
    key: str,
    endpoint: URIRef,
    title: str,
    description: str,
    standard: URIRef,
) -> URIRef:
    service = URIRef(f"{urls.catalogue}#{key}")
    graph.add((urls.catalogue, DCAT.service, service))
    graph.add((service, RDF.type, DCAT.DataService))
    graph.add((service, DCTERMS.title, Literal(title, lang="en")))
    graph.add((service, DCTERMS.description, Literal(description, lang="en")))
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCTERMS.conformsTo, standard))
    graph.add((service, DCAT.servesDataset, DATASET_IRI))
    graph.add((service, DCTERMS.license, OGL_V3))
    distribution = URIRef(f"{urls.catalogue}#{key}-distribution")
    graph.add((DATASET_IRI, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCTERMS.title, Literal(title, lang="en")))
    graph.add((distribution, DCAT.accessURL, endpoint))
    graph.add((distribution, DCAT.accessService, service))
    graph.add((distribution, DCTERMS.license, OGL_V3))
    return service


def file_facts(path: Path) -> FileFacts:
    """Return the size and SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return FileFacts(path.stat().st_size, digest.hexdigest())


def write_release(store: Store, directory: Path, base_url: str) -> list[Path]:
    """Write every gzip dump, void.ttl, catalog.ttl and SHA256SUMS into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    facts: dict[str, FileFacts] = {}
    for name in DUMP_FORMATS:
        path = directory / dump_filename(name, compressed=True)
        with path.open("wb") as handle:
            write_dump(store, name, handle, compressed=True)
        facts[path.name] = file_facts(path)
        written.append(path)
    stats = dataset_statistics(store)
    urls = PublicationUrls.at(base_url)
    for filename, graph in (
        ("void.ttl", void_graph(stats, urls)),
        ("catalog.ttl", catalogue_graph(stats, urls, facts)),
    ):
        path = directory / filename
        path.write_bytes(graph.serialize(format="turtle", encoding="utf-8"))
        written.append(path)
    sums = directory / "SHA256SUMS"
    sums.write_text(
        "".join(f"{fact.sha256}  {name}\n" for name, fact in sorted(facts.items())),
        encoding="utf-8",
    )
    written.append(sums)
    return written
