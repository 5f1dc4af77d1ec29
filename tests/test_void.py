"""The VoID description and the DCAT catalogue: counts that match the store, the required
terms, and the built graph passing `ofsted-kg validate` (seeds always; the corpus when present).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from graph.catalogue import FileFacts, catalogue_graph
from graph.cli import main
from graph.dumps import DUMP_FORMATS, dump_filename
from graph.store import EmbeddedStore
from graph.terms import BUILD_GRAPH
from graph.vocab import ID, OKG, SCHEMA, STATGEO
from graph.void import (
    DATASET_IRI,
    OGL_V3,
    DatasetStatistics,
    PublicationUrls,
    dataset_statistics,
    void_graph,
)
from tests.conftest import CORPUS, requires_corpus
from tests.test_dumps import build_store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
URLS = PublicationUrls.at("http://data.example.org/kg")
AUTHORITIES_CSV = Path(__file__).resolve().parent.parent / "graph" / "data" / "authorities.csv"


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    root = tmp_path_factory.mktemp("void")
    return EmbeddedStore(build_store(root / "work", root / "store"))


@pytest.fixture(scope="module")
def stats(seed_store: EmbeddedStore) -> DatasetStatistics:
    return dataset_statistics(seed_store)


def counted_in_python(store: EmbeddedStore) -> dict[str, object]:
    """Count the dataset (every named graph but the build graph) by walking the quads in
    Python."""
    triples = {
        (quad.subject, quad.predicate, quad.object)
        for quad in store.raw().quads_for_pattern(None, None, None, None)
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value != BUILD_GRAPH
    }
    return {
        "triples": len(triples),
        "subjects": len({s for s, _, _ in triples}),
        "objects": len({o for _, _, o in triples}),
        "entities": len(
            {
                s
                for s, _, _ in triples
                if isinstance(s, ox.NamedNode) and s.value.startswith(str(ID))
            }
        ),
        "classes": Counter(o.value for s, p, o in {t for t in triples if t[1].value == RDF_TYPE}),
        "properties": Counter(p.value for _, p, _ in triples),
        "ons_links": sum(
            1
            for _, p, o in triples
            if p.value == str(DCTERMS.spatial) and o.value.startswith(str(STATGEO))
        ),
    }


def test_counts_match_the_store(seed_store: EmbeddedStore, stats: DatasetStatistics) -> None:
    counted = counted_in_python(seed_store)
    assert stats.triples == counted["triples"]
    assert stats.distinct_subjects == counted["subjects"]
    assert stats.distinct_objects == counted["objects"]
    assert stats.entities == counted["entities"]
    assert stats.classes == dict(counted["classes"])
    assert stats.properties == dict(counted["properties"])
    assert stats.ons_links == counted["ons_links"]


def test_counts_read_from_the_seeds(stats: DatasetStatistics) -> None:
    # data/seeds: 000, 002, 003 and 004 are Ofsted reports; 001 is a council committee report
    # ("Children, Sports and Leisure Policy and Scrutiny Committee").
    assert stats.documents == 5
    assert stats.classes[str(OKG.InspectionReport)] == 4
    assert stats.classes[str(OKG.CommitteeReport)] == 1
    with AUTHORITIES_CSV.open(newline="", encoding="utf-8") as handle:
        authorities = sum(1 for _ in csv.DictReader(handle))
    assert stats.classes[str(OKG.LocalAuthority)] == authorities
    # Every authority and region links to its ONS geography.
    assert stats.ons_links == authorities + stats.classes[str(OKG.Region)]
    # Seed 002: "Inspection dates: 10-20 April 2012"; seed 003: "11 to 15 November 2024".
    assert stats.first_inspection == dt.date(2012, 4, 10)
    assert stats.last_inspection == dt.date(2024, 11, 11)


def test_build_facts(stats: DatasetStatistics) -> None:
    assert stats.built == dt.datetime.now(dt.UTC).date()
    assert stats.software_version == version("ofsted-kg")
    assert stats.code_fingerprint and len(stats.code_fingerprint) == 20


@pytest.fixture(scope="module")
def void(stats: DatasetStatistics) -> Graph:
    # Through Turtle and back, as a client reads it.
    return Graph().parse(data=void_graph(stats, URLS).serialize(format="turtle"), format="turtle")


def integer(graph: Graph, subject: URIRef, predicate: URIRef) -> int:
    values = list(graph.objects(subject, predicate))
    assert len(values) == 1, (subject, predicate, values)
    return int(values[0])


def test_void_states_the_counts(void: Graph, stats: DatasetStatistics) -> None:
    assert (DATASET_IRI, RDF.type, VOID.Dataset) in void
    assert integer(void, DATASET_IRI, VOID.triples) == stats.triples
    assert integer(void, DATASET_IRI, VOID.entities) == stats.entities
    assert integer(void, DATASET_IRI, VOID.classes) == len(stats.classes)
    assert integer(void, DATASET_IRI, VOID.properties) == len(stats.properties)
    assert integer(void, DATASET_IRI, VOID.documents) == 5
    partitions = {
        str(void.value(node, VOID["class"])): int(void.value(node, VOID.entities))
        for node in void.objects(DATASET_IRI, VOID.classPartition)
    }
    assert partitions == stats.classes
    properties = {
        str(void.value(node, VOID.property)): int(void.value(node, VOID.triples))
        for node in void.objects(DATASET_IRI, VOID.propertyPartition)
    }
    assert properties == stats.properties
    assert sum(properties.values()) == stats.triples


def test_void_names_endpoint_dumps_and_namespace(void: Graph) -> None:
    assert set(void.objects(DATASET_IRI, VOID.sparqlEndpoint)) == {URIRef(URLS.base + "sparql")}
    assert set(void.objects(DATASET_IRI, VOID.dataDump)) == {
        URIRef(f"{URLS.base}dumps/{dump_filename(name, compressed=True)}") for name in DUMP_FORMATS
    }
    assert set(void.objects(DATASET_IRI, VOID.uriSpace)) == {Literal(str(ID))}
    vocabularies = {str(v) for v in void.objects(DATASET_IRI, VOID.vocabulary)}
    assert {
        "https://w3id.org/ofsted-kg/def",
        "http://www.w3.org/ns/prov",
        "http://www.w3.org/ns/org",
        "http://www.w3.org/2004/02/skos/core",
        "http://purl.org/dc/terms/",
        "http://purl.org/linked-data/cube",
        "https://schema.org/",
    } <= vocabularies


def test_void_licence_source_date_and_version(void: Graph, stats: DatasetStatistics) -> None:
    assert set(void.objects(DATASET_IRI, DCTERMS.license)) == {OGL_V3}
    (source,) = void.objects(DATASET_IRI, DCTERMS.source)
    assert "ofsted" in str(source)
    assert set(void.objects(DATASET_IRI, DCTERMS.modified)) == {
        Literal(stats.built, datatype=XSD.date)
    }
    assert set(void.objects(DATASET_IRI, SCHEMA.softwareVersion)) == {Literal(version("ofsted-kg"))}


def test_example_resources_exist_in_the_store(void: Graph, seed_store: EmbeddedStore) -> None:
    examples = list(void.objects(DATASET_IRI, VOID.exampleResource))
    assert len(examples) == 4
    for example in examples:
        assert list(seed_store.raw().quads_for_pattern(ox.NamedNode(str(example)), None, None))


def test_linkset_to_ons_geographies(void: Graph, stats: DatasetStatistics) -> None:
    (linkset,) = void.subjects(RDF.type, VOID.Linkset)
    assert void.value(linkset, VOID.linkPredicate) == DCTERMS.spatial
    assert int(void.value(linkset, VOID.triples)) == stats.ons_links


def test_dcat_catalogue(stats: DatasetStatistics) -> None:
    files = {"ofsted-kg.nq.gz": FileFacts(1234, "ab" * 32)}
    graph = Graph().parse(
        data=catalogue_graph(stats, URLS, files).serialize(format="turtle"), format="turtle"
    )
    (catalogue,) = graph.subjects(RDF.type, DCAT.Catalog)
    assert (catalogue, DCAT.dataset, DATASET_IRI) in graph
    assert (DATASET_IRI, RDF.type, DCAT.Dataset) in graph
    assert set(graph.objects(DATASET_IRI, DCTERMS.license)) == {OGL_V3}
    downloads = {
        str(graph.value(d, DCAT.downloadURL)): d
        for d in graph.objects(DATASET_IRI, DCAT.distribution)
        if graph.value(d, DCAT.downloadURL) is not None
    }
    assert set(downloads) == {
        f"{URLS.base}dumps/{dump_filename(name, compressed=True)}" for name in DUMP_FORMATS
    }
    for name, dump_format in DUMP_FORMATS.items():
        distribution = downloads[f"{URLS.base}dumps/{dump_filename(name, compressed=True)}"]
        assert graph.value(distribution, DCAT.mediaType) == URIRef(
            "http://www.iana.org/assignments/media-types/" + dump_format.media_type
        )
        assert graph.value(distribution, DCAT.compressFormat) == URIRef(
            "http://www.iana.org/assignments/media-types/application/gzip"
        )
    nquads = downloads[f"{URLS.base}dumps/ofsted-kg.nq.gz"]
    assert int(graph.value(nquads, DCAT.byteSize)) == 1234
    services = {
        str(graph.value(s, DCAT.endpointURL)) for s in graph.subjects(RDF.type, DCAT.DataService)
    }
    assert services == {URLS.base + "sparql", URLS.base + "store"}
    for service in graph.subjects(RDF.type, DCAT.DataService):
        assert (service, DCAT.servesDataset, DATASET_IRI) in graph


def test_validate_passes_on_the_built_seed_graph(seed_store: EmbeddedStore) -> None:
    result = CliRunner().invoke(main, ["validate", "--store", seed_store.location])
    assert result.exit_code == 0, result.output
    assert "Conforms: True" in result.output


@requires_corpus
@pytest.mark.corpus
def test_corpus_graph_validates_and_void_counts_match(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    built = CliRunner().invoke(main, ["build", "--store", str(store_path), str(CORPUS)])
    # Three files of the corpus are HTML error pages saved as .pdf: reported, exit status 1.
    assert built.exit_code == 1 and built.output.count("is an HTML page") == 3, built.output
    validated = CliRunner().invoke(main, ["validate", "--store", str(store_path)])
    assert validated.exit_code == 0, validated.output[:2000]
    store = EmbeddedStore(store_path)
    stats = dataset_statistics(store)
    counted = counted_in_python(store)
    assert stats.triples == counted["triples"]
    assert stats.classes == dict(counted["classes"])
    assert stats.properties == dict(counted["properties"])
