"""The default graph is the union of the report graphs: a fact two sources state is one triple.

The same report loaded as text and as PDF, or an inspection a committee report repeats, puts
the same triple in two named graphs. SPARQL's default graph is an RDF graph, a set, so that
triple should match once. pyoxigraph 0.5 matches it once per graph holding it (oxigraph issue
#1919, fixed upstream by pull request #1920, in no pyoxigraph release yet): counts over the
default graph are then too high. The README tells researchers to count DISTINCT things.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.endpoint_server import ALPHA, BETA, ID, OKG, running_app, store_with

SHARED = f"<{ID}judgement/x> <{OKG}grade> <{ID}grade/good>"
ONLY_ALPHA = f"<{ID}judgement/y> <{OKG}grade> <{ID}grade/good>"
NQUADS = f"{SHARED} <{ALPHA}> .\n{SHARED} <{BETA}> .\n{ONLY_ALPHA} <{ALPHA}> .\n"


def _count(tmp_path: Path, query: str) -> int:
    store_with(tmp_path / "store", NQUADS)
    with running_app(tmp_path / "store") as app:
        response = app.test_client().get("/sparql", query_string={"query": query})
    assert response.status_code == 200, response.data
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def test_each_report_graph_holds_its_own_copy_of_a_shared_fact(tmp_path: Path) -> None:
    assert _count(tmp_path, "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?j okg:grade ?grade } }") == 3


def test_counting_distinct_things_counts_a_shared_fact_once(tmp_path: Path) -> None:
    assert _count(tmp_path, "SELECT (COUNT(DISTINCT ?j) AS ?n) { ?j okg:grade ?grade }") == 2


@pytest.mark.xfail(
    strict=True,  # passes once pyoxigraph merges the graphs as a set: then drop this mark
    reason="pyoxigraph 0.5 counts a triple once per named graph in the union (oxigraph#1919)",
)
def test_a_fact_two_reports_state_is_one_triple_of_the_default_graph(tmp_path: Path) -> None:
    assert _count(tmp_path, "SELECT (COUNT(*) AS ?n) { ?j okg:grade ?grade }") == 2
