"""Data and queries for benchmarks/endpoint_bench.py: the built corpus, its scale-up, the queries.

The researcher query set covers cheap lookups, grade distributions, improvement over time, text
search in recommendations, partnership joins and per-graph provenance. Every query carries its
own PREFIX lines, so servers without ofsted-kg's predefined prefixes read it the same way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.build import build
from graph.store import EmbeddedStore
from graph.vocab import ID, sparql_prefixes

# Report graphs are copied with these IRI roots renamed, so each copy stands for other reports
# on other authorities (as more of the real corpus would); grades, areas, frameworks and
# inspectors stay shared, so the copies join with the reference data as the originals do.
COPIED_ROOTS = ("report/", "inspection/", "authority/", "partnership/")
OVERALL = f"{ID}area/overall"


@dataclass(frozen=True, slots=True)
class BenchQuery:
    """A researcher's query: `kind` is lookup, aggregate, scan or join."""

    name: str
    kind: str
    text: str


def build_corpus(paths: list[str], store_dir: Path) -> EmbeddedStore:
    """Build the given report files or folders into a fresh embedded store."""
    store = EmbeddedStore(store_dir)
    result = build(store, paths)
    if not result.loaded:
        raise SystemExit(f"nothing loaded from {paths}: {result.failed[:3]}")
    return store


def dump(store: EmbeddedStore) -> bytes:
    """Return the quads of the store's named graphs as N-Quads (its default graph, their
    merge, is made again by each store the data goes into)."""
    named = (
        quad
        for quad in store.raw().quads_for_pattern(None, None, None, None)
        if not isinstance(quad.graph_name, ox.DefaultGraph)
    )
    return ox.serialize(named, format=ox.RdfFormat.N_QUADS) or b""


def scale_up(nquads: bytes, target_triples: int) -> tuple[bytes, int]:
    """Return the data with the report graphs copied until it holds `target_triples`."""
    report_lines, other_lines = [], []
    graph_root = f"<{ID}report/".encode()
    for line in nquads.splitlines(keepends=True):
        graph = line.rstrip().rsplit(b" ", 2)[-2] if line.strip() else b""
        (report_lines if graph.startswith(graph_root) else other_lines).append(line)
    reports = b"".join(report_lines)
    copies = max(0, math.ceil((target_triples - len(other_lines)) / max(len(report_lines), 1)) - 1)
    parts = [nquads]
    for copy in range(1, copies + 1):
        copied = reports.replace(b"_:", f"_:c{copy}x".encode())
        for root in COPIED_ROOTS:
            old = f"<{ID}{root}".encode()
            copied = copied.replace(old, f"<{ID}{root}copy{copy}-".encode())
        parts.append(copied)
    data = b"".join(parts)
    return data, len(other_lines) + len(report_lines) * (copies + 1)


def lookup_targets(store: EmbeddedStore) -> dict[str, str]:
    """Return an inspection, its authority's GSS code and its overall judgement, for lookups."""
    query = (
        sparql_prefixes()
        + f"""
    SELECT ?inspection ?code ?judgement WHERE {{
      ?judgement okg:judgementOf ?inspection ; okg:area <{OVERALL}> ; okg:grade ?grade ;
                 okg:derivedFromPassage ?passage .
      ?inspection okg:inspects ?authority .
      ?authority okg:gssCode ?code .
    }} ORDER BY ?inspection LIMIT 1"""
    )
    row = next(iter(store.query(query)))
    return {name: row[name].value for name in ("inspection", "code", "judgement")}


def queries(targets: dict[str, str]) -> list[BenchQuery]:
    """Return the researcher query set, its lookups aimed at `targets`."""
    inspection, code, judgement = targets["inspection"], targets["code"], targets["judgement"]
    texts = [
        ("inspection by IRI", "lookup", f"SELECT ?p ?o WHERE {{ <{inspection}> ?p ?o }}"),
        (
            "inspections of an authority",
            "lookup",
            f"""SELECT ?inspection ?start ?type WHERE {{
              ?authority okg:gssCode "{code}" .
              ?inspection okg:inspects ?authority ; schema:startDate ?start ;
                          okg:reportType ?type .
            }} ORDER BY ?start""",
        ),
        (
            "evidence for a judgement",
            "lookup",
            f"""SELECT ?page ?quote WHERE {{
              <{judgement}> okg:derivedFromPassage ?passage .
              ?passage okg:page ?page ; okg:quote ?quote .
            }}""",
        ),
        (
            "overall grade distribution",
            "aggregate",
            """SELECT ?grade (COUNT(*) AS ?n) WHERE {
              ?j okg:area <{OVERALL}> ; okg:grade ?concept .
              ?concept skos:prefLabel ?grade .
            } GROUP BY ?grade ORDER BY DESC(?n)""",
        ),
        (
            "grades by framework and year",
            "aggregate",
            """SELECT ?framework ?year ?grade (COUNT(*) AS ?n) WHERE {
              ?j okg:area <{OVERALL}> ; okg:grade ?grade ; okg:judgementOf ?i .
              ?i okg:framework ?framework ; schema:startDate ?start .
              BIND(YEAR(?start) AS ?year)
            } GROUP BY ?framework ?year ?grade ORDER BY ?framework ?year""",
        ),
        (
            "improvement over time",
            "join",
            """SELECT ?authority ?first ?last ?from ?to WHERE {
              {
                SELECT ?authority (MIN(?start) AS ?first) (MAX(?start) AS ?last) WHERE {
                  ?j okg:area <{OVERALL}> ; okg:judgementOf ?i .
                  ?i okg:inspects ?authority ; schema:startDate ?start .
                } GROUP BY ?authority
              }
              ?j1 okg:area <{OVERALL}> ; okg:judgementOf ?i1 ;
                  okg:grade/skos:exactMatch/skos:notation ?from .
              ?i1 okg:inspects ?authority ; schema:startDate ?first .
              ?j2 okg:area <{OVERALL}> ; okg:judgementOf ?i2 ;
                  okg:grade/skos:exactMatch/skos:notation ?to .
              ?i2 okg:inspects ?authority ; schema:startDate ?last .
              FILTER(?to < ?from)
            }""",
        ),
        (
            "recommendations mentioning supervision",
            "scan",
            """SELECT ?recommendation ?text WHERE {
              ?recommendation a okg:Recommendation ; rdf:value ?text .
              FILTER(CONTAINS(LCASE(STR(?text)), "supervision"))
            }""",
        ),
        (
            "partnerships of inspected authorities",
            "join",
            """SELECT ?partnership ?label (COUNT(DISTINCT ?inspection) AS ?inspections) WHERE {
              ?partnership a okg:Partnership ; rdfs:label ?label ; org:hasMember ?authority .
              ?inspection okg:inspects ?authority .
              ?judgement okg:judgementOf ?inspection ; okg:area <{OVERALL}> .
            } GROUP BY ?partnership ?label ORDER BY DESC(?inspections)""",
        ),
        (
            "triples per report graph",
            "scan",
            """SELECT ?graph (COUNT(*) AS ?triples) WHERE {
              GRAPH ?graph { ?s ?p ?o }
            } GROUP BY ?graph ORDER BY DESC(?triples) LIMIT 20""",
        ),
        (
            "facts read from each page",
            "aggregate",
            """SELECT ?page (COUNT(DISTINCT ?fact) AS ?facts) WHERE {
              ?fact okg:derivedFromPassage ?passage . ?passage okg:page ?page .
            } GROUP BY ?page ORDER BY ?page""",
        ),
    ]
    return [
        BenchQuery(name, kind, sparql_prefixes() + text.replace("<{OVERALL}>", f"<{OVERALL}>"))
        for name, kind, text in texts
    ]
