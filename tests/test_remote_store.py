"""RemoteStore against a real Oxigraph server (`oxigraph serve`, from the PyPI package oxigraph).

Skipped when the binary is missing, except under CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.querying import run_query
from graph.remote import RemoteStore, RemoteStoreError, endpoints
from graph.store import EmbeddedStore, StoreError, open_store
from graph.vocab import OKG
from tests.conftest import free_port
from tests.endpoint_server import ALPHA, BETA, ID, SAMPLE_NQUADS, live_front, running_app

GAMMA = ID + "report/gamma"


@pytest.fixture
def loaded(oxigraph_url: str) -> RemoteStore:
    store = RemoteStore(oxigraph_url)
    with store.transaction() as transaction:
        transaction.load_nquads(SAMPLE_NQUADS.encode())
    return store


def _server_graphs(url: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    request = urllib.request.Request(
        f"{url}/query",
        data=query.encode(),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    with urllib.request.urlopen(request) as response:
        rows = json.load(response)["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


@pytest.mark.parametrize(
    ("location", "query", "store"),
    [
        ("http://h:7878", "http://h:7878/query", "http://h:7878/store"),
        ("http://h:7878/", "http://h:7878/query", "http://h:7878/store"),
        ("http://h:7878/query", "http://h:7878/query", "http://h:7878/store"),
        ("https://h/ds/sparql", "https://h/ds/sparql", "https://h/ds/store"),
    ],
)
def test_endpoints_follow_the_oxigraph_layout(location: str, query: str, store: str) -> None:
    assert endpoints(location) == (query, store)


def test_open_store_returns_a_remote_store_for_a_url() -> None:
    store = open_store("http://127.0.0.1:1/")
    assert isinstance(store, RemoteStore)


def test_a_transaction_puts_each_named_graph(loaded: RemoteStore, oxigraph_url: str) -> None:
    # The sample holds 7 triples in alpha and 4 in beta (tests/endpoint_server.py).
    assert _server_graphs(oxigraph_url) == {ALPHA: 7, BETA: 4}
    assert loaded.named_graphs() == [ALPHA, BETA]


def test_replacing_a_graph_leaves_the_others(loaded: RemoteStore, oxigraph_url: str) -> None:
    with loaded.transaction() as transaction:
        transaction.drop_graph(ALPHA)
        transaction.load_nquads(f"<{ID}x> <urn:p> <urn:o> <{ALPHA}> .\n".encode())
        transaction.drop_graph(GAMMA)  # never existed: dropping it is not an error
    assert _server_graphs(oxigraph_url) == {ALPHA: 1, BETA: 4}


def test_a_dropped_graph_is_deleted(loaded: RemoteStore, oxigraph_url: str) -> None:
    with loaded.transaction() as transaction:
        transaction.drop_graph(BETA)
    assert _server_graphs(oxigraph_url) == {ALPHA: 7}


def test_a_failed_block_sends_nothing(loaded: RemoteStore, oxigraph_url: str) -> None:
    with pytest.raises(RuntimeError), loaded.transaction() as transaction:
        transaction.drop_graph(ALPHA)
        raise RuntimeError("parser crashed")
    assert _server_graphs(oxigraph_url) == {ALPHA: 7, BETA: 4}


def test_queries_answer_as_the_embedded_store_does(loaded: RemoteStore, tmp_path: Path) -> None:
    embedded = EmbeddedStore(tmp_path / "embedded")
    with embedded.transaction() as transaction:
        transaction.load_nquads(SAMPLE_NQUADS.encode())
    select = "SELECT ?i WHERE { ?i a okg:Inspection } ORDER BY ?i"  # okg: is predefined
    for store in (loaded, embedded):
        assert [row["i"].value for row in store.query(select)] == [
            ID + "inspection/alpha",
            ID + "inspection/beta",
        ]
        assert bool(store.query("ASK { ?j okg:grade ?g }"))
        triples = store.query("CONSTRUCT WHERE { ?j okg:grade ?g }")
        assert isinstance(triples, ox.QueryTriples)
        assert len(list(triples)) == 2


def test_the_default_graph_is_the_union_of_the_named_graphs(loaded: RemoteStore) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(next(iter(loaded.query(count)))["n"].value) == 11
    only_beta = loaded.query(count, default_graphs=[BETA])
    assert int(next(iter(only_beta))["n"].value) == 4


def test_a_fact_two_graphs_state_is_one_triple_of_the_default_graph(oxigraph_url: str) -> None:
    shared = f"<{ID}judgement/x> <{OKG}grade> <{ID}grade/good>"
    store = RemoteStore(oxigraph_url)
    with store.transaction() as transaction:
        transaction.load_nquads(f"{shared} <{ALPHA}> .\n{shared} <{BETA}> .\n".encode())
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?j okg:grade ?g }"
    assert int(next(iter(store.query(count)))["n"].value) == 1
    per_graph = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?j okg:grade ?grade } }"
    assert int(next(iter(store.query(per_graph)))["n"].value) == 2
    with store.transaction() as transaction:  # the merge follows the graphs
        transaction.drop_graph(ALPHA)
        transaction.drop_graph(BETA)
    assert int(next(iter(store.query(count)))["n"].value) == 0


def test_a_default_graph_merging_listed_graphs_holds_a_shared_fact_once(
    oxigraph_url: str,
) -> None:
    # Oxigraph's server itself answers 3 to the first count: the shared fact once per graph.
    shared = f"<{ID}judgement/x> <{OKG}grade> <{ID}grade/good>"
    only_alpha = f"<{ID}judgement/y> <{OKG}grade> <{ID}grade/good>"
    store = RemoteStore(oxigraph_url)
    with store.transaction() as transaction:
        transaction.load_nquads(
            f"{shared} <{ALPHA}> .\n{shared} <{BETA}> .\n{only_alpha} <{ALPHA}> .\n".encode()
        )
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?j okg:grade ?g }"

    def counted(query: str, **dataset: list[str]) -> int:
        return int(next(iter(store.query(query, **dataset)))["n"].value)

    assert counted(count, default_graphs=[ALPHA, BETA]) == 2
    assert counted(count, default_graphs=[BETA, "urn:x-graph:not-on-the-server"]) == 1
    from_both = f"SELECT (COUNT(*) AS ?n) FROM <{ALPHA}> FROM <{BETA}> WHERE {{ ?j okg:grade ?g }}"
    assert counted(from_both) == 2
    per_named_graph = (
        f"SELECT ?graph (COUNT(*) AS ?n) FROM <{ALPHA}> FROM <{BETA}> FROM NAMED <{BETA}>"
        " WHERE { GRAPH ?graph { ?j okg:grade ?g } } GROUP BY ?graph"
    )
    rows = [(row["graph"].value, int(row["n"].value)) for row in store.query(per_named_graph)]
    assert rows == [(BETA, 1)]


def test_stored_reports_reads_what_builds_record(oxigraph_url: str) -> None:
    store = RemoteStore(oxigraph_url)
    record = (
        f'<{ALPHA}> <{OKG.sourcePath}> "data/seeds/alpha.txt" <{ALPHA}> .\n'
        f'<{ALPHA}> <{OKG.contentHash}> "abc123" <{ALPHA}> .\n'
    )
    with store.transaction() as transaction:
        transaction.load_nquads(record.encode())
    (report,) = store.stored_reports().values()
    assert (report.graph, report.source, report.content_hash) == (
        ALPHA,
        "data/seeds/alpha.txt",
        "abc123",
    )


def test_a_syntax_error_is_a_syntax_error(loaded: RemoteStore) -> None:
    with pytest.raises(SyntaxError):
        loaded.query("SELECT * WHERE { ?s ?p }")


def test_an_unreachable_server_is_a_store_error() -> None:
    store = RemoteStore(f"http://127.0.0.1:{free_port()}", timeout=2)
    with pytest.raises(StoreError):
        store.named_graphs()
    with pytest.raises(RemoteStoreError), store.transaction() as transaction:
        transaction.load_nquads(SAMPLE_NQUADS.encode())


def test_the_cli_query_path_works_on_a_remote_store(loaded: RemoteStore) -> None:
    text = run_query(loaded, "SELECT ?g WHERE { ?j okg:grade ?g } ORDER BY ?g", "csv")
    assert text.splitlines() == ["g", ID + "grade/good", ID + "grade/inadequate"]


def test_the_endpoint_serves_a_remote_store(loaded: RemoteStore, oxigraph_url: str) -> None:
    with running_app(oxigraph_url) as app:
        client = app.test_client()
        response = client.get(
            "/sparql",
            query_string={"query": "SELECT ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label"},
        )
        assert response.status_code == 200, response.data
        rows = json.loads(response.data)["results"]["bindings"]
        assert [row["label"]["value"] for row in rows] == [
            "Alphaton children's services inspection",
            "Betaford inspection",
        ]
        narrowed = client.get(
            "/sparql",
            query_string={
                "query": "SELECT ?label WHERE { ?s rdfs:label ?label }",
                "default-graph-uri": BETA,
            },
        )
        rows = json.loads(narrowed.data)["results"]["bindings"]
        assert [row["label"]["value"] for row in rows] == ["Betaford inspection"]
        assert client.get("/sparql", query_string={"query": "SELECT * {"}).status_code == 400
        described = client.get("/sparql", headers={"Accept": "text/turtle"})
        assert f"<{ALPHA}>".encode() in described.data


def test_serve_front_answers_from_a_remote_store(loaded: RemoteStore, oxigraph_url: str) -> None:
    """`ofsted-kg serve`'s own front and serving processes, with --store a server URL."""
    query = "SELECT ?label WHERE { ?s rdfs:label ?label } ORDER BY ?label"
    with live_front(oxigraph_url) as (base, _front):
        url = f"{base}/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"})
        with urllib.request.urlopen(url, timeout=30) as response:
            assert response.headers["X-SPARQL-Store"] == "remote"
            rows = json.loads(response.read())["results"]["bindings"]
    assert [row["label"]["value"] for row in rows] == [
        "Alphaton children's services inspection",
        "Betaford inspection",
    ]


def test_a_build_loads_each_report_graph_into_the_server(oxigraph_url: str, tmp_path: Path) -> None:
    from graph.build import build
    from tests.conftest import SEEDS

    remote, embedded = RemoteStore(oxigraph_url), EmbeddedStore(tmp_path / "embedded")
    results = [build(store, [str(SEEDS)], workers=1) for store in (remote, embedded)]
    assert results[0].loaded == results[1].loaded
    assert len(results[0].loaded) == len(list(SEEDS.glob("*.txt")))
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    counts = [
        {row["g"].value: int(row["n"].value) for row in store.query(per_graph)}
        for store in (remote, embedded)
    ]
    assert counts[0] == counts[1]
    again = build(remote, [str(SEEDS)], workers=1)  # the server remembers what it holds
    assert again.loaded == []
    assert sorted(again.unchanged) == sorted(results[0].loaded)


def _put_without_merge(url: str, graph: str, ntriples: str) -> None:
    """Put a named graph straight into the server, as an ofsted-kg before the stored merge did."""
    request = urllib.request.Request(
        f"{url}/store?graph={urllib.parse.quote(graph, safe='')}",
        data=ntriples.encode(),
        method="PUT",
        headers={"Content-Type": "application/n-triples"},
    )
    urllib.request.urlopen(request, timeout=30).close()


def test_a_server_lacking_the_merge_is_named_when_serving_and_querying(
    oxigraph_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from click.testing import CliRunner

    from graph.cli import main
    from web.serve import _check_store

    store = RemoteStore(oxigraph_url)
    assert store.missing_merge_warning() is None  # an empty server lacks nothing
    _put_without_merge(oxigraph_url, ALPHA, f"<{ID}judgement/x> <{OKG}grade> <{ID}grade/good> .\n")
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?j okg:grade ?g }"
    assert int(next(iter(store.query(count)))["n"].value) == 0  # what the warning is about
    warning = store.missing_merge_warning()
    assert warning is not None
    assert oxigraph_url in warning and "build --force" in warning

    _check_store(oxigraph_url)
    assert f"Warning: {oxigraph_url} holds report graphs" in capsys.readouterr().err
    queried = CliRunner().invoke(main, ["query", "--store", oxigraph_url, count])
    assert queried.exit_code == 0
    assert "Warning:" in queried.stderr and "Warning:" not in queried.stdout

    with store.transaction() as transaction:  # any build's transaction stores the merge
        transaction.load_nquads(f"<{ID}x> <{OKG}p> <{ID}y> <{BETA}> .\n".encode())
    assert int(next(iter(store.query(count)))["n"].value) == 1
    assert store.missing_merge_warning() is None
    _check_store(oxigraph_url)
    assert "Warning" not in capsys.readouterr().err
    queried = CliRunner().invoke(main, ["query", "--store", oxigraph_url, count])
    assert queried.exit_code == 0 and "Warning" not in queried.stderr


def test_serving_a_server_that_does_not_answer_yet_warns_and_goes_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from web.serve import _check_store

    url = f"http://127.0.0.1:{free_port()}"
    _check_store(url)  # no exception: the server may come up after the endpoint
    assert f"Warning: SPARQL server {url}/query failed" in capsys.readouterr().err
