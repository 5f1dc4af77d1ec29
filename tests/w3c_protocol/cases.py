"""The 34 tests of the W3C SPARQL 1.1 Protocol test suite, as requests and expected responses.

Ported by hand from w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl (see README.md): each
case keeps the manifest's name, its requests (method, path, media type, body) and what the
response must be (a 2xx/3xx or a 4xx status; a boolean, tabular or RDF result; the boolean).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

KASEI = "http://kasei.us/2009/09/sparql/data/"
DATA0, DATA1, DATA2, DATA3 = (f"{KASEI}data{n}.rdf" for n in range(4))
FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"
PREFIXES = "PREFIX dc: <http://purl.org/dc/terms/>\nPREFIX foaf: <http://xmlns.com/foaf/0.1/>\n"
INSERT_THREE_DOCUMENTS = f"""INSERT DATA {{
    GRAPH <{DATA1}> {{ <{DATA1}> a foaf:Document }}
    GRAPH <{DATA2}> {{ <{DATA2}> a foaf:Document }}
    GRAPH <{DATA3}> {{ <{DATA3}> a foaf:Document }}
}} ;
"""


def path(*params: tuple[str, str]) -> str:
    """Return /sparql/ with the percent-encoded query string the manifest's requests carry."""
    if not params:
        return "/sparql/"
    return "/sparql/?" + "&".join(f"{name}={quote(value, safe='')}" for name, value in params)


@dataclass(frozen=True)
class Request:
    """One HTTP request of a test and what its response must be."""

    method: str
    path: str
    body: bytes = b""
    content_type: str | None = None
    status: str = "2xx"  # "2xx" (2xx or 3xx, as the manifest allows) or "4xx"
    result: str | None = None  # "boolean", "tabular" or "RDF"
    boolean: bool | None = None
    base_iri_result: bool = False  # update_base_uri: one ?o bound to an IRI that is not <test>


@dataclass(frozen=True)
class Case:
    """A manifest entry: its id, its name, the graphs it loads and its requests in order."""

    id: str
    name: str
    requests: tuple[Request, ...]
    graphs: tuple[str, ...] = ()


def _post(path_: str, body: str, content_type: str | None, **expect: object) -> Request:
    return Request("POST", path_, body.encode("utf-8"), content_type, **expect)  # type: ignore[arg-type]


def _ask_true(method: str, path_: str, body: str = "", content_type: str | None = None) -> Request:
    return Request(method, path_, body.encode(), content_type, result="boolean", boolean=True)


ASK_TYPES_1_2 = f"ASK {{ <{DATA1}> a ?type . <{DATA2}> a ?type . }}"
ASK_GRAPHS_1_2 = f"ASK {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"
ASK_FULL = (
    f"ASK {{\n  <{DATA3}> a ?type\n  GRAPH ?g1 {{ <{DATA1}> a ?type }}\n"
    f"  GRAPH ?g2 {{ <{DATA2}> a ?type }}\n}}"
)
ASK_FROM_3 = (
    f"ASK FROM <{DATA3}> {{ GRAPH ?g1 {{ <{DATA1}> a ?type }} GRAPH ?g2 {{ <{DATA2}> a ?type }} }}"
)
BIBLIOGRAPHIC = "<http://purl.org/dc/terms/BibliographicResource>"


def _ask_output(graph: str, present: tuple[str, ...], absent: str) -> str:
    patterns = "\n".join(f"        <{iri}> a {BIBLIOGRAPHIC} ." for iri in present)
    return (
        f"ASK {{\n    GRAPH <{graph}> {{\n{patterns}\n    }}\n    FILTER NOT EXISTS {{\n"
        f"        GRAPH <{graph}> {{\n            <{absent}> a {BIBLIOGRAPHIC} .\n        }}\n"
        "    }\n}"
    )


CASES: tuple[Case, ...] = (
    Case(
        "query_post_form",
        "query via URL-encoded POST",
        (
            Request(
                "POST",
                path(("default-graph-uri", DATA0)),
                b"query=ASK%20%7B%7D",
                FORM,
                result="boolean",
                boolean=True,
            ),
        ),
    ),
    Case(
        "query_dataset_default_graphs_get",
        "GET query with protocol-specified default graph",
        (
            _ask_true(
                "GET",
                path(
                    ("query", ASK_TYPES_1_2),
                    ("default-graph-uri", DATA1),
                    ("default-graph-uri", DATA2),
                ),
            ),
        ),
        (DATA1, DATA2),
    ),
    Case(
        "query_dataset_default_graphs_post",
        "POST query with protocol-specified default graphs",
        (
            _ask_true(
                "POST",
                path(("default-graph-uri", DATA1), ("default-graph-uri", DATA2)),
                ASK_TYPES_1_2,
                QUERY,
            ),
        ),
        (DATA1, DATA2),
    ),
    Case(
        "query_dataset_named_graphs_post",
        "POST query with protocol-specified named graphs",
        (
            _ask_true(
                "POST",
                path(("named-graph-uri", DATA1), ("named-graph-uri", DATA2)),
                ASK_GRAPHS_1_2,
                QUERY,
            ),
        ),
        (DATA1, DATA2),
    ),
    Case(
        "query_dataset_named_graphs_get",
        "GET query with protocol-specified named graphs",
        (
            _ask_true(
                "GET",
                path(
                    ("query", ASK_GRAPHS_1_2),
                    ("named-graph-uri", DATA1),
                    ("named-graph-uri", DATA2),
                ),
            ),
        ),
        (DATA1, DATA2),
    ),
    Case(
        "query_dataset_full",
        "query with protocol-specified dataset (both named and default graphs)",
        (
            _ask_true(
                "POST",
                path(
                    ("default-graph-uri", DATA3),
                    ("named-graph-uri", DATA1),
                    ("named-graph-uri", DATA2),
                ),
                ASK_FULL,
                QUERY,
            ),
        ),
        (DATA1, DATA2, DATA3),
    ),
    Case(
        # The manifest percent-encodes the "&" between the two named-graph-uri parameters, so
        # taken literally it names one odd graph; the test as run by the original validator
        # (and as its name says) gives two. See README.md.
        "query_multiple_dataset",
        "query specifying dataset in both query string and protocol; "
        "test for use of protocol-specified dataset",
        (
            _ask_true(
                "POST",
                path(("named-graph-uri", DATA1), ("named-graph-uri", DATA2)),
                ASK_FROM_3,
                QUERY,
            ),
        ),
        (DATA1, DATA2, DATA3),
    ),
    Case(
        "query_get",
        "query via GET",
        (_ask_true("GET", path(("query", "ASK {}"), ("default-graph-uri", DATA0))),),
    ),
    Case(
        "query_content_type_select",
        "query appropriate content type (expect one of: XML, JSON, CSV, TSV)",
        (
            _post(
                path(("default-graph-uri", DATA0)),
                "SELECT (1 AS ?value) {}",
                QUERY,
                result="tabular",
            ),
        ),
    ),
    Case(
        "query_content_type_ask",
        "query appropriate content type (expect one of: XML, JSON)",
        (_post(path(("default-graph-uri", DATA0)), "ASK {}", QUERY, result="boolean"),),
    ),
    Case(
        "query_content_type_describe",
        "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)",
        (
            _post(
                path(("default-graph-uri", DATA0)),
                "DESCRIBE <http://example.org/>",
                QUERY,
                result="RDF",
            ),
        ),
    ),
    Case(
        "query_content_type_construct",
        "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)",
        (
            _post(
                path(("default-graph-uri", DATA0)),
                "CONSTRUCT { <s> <p> 1 } WHERE {}",
                QUERY,
                result="RDF",
            ),
        ),
    ),
    Case(
        "update_dataset_default_graph",
        "update with protocol-specified default graph",
        (
            _post(
                path(("using-graph-uri", DATA1)),
                PREFIXES + f"CLEAR ALL ;\nINSERT DATA {{\n    GRAPH <{DATA1}> {{\n"
                f"        <{DATA1}> a foaf:Document\n    }}\n}} ;\n"
                "INSERT {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
                "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n"
                "    ?s a foaf:Document\n}",
                UPDATE,
            ),
            _post(
                path(),
                "ASK {\n    GRAPH <http://example.org/protocol-update-dataset-test/> {\n"
                f"        <{DATA1}> a {BIBLIOGRAPHIC}\n    }}\n}}",
                QUERY,
                result="boolean",
                boolean=True,
            ),
        ),
    ),
    Case(
        "update_dataset_default_graphs",
        "update with protocol-specified default graphs",
        (
            _post(
                path(("using-graph-uri", DATA1), ("using-graph-uri", DATA2)),
                PREFIXES + "DROP ALL ;\n" + INSERT_THREE_DOCUMENTS + "INSERT {\n"
                "    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {\n"
                "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n"
                "    ?s a foaf:Document\n}",
                UPDATE,
            ),
            _post(
                path(),
                _ask_output(
                    "http://example.org/protocol-update-dataset-graphs-test/",
                    (DATA1, DATA2),
                    DATA3,
                ),
                QUERY,
                result="boolean",
                boolean=True,
            ),
        ),
    ),
    Case(
        "update_dataset_named_graphs",
        "update with protocol-specified named graphs",
        (
            _post(
                path(("using-named-graph-uri", DATA1), ("using-named-graph-uri", DATA2)),
                PREFIXES + "DROP ALL ;\n" + INSERT_THREE_DOCUMENTS + "INSERT {\n"
                "    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {\n"
                "        ?s a dc:BibliographicResource\n    }\n}\nWHERE {\n"
                "    GRAPH ?g {\n        ?s a foaf:Document\n    }\n}",
                UPDATE,
            ),
            _post(
                path(),
                _ask_output(
                    "http://example.org/protocol-update-dataset-named-graphs-test/",
                    (DATA1, DATA2),
                    DATA3,
                ),
                QUERY,
                result="boolean",
                boolean=True,
            ),
        ),
    ),
    Case(
        "update_dataset_full",
        "update with protocol-specified dataset (both named and default graphs)",
        (
            _post(
                path(("using-graph-uri", DATA1), ("using-named-graph-uri", DATA2)),
                PREFIXES
                + "DROP ALL ;\n"
                + INSERT_THREE_DOCUMENTS
                + "INSERT {\n    GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
                "        ?s <http://example.org/in> ?in\n    }\n}\nWHERE {\n    {\n"
                "        GRAPH ?g { ?s a foaf:Document }\n        BIND(?g AS ?in)\n    }\n"
                '    UNION\n    {\n        ?s a foaf:Document .\n        BIND("default" AS ?in)\n'
                "    }\n}",
                UPDATE,
            ),
            _post(
                path(),
                "ASK {\n    GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
                f'        <{DATA1}> <http://example.org/in> "default" .\n'
                f"        <{DATA2}> <http://example.org/in> <{DATA2}> .\n    }}\n"
                "    FILTER NOT EXISTS {\n"
                "        GRAPH <http://example.org/protocol-update-dataset-full-test/> {\n"
                f"            <{DATA3}> ?p ?o\n        }}\n    }}\n}}",
                QUERY,
                result="boolean",
                boolean=True,
            ),
        ),
    ),
    Case(
        "update_post_form",
        "update via URL-encoded POST",
        (_post(path(), "update=CLEAR+ALL", FORM),),
    ),
    Case(
        "update_post_direct",
        "update via POST directly",
        (_post(path(), "CLEAR ALL", UPDATE),),
    ),
    Case(
        "update_base_uri",
        'test for service-defined BASE URI ("which MAY be the service endpoint")',
        (
            _post(
                path(),
                "CLEAR GRAPH <http://example.org/protocol-base-test/> ;\n"
                "INSERT DATA { GRAPH <http://example.org/protocol-base-test/> "
                "{ <http://example.org/s> <http://example.org/p> <test> } }",
                UPDATE,
            ),
            _post(
                path(),
                "SELECT ?o WHERE {\n    GRAPH <http://example.org/protocol-base-test/> {\n"
                "        <http://example.org/s> <http://example.org/p> ?o\n    }\n}",
                QUERY,
                result="tabular",
                base_iri_result=True,
            ),
        ),
    ),
    Case(
        "query_post_direct",
        "query via POST directly",
        (_ask_true("POST", path(), "ASK {}", QUERY),),
    ),
    Case(
        "bad_query_method",
        "invoke query operation with a method other than GET or POST",
        (
            Request(
                "PUT",
                path(("query", "ASK {}"), ("default-graph-uri", DATA0)),
                b"",
                FORM,
                status="4xx",
            ),
        ),
    ),
    Case(
        "bad_multiple_queries",
        "invoke query operation with more than one query string",
        (Request("GET", path(("query", "ASK {}"), ("query", "SELECT * {}")), status="4xx"),),
    ),
    Case(
        "bad_query_wrong_media_type",
        "invoke query operation with a POST with media type that's not url-encoded or "
        "application/sparql-query",
        (_post(path(), "ASK {}", "text/plain", status="4xx"),),
    ),
    Case(
        "bad_query_missing_form_type",
        "invoke query operation with url-encoded body, but without "
        "application/x-www-form-urlencoded media type",
        (_post(path(), "query=ASK%20%7B%7D", None, status="4xx"),),
    ),
    Case(
        "bad_query_missing_direct_type",
        "invoke query operation with SPARQL body, but without application/sparql-query media type",
        (_post(path(), "ASK {}", None, status="4xx"),),
    ),
    Case(
        "bad_query_non_utf8",
        "invoke query operation with direct POST, but with a non-UTF8 encoding (UTF-16)",
        (
            Request(
                "POST",
                path(),
                "ASK {}".encode("utf-16"),  # with a byte order mark, as the manifest says
                f"{QUERY}; charset=UTF-16",
                status="4xx",
            ),
        ),
    ),
    Case(
        "bad_query_syntax",
        "invoke query operation with invalid query syntax (4XX result)",
        (Request("GET", path(("query", "ASK {")), status="4xx"),),
    ),
    Case(
        "bad_update_get",
        "invoke update operation with GET",
        (Request("GET", path(("update", "CLEAR ALL")), status="4xx"),),
    ),
    Case(
        "bad_multiple_updates",
        "invoke update operation with more than one update string",
        (_post(path(), "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", FORM, status="4xx"),),
    ),
    Case(
        "bad_update_wrong_media_type",
        "invoke update operation with a POST with media type that's not url-encoded or "
        "application/sparql-update",
        (_post(path(), "CLEAR NAMED", "text/plain", status="4xx"),),
    ),
    Case(
        "bad_update_missing_form_type",
        "invoke update operation with url-encoded body, but without "
        "application/x-www-form-urlencoded media type",
        (_post(path(), "update=CLEAR%20NAMED", None, status="4xx"),),
    ),
    Case(
        "bad_update_non_utf8",
        "invoke update operation with direct POST, but with a non-UTF8 encoding",
        (
            Request(
                "POST",
                path(),
                "CLEAR NAMED".encode("utf-16"),
                f"{UPDATE}; charset=UTF-16",
                status="4xx",
            ),
        ),
    ),
    Case(
        "bad_update_syntax",
        "invoke update operation with invalid update syntax",
        (_post(path(), "update=CLEAR%20XYZ", FORM, status="4xx"),),
    ),
    Case(
        "bad_update_dataset_conflict",
        "invoke update with both using-graph-uri/using-named-graph-uri parameter and USING/WITH "
        "clause",
        (
            _post(
                path(("using-named-graph-uri", "http://example/people")),
                "PREFIX foaf:  <http://xmlns.com/foaf/0.1/>\nWITH <http://example/addresses>\n"
                "DELETE { ?person foaf:givenName 'Bill' }\n"
                "INSERT { ?person foaf:givenName 'William' }\nWHERE {\n"
                "    ?person foaf:givenName 'Bill'\n}",
                UPDATE,
                status="4xx",
            ),
        ),
    ),
)
