"""The home page: what the dataset holds, links to everything, a short guide to the model."""

from __future__ import annotations

from flask import Blueprint, render_template

from graph.named_queries import named_queries
from web.pages.querying import select_values

bp = Blueprint("home", __name__)

COUNTS_QUERY = """
SELECT
  (COUNT(DISTINCT ?authority) AS ?authorities)
  (COUNT(DISTINCT ?inspected) AS ?inspected)
  (COUNT(DISTINCT ?report) AS ?reports)
  (COUNT(DISTINCT ?inspection) AS ?inspections)
  (COUNT(DISTINCT ?judgement) AS ?judgements)
  (COUNT(DISTINCT ?recommendation) AS ?recommendations)
  (COUNT(DISTINCT ?finding) AS ?findings)
  (COUNT(DISTINCT ?partnership) AS ?partnerships)
WHERE {
  { ?authority a okg:LocalAuthority }
  UNION { ?inspection a okg:Inspection ; okg:inspects ?inspected }
  UNION { ?report a okg:InspectionReport } UNION { ?report a okg:CommitteeReport }
  UNION { ?judgement a okg:Judgement }
  UNION { ?recommendation a okg:Recommendation }
  UNION { ?finding a okg:Finding }
  UNION { ?partnership a okg:Partnership ; org:hasMember ?member }
}"""
YEARS_QUERY = """
SELECT (MIN(?start) AS ?first) (MAX(?start) AS ?last) WHERE {
  ?inspection a okg:Inspection ; schema:startDate ?start .
}"""
RECENT_QUERY = """
SELECT DISTINCT ?inspection ?start ?authority ?name ?typeLabel WHERE {
  ?inspection a okg:Inspection ; schema:startDate ?start ; okg:inspects ?authority .
  ?authority rdfs:label ?name .
  OPTIONAL { ?inspection okg:reportType/skos:prefLabel ?typeLabel }
} ORDER BY DESC(?start) LIMIT 10"""


def home_view() -> dict:
    """Return what the home page shows."""
    counts = select_values(COUNTS_QUERY)[0]
    years = select_values(YEARS_QUERY)[0]
    return {
        "counts": counts,
        "first_year": years.get("first", "")[:4],
        "last_year": years.get("last", "")[:4],
        "recent": select_values(RECENT_QUERY),
        "queries": list(named_queries().values()),
    }


@bp.get("/")
def index() -> str:
    """Show the home page."""
    return render_template("home.html", **home_view())
