"""Queries for the pages, run in the app's query workers like any endpoint query.

The web process never opens the store itself: a page's SPARQL goes to a worker (which can be
stopped when it runs too long), and comes back as SPARQL JSON results or serialised triples.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import current_app

from graph.settings import Settings
from web.execution import QueryJob, QueryOutcome
from web.query_runner import get_runner
from web.sparql import checked


@dataclass(frozen=True, slots=True)
class Cell:
    """One bound value of a result row: an IRI, a blank node or a literal."""

    value: str
    kind: str  # "uri", "bnode" or "literal"
    datatype: str = ""
    lang: str = ""

    @property
    def is_iri(self) -> bool:
        return self.kind == "uri"


Row = dict[str, Cell]


def select(sparql: str) -> list[Row]:
    """Run a SELECT query and return its rows (unbound variables are absent)."""
    body = _run(_job(sparql, results_format="json")).body
    bindings = json.loads(body)["results"]["bindings"]
    return [{name: _cell(value) for name, value in row.items()} for row in bindings]


def select_values(sparql: str) -> list[dict[str, str]]:
    """Run a SELECT query and return its rows as plain strings."""
    return [{name: cell.value for name, cell in row.items()} for row in select(sparql)]


def select_csv(sparql: str) -> bytes:
    """Run a SELECT query and return its results as SPARQL CSV."""
    return _run(_job(sparql, results_format="csv")).body


def select_json(sparql: str) -> bytes:
    """Run a SELECT query and return its results as SPARQL JSON."""
    return _run(_job(sparql, results_format="json")).body


def construct(sparql: str, graph_format: str) -> bytes:
    """Run a CONSTRUCT query and return the triples in `graph_format` (turtle, jsonld, ...)."""
    return _run(_job(sparql, graph_format=graph_format)).body


def _job(
    sparql: str, *, results_format: str | None = None, graph_format: str | None = None
) -> QueryJob:
    return QueryJob(
        sparql=sparql,
        results_format=results_format,
        graph_format=graph_format,
        row_limit=_settings().row_limit,
    )


def _run(job: QueryJob) -> QueryOutcome:
    return checked(get_runner().run(job, _settings().query_timeout))


def _settings() -> Settings:
    return current_app.config["SETTINGS"]


def _cell(binding: dict[str, str]) -> Cell:
    kind = binding["type"]
    if kind == "typed-literal":
        kind = "literal"
    return Cell(binding["value"], kind, binding.get("datatype", ""), binding.get("xml:lang", ""))
