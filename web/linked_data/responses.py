"""Content negotiation for the linked-data pages: HTML for browsers, RDF for machines.

A `format` parameter (html, ttl, nt, jsonld, rdfxml, nq, trig) overrides the Accept header.
Among equally acceptable formats the order the view lists wins, so `*/*` (curl, most RDF
tools) gets that view's first format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import Response, request
from rdflib import Graph

from web.errors import BadRequest, NotAcceptable
from web.negotiation import negotiate


@dataclass(frozen=True, slots=True)
class Representation:
    """One way a resource can be written."""

    name: str
    media_type: str
    rdflib_format: str | None  # None for HTML


HTML = Representation("html", "text/html", None)
TURTLE = Representation("ttl", "text/turtle", "turtle")
NTRIPLES = Representation("nt", "application/n-triples", "nt")
JSONLD = Representation("jsonld", "application/ld+json", "json-ld")
RDFXML = Representation("rdfxml", "application/rdf+xml", "xml")
NQUADS = Representation("nq", "application/n-quads", "nquads")
TRIG = Representation("trig", "application/trig", "trig")
RDF_GRAPH = (TURTLE, NTRIPLES, JSONLD, RDFXML)
# Other names clients use for the same formats.
ALIASES = {
    "turtle": "ttl",
    "text/turtle": "ttl",
    "ntriples": "nt",
    "n-triples": "nt",
    "json-ld": "jsonld",
    "json": "jsonld",
    "rdf": "rdfxml",
    "xml": "rdfxml",
    "rdf+xml": "rdfxml",
    "nquads": "nq",
    "n-quads": "nq",
}
# More media types that name one of the formats above.
EXTRA_MEDIA_TYPES = (
    ("application/x-turtle", "ttl"),
    ("text/plain", "nt"),
    ("application/json", "jsonld"),
    ("application/xhtml+xml", "html"),
)


def choose(options: Sequence[Representation]) -> Representation:
    """Return the representation the request asks for among `options` (in server order)."""
    by_name = {option.name: option for option in options}
    values = request.args.getlist("format")
    if values:
        for value in values:
            name = ALIASES.get(value.strip().lower(), value.strip().lower())
            if name in by_name:
                return by_name[name]
        raise BadRequest(f"unknown format {', '.join(values)!r}; use one of {', '.join(by_name)}")
    candidates = [(option.media_type, option.name) for option in options]
    candidates += [(media, name) for media, name in EXTRA_MEDIA_TYPES if name in by_name]
    chosen = negotiate(request.headers.get("Accept"), candidates)
    if chosen is None:
        raise NotAcceptable(
            "this resource is written as " + ", ".join(option.media_type for option in options)
        )
    return by_name[chosen]


def rdf_response(graph: Graph, representation: Representation) -> Response:
    """Return `graph` written in `representation` (an RDF format)."""
    body = graph.serialize(format=representation.rdflib_format, encoding="utf-8")
    return negotiated(Response(body, content_type=content_type(representation)))


def content_type(representation: Representation) -> str:
    """Return the Content-Type header value, with a charset for the text formats."""
    if representation.media_type.startswith("text/"):
        return representation.media_type + "; charset=utf-8"
    return representation.media_type


def negotiated(response: Response) -> Response:
    """Mark a response as varying with the Accept header (for caches)."""
    response.vary.add("Accept")
    return response
