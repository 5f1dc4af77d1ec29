"""A read-only SPARQL 1.1 Graph Store HTTP Protocol endpoint at /store.

`GET /store?graph=IRI` returns one named graph (a report's graph, the reference graph or the
build graph); `GET /store?default` returns the default graph, the union of the report and
reference graphs, which is the union dump in the format asked for. HEAD works as GET does;
PUT, POST and DELETE are refused with 405, as the protocol says for a read-only store.
"""

from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, Response, request, send_file
from werkzeug.exceptions import NotFound

from graph.dumps import dump_filename, snapshot
from graph.vocab import PREFIXES
from web.errors import BadRequest
from web.linked_data.publisher import get_publisher
from web.linked_data.responses import (
    JSONLD,
    NQUADS,
    NTRIPLES,
    RDFXML,
    TRIG,
    TURTLE,
    Representation,
    choose,
    content_type,
    negotiated,
)

GRAPH_REPRESENTATIONS = (TURTLE, NTRIPLES, RDFXML, JSONLD, NQUADS, TRIG)
DATASET_REPRESENTATIONS = (NQUADS, TRIG)  # these keep the graph's name
WRITERS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
# The default graph is sent as the union dump; a dataset format gets its graph-format subset
# (N-Triples is N-Quads without graph names, Turtle is TriG without them).
DEFAULT_GRAPH_DUMPS = {"ttl": "ttl", "nt": "nt", "rdfxml": "rdfxml", "jsonld": "jsonld",
                       "nq": "nt", "trig": "ttl"}  # fmt: skip


def graph_store() -> Response:
    """Answer a Graph Store Protocol GET: ?graph=IRI or ?default."""
    has_graph, has_default = "graph" in request.args, "default" in request.args
    if has_graph == has_default:
        raise BadRequest("name the graph: ?graph=IRI for a named graph, or ?default")
    representation = choose(GRAPH_REPRESENTATIONS)
    if has_default:
        return _default_graph(representation)
    return _named_graph(request.args["graph"], representation)


def _named_graph(iri: str, representation: Representation) -> Response:
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise BadRequest(f"{iri!r} is not an absolute IRI") from None
    source = snapshot(get_publisher().store, include_build_graph=True)
    if iri not in source.graphs:
        raise NotFound(f"the store has no graph <{iri}>")
    quads = source.quads(iri)
    rdf_format = WRITERS[representation.name]
    statements: list = quads
    if representation not in DATASET_REPRESENTATIONS:  # a graph format: the triples alone
        statements = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    prefixes = None if rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else PREFIXES
    if rdf_format is ox.RdfFormat.JSON_LD:
        prefixes = None  # the JSON-LD writer takes no prefixes
    body = ox.serialize(statements, format=rdf_format, prefixes=prefixes) or b""
    return negotiated(Response(body, content_type=content_type(representation)))


def _default_graph(representation: Representation) -> Response:
    filename = dump_filename(DEFAULT_GRAPH_DUMPS[representation.name])
    path = get_publisher().dump_file(filename)
    if path is None:
        raise NotFound("the default graph is not available")
    response = send_file(
        path, mimetype=representation.media_type, conditional=True, etag=True, max_age=60
    )
    return negotiated(response)


def add_routes(bp: Blueprint) -> None:
    """Add the Graph Store endpoint to `bp` (GET and HEAD only)."""
    bp.add_url_rule("/store", view_func=graph_store, methods=["GET"])
