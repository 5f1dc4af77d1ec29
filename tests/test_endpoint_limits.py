"""Visible limits: the row cap, the time limit that kills the worker, SERVICE refusal, refresh."""

from __future__ import annotations

import csv
import io
import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from tests.endpoint_server import (
    ENDLESS_QUERY,
    ID,
    SAMPLE_NQUADS,
    SAMPLE_TRIPLES,
    running_app,
    store_with,
    wait_for_workers,
)
from web.query_runner import get_runner

ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"


def _count(client: FlaskClient) -> int:
    response = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


# --- the row cap ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    path = tmp_path_factory.mktemp("capped") / "store"
    store_with(path, SAMPLE_NQUADS)
    with running_app(path, row_limit=3) as app:
        yield app.test_client()


def test_json_results_are_cut_at_the_row_limit(capped: FlaskClient) -> None:
    response = capped.get("/sparql", query_string={"query": ALL_TRIPLES})
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert response.headers["X-SPARQL-Row-Limit"] == "3"
    assert len(json.loads(response.data)["results"]["bindings"]) == 3


def test_csv_tsv_and_xml_are_cut_and_flagged_too(capped: FlaskClient) -> None:
    as_csv = capped.get("/sparql", query_string={"query": ALL_TRIPLES, "format": "csv"})
    as_tsv = capped.get("/sparql", query_string={"query": ALL_TRIPLES, "format": "tsv"})
    as_xml = capped.get("/sparql", query_string={"query": ALL_TRIPLES, "format": "xml"})
    assert len(list(csv.reader(io.StringIO(as_csv.data.decode())))) == 1 + 3
    assert len(as_tsv.data.decode().splitlines()) == 1 + 3
    results = ElementTree.fromstring(as_xml.data)
    assert len(results.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 3
    for response in (as_csv, as_tsv, as_xml):
        assert response.headers["X-SPARQL-Truncated"] == "true"


def test_graphs_are_cut_at_the_row_limit(capped: FlaskClient) -> None:
    response = capped.get(
        "/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"}
    )
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert len(list(ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES))) == 3


def test_results_within_the_limit_are_not_flagged(capped: FlaskClient) -> None:
    query = "SELECT ?i WHERE { ?i a okg:Inspection }"  # two inspections
    response = capped.get("/sparql", query_string={"query": query})
    assert response.headers["X-SPARQL-Truncated"] == "false"
    assert len(json.loads(response.data)["results"]["bindings"]) == 2
    ask = capped.get("/sparql", query_string={"query": "ASK {}"})
    assert ask.headers["X-SPARQL-Truncated"] == "false"


# --- the time limit -------------------------------------------------------------------------


def test_a_query_past_the_time_limit_is_stopped_and_its_worker_replaced(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path, {"QUERY_WORKERS": 1}, query_timeout=1.0) as app:
        client = app.test_client()
        assert _count(client) == SAMPLE_TRIPLES
        (first_worker,) = get_runner(app).worker_pids()
        started = time.monotonic()
        response = client.get("/sparql", query_string={"query": ENDLESS_QUERY})
        assert response.status_code == 503
        assert b"stopped" in response.data
        assert time.monotonic() - started < 5
        assert first_worker not in get_runner(app).worker_pids()
        assert wait_for_workers(app, 1)
        assert _count(client) == SAMPLE_TRIPLES  # the replacement serves the next query


def test_other_queries_are_served_while_one_runs_long(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path, {"QUERY_WORKERS": 2}, query_timeout=6.0) as app:
        get_runner(app).start()
        slow_status: list[int] = []
        slow = threading.Thread(
            target=lambda: slow_status.append(
                app.test_client().get("/sparql", query_string={"query": ENDLESS_QUERY}).status_code
            )
        )
        slow.start()
        time.sleep(0.3)
        client = app.test_client()
        started = time.monotonic()
        for _ in range(20):
            assert _count(client) == SAMPLE_TRIPLES
        # Had they queued behind the slow query, they would have waited its full 6 s.
        assert time.monotonic() - started < 3.0
        slow.join(timeout=15)
        assert slow_status == [503]


def test_the_timeout_parameter_lowers_the_limit_but_cannot_raise_it(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path, query_timeout=30.0) as app:
        client = app.test_client()
        started = time.monotonic()
        lowered = client.get("/sparql", query_string={"query": ENDLESS_QUERY, "timeout": "0.5"})
        assert lowered.status_code == 503
        assert time.monotonic() - started < 5
    with running_app(tmp_path, query_timeout=0.5) as app:
        started = time.monotonic()
        raised = app.test_client().get(
            "/sparql", query_string={"query": ENDLESS_QUERY, "timeout": "60"}
        )
        assert raised.status_code == 503
        assert time.monotonic() - started < 5


# --- SERVICE --------------------------------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP socket on 127.0.0.1 that nothing should ever connect to."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.5)
    yield server
    server.close()


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ SERVICE SILENT <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ VALUES ?e {{ <http://127.0.0.1:{port}/> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "PREFIX r: <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
        "SELECT * {{ ?s ?p ?o OPTIONAL {{ service <http://127.0.0.1:{port}/> {{ ?s ?q ?r }} }} }}",
    ],
    ids=["iri", "silent", "variable", "prefixed-name", "nested-lower-case"],
)
def test_service_calls_are_refused_before_any_connection(
    tmp_path: Path, listener: socket.socket, query: str
) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path) as app:
        text = query.format(port=listener.getsockname()[1])
        response = app.test_client().get("/sparql", query_string={"query": text})
    assert response.status_code == 403, response.data
    assert b"SERVICE" in response.data
    with pytest.raises(TimeoutError):
        listener.accept()


def test_the_word_service_in_a_literal_or_comment_is_not_a_call(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    query = '# SERVICE <http://example.org/>\nSELECT ?x { BIND("SERVICE <http://a/>" AS ?x) }'
    with running_app(tmp_path) as app:
        response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 200


class _OneRowSparqlServer(BaseHTTPRequestHandler):
    """Answers any request with one SPARQL JSON row, like a remote endpoint would."""

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self._answer()

    def _answer(self) -> None:
        body = json.dumps(
            {
                "head": {"vars": ["x"]},
                "results": {"bindings": [{"x": {"type": "literal", "value": "remote"}}]},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: object) -> None:
        return None


def test_an_allowed_host_is_called(tmp_path: Path) -> None:
    remote = ThreadingHTTPServer(("127.0.0.1", 0), _OneRowSparqlServer)
    thread = threading.Thread(target=remote.serve_forever, daemon=True)
    thread.start()
    host = f"127.0.0.1:{remote.server_address[1]}"
    store_with(tmp_path, SAMPLE_NQUADS)
    try:
        with running_app(tmp_path, {"SERVICE_ALLOWLIST": (host,)}) as app:
            query = f"SELECT ?x WHERE {{ SERVICE <http://{host}/sparql> {{ ?s ?p ?x }} }}"
            response = app.test_client().get("/sparql", query_string={"query": query})
    finally:
        remote.shutdown()
    assert response.status_code == 200, response.data
    rows = json.loads(response.data)["results"]["bindings"]
    assert [row["x"]["value"] for row in rows] == ["remote"]


# --- a new build shows without a restart ----------------------------------------------------


def test_a_new_generation_is_seen_by_the_running_app(tmp_path: Path) -> None:
    store = store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path) as app:
        client = app.test_client()
        assert _count(client) == SAMPLE_TRIPLES
        gamma = ID + "report/gamma"
        with store.transaction() as transaction:
            transaction.load_nquads(
                f"<{ID}inspection/gamma> <urn:p> <urn:o> <{gamma}> .\n".encode()
            )
        assert _count(client) == SAMPLE_TRIPLES + 1
