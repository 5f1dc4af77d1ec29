"""The endpoint's reading of SPARQL text, and its results writers, checked on their own."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.sparql_text import (
    add_using,
    dataset_clauses,
    has_using_or_with,
    host_of,
    names_dataset,
    service_calls,
    tokens,
)
from graph.vocab import PREFIXES
from web.results import write_boolean, write_solutions, write_triples

BASE = "http://127.0.0.1:5000/sparql"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", []),
        (
            "SELECT * WHERE { SERVICE <http://a.example/sparql> { ?s ?p ?o } }",
            ["http://a.example/sparql"],
        ),
        ("SELECT * { SERVICE SILENT <http://a.example/q> {} }", ["http://a.example/q"]),
        ("SELECT * { SeRvIcE ?endpoint {} }", [None]),
        (
            "PREFIX w: <https://w.example/> SELECT * { SERVICE w:sparql {} }",
            ["https://w.example/sparql"],
        ),
        ("SELECT * { SERVICE okg:remote {} }", [PREFIXES["okg"] + "remote"]),
        ("SELECT * { SERVICE <relative> {} }", ["http://127.0.0.1:5000/relative"]),
        ("BASE <http://b.example/x/> SELECT * { SERVICE <y> {} }", ["http://b.example/x/y"]),
        ("SELECT * { ?s ?p 'SERVICE <http://a/>' }", []),
        ('SELECT * { ?s ?p """ a\nSERVICE <http://a/> """ }', []),
        ("# SERVICE <http://a/>\nSELECT * {}", []),
        ("SELECT * { ?s <http://x/SERVICE> ?o }", []),
        ("SELECT ?service { ?service ?p ?o }", []),
        (
            "SELECT * { SERVICE <http://a/> {} OPTIONAL { SERVICE <http://b/> {} } }",
            ["http://a/", "http://b/"],
        ),
    ],
)
def test_service_calls_are_found_outside_strings_and_comments(
    query: str, expected: list[str | None]
) -> None:
    assert [call.iri for call in service_calls(query, PREFIXES, BASE)] == expected


@pytest.mark.parametrize(
    ("iri", "host"),
    [
        ("http://A.Example/sparql", "a.example"),
        ("http://127.0.0.1:7878/query", "127.0.0.1:7878"),
        ("https://user:secret@host.example/x", "host.example"),
    ],
)
def test_host_of(iri: str, host: str) -> None:
    assert host_of(iri) == host


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SELECT * FROM <http://g/1> WHERE { ?s ?p ?o }", True),
        ("select * from named <http://g/1> { graph ?g { ?s ?p ?o } }", True),
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { ?s <http://x/from> 'FROM <http://g/>' }", False),
        ("# FROM <http://g/1>\nSELECT * {}", False),
        ("SELECT ?from WHERE { ?from ?p ?o }", False),
    ],
)
def test_a_query_names_its_dataset_only_with_a_top_level_from(query: str, expected: bool) -> None:
    assert names_dataset(query) is expected


@pytest.mark.parametrize(
    ("query", "default_graphs", "named_graphs"),
    [
        ("SELECT * { ?s ?p ?o }", [], []),
        (
            "select * from <urn:a> From <urn:b> FROM NAMED <urn:c> { ?s ?p ?o }",
            ["urn:a", "urn:b"],
            ["urn:c"],
        ),
        # Relative IRIs resolve against the query's BASE (else the endpoint's), prefixed names
        # against its PREFIXes, then the built-in ones.
        (
            "BASE <http://r.example/x/> PREFIX g: <http://g.example/>\n"
            "SELECT * FROM <a> FROM g:b FROM NAMED okg:c { }",
            ["http://r.example/x/a", "http://g.example/b"],
            [PREFIXES["okg"] + "c"],
        ),
        ("SELECT * FROM <rel> { }", ["http://127.0.0.1:5000/rel"], []),
        # Not clauses: in a string, a comment, an IRI, a nested group, an unknown prefix.
        (
            'SELECT * # FROM <urn:comment>\n{ ?s ?p "FROM <urn:string>" . ?s <urn:FROM> ?o }',
            [],
            [],
        ),
        ("SELECT * { { SELECT * FROM <urn:nested> { } } }", [], []),
        ("SELECT * FROM nope:g { }", [], []),
    ],
)
def test_the_graphs_a_querys_dataset_clauses_name(
    query: str, default_graphs: list[str], named_graphs: list[str]
) -> None:
    assert dataset_clauses(query, PREFIXES, BASE) == (default_graphs, named_graphs)


# Pieces of query text around the keywords: what may sit just before or after a keyword.
_QUERY_PIECES = st.sampled_from(
    [
        "FROM",
        "from",
        "SERVICE",
        "ſervice",
        "<http://a.example/s>",
        "?x",
        "$y",
        "okg:",
        "a",
        "_",
        "1",
        "-",
        ".",
        ":",
        " ",
        "\n",
        "{",
        "}",
        "#",
        '"',
        "'",
        "\\",
        "·",
        "é",
        "(",
        ")",
        "*",
        "<",
    ]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_QUERY_PIECES, max_size=12).map("".join))
def test_the_quick_keyword_checks_agree_with_the_tokenizer(text: str) -> None:
    # names_dataset and service_calls skip tokenising text with no possible keyword: they must
    # answer what tokenising would.
    found = [token for token in tokens(text) if token.kind != "string"]
    from_at_top = any(token.depth == 0 and token.is_keyword("FROM") for token in found)
    assert names_dataset(text) == from_at_top
    any_service = any(token.is_keyword("SERVICE") for token in found)
    assert bool(service_calls(text, PREFIXES, BASE)) == any_service


def test_using_clauses_go_before_each_top_level_where() -> None:
    update = (
        "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } } ;\n"
        "INSERT { GRAPH <urn:out> { ?s a <urn:T> } } WHERE { ?s ?p ?o FILTER NOT EXISTS { } } ;\n"
        "DELETE WHERE { ?x <urn:gone> ?y }"
    )
    rewritten = add_using(update, ["urn:d1", "urn:d2"], ["urn:n1"])
    assert rewritten.count("USING <urn:d1> USING <urn:d2> USING NAMED <urn:n1> WHERE") == 1
    assert "DELETE WHERE" in rewritten  # DELETE WHERE may not carry USING
    assert add_using(update, [], []) == update


@pytest.mark.parametrize(
    ("update", "expected"),
    [
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", True),
        ("DELETE { ?s ?p ?o } USING <urn:g> WHERE { ?s ?p ?o }", True),
        ("DELETE { ?s ?p 'USING' } WHERE { ?s ?p ?o }", False),
        ("CLEAR ALL", False),
    ],
)
def test_an_update_names_its_dataset_with_using_or_with(update: str, expected: bool) -> None:
    assert has_using_or_with(update) is expected


# --- the results writers --------------------------------------------------------------------

TERMS = [
    ox.NamedNode("http://example.org/a?b=c&d=e"),
    ox.BlankNode("b0"),
    ox.Literal('comma, "quote"\nnew line\ttab <tag> & amp'),
    ox.Literal("chat", language="fr"),
    ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
]


def _solutions() -> ox.QuerySolutions:
    store = ox.Store()
    for index, term in enumerate(TERMS):
        store.add(ox.Quad(ox.NamedNode(f"urn:row{index}"), ox.NamedNode("urn:p"), term))
    # ?extra is never bound: the writers must leave it out (JSON, XML) or empty (CSV, TSV).
    return store.query("SELECT ?row ?value ?extra WHERE { ?row <urn:p> ?value } ORDER BY ?row")


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("json", ox.QueryResultsFormat.JSON),
        ("xml", ox.QueryResultsFormat.XML),
        ("tsv", ox.QueryResultsFormat.TSV),
    ],
)
def test_written_results_read_back_as_the_same_terms(
    name: str, reader: ox.QueryResultsFormat
) -> None:
    written = write_solutions(_solutions(), name, limit=100)
    assert not written.truncated
    parsed = ox.parse_query_results(written.body, format=reader)
    assert [variable.value for variable in parsed.variables] == ["row", "value", "extra"]
    rows = list(parsed)
    assert [row["value"] for row in rows] == TERMS
    assert all(row["extra"] is None for row in rows)


@pytest.mark.parametrize(
    "query",
    [
        # every variable bound in every row
        "SELECT ?row ?value WHERE { ?row <urn:p> ?value } ORDER BY ?row",
        # ?tag bound in one row only
        "SELECT ?row ?tag WHERE { ?row <urn:p> ?value OPTIONAL { ?row <urn:p> ?tag"
        " FILTER(isLiteral(?tag) && lang(?tag) != '') } } ORDER BY ?row",
        # no variables, one row
        "SELECT * WHERE {}",
        # no rows
        "SELECT ?row WHERE { ?row <urn:nothing> ?value }",
    ],
)
def test_json_results_are_what_pyoxigraph_writes(query: str) -> None:
    store = ox.Store()
    for index, term in enumerate(TERMS):
        store.add(ox.Quad(ox.NamedNode(f"urn:row{index}"), ox.NamedNode("urn:p"), term))
    ours = write_solutions(store.query(query), "json", limit=100).body
    theirs = store.query(query).serialize(format=ox.QueryResultsFormat.JSON)
    assert json.loads(ours) == json.loads(theirs)


def test_csv_keeps_values_and_quotes_what_needs_quoting() -> None:
    body = write_solutions(_solutions(), "csv", limit=100).body.decode()
    assert body.startswith("row,value,extra\r\n")
    assert '"comma, ""quote""\nnew line\ttab <tag> & amp"' in body  # RFC 4180 quoting
    assert ",_:b0," in body
    assert ",chat," in body  # CSV drops language tags and datatypes, as the spec says
    assert body.endswith("\r\n")


def test_the_writers_cut_at_the_limit() -> None:
    written = write_solutions(_solutions(), "json", limit=2)
    assert written.truncated
    assert written.rows == 2
    parsed = ox.parse_query_results(written.body, format=ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 2


@pytest.mark.parametrize(
    ("name", "reader"),
    [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML)],
)
def test_booleans_read_back(name: str, reader: ox.QueryResultsFormat) -> None:
    for value in (True, False):
        parsed = ox.parse_query_results(write_boolean(value, name).body, format=reader)
        assert bool(parsed) is value


@pytest.mark.parametrize(
    ("name", "reader"),
    [
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("rdfxml", ox.RdfFormat.RDF_XML),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_graphs_read_back(name: str, reader: ox.RdfFormat) -> None:
    # Blank node labels need not survive a round trip, so this graph has none.
    triples = [
        ox.Triple(ox.NamedNode("https://w3id.org/ofsted-kg/id/x"), ox.NamedNode("urn:p"), term)
        for term in TERMS
        if not isinstance(term, ox.BlankNode)
    ]
    written = write_triples(iter(triples), name, limit=100)
    assert {quad.triple for quad in ox.parse(written.body, format=reader)} == set(triples)
    assert write_triples(iter(triples), name, limit=3).truncated
