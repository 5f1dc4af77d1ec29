"""The default graph is the merge of the report graphs: a fact two sources state is one triple.

The same report loaded as text and as PDF, or an inspection a committee report repeats, puts
the same triple in two named graphs. SPARQL's default graph is an RDF graph, a set, so that
triple matches once. pyoxigraph 0.5's union default graph matches it once per graph holding it
(oxigraph issue #1919), so the store keeps the merge as its stored default graph instead.
"""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import store as store_module
from graph.build import build
from graph.store import EmbeddedStore
from tests.conftest import SEED_FILES
from tests.endpoint_server import ALPHA, BETA, ID, OKG, running_app, store_with

SHARED = f"<{ID}judgement/x> <{OKG}grade> <{ID}grade/good>"
ONLY_ALPHA = f"<{ID}judgement/y> <{OKG}grade> <{ID}grade/good>"
NQUADS = f"{SHARED} <{ALPHA}> .\n{SHARED} <{BETA}> .\n{ONLY_ALPHA} <{ALPHA}> .\n"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) { ?j okg:grade ?grade }"
COUNT_PER_GRAPH = "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?j okg:grade ?grade } }"


def _served_count(tmp_path: Path, query: str) -> int:
    store_with(tmp_path / "store", NQUADS)
    with running_app(tmp_path / "store") as app:
        response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.data
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def _count(store: EmbeddedStore, query: str) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def test_each_report_graph_holds_its_own_copy_of_a_shared_fact(tmp_path: Path) -> None:
    assert _served_count(tmp_path, COUNT_PER_GRAPH) == 3


def test_counting_distinct_things_counts_a_shared_fact_once(tmp_path: Path) -> None:
    assert _served_count(tmp_path, "SELECT (COUNT(DISTINCT ?j) AS ?n) { ?j okg:grade ?g }") == 2


def test_a_fact_two_reports_state_is_one_triple_of_the_default_graph(tmp_path: Path) -> None:
    assert _served_count(tmp_path, COUNT_ALL) == 2


def test_a_shared_fact_stays_until_the_last_graph_stating_it_goes(tmp_path: Path) -> None:
    store = store_with(tmp_path, NQUADS)
    with store.transaction() as transaction:
        transaction.drop_graph(ALPHA)
    assert _count(store, COUNT_ALL) == 1  # the shared fact, which beta still states
    assert _count(store, COUNT_PER_GRAPH) == 1
    with store.transaction() as transaction:
        transaction.drop_graph(BETA)
    assert _count(store, COUNT_ALL) == 0
    assert len(store.raw()) == 0  # nothing left behind in the default graph


def test_a_store_written_before_the_merge_answers_then_gains_it(tmp_path: Path) -> None:
    # A generation as ofsted-kg wrote it before it stored the merge: named graphs only.
    generation = tmp_path / "generations" / "20260101T000000000000Z"
    generation.parent.mkdir()
    old = ox.Store(str(generation))
    old.load(NQUADS.encode(), format=ox.RdfFormat.N_QUADS)
    old.flush()
    del old  # closes the database
    gc.collect()
    (tmp_path / "CURRENT").write_text(generation.name + "\n")
    store = EmbeddedStore(tmp_path)
    assert not store.merge_stored
    assert _count(store, COUNT_PER_GRAPH) == 3  # answered, from pyoxigraph's union meanwhile
    with store.transaction():
        pass  # any build stores the merge
    assert store.merge_stored
    assert _count(store, COUNT_ALL) == 2
    assert _count(store, COUNT_PER_GRAPH) == 3


@pytest.mark.parametrize(
    ("with_triples", "side_by_side_max_bytes"),
    [(True, store_module.SIDE_BY_SIDE_MAX_BYTES), (True, 0), (False, 0)],
    ids=["triples-side-by-side", "triples-one-after-the-other", "no-triples"],
)
def test_a_trusted_load_stores_the_merge_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_triples: bool, side_by_side_max_bytes: int
) -> None:
    # As a build loads what pyoxigraph wrote, with the triples it cut from it (a small batch's
    # two loads side by side, a large one's one after the other), or without them.
    monkeypatch.setattr(store_module, "SIDE_BY_SIDE_MAX_BYTES", side_by_side_max_bytes)
    triples = "".join(line.rsplit(" ", 2)[0] + " .\n" for line in NQUADS.splitlines())
    store = EmbeddedStore(tmp_path)
    with store.transaction() as transaction:
        transaction.load_nquads(
            NQUADS.encode(), trusted=True, triples=triples.encode() if with_triples else None
        )
    assert _count(store, COUNT_ALL) == 2
    assert _count(store, COUNT_PER_GRAPH) == 3


def _triples(store: EmbeddedStore, *, default: bool) -> set[tuple[str, str, str]]:
    return {
        (str(quad.subject), str(quad.predicate), str(quad.object))
        for quad in store.raw()
        if isinstance(quad.graph_name, ox.DefaultGraph) == default
    }


def test_after_a_build_the_default_graph_is_exactly_the_merge(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    for seed in SEED_FILES.values():
        (reports / seed.name).write_bytes(seed.read_bytes())
    store = EmbeddedStore(tmp_path / "store")
    build(store, [str(reports)], workers=1)
    first = _triples(store, default=False)
    # One report changed in place: its graph is dropped and loaded again; the merge follows.
    changed = sorted(reports.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nA changed line.\n")
    build(store, [str(reports)], workers=1)
    named = _triples(store, default=False)
    assert named != first  # the changed report's graph was replaced
    assert len(named) > 1000  # the seeds, the reference graph and the build graph
    assert _triples(store, default=True) == named


# A dataset the query or the request names: SPARQL makes its default graph the RDF merge of
# the graphs listed (a set), where pyoxigraph's evaluation of the list matches the shared fact
# once per listed graph (3 for these, not 2).
FROM_BOTH = f"SELECT (COUNT(*) AS ?n) FROM <{ALPHA}> FROM <{BETA}> {{ ?j okg:grade ?grade }}"


def _served(tmp_path: Path, query_string: dict[str, object]) -> dict[str, object]:
    store_with(tmp_path / "store", NQUADS)
    with running_app(tmp_path / "store") as app:
        response = app.test_client().get("/sparql", query_string=query_string)
    assert response.status_code == 200, response.data
    return json.loads(response.data)


def _served_n(tmp_path: Path, query_string: dict[str, object]) -> int:
    return int(_served(tmp_path, query_string)["results"]["bindings"][0]["n"]["value"])


def test_from_clauses_naming_two_graphs_count_a_shared_fact_once(tmp_path: Path) -> None:
    assert _count(store_with(tmp_path / "disk", NQUADS), FROM_BOTH) == 2  # ofsted-kg query
    assert _served_n(tmp_path, {"query": FROM_BOTH}) == 2  # the endpoint


def test_from_clauses_with_prefixed_names_and_a_base_are_merged_too(tmp_path: Path) -> None:
    query = (
        f"BASE <{ID}report/> PREFIX r: <{ID}report/> PREFIX okg: <{OKG}>\n"
        "SELECT (COUNT(*) AS ?n) FROM r:alpha FROM <beta> { ?j okg:grade ?grade }"
    )
    assert _count(store_with(tmp_path / "disk", NQUADS), query) == 2
    assert _served_n(tmp_path, {"query": query}) == 2


def test_default_graph_uris_naming_two_graphs_count_a_shared_fact_once(tmp_path: Path) -> None:
    query = "SELECT (COUNT(*) AS ?n) { ?j okg:grade ?grade }"
    assert _served_n(tmp_path, {"query": query, "default-graph-uri": [ALPHA, BETA]}) == 2


def test_the_protocols_graphs_replace_the_querys_from_clauses(tmp_path: Path) -> None:
    # FROM names both; the request names beta alone, which states one fact.
    assert _served_n(tmp_path, {"query": FROM_BOTH, "default-graph-uri": BETA}) == 1
    # The request names both; the query's FROM names alpha alone (two facts, one shared).
    from_alpha = f"SELECT (COUNT(*) AS ?n) FROM <{ALPHA}> {{ ?j okg:grade ?grade }}"
    both = {"query": from_alpha, "default-graph-uri": [BETA, ALPHA]}
    assert _served_n(tmp_path, both) == 2


def test_a_merged_default_graph_keeps_only_the_named_graphs_the_dataset_lists(
    tmp_path: Path,
) -> None:
    query = (
        "SELECT ?g (COUNT(*) AS ?n) { { ?j okg:grade ?grade BIND(<urn:default> AS ?g) }"
        " UNION { GRAPH ?g { ?j okg:grade ?grade } } } GROUP BY ?g"
    )
    answer = _served(
        tmp_path, {"query": query, "default-graph-uri": [ALPHA, BETA], "named-graph-uri": BETA}
    )
    counts = {row["g"]["value"]: int(row["n"]["value"]) for row in answer["results"]["bindings"]}
    assert counts == {"urn:default": 2, BETA: 1}
    from_query = (
        f"SELECT ?g (COUNT(*) AS ?n) FROM <{ALPHA}> FROM <{BETA}> FROM NAMED <{ALPHA}>"
        " { GRAPH ?g { ?j okg:grade ?grade } } GROUP BY ?g"
    )
    rows = list(store_with(tmp_path / "disk", NQUADS).query(from_query))
    assert {(row["g"].value, int(row["n"].value)) for row in rows} == {(ALPHA, 2)}


def test_a_graph_listed_twice_is_read_once(tmp_path: Path) -> None:
    # pyoxigraph matched each of its triples once per listing; beta states one fact.
    count = "SELECT (COUNT(*) AS ?n) { ?j okg:grade ?grade }"
    assert _served_n(tmp_path, {"query": count, "default-graph-uri": [BETA, BETA]}) == 1
    from_twice = f"SELECT (COUNT(*) AS ?n) FROM <{BETA}> FROM <{BETA}> {{ ?j okg:grade ?grade }}"
    assert _count(store_with(tmp_path / "disk", NQUADS), from_twice) == 1
    per_graph = {"query": COUNT_PER_GRAPH, "named-graph-uri": [BETA, BETA]}
    assert _served_n(tmp_path, per_graph) == 1
