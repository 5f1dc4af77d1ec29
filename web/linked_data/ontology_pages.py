"""The ontology at its own IRI path, /def: HTML documentation for browsers, Turtle for machines.

/def             the ontology (okg.ttl): HTML, Turtle, N-Triples, JSON-LD or RDF/XML
/def/shapes      the SHACL shapes (shapes.ttl) in RDF; a browser goes to /def#shapes
/def/okg.ttl, /def/schemes.ttl, /def/shapes.ttl   the source files as they are
/def/diagram.svg the model diagram
"""

from __future__ import annotations

from functools import cache

from flask import Blueprint, Response, redirect, render_template
from markupsafe import Markup
from rdflib import Graph
from werkzeug.exceptions import NotFound

from graph.named_queries import named_queries
from graph.query_catalogue import query_iri
from ontology import ONTOLOGY_FILE, SCHEMES_FILE, SHAPES_FILE
from web.linked_data.diagram import diagram_svg
from web.linked_data.ontology_model import ontology_graph, ontology_view
from web.linked_data.responses import HTML, RDF_GRAPH, TURTLE, choose, content_type, negotiated
from web.linked_data.shapes_model import shapes_view

SOURCE_FILES = {path.name: path for path in (ONTOLOGY_FILE, SCHEMES_FILE, SHAPES_FILE)}


@cache
def _diagram(link_prefix: str) -> str:
    return diagram_svg(ontology_graph(), link_prefix)


def _turtle_file(name: str, representation) -> Response:
    path = SOURCE_FILES[name]
    if representation is TURTLE:
        body = path.read_bytes()  # the file as written, with its comments
    else:
        graph = Graph().parse(path, format="turtle")
        body = graph.serialize(format=representation.rdflib_format, encoding="utf-8")
    return negotiated(Response(body, content_type=content_type(representation)))


def page_view() -> dict:
    """Return everything the ontology page shows."""
    return {
        **ontology_view(),
        "shapes": shapes_view(),
        "diagram": Markup(_diagram("#")),  # drawn here; every text in it is escaped
        "queries": [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "iri": query_iri(q.name).value,
            }
            for q in named_queries().values()
        ],
        "files": sorted(SOURCE_FILES),
    }


def ontology() -> Response:
    """Return the ontology: documentation to a browser, the OWL terms in RDF otherwise."""
    representation = choose((TURTLE, *[r for r in RDF_GRAPH if r is not TURTLE], HTML))
    if representation is HTML:
        html = render_template("linked_data/ontology.html", **page_view())
        return negotiated(Response(html, content_type="text/html; charset=utf-8"))
    return _turtle_file(ONTOLOGY_FILE.name, representation)


def shapes() -> Response:
    """Return the SHACL shapes in RDF, or send a browser to their documentation."""
    representation = choose((TURTLE, *[r for r in RDF_GRAPH if r is not TURTLE], HTML))
    if representation is HTML:
        return negotiated(redirect("/def#shapes", code=303))
    return _turtle_file(SHAPES_FILE.name, representation)


def source_file(name: str) -> Response:
    """Return one of the ontology's Turtle files as it is."""
    if name not in SOURCE_FILES:
        raise NotFound(f"no file {name!r}; the files are {', '.join(sorted(SOURCE_FILES))}")
    return _turtle_file(name, TURTLE)


def diagram() -> Response:
    """Return the model diagram as an SVG file."""
    return Response(_diagram("/def#"), content_type="image/svg+xml")


def add_routes(bp: Blueprint) -> None:
    """Add the ontology's routes to `bp`."""
    bp.add_url_rule("/def", view_func=ontology)
    bp.add_url_rule("/def/shapes", view_func=shapes)
    bp.add_url_rule("/def/diagram.svg", view_func=diagram)
    bp.add_url_rule("/def/<name>", view_func=source_file)
