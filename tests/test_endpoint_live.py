"""SPARQLWrapper against a real server (waitress on 127.0.0.1): every query form and format."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from xml.dom.minidom import Document

import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.endpoint_server import (
    ALPHA,
    BETA,
    ID,
    RECOMMENDATION_TEXT,
    SAMPLE_NQUADS,
    live_server,
    running_app,
    store_with,
)

RDFS_COMMENT = rdflib.RDFS.comment
INSPECTION = rdflib.URIRef(ID + "inspection/alpha")
COMMENT_QUERY = "SELECT ?text WHERE { ?r rdfs:comment ?text }"
ASK_QUERY = "ASK { ?i a okg:Inspection }"
CONSTRUCT_QUERY = "CONSTRUCT { ?r rdfs:comment ?text } WHERE { ?r rdfs:comment ?text }"
DESCRIBE_QUERY = f"DESCRIBE <{ID}inspection/alpha>"
# The two triples the sample holds about inspection/alpha (see tests/endpoint_server.py).
ALPHA_LABEL = rdflib.Literal("Alphaton children's services inspection", lang="en")
METHODS = [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
METHOD_IDS = ["get", "form-post", "direct-post"]

# rdflib and SPARQLWrapper build ConjunctiveGraphs internally when they parse RDF.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("live") / "store"
    store_with(path, SAMPLE_NQUADS)
    with running_app(path) as app, live_server(app) as base:
        yield base + "/sparql"


def _client(
    endpoint: str, query: str, return_format: str, method: tuple[str, str]
) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method[0])
    client.setRequestMethod(method[1])
    return client


@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_select_as_json(endpoint: str, method: tuple[str, str]) -> None:
    results = _client(endpoint, COMMENT_QUERY, JSON, method).queryAndConvert()
    assert [row["text"]["value"] for row in results["results"]["bindings"]] == [RECOMMENDATION_TEXT]


@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_select_as_xml(endpoint: str, method: tuple[str, str]) -> None:
    document: Document = _client(endpoint, COMMENT_QUERY, XML, method).queryAndConvert()
    literals = document.getElementsByTagName("literal")
    assert [node.firstChild.data for node in literals] == [RECOMMENDATION_TEXT]


def test_select_as_csv(endpoint: str) -> None:
    body = _client(endpoint, COMMENT_QUERY, CSV, METHODS[0]).queryAndConvert()
    assert list(csv.reader(io.StringIO(body.decode(), newline=""))) == [
        ["text"],
        [RECOMMENDATION_TEXT],
    ]


def test_select_as_tsv(endpoint: str) -> None:
    body = _client(endpoint, COMMENT_QUERY, TSV, METHODS[1]).queryAndConvert()
    header, row = body.decode().rstrip("\n").split("\n")
    assert header == "?text"
    assert ox.Literal(RECOMMENDATION_TEXT) == _tsv_literal(row)


def _tsv_literal(cell: str) -> ox.Literal:
    # A TSV cell is a term in N-Triples syntax; read it back through an N-Triples line.
    (triple,) = ox.parse(f"<urn:s> <urn:p> {cell} .".encode(), format=ox.RdfFormat.N_TRIPLES)
    return triple.object


@pytest.mark.parametrize("return_format", [JSON, XML, CSV, TSV])
def test_ask_in_every_results_format(endpoint: str, return_format: str) -> None:
    result = _client(endpoint, ASK_QUERY, return_format, METHODS[2]).queryAndConvert()
    if return_format == JSON:
        assert result["boolean"] is True
    elif return_format == XML:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"
    else:
        assert result.decode().strip() == "true"


@pytest.mark.parametrize("return_format", [TURTLE, N3, RDFXML, JSONLD])
@pytest.mark.parametrize("method", METHODS, ids=METHOD_IDS)
def test_construct_in_every_graph_format(
    endpoint: str, return_format: str, method: tuple[str, str]
) -> None:
    result = _client(endpoint, CONSTRUCT_QUERY, return_format, method).queryAndConvert()
    graph = _as_graph(result, return_format)
    assert set(graph) == {
        (
            rdflib.URIRef(ID + "recommendation/alpha-1"),
            RDFS_COMMENT,
            rdflib.Literal(RECOMMENDATION_TEXT),
        )
    }


@pytest.mark.parametrize("return_format", [TURTLE, N3, RDFXML, JSONLD])
def test_describe_in_every_graph_format(endpoint: str, return_format: str) -> None:
    result = _client(endpoint, DESCRIBE_QUERY, return_format, METHODS[0]).queryAndConvert()
    graph = _as_graph(result, return_format)
    assert set(graph) == {
        (INSPECTION, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/ofsted-kg/def#Inspection")),
        (INSPECTION, rdflib.RDFS.label, ALPHA_LABEL),
    }


def test_construct_as_ntriples_by_accept_header(endpoint: str) -> None:
    client = _client(endpoint, CONSTRUCT_QUERY, N3, METHODS[0])
    client.setOnlyConneg(True)
    client.addCustomHttpHeader("Accept", "application/n-triples")
    response = client.query().response
    assert response.headers.get_content_type() == "application/n-triples"
    (triple,) = ox.parse(response.read(), format=ox.RdfFormat.N_TRIPLES)
    assert triple.object == ox.Literal(RECOMMENDATION_TEXT)


def _as_graph(result: object, return_format: str) -> rdflib.Graph:
    if isinstance(result, rdflib.Graph):
        return result
    if isinstance(result, bytes):
        return rdflib.Graph().parse(data=result, format="turtle")
    raise AssertionError(f"unexpected {type(result)} for {return_format}")


def test_the_protocol_dataset_is_sent_and_honoured(endpoint: str) -> None:
    client = _client(endpoint, "SELECT ?label WHERE { ?s rdfs:label ?label }", JSON, METHODS[0])
    client.addParameter("default-graph-uri", BETA)
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == ["Betaford inspection"]
    named = _client(
        endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", JSON, METHODS[1]
    )
    named.addParameter("named-graph-uri", ALPHA)
    rows = named.queryAndConvert()["results"]["bindings"]
    assert [row["g"]["value"] for row in rows] == [ALPHA]


def test_a_syntax_error_reaches_the_client_as_400(endpoint: str) -> None:
    client = _client(endpoint, "SELECT * WHERE { ?s ?p }", JSON, METHODS[0])
    with pytest.raises(QueryBadFormed, match="syntax_error"):
        client.query()
