"""A page for every IRI we mint: https://w3id.org/ofsted-kg/id/PATH is served at /id/PATH.

Browsers get HTML: the thing's label and types, the parts of it a reader wants first (an
authority's inspections and grades, the quoted words behind a grade...), then every property
and every link to it from elsewhere. Data clients get the same triples (outgoing and incoming)
as Turtle, JSON-LD or N-Triples, by the Accept header or by a suffix (.ttl, .jsonld, .nt).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, abort, render_template, request

from web.negotiation import GRAPH_FORMATS, negotiate
from web.pages.entity_sections import section_for
from web.pages.links import compact, id_iri, is_safe_iri, readable_tail
from web.pages.querying import Cell, Row, construct, select

bp = Blueprint("entity", __name__)

SUFFIXES = {".ttl": "turtle", ".jsonld": "jsonld", ".nt": "ntriples"}
PAGE_MEDIA_TYPES = (
    ("text/html", "html"),
    ("application/xhtml+xml", "html"),
    ("text/turtle", "turtle"),
    ("application/ld+json", "jsonld"),
    ("application/n-triples", "ntriples"),
    ("application/json", "jsonld"),
    ("text/plain", "ntriples"),
)
INCOMING_SHOWN = 300
LABEL_PROPERTIES = (
    "rdfs:label",
    "skos:prefLabel",
    "schema:name",
    "dcterms:title",
    "rdf:value",
    "okg:quote",
)
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def label_pattern(variable: str) -> str:
    """Return SPARQL binding ?{variable}Label to the first label-like value of ?{variable}."""
    optionals = " ".join(
        f"OPTIONAL {{ ?{variable} {prop} ?{variable}L{index} }}"
        for index, prop in enumerate(LABEL_PROPERTIES)
    )
    candidates = ", ".join(f"?{variable}L{index}" for index in range(len(LABEL_PROPERTIES)))
    return f"{optionals} BIND(COALESCE({candidates}) AS ?{variable}Label)"


def outgoing_query(iri: str) -> str:
    """Return the SELECT of every property of `iri`, with a label for each IRI value."""
    return f"""SELECT ?p ?o ?oLabel WHERE {{
  <{iri}> ?p ?o . {label_pattern("o")}
}}"""


def incoming_query(iri: str, limit: int) -> str:
    """Return the SELECT of the first `limit` things linking to `iri`, with their labels."""
    return f"""SELECT ?s ?p ?sLabel WHERE {{
  {{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p <{iri}> }} ORDER BY ?p ?s LIMIT {limit} }}
  {label_pattern("s")}
}}"""


def incoming_count_query(iri: str) -> str:
    """Return the SELECT counting the things linking to `iri`."""
    return f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s ?p <{iri}> }}"


def describe_query(iri: str) -> str:
    """Return the CONSTRUCT of the triples about `iri`: outgoing and incoming."""
    return f"""CONSTRUCT {{ <{iri}> ?p ?o . ?s ?q <{iri}> }} WHERE {{
  {{ <{iri}> ?p ?o }} UNION {{ ?s ?q <{iri}> }}
}}"""


@bp.get("/id/<path:path>")
def page(path: str) -> Response | str:
    """Serve the thing minted as id:PATH as HTML or RDF."""
    if not is_safe_iri(id_iri(path)):
        abort(404, description="that is not an IRI this server mints")
    for suffix, graph_format in SUFFIXES.items():
        if path.endswith(suffix) and _exists(id_iri(path[: -len(suffix)])):
            return _data(id_iri(path[: -len(suffix)]), graph_format)
    iri = id_iri(path)
    choice = negotiate(request.headers.get("Accept"), PAGE_MEDIA_TYPES) or "html"
    if choice != "html":
        if not _exists(iri):
            abort(404, description=f"nothing is known about <{iri}>")
        return _data(iri, choice)
    view = entity_view(iri)
    if view is None:
        response = Response(render_template("not_found.html", iri=iri), status=404)
    else:
        response = Response(render_template("entity.html", **view))
    response.vary.add("Accept")
    return response


def _exists(iri: str) -> bool:
    return bool(
        select(f"SELECT ?x WHERE {{ {{ <{iri}> ?p ?x }} UNION {{ ?x ?p <{iri}> }} }} LIMIT 1")
    )


def _data(iri: str, graph_format: str) -> Response:
    response = Response(
        construct(describe_query(iri), graph_format),
        content_type=GRAPH_FORMATS[graph_format].media_type,
    )
    response.vary.add("Accept")
    return response


def entity_view(iri: str) -> dict[str, Any] | None:
    """Return everything the HTML page of `iri` shows, or None if the graph does not know it."""
    outgoing = select(outgoing_query(iri))
    incoming = select(incoming_query(iri, INCOMING_SHOWN))
    if not outgoing and not incoming:
        return None
    incoming_total = int(select(incoming_count_query(iri))[0]["n"].value)
    types = sorted({row["o"].value for row in outgoing if row["p"].value == RDF_TYPE})
    properties = group_properties(outgoing)
    label = first_label(outgoing) or readable_tail(iri)
    return {
        "iri": iri,
        "label": label,
        "types": [{"iri": t, "name": compact(t)} for t in types],
        "properties": properties,
        "incoming": group_incoming(incoming),
        "incoming_total": incoming_total,
        "incoming_shown": min(incoming_total, INCOMING_SHOWN),
        "incoming_query": f"SELECT ?s ?p WHERE {{\n  ?s ?p <{iri}>\n}}\nORDER BY ?p ?s",
        "section": section_for(iri, types, properties),
        "formats": [(name, suffix) for suffix, name in SUFFIXES.items()],
        "path": request.path,
    }


def first_label(outgoing: Iterable[Row]) -> str:
    """Return the page's own label: the first label-like property it has."""
    by_property: dict[str, str] = {}
    for row in outgoing:
        by_property.setdefault(compact(row["p"].value), row["o"].value)
    for prop in LABEL_PROPERTIES:
        if prop in by_property:
            return _shorten(by_property[prop], 140)
    return ""


def group_properties(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Return property rows grouped by predicate: [{iri, name, values: [value dicts]}]."""
    groups: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        predicate, value = row["p"].value, row["o"]
        if (predicate, value.value) in seen:
            continue
        seen.add((predicate, value.value))
        group = groups.setdefault(
            predicate, {"iri": predicate, "name": compact(predicate), "values": []}
        )
        group["values"].append(value_dict(value, row.get("oLabel")))
    return sorted(groups.values(), key=lambda group: (group["name"] != "rdf:type", group["name"]))


def group_incoming(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Return incoming links grouped by predicate, each subject with its label."""
    groups: dict[str, dict[str, Any]] = {}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        predicate, subject = row["p"].value, row["s"]
        if (predicate, subject.value) in seen:
            continue
        seen.add((predicate, subject.value))
        group = groups.setdefault(
            predicate, {"iri": predicate, "name": compact(predicate), "subjects": []}
        )
        group["subjects"].append(value_dict(subject, row.get("sLabel")))
    return sorted(groups.values(), key=lambda group: group["name"])


def value_dict(cell: Cell, label: Cell | None = None) -> dict[str, Any]:
    """Return one value as the templates show it: a linked IRI or a literal."""
    if cell.is_iri:
        return {
            "iri": cell.value,
            "label": _shorten(label.value, 160) if label else readable_tail(cell.value),
        }
    return {
        "literal": cell.value,
        "datatype": compact(cell.datatype) if cell.datatype else "",
        "lang": cell.lang,
    }


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
