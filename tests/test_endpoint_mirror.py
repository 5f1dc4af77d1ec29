"""Query workers answer from an in-memory copy of the current generation, never a stale one."""

from __future__ import annotations

import fcntl
import json
import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.endpoint_server import (
    ALPHA,
    BETA,
    ID,
    OKG,
    SAMPLE_NQUADS,
    SAMPLE_TRIPLES,
    running_app,
    store_with,
)
from web.execution import QueryJob, execute, may_name_a_graph
from web.mirror import BYTES_PER_QUAD, COPY_PEAK_FACTOR, MemoryMirror, available_memory

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _count(store: ox.Store) -> int:
    return int(next(iter(store.query(COUNT)))["n"].value)


def test_the_copy_replaces_the_disk_once_it_is_ready(tmp_path: Path) -> None:
    mirror = MemoryMirror(store_with(tmp_path, SAMPLE_NQUADS), max_quads=1000)
    assert mirror.wait(30)
    store, answered_by, merge_stored, default_only = mirror.current()
    assert answered_by == "memory"
    assert merge_stored
    assert _count(store) == SAMPLE_TRIPLES
    # The default graph alone, beside the copy: the sample's triples, in no named graph.
    assert default_only is not None
    assert len(default_only) == SAMPLE_TRIPLES
    assert not list(default_only.named_graphs())


def test_a_new_generation_is_answered_at_once_then_copied(tmp_path: Path) -> None:
    embedded = store_with(tmp_path, SAMPLE_NQUADS)
    mirror = MemoryMirror(embedded, max_quads=1000)
    assert mirror.wait(30)
    with embedded.transaction() as transaction:
        transaction.load_nquads(f"<{ID}x> <urn:p> <urn:o> <{ID}report/gamma> .\n".encode())
    store = mirror.current().store  # from disk or memory, but from the new build either way
    assert _count(store) == SAMPLE_TRIPLES + 1
    assert mirror.wait(30)
    assert _count(mirror.current()[0]) == SAMPLE_TRIPLES + 1


def test_a_store_larger_than_the_limit_stays_on_disk(tmp_path: Path) -> None:
    mirror = MemoryMirror(store_with(tmp_path, SAMPLE_NQUADS), max_quads=2 * SAMPLE_TRIPLES - 1)
    assert not mirror.wait(1)
    assert mirror.current()[1] == "disk"
    assert _count(mirror.current()[0]) == SAMPLE_TRIPLES


def test_the_endpoint_says_what_answered(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path, {"QUERY_WORKERS": 1}) as app:
        client = app.test_client()
        deadline = time.monotonic() + 30
        while client.get("/sparql?query=ASK%7B%7D").headers["X-SPARQL-Store"] != "memory":
            assert time.monotonic() < deadline
            time.sleep(0.05)
    with running_app(tmp_path, memory_copy_quads=0) as app:
        response = app.test_client().get("/sparql?query=ASK%7B%7D")
        assert response.headers["X-SPARQL-Store"] == "disk"


def _room_for(quads: int) -> int:
    return quads * BYTES_PER_QUAD * COPY_PEAK_FACTOR


def test_no_copy_is_made_that_would_leave_too_little_memory(tmp_path: Path) -> None:
    store = store_with(tmp_path, SAMPLE_NQUADS)
    # Every quad is copied: the report graphs' and the default graph's (their merge).
    quads = 2 * SAMPLE_TRIPLES
    short = MemoryMirror(store, max_quads=1000, available=lambda: _room_for(quads) - 1)
    assert not short.wait(1)
    assert short.current()[1] == "disk"
    enough = MemoryMirror(store, max_quads=1000, available=lambda: _room_for(quads))
    assert enough.wait(30)


def test_the_processes_serving_a_store_copy_it_in_turn(tmp_path: Path) -> None:
    mirror = MemoryMirror(store_with(tmp_path, SAMPLE_NQUADS), max_quads=1000)
    other = os.open(tmp_path, os.O_RDONLY)  # another process copying this store holds the turn
    try:
        fcntl.flock(other, fcntl.LOCK_EX)
        assert not mirror.wait(1)
        assert mirror.current()[1] == "disk"  # meanwhile, answers come from disk
    finally:
        os.close(other)
    assert mirror.wait(30)


def test_the_memory_left_is_read_from_the_system() -> None:
    available = available_memory()
    if available is None:
        pytest.skip("no /proc/meminfo here")
    page = os.sysconf("SC_PAGE_SIZE")
    assert os.sysconf("SC_AVPHYS_PAGES") * page / 2 <= available
    assert available <= os.sysconf("SC_PHYS_PAGES") * page


@pytest.mark.parametrize(
    ("query", "names_a_graph"),
    [
        ("SELECT * { GRAPH ?g { ?s ?p ?o } }", True),
        ("select * { graph <urn:g> { ?s ?p ?o } }", True),
        ("SELECT ?graph { ?graph ?p ?o }", True),  # not the keyword, but the word: every graph
        ("SELECT * { <https://w3id.org/ofsted-kg/id/graph/build> ?p ?o }", True),
        (
            "PREFIX statgeo: <http://statistics.data.gov.uk/id/statistical-geography/>\n"
            "SELECT * { ?s a okg:Inspection }",
            False,
        ),
        ("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", False),
        ("SELECT * {GrApH?g{?s ?p ?o}}", True),  # any case, between any punctuation
        ("SELECT * {\nGRAPH<urn:g>{?s ?p ?o}}", True),
        ("SELECT ?graphs ?subgraph ?graph1 ?_graph { ?graphs ?p ?o }", False),
        ("SELECT ?s { ?s ?p ?o }  # graph", True),  # a comment: slower, never wrong
    ],
)
def test_only_queries_without_the_word_graph_go_to_the_default_graph_alone(
    query: str, names_a_graph: bool
) -> None:
    assert may_name_a_graph(query) is names_a_graph


def test_queries_on_the_default_graph_alone_answer_as_on_the_whole_copy(tmp_path: Path) -> None:
    shared = f"<{ID}judgement/x> <{OKG}grade> <{ID}grade/good>"
    nquads = f"{SAMPLE_NQUADS}{shared} <{ALPHA}> .\n{shared} <{BETA}> .\n"
    mirror = MemoryMirror(store_with(tmp_path, nquads), max_quads=1000)
    assert mirror.wait(30)
    assert mirror.current().default_only is not None

    def answer(sparql: str) -> int:
        job = QueryJob(sparql=sparql, results_format="json", graph_format=None, row_limit=100)
        outcome = execute(mirror, job)
        assert outcome.error is None, outcome.message
        return int(json.loads(outcome.body)["results"]["bindings"][0]["n"]["value"])

    # On the default graph alone, and on every graph (the word GRAPH sends it to the copy).
    assert answer("SELECT (COUNT(*) AS ?n) { ?j okg:grade ?g }") == 2 + 1
    assert answer("SELECT (COUNT(*) AS ?n) { GRAPH ?graph { ?j okg:grade ?g } }") == 2 + 2
    assert answer("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == SAMPLE_TRIPLES + 1
