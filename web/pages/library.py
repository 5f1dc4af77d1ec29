"""The named research queries: a library page, and each query's results as CSV or JSON.

/queries lists them; /queries/NAME.csv and /queries/NAME.json run one (SPARQL CSV and JSON
results); /queries/NAME.rq is its text; /queries/index.json gives the library to the editor.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template

from graph.named_queries import UnknownQueryError, named_queries, named_query
from graph.vocab import PREFIXES
from web.pages.querying import select_csv, select_json

bp = Blueprint("library", __name__)


@bp.get("/queries")
@bp.get("/queries/")
def index() -> str:
    """List the named research queries with links to run and download each."""
    return render_template("queries.html", queries=list(named_queries().values()))


@bp.get("/queries/index.json")
def catalogue() -> Response:
    """Return every named query (name, title, description, SPARQL) and our prefixes."""
    items = [
        {
            "name": item.name,
            "title": item.title,
            "description": item.description,
            "sparql": item.sparql,
        }
        for item in named_queries().values()
    ]
    return jsonify({"queries": items, "prefixes": PREFIXES})


@bp.get("/queries/<name>.csv")
def as_csv(name: str) -> Response:
    """Run a named query and return its results as CSV."""
    body = select_csv(_sparql(name))
    response = Response(body, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{name}.csv"'
    return response


@bp.get("/queries/<name>.json")
def as_json(name: str) -> Response:
    """Run a named query and return its results as SPARQL JSON."""
    return Response(select_json(_sparql(name)), content_type="application/sparql-results+json")


@bp.get("/queries/<name>.rq")
def as_text(name: str) -> Response:
    """Return a named query's SPARQL text."""
    return Response(_sparql(name), content_type="application/sparql-query; charset=utf-8")


def _sparql(name: str) -> str:
    try:
        return named_query(name).sparql
    except UnknownQueryError:
        abort(404, description=f"no named query {name!r}")
