"""The W3C SPARQL 1.1 Protocol tests (cases.py) against the endpoint, served both ways: by
`ofsted-kg serve`'s own front and serving processes, and by waitress.

The endpoint runs in its test mode, the only mode in which SPARQL Update is allowed, because
the suite's update_* tests need it; everywhere else the endpoint is read-only. Each case gets
a store holding just the graphs it names, each graph <dataN.rdf> typing itself foaf:Document.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest

from tests.endpoint_server import live_front, live_server, running_app, store_with
from tests.w3c_protocol.cases import CASES, DATA1, DATA2, FORM, QUERY, Case, Request

FOAF_DOCUMENT = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RESULT_READERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}


@pytest.fixture(scope="module", params=["front", "waitress"])
def server(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[tuple[Path, str]]:
    path = tmp_path_factory.mktemp("w3c") / "store"
    store_with(path, "")
    config = {"ALLOW_UPDATES": True}
    if request.param == "front":
        with live_front(path, config) as (base, _front):
            yield path, base
        return
    with running_app(path, config) as app, live_server(app) as base:
        yield path, base


def _graph_data(graphs: tuple[str, ...]) -> str:
    return "".join(f"<{iri}> <{RDF_TYPE}> <{FOAF_DOCUMENT}> <{iri}> .\n" for iri in graphs)


def send(base: str, request: Request) -> http.client.HTTPResponse:
    """Send exactly the request the case describes (no Accept, no added media type)."""
    connection = http.client.HTTPConnection(urlsplit(base).netloc, timeout=30)
    headers = {"Content-Type": request.content_type} if request.content_type else {}
    if request.method in ("POST", "PUT"):
        headers["Content-Length"] = str(len(request.body))
    connection.request(request.method, request.path, body=request.body or None, headers=headers)
    return connection.getresponse()


def check(response: http.client.HTTPResponse, request: Request) -> None:
    """Assert the response is what the case expects of it."""
    body = response.read()
    if request.status == "4xx":
        assert 400 <= response.status < 500, (response.status, body)
        return
    assert 200 <= response.status < 400, (response.status, body)
    media_type = response.headers.get_content_type()
    if request.result == "boolean":
        assert media_type in BOOLEAN_TYPES
        result = ox.parse_query_results(body, format=RESULT_READERS[media_type])
        assert isinstance(result, ox.QueryBoolean)
        if request.boolean is not None:
            assert bool(result) is request.boolean
    elif request.result == "tabular":
        assert media_type in RESULT_READERS
        rows = list(ox.parse_query_results(body, format=RESULT_READERS[media_type]))
        if request.base_iri_result:
            assert len(rows) == 1
            assert isinstance(rows[0]["o"], ox.NamedNode)
            assert rows[0]["o"].value != "test"
    elif request.result == "RDF":
        rdf_format = ox.RdfFormat.from_media_type(media_type)
        assert rdf_format is not None, media_type
        list(ox.parse(body, format=rdf_format))


def test_the_port_has_all_34_manifest_entries() -> None:
    assert len(CASES) == 34
    assert len({case.id for case in CASES}) == 34


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_w3c_protocol(server: tuple[Path, str], case: Case) -> None:
    path, base = server
    store_with(path, _graph_data(case.graphs))
    for request in case.requests:
        check(send(base, request), request)


def test_the_literal_query_multiple_dataset_request_names_one_odd_graph(
    server: tuple[Path, str],
) -> None:
    """The manifest's own path encodes "&" as %26: one named graph, which holds nothing."""
    path, base = server
    store_with(path, _graph_data((DATA1, DATA2)))
    odd = (
        "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "%26named-graph-uri%3Dhttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    body = f"ASK {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"
    request = Request("POST", odd, body.encode(), QUERY, result="boolean", boolean=False)
    check(send(base, request), request)


def test_updates_are_refused_outside_the_test_mode(tmp_path: Path) -> None:
    store_with(tmp_path, _graph_data((DATA1,)))
    with running_app(tmp_path) as app, live_server(app) as base:
        refused = Request("POST", "/sparql/", b"update=CLEAR+ALL", FORM, status="4xx")
        check(send(base, refused), refused)
        still_there = Request(
            "POST",
            "/sparql/",
            f"ASK {{ <{DATA1}> a ?t }}".encode(),
            QUERY,
            result="boolean",
            boolean=True,
        )
        check(send(base, still_there), still_there)
