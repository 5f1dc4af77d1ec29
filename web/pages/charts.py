"""Charts: the heatmap of latest grades, and each authority's grades across inspections.

Each chart is served as a page (the SVG inline, so its labels are links), as SVG, as PNG and as
the CSV of the rows behind it, and links to the SPARQL that drew it, opened in the editor.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template
from markupsafe import Markup

from graph.charts import Scene, grade_history_scene, heatmap_scene, rows_csv
from graph.named_queries import named_query
from web.pages.drawing import to_png, to_svg
from web.pages.links import href, id_iri
from web.pages.querying import select_values

bp = Blueprint("charts", __name__)

GSS_CODE = re.compile(r"^[EWSN]\d{8}$")
HEATMAP_QUERY = "latest-grades"
HISTORY_QUERY = "grade-history"
HEATMAP_COLUMNS = ("name", "area", "areaLabel", "start", "framework", "scale", "grade")
HISTORY_COLUMNS = ("name", "start", "framework", "area", "areaLabel", "scale", "grade")
AUTHORITIES_QUERY = """
SELECT DISTINCT ?authority ?name ?gss WHERE {
  ?judgement a okg:Judgement ; okg:judgementOf ?inspection .
  ?inspection okg:inspects ?authority .
  ?authority rdfs:label ?name ; okg:gssCode ?gss .
} ORDER BY ?name"""


def editor_link(sparql: str) -> str:
    """Return the link that opens `sparql` in the query editor."""
    return "/sparql#query=" + quote(sparql, safe="")


def history_sparql(authority: str) -> str:
    """Return the SPARQL of one authority's grade chart: grade-history.rq for that authority."""
    return named_query(HISTORY_QUERY).sparql.rstrip() + f"\nVALUES ?authority {{ <{authority}> }}\n"


def history_rows(authority: str) -> list[dict[str, str]]:
    """Return the rows behind one authority's grade chart."""
    return select_values(history_sparql(authority))


def history_chart(authority: str) -> dict[str, Any] | None:
    """Return one authority's grade chart as the pages show it: SVG and download links."""
    rows = history_rows(authority)
    if not rows:
        return None
    gss = authority.rsplit("/", 1)[-1]
    base = f"/charts/authority/{quote(gss)}"
    return {
        "title": f"Grades of {rows[0]['name']} across inspections",
        "svg": Markup(to_svg(grade_history_scene(rows, href, rows[0]["name"]))),
        "downloads": _downloads(base),
        "sparql_link": editor_link(history_sparql(authority)),
        "page": base,
    }


def heatmap_chart() -> dict[str, Any]:
    """Return the heatmap of latest grades as the charts page shows it."""
    rows = select_values(named_query(HEATMAP_QUERY).sparql)
    return {
        "title": "Latest grade of each authority in each judgement area",
        "svg": Markup(to_svg(heatmap_scene(rows, href))) if rows else None,
        "downloads": _downloads("/charts/latest-grades"),
        "sparql_link": f"/sparql?named={HEATMAP_QUERY}",
        "query_name": HEATMAP_QUERY,
    }


def _downloads(base: str) -> list[dict[str, str]]:
    return [
        {"label": "SVG", "href": base + ".svg"},
        {"label": "PNG", "href": base + ".png"},
        {"label": "CSV", "href": base + ".csv"},
    ]


@bp.get("/charts")
@bp.get("/charts/")
def index() -> str:
    """Show the heatmap and the list of authorities with a grade chart."""
    return render_template(
        "charts.html", heatmap=heatmap_chart(), authorities=select_values(AUTHORITIES_QUERY)
    )


@bp.get("/charts/latest-grades.<extension>")
def heatmap_file(extension: str) -> Response:
    """Return the heatmap as SVG or PNG, or its rows as CSV."""
    rows = select_values(named_query(HEATMAP_QUERY).sparql)
    return _chart_file(extension, rows, HEATMAP_COLUMNS, lambda: heatmap_scene(rows, href))


@bp.get("/charts/authority/<gss>")
def authority_page(gss: str) -> str:
    """Show one authority's grade chart."""
    authority = _authority(gss)
    chart = history_chart(authority)
    if chart is None:
        abort(404, description=f"no graded inspection of {gss} is known")
    return render_template("chart_authority.html", chart=chart, authority=authority)


@bp.get("/charts/authority/<gss>.<extension>")
def authority_file(gss: str, extension: str) -> Response:
    """Return one authority's grade chart as SVG or PNG, or its rows as CSV."""
    authority = _authority(gss)
    rows = history_rows(authority)
    if not rows:
        abort(404, description=f"no graded inspection of {gss} is known")
    return _chart_file(
        extension, rows, HISTORY_COLUMNS, lambda: grade_history_scene(rows, href, rows[0]["name"])
    )


def _authority(gss: str) -> str:
    if not GSS_CODE.match(gss):
        abort(404, description=f"{gss!r} is not a GSS code")
    return id_iri(f"authority/{gss}")


def _chart_file(
    extension: str,
    rows: list[dict[str, str]],
    columns: Sequence[str],
    scene: Callable[[], Scene],
) -> Response:
    if extension == "csv":
        return Response(rows_csv(rows, columns), content_type="text/csv; charset=utf-8")
    if extension == "svg":
        return Response(_standalone(to_svg(scene())), content_type="image/svg+xml; charset=utf-8")
    if extension == "png":
        return Response(to_png(scene()), content_type="image/png")
    abort(404, description="charts come as .svg, .png or .csv")


def _standalone(svg: str) -> str:
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
