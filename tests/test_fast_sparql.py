"""The fast path for plain queries answers exactly as the Flask view does, or leaves it to Flask.

Each request goes to two apps over the same store, one with the fast path and one without;
status, headers (but the query's time and whether memory or disk answered) and body must be
the same, whether the request is
one the fast path answers itself or one it hands on (errors, updates, odd parameters).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from flask import Flask

from tests.endpoint_server import ALPHA, SAMPLE_NQUADS, running_app, store_with
from web import fast_sparql
from web.fast_sparql import FastSparql

SELECT = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } ORDER BY ?s"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
MOMENTARY = ("X-SPARQL-Query-Ms", "X-SPARQL-Store")


@pytest.fixture(scope="module")
def apps(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Flask, Flask]]:
    path = tmp_path_factory.mktemp("fast") / "store"
    store_with(path, SAMPLE_NQUADS)
    config = {"QUERY_WORKERS": 1, "PAGE_CACHE_BYTES": 0}
    with (
        running_app(path, {**config, "FAST_SPARQL": True}) as fast,
        running_app(path, {**config, "FAST_SPARQL": False}) as slow,
    ):
        yield fast, slow


def _get(query: str, **params: str) -> dict[str, Any]:
    return {"method": "GET", "query_string": urlencode({"query": query, **params})}


REQUESTS: dict[str, dict[str, Any]] = {
    "GET, JSON by Accept": {**_get(SELECT), "headers": {"Accept": "application/json"}},
    "GET, CSV by format": _get(SELECT, format="csv"),
    "GET, TSV, browser Accept": {
        **_get(SELECT, format="tsv"),
        "headers": {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    },
    "form POST, XML": {
        "method": "POST",
        "data": urlencode({"query": SELECT}),
        "content_type": FORM,
        "headers": {"Accept": "application/sparql-results+xml"},
    },
    "query POST with charset": {
        "method": "POST",
        "data": SELECT,
        "content_type": QUERY_BODY + "; charset=UTF-8",
    },
    "ASK": _get("ASK { ?s ?p ?o }"),
    "CONSTRUCT as Turtle": {**_get(CONSTRUCT), "headers": {"Accept": "text/turtle"}},
    "CONSTRUCT as JSON-LD by format": _get(CONSTRUCT, format="jsonld"),
    "protocol dataset": _get(SELECT, **{"default-graph-uri": ALPHA}),
    "named graph": _get(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        **{"named-graph-uri": ALPHA},
    ),
    "timeout parameter": _get(SELECT, timeout="2"),
    "syntax error, JSON": {**_get("SELECT WHERE {"), "headers": {"Accept": "application/json"}},
    "syntax error, text": _get("SELECT ?x WHERE { ?x }"),
    "not acceptable": {**_get(SELECT), "headers": {"Accept": "image/png"}},
    "graph for a SELECT Accept": {**_get(CONSTRUCT), "headers": {"Accept": "text/csv"}},
    "unknown format": _get(SELECT, format="pdf"),
    "bad timeout": _get(SELECT, timeout="soon"),
    "relative graph IRI": _get(SELECT, **{"default-graph-uri": "not absolute"}),
    "SERVICE refused": _get("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
    "two queries": {"method": "GET", "query_string": urlencode([("query", SELECT)] * 2)},
    "update by form": {"method": "POST", "data": "update=CLEAR+ALL", "content_type": FORM},
    "update and query": {
        "method": "POST",
        "data": urlencode({"query": SELECT, "update": "CLEAR ALL"}),
        "content_type": FORM,
    },
    "odd parameter": _get(SELECT, extra="1"),
    "wrong body type": {"method": "POST", "data": SELECT, "content_type": "text/plain"},
    "latin-1 query body": {
        "method": "POST",
        "data": SELECT,
        "content_type": QUERY_BODY + "; charset=latin-1",
    },
    "bare GET": {"method": "GET", "headers": {"Accept": "text/turtle"}},
    "trailing slash path": {"path": "/sparql/", **_get("ASK {}")},
    "relative IRI in the query": _get("SELECT ?x WHERE { BIND(<thing> AS ?x) }"),
}


@pytest.mark.parametrize("name", list(REQUESTS))
def test_the_fast_path_answers_as_flask_does(apps: tuple[Flask, Flask], name: str) -> None:
    fast, slow = apps
    request = dict(REQUESTS[name])
    path = request.pop("path", "/sparql")
    answers = [app.test_client().open(path, **request) for app in (fast, slow)]
    fast_answer, slow_answer = answers
    assert fast_answer.status_code == slow_answer.status_code
    assert fast_answer.get_data() == slow_answer.get_data()

    def headers(answer: Any) -> list[tuple[str, str]]:
        # What took how long, answered from memory or disk, depends on the moment.
        return sorted((k, v) for k, v in answer.headers.items() if k not in MOMENTARY)

    assert headers(fast_answer) == headers(slow_answer)
    assert ("X-SPARQL-Store" in fast_answer.headers) == ("X-SPARQL-Store" in slow_answer.headers)


def test_the_fast_path_answers_plain_queries_itself(
    apps: tuple[Flask, Flask], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without this, the test above would pass with a fast path that always hands on."""
    fast, _slow = apps
    handed_on: list[str] = []
    wrapped = fast.wsgi_app
    assert isinstance(wrapped, FastSparql)
    original = wrapped.wrapped

    def flask_view(environ: dict[str, Any], start_response: Any) -> Any:
        handed_on.append(environ.get("QUERY_STRING", ""))
        return original(environ, start_response)

    monkeypatch.setattr(wrapped, "wrapped", flask_view)
    client = fast.test_client()
    for name in ("GET, JSON by Accept", "form POST, XML", "query POST with charset", "ASK"):
        request = dict(REQUESTS[name])
        assert client.open("/sparql", **request).status_code == 200
    assert handed_on == []
    assert client.open("/sparql", **REQUESTS["syntax error, JSON"]).status_code == 400
    assert client.open("/sparql", **REQUESTS["update by form"]).status_code == 403
    assert len(handed_on) == 2  # errors are rendered by Flask


def test_the_fast_path_is_installed_by_default(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with running_app(tmp_path) as app:
        assert isinstance(app.wsgi_app, fast_sparql.FastSparql)
