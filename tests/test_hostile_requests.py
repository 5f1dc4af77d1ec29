"""Hostile requests to the web app: nothing written, nothing read from disk, nothing leaked.

The read-only and SERVICE rules have their own tests (test_endpoint.py,
test_endpoint_limits.py); here are the ways round them an attacker would try: LOAD of a local
file, FROM and default-graph-uri naming one, Graph Store writes, and ../ in every path that
names a file or a resource.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.endpoint_server import SAMPLE_NQUADS, SAMPLE_TRIPLES, running_app, store_with

COUNT_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
# Markers of files an attacker would want: /etc/passwd, and this project's own files.
SECRETS = (b"root:x:0:0", b"[project]", b"[build-system]")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    """Yield a test client of the app over a small two-report store."""
    store = tmp_path_factory.mktemp("hostile")
    store_with(store, SAMPLE_NQUADS)
    with running_app(store) as app:
        yield app.test_client()


def triple_count(client: FlaskClient) -> int:
    response = client.get("/sparql", query_string={"query": COUNT_QUERY})
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def leaks(body: bytes) -> bool:
    return any(secret in body for secret in SECRETS)


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <file:///etc/passwd>",
        "LOAD SILENT <file:///etc/passwd> INTO GRAPH <urn:stolen>",
        f"LOAD <file://{Path(__file__).resolve().parent.parent / 'pyproject.toml'}>",
        "LOAD <http://127.0.0.1:1/data.ttl>",
        "CREATE GRAPH <urn:new>",
        "DROP ALL",
    ],
)
def test_load_and_other_updates_are_refused(client: FlaskClient, update: str) -> None:
    response = client.post("/sparql", data={"update": update})
    assert response.status_code == 403
    assert not leaks(response.data)
    assert triple_count(client) == SAMPLE_TRIPLES


def test_an_update_in_the_query_parameter_is_not_run(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "LOAD <file:///etc/passwd>"})
    assert response.status_code == 400
    assert triple_count(client) == SAMPLE_TRIPLES


@pytest.mark.parametrize(
    "params",
    [
        {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"},
        {"query": "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }"},
        {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "file:///etc/passwd"},
        {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": "file:///etc"},
    ],
    ids=["from", "from-named", "default-graph-uri", "named-graph-uri"],
)
def test_a_file_named_as_a_graph_is_only_a_name(client: FlaskClient, params: dict) -> None:
    # Graph names are looked up in the store, never fetched: no such graph, so no rows.
    response = client.get("/sparql", query_string=params)
    assert response.status_code == 200
    assert json.loads(response.data)["results"]["bindings"] == []


def test_service_to_a_file_is_refused(client: FlaskClient) -> None:
    query = "SELECT * WHERE { SERVICE <file:///etc/passwd> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert not leaks(response.data)


@pytest.mark.parametrize("method", ["put", "post", "delete", "patch"])
def test_graph_store_writes_are_refused(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)(
        "/store",
        query_string={"graph": "urn:new"},
        data=b"<urn:a> <urn:b> <urn:c> .",
        content_type="application/n-triples",
    )
    assert response.status_code in {403, 405}
    assert triple_count(client) == SAMPLE_TRIPLES


@pytest.mark.parametrize(
    "path",
    [
        "/dumps/..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "/dumps/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/def/..%2F..%2Fpyproject.toml",
        "/def/%2Fetc%2Fpasswd",
        "/id/..%2F..%2F..%2Fetc%2Fpasswd",
        "/id/%2e%2e/%2e%2e/pyproject.toml",
        "/queries/..%2F..%2Fpyproject.rq",
        "/queries/%2Fetc%2Fpasswd.rq",
        "/charts/authority/..%2F..%2Fpyproject.svg",
        "/static/..%2F..%2Fpyproject.toml",
        "/store?graph=file:///etc/passwd",
    ],
)
def test_no_path_reaches_a_file_outside_the_app(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert not leaks(response.data)


HEADER_PATHS = {
    "home page": ("/", "text/html"),
    "entity page": ("/id/inspection/alpha", "text/html"),
    "entity as Turtle": ("/id/inspection/alpha", "text/turtle"),
    "query results": ("/sparql?query=ASK%7B%7D", "application/sparql-results+json"),
    "syntax error": ("/sparql?query=SELEC", "application/sparql-results+json"),
    "missing page": ("/id/inspection/nowhere", "text/html"),
    "missing path": ("/no/such/thing", "text/html"),
    "network JSON": ("/network.json", "application/json"),
    "named query CSV": ("/queries/grade-distribution.csv", "text/csv"),
    "script": ("/static/js/editor.js", "*/*"),
    "ontology": ("/def", "text/html"),
    "dataset description": ("/.well-known/void", "text/turtle"),
}


@pytest.mark.parametrize("name", HEADER_PATHS)
def test_every_response_has_the_security_headers(client: FlaskClient, name: str) -> None:
    path, accept = HEADER_PATHS[name]
    response = client.get(path, headers={"Accept": accept})
    response.close()
    assert response.status_code in {200, 400, 404}
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    policy = response.headers["Content-Security-Policy"]
    parts = [part.strip().split(" ", 1) for part in policy.split(";")]
    directives = {part[0]: part[-1] for part in parts}
    assert directives["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    if response.mimetype != "text/html":
        # Data rendered as a document by mistake can run nothing.
        assert directives["default-src"] == "'none'"


HOSTILE_LABEL = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_data_that_looks_like_markup_is_escaped_on_every_page(tmp_path: Path) -> None:
    hostile = SAMPLE_NQUADS.replace(
        '"Alphaton children\'s services inspection"@en', json.dumps(HOSTILE_LABEL)
    )
    store_with(tmp_path / "store", hostile)
    with running_app(tmp_path / "store") as app:
        client = app.test_client()
        pages = {
            path: client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
            for path in ("/id/inspection/alpha", "/id/judgement/alpha-overall")
        }
    assert "&lt;script&gt;" in pages["/id/inspection/alpha"]
    for path, html in pages.items():
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
