"""The /sparql endpoint through Flask's test client: protocol, dataset, negotiation, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from graph.vocab import PREFIXES
from tests.endpoint_server import (
    ALPHA,
    BETA,
    ID,
    SAMPLE_NQUADS,
    SAMPLE_TRIPLES,
    running_app,
    store_with,
)

COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LABELS_QUERY = "SELECT ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label"
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")

# rdflib and SPARQLWrapper build ConjunctiveGraphs internally when they parse RDF.
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    path = tmp_path_factory.mktemp("endpoint") / "store"
    store_with(path, SAMPLE_NQUADS)
    with running_app(path) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _bindings(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.data
    rows = json.loads(response.data)["results"]["bindings"]
    return [{name: cell["value"] for name, cell in row.items()} for row in rows]


def _count(response) -> int:
    return int(_bindings(response)[0]["n"])


# --- the three ways to send a query ---------------------------------------------------------


def test_a_get_query_returns_sparql_json(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": COUNT_QUERY})
    assert response.content_type == "application/sparql-results+json"
    assert _count(response) == SAMPLE_TRIPLES


def test_form_post_and_direct_post_answer_like_get(client: FlaskClient) -> None:
    by_form = client.post("/sparql", data={"query": LABELS_QUERY})
    direct = client.post(
        "/sparql", data=LABELS_QUERY.encode(), content_type="application/sparql-query"
    )
    by_get = client.get("/sparql", query_string={"query": LABELS_QUERY})
    expected = ["Alphaton children's services inspection", "Betaford inspection"]
    for response in (by_form, direct, by_get):
        assert [row["label"] for row in _bindings(response)] == expected


@pytest.mark.parametrize(
    ("method", "kwargs", "status"),
    [
        ("get", {"query_string": "query=ASK%7B%7D&query=ASK%7B%7D"}, 400),
        ("post", {"data": {"query": ["ASK {}", "ASK {}"]}}, 400),
        ("post", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
        ("post", {"data": {"format": "json"}}, 400),  # a POST with no query at all
        ("post", {"data": b"ASK {}", "content_type": "text/plain"}, 415),
        ("post", {"data": b"query=ASK%20%7B%7D"}, 415),  # no media type
        (
            "post",
            {
                "data": "ASK {}".encode("utf-16"),
                "content_type": "application/sparql-query; charset=UTF-16",
            },
            415,
        ),
        ("post", {"data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400),
        (
            "post",
            {
                "query_string": {"query": "ASK {}"},
                "data": b"ASK {}",
                "content_type": "application/sparql-query",
            },
            400,
        ),
        ("put", {"query_string": {"query": "ASK {}"}}, 405),
    ],
    ids=[
        "two-get-queries",
        "two-form-queries",
        "query-and-update",
        "no-query",
        "text-plain-body",
        "form-body-without-media-type",
        "utf16-body",
        "body-not-utf8",
        "query-in-url-and-body",
        "put",
    ],
)
def test_requests_that_break_the_protocol_are_refused(
    client: FlaskClient, method: str, kwargs: dict, status: int
) -> None:
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status, response.data


def test_a_405_names_the_allowed_methods(client: FlaskClient) -> None:
    response = client.delete("/sparql")
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


# --- the dataset ----------------------------------------------------------------------------


def test_the_default_graph_is_the_union_of_the_report_graphs(client: FlaskClient) -> None:
    graphs = client.get(
        "/sparql", query_string={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}
    )
    assert sorted(row["g"] for row in _bindings(graphs)) == [ALPHA, BETA]
    inspections = client.get(
        "/sparql", query_string={"query": "SELECT ?i WHERE { ?i a okg:Inspection } ORDER BY ?i"}
    )
    assert [row["i"] for row in _bindings(inspections)] == [
        ID + "inspection/alpha",
        ID + "inspection/beta",
    ]


def test_a_query_may_use_the_built_in_prefixes_or_declare_its_own(client: FlaskClient) -> None:
    undeclared = client.get("/sparql", query_string={"query": "SELECT (okg:x AS ?iri) {}"})
    assert _bindings(undeclared) == [{"iri": PREFIXES["okg"] + "x"}]
    own = "PREFIX okg: <http://example.org/other#> SELECT (okg:x AS ?iri) {}"
    declared = client.post("/sparql", data={"query": own})
    assert _bindings(declared) == [{"iri": "http://example.org/other#x"}]
    both = "PREFIX ex: <http://example.org/> SELECT (okg:x AS ?iri) (ex:y AS ?other) {}"
    mixed = client.get("/sparql", query_string={"query": both})
    assert _bindings(mixed) == [{"iri": PREFIXES["okg"] + "x", "other": "http://example.org/y"}]
    unknown = client.get("/sparql", query_string={"query": "SELECT (nowhere:x AS ?iri) {}"})
    assert unknown.status_code == 400
    assert unknown.data.startswith(b"400 syntax_error")


def test_default_graph_uri_chooses_the_default_graph(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": LABELS_QUERY, "default-graph-uri": BETA}
    )
    assert [row["label"] for row in _bindings(response)] == ["Betaford inspection"]


def test_named_graph_uri_limits_the_named_graphs(client: FlaskClient) -> None:
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = client.post("/sparql", data={"query": query, "named-graph-uri": ALPHA})
    assert [row["g"] for row in _bindings(response)] == [ALPHA]
    # Only named graphs were given, so the default graph is empty.
    count = client.get("/sparql", query_string={"query": COUNT_QUERY, "named-graph-uri": ALPHA})
    assert _count(count) == 0


def test_from_in_the_query_is_honoured(client: FlaskClient) -> None:
    query = f"SELECT ?label FROM <{ALPHA}> WHERE {{ ?s rdfs:label ?label }}"
    response = client.get("/sparql", query_string={"query": query})
    assert [row["label"] for row in _bindings(response)] == [
        "Alphaton children's services inspection"
    ]


def test_the_protocol_dataset_overrides_from(client: FlaskClient) -> None:
    query = f"SELECT ?label FROM <{ALPHA}> WHERE {{ ?s rdfs:label ?label }}"
    response = client.get("/sparql", query_string={"query": query, "default-graph-uri": BETA})
    assert [row["label"] for row in _bindings(response)] == ["Betaford inspection"]


def test_a_graph_uri_that_is_not_an_iri_is_a_bad_request(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": COUNT_QUERY, "default-graph-uri": "not an iri"}
    )
    assert response.status_code == 400


# --- the service description and the browser page ------------------------------------------


@pytest.mark.parametrize(
    ("accept", "rdflib_format", "content_type"),
    [
        ("text/turtle", "turtle", "text/turtle"),
        ("application/rdf+xml", "xml", "application/rdf+xml"),
        ("application/ld+json", "json-ld", "application/ld+json"),
        ("application/n-triples", "nt", "application/n-triples"),
        ("*/*", "turtle", "text/turtle"),
        (None, "turtle", "text/turtle"),
    ],
)
def test_a_bare_get_describes_the_service(
    client: FlaskClient, accept: str | None, rdflib_format: str, content_type: str
) -> None:
    response = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.mimetype == content_type
    description = rdflib.Graph().parse(data=response.data, format=rdflib_format)
    service = description.value(predicate=rdflib.RDF.type, object=SD.Service)
    assert service is not None
    assert description.value(service, SD.endpoint) == rdflib.URIRef("http://localhost/sparql")
    assert (service, SD.feature, SD.UnionDefaultGraph) in description
    assert (service, SD.supportedLanguage, SD.SPARQL11Query) in description
    assert (service, SD.supportedLanguage, SD.SPARQL11Update) not in description
    formats = set(description.objects(service, SD.resultFormat))
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_CSV") in formats
    assert rdflib.URIRef("http://www.w3.org/ns/formats/JSON-LD") in formats
    names = {str(name) for name in description.objects(None, SD.name)}
    assert names == {ALPHA, BETA}


def test_a_browser_gets_a_small_html_page(client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert b'<form method="get"' in response.data
    assert b'name="query"' in response.data


def test_a_bare_get_accepting_nothing_we_write_is_406(client: FlaskClient) -> None:
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


# --- CORS -----------------------------------------------------------------------------------


def test_every_response_allows_any_origin(client: FlaskClient) -> None:
    ok = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://a"})
    bad = client.get("/sparql", query_string={"query": "ASK {"}, headers={"Origin": "https://a"})
    for response in (ok, bad):
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "X-SPARQL-Truncated" in response.headers["Access-Control-Expose-Headers"]


def test_a_preflight_request_is_answered(client: FlaskClient) -> None:
    response = client.options(
        "/sparql",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code in (200, 204)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"


# --- errors ---------------------------------------------------------------------------------

BROKEN_QUERY = "SELECT ?s\nWHERE {\n  ?s ?p\n}"  # the pattern on line 3 lacks its object


def test_a_syntax_error_gives_line_and_column_as_json(client: FlaskClient) -> None:
    response = client.get(
        "/sparql",
        query_string={"query": BROKEN_QUERY},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    payload = json.loads(response.data)
    assert set(payload) == {"ok", "status", "error", "message", "line", "column"}
    assert payload["ok"] is False
    assert payload["status"] == 400
    assert payload["error"] == "syntax_error"
    # The parser stops at the "}" on line 4; its column is the parser's, relayed as given.
    assert payload["line"] == 4
    assert f"4:{payload['column']}" in payload["message"]


def test_a_syntax_error_is_one_line_of_text_for_curl(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": BROKEN_QUERY}, headers={"Accept": "*/*"}
    )
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    text = response.data.decode()
    assert text.startswith("400 syntax_error: ")
    assert "(line 4, column " in text
    assert text.endswith(")\n")


def test_werkzeug_errors_share_the_json_shape(client: FlaskClient) -> None:
    response = client.get("/no-such-page", headers={"Accept": "application/json"})
    payload = json.loads(response.data)
    assert response.status_code == 404
    assert payload["ok"] is False
    assert payload["status"] == 404
    assert payload["error"] == "not_found"
    assert payload["message"]


def test_a_bad_timeout_parameter_is_a_bad_request(client: FlaskClient) -> None:
    for value in ("soon", "-1", "0", "nan"):
        response = client.get("/sparql", query_string={"query": "ASK {}", "timeout": value})
        assert response.status_code == 400, value


# --- read-only ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"data": {"update": "CLEAR ALL"}},
        {"data": b"CLEAR ALL", "content_type": "application/sparql-update"},
        {"data": {"update": f"INSERT DATA {{ GRAPH <{ALPHA}> {{ <urn:a> <urn:b> <urn:c> }} }}"}},
    ],
    ids=["form-update", "direct-update", "insert-data"],
)
def test_updates_are_refused_and_change_nothing(client: FlaskClient, kwargs: dict) -> None:
    response = client.post("/sparql", **kwargs)
    assert response.status_code == 403
    assert b"read-only" in response.data
    count = client.get("/sparql", query_string={"query": COUNT_QUERY})
    assert _count(count) == SAMPLE_TRIPLES


def test_an_update_by_get_is_a_bad_request(client: FlaskClient) -> None:
    assert client.get("/sparql", query_string={"update": "CLEAR ALL"}).status_code == 400


def test_the_test_mode_update_switch_needs_testing(tmp_path: Path) -> None:
    from graph.settings import Settings
    from web import create_app

    with pytest.raises(ValueError, match="test mode"):
        create_app(Settings(store=str(tmp_path)), {"ALLOW_UPDATES": True})


# --- limits ---------------------------------------------------------------------------------


def test_a_request_over_the_size_cap_is_refused(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path, {"MAX_CONTENT_LENGTH": 200}) as app:
        client = app.test_client()
        padded = "ASK {}" + " " * 300
        body = client.post("/sparql", data=padded.encode(), content_type="application/sparql-query")
        form = client.post("/sparql", data={"query": padded})
        url = client.get("/sparql", query_string={"query": padded})
        assert (body.status_code, form.status_code, url.status_code) == (413, 413, 413)
        small = client.get("/sparql", query_string={"query": "ASK {}"})
        assert small.status_code == 200
