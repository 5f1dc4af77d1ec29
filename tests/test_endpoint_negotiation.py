"""Content negotiation: Accept headers with q-values and */*, the `format` override, 406."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.endpoint_server import SAMPLE_NQUADS, running_app, store_with
from web.negotiation import UnknownFormat, choose_formats, parse_accept, prefers_json, quality

SELECT = "SELECT ?s WHERE { ?s a okg:Inspection }"
ASK = "ASK { ?s a okg:Inspection }"
CONSTRUCT = "CONSTRUCT WHERE { ?s a okg:Inspection }"
DESCRIBE = "DESCRIBE <https://w3id.org/ofsted-kg/id/inspection/alpha>"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    path = tmp_path_factory.mktemp("negotiation") / "store"
    store_with(path, SAMPLE_NQUADS)
    with running_app(path) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.mark.parametrize(
    ("query", "accept", "media_type"),
    [
        (SELECT, None, "application/sparql-results+json"),
        (SELECT, "*/*", "application/sparql-results+json"),
        (SELECT, "application/sparql-results+xml", "application/sparql-results+xml"),
        (SELECT, "application/xml", "application/sparql-results+xml"),
        (SELECT, "application/json", "application/sparql-results+json"),
        (SELECT, "text/csv", "text/csv"),
        (SELECT, "text/tab-separated-values", "text/tab-separated-values"),
        (SELECT, "text/*", "text/csv"),
        (
            SELECT,
            "text/csv;q=0.5, application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        (SELECT, "text/csv;q=0.9, text/tab-separated-values;q=0.95", "text/tab-separated-values"),
        (SELECT, "*/*;q=0.1, text/csv;q=0", "application/sparql-results+json"),
        (
            SELECT,
            "application/*;q=0.2, application/sparql-results+json;q=0",
            "application/sparql-results+xml",
        ),
        (SELECT, "text/html,application/xhtml+xml,*/*;q=0.8", "application/sparql-results+json"),
        (ASK, "application/sparql-results+xml", "application/sparql-results+xml"),
        (ASK, "application/sparql-results+json", "application/sparql-results+json"),
        (ASK, "text/csv", "text/csv"),
        (ASK, "text/tab-separated-values", "text/tab-separated-values"),
        (CONSTRUCT, None, "text/turtle"),
        (CONSTRUCT, "*/*", "text/turtle"),
        (CONSTRUCT, "application/n-triples", "application/n-triples"),
        (CONSTRUCT, "application/rdf+xml", "application/rdf+xml"),
        (CONSTRUCT, "application/ld+json", "application/ld+json"),
        (CONSTRUCT, "text/turtle;q=0.3, application/ld+json;q=0.6", "application/ld+json"),
        (CONSTRUCT, "application/sparql-results+json, text/turtle;q=0.1", "text/turtle"),
        (DESCRIBE, "application/rdf+xml", "application/rdf+xml"),
        (DESCRIBE, "text/plain", "application/n-triples"),
    ],
)
def test_the_accept_header_chooses_the_format(
    client: FlaskClient, query: str, accept: str | None, media_type: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": query}, headers=headers)
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    ("query", "accept"),
    [
        (SELECT, "image/png"),
        (SELECT, "text/turtle"),
        (ASK, "application/ld+json"),
        (CONSTRUCT, "application/sparql-results+json"),
        (DESCRIBE, "text/csv"),
        (SELECT, "*/*;q=0"),
    ],
)
def test_nothing_acceptable_is_406(client: FlaskClient, query: str, accept: str) -> None:
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert b"text/csv" in response.data  # the message lists what the endpoint writes


@pytest.mark.parametrize(
    ("query", "formats", "media_type"),
    [
        (SELECT, ["csv"], "text/csv"),
        (SELECT, ["tsv", "text/tab-separated-values"], "text/tab-separated-values"),
        (SELECT, ["xml"], "application/sparql-results+xml"),
        (SELECT, ["application/sparql-results+json"], "application/sparql-results+json"),
        (CONSTRUCT, ["xml"], "application/rdf+xml"),
        (CONSTRUCT, ["json"], "application/ld+json"),
        (CONSTRUCT, ["json-ld", "application/ld+json"], "application/ld+json"),
        (CONSTRUCT, ["n3"], "text/turtle"),
        (DESCRIBE, ["nt"], "application/n-triples"),
    ],
)
def test_the_format_parameter_overrides_accept(
    client: FlaskClient, query: str, formats: list[str], media_type: str
) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": query, "format": formats},
        headers={"Accept": "application/sparql-results+json, text/turtle"},
    )
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type


def test_an_unknown_format_parameter_is_a_bad_request(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "format": "pdf"})
    assert response.status_code == 400
    assert b"pdf" in response.data


def test_a_format_that_does_not_fit_the_query_form_is_406(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": CONSTRUCT, "format": "csv"})
    assert response.status_code == 406


# --- the negotiation functions --------------------------------------------------------------


def test_the_most_specific_range_gives_the_quality() -> None:
    ranges = parse_accept("text/*;q=0.3, text/csv;q=0.7, */*;q=0.1")
    assert quality(ranges, "text/csv") == 0.7
    assert quality(ranges, "text/turtle") == 0.3
    assert quality(ranges, "application/json") == 0.1


def test_malformed_accept_entries_ask_for_nothing() -> None:
    ranges = parse_accept("garbage, text/csv;q=abc, application/json")
    assert quality(ranges, "text/csv") == 0.0
    assert quality(ranges, "application/json") == 1.0


def test_no_accept_header_means_anything() -> None:
    assert choose_formats(None)[0] is not None
    assert choose_formats("")[1] is not None


def test_an_unknown_format_name_raises() -> None:
    with pytest.raises(UnknownFormat):
        choose_formats(None, ["docx"])


@pytest.mark.parametrize(
    ("accept", "json_wanted"),
    [
        ("application/json", True),
        ("application/sparql-results+json,application/json,text/javascript", True),
        ("application/sparql-results+json, */*;q=0.9", True),
        ("*/*", False),
        (None, False),
        ("text/plain, application/json;q=0.5", False),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", False),
    ],
)
def test_errors_are_json_only_for_clients_that_ask_for_json(
    accept: str | None, json_wanted: bool
) -> None:
    assert prefers_json(accept) is json_wanted
