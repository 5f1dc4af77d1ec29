"""Content negotiation: which format a client gets, from its Accept header or a `format` parameter.

Accept headers are read as RFC 9110 says: the most specific media range that matches a format
gives its quality, q=0 refuses it, and among equal qualities the server's order below wins. A
`format` parameter (a short name such as `csv`, or a media type) overrides the header, for
browsers and for clients such as SPARQLWrapper that send one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Format:
    """A serialisation the endpoint writes: SPARQL results or an RDF graph."""

    name: str
    media_type: str
    kind: str  # "results" (SELECT, ASK) or "graph" (CONSTRUCT, DESCRIBE)


RESULT_FORMATS = {
    "json": Format("json", "application/sparql-results+json", "results"),
    "xml": Format("xml", "application/sparql-results+xml", "results"),
    "csv": Format("csv", "text/csv; charset=utf-8", "results"),
    "tsv": Format("tsv", "text/tab-separated-values; charset=utf-8", "results"),
}
GRAPH_FORMATS = {
    "turtle": Format("turtle", "text/turtle", "graph"),
    "ntriples": Format("ntriples", "application/n-triples", "graph"),
    "rdfxml": Format("rdfxml", "application/rdf+xml", "graph"),
    "jsonld": Format("jsonld", "application/ld+json", "graph"),
}

# Media types a client may ask for, in the server's order of preference.
RESULT_MEDIA_TYPES = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
    ("application/json", "json"),
    ("application/xml", "xml"),
    ("text/xml", "xml"),
)
GRAPH_MEDIA_TYPES = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "ntriples"),
    ("application/rdf+xml", "rdfxml"),
    ("application/ld+json", "jsonld"),
    ("application/x-turtle", "turtle"),
    ("application/turtle", "turtle"),
    ("text/n3", "turtle"),  # Turtle is N3 without its extensions
    ("text/rdf+n3", "turtle"),
    ("application/n3", "turtle"),
    ("text/plain", "ntriples"),
    ("application/xml", "rdfxml"),
    ("application/x-json+ld", "jsonld"),
    ("application/json", "jsonld"),
)
# Short names for the `format` parameter: (results format, graph format).
FORMAT_NAMES = {
    "json": ("json", "jsonld"),
    "xml": ("xml", "rdfxml"),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),
    "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"),
    "nt": (None, "ntriples"),
    "rdfxml": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
}


class UnknownFormat(ValueError):
    """A `format` parameter names no format the endpoint knows."""


@dataclass(frozen=True, slots=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """Return how specifically this range matches `media_type` (0: not at all)."""
        main, _, sub = media_type.partition("/")
        if self.type == "*":
            return 1
        if self.type != main:
            return 0
        if self.subtype == "*":
            return 2
        return 3 if self.subtype == sub else 0


@lru_cache(maxsize=256)
def parse_accept(header: str | None) -> tuple[MediaRange, ...]:
    """Return the media ranges of an Accept header; no header means anything (*/*)."""
    if not header or not header.strip():
        return (MediaRange("*", "*", 1.0),)
    ranges = []
    for part in header.split(","):
        media, *parameters = (piece.strip() for piece in part.split(";"))
        main, slash, sub = media.lower().partition("/")
        if not slash or not main or not sub:
            continue  # a malformed entry asks for nothing
        q = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(main, sub, q))
    return tuple(ranges)


def quality(ranges: Iterable[MediaRange], media_type: str) -> float:
    """Return the quality the most specific matching range gives `media_type` (0 if none)."""
    best_specificity, best_q = 0, 0.0
    for media_range in ranges:
        specificity = media_range.matches(media_type)
        if specificity > best_specificity:
            best_specificity, best_q = specificity, media_range.q
    return best_q


def negotiate(header: str | None, candidates: Sequence[tuple[str, T]]) -> T | None:
    """Return the value of the candidate the header accepts best, or None if it accepts none."""
    ranges = parse_accept(header)
    best: T | None = None
    best_q = 0.0
    for media_type, value in candidates:
        q = quality(ranges, media_type)
        if q > best_q:
            best, best_q = value, q
    return best


def choose_formats(
    accept: str | None, format_values: Sequence[str] = ()
) -> tuple[Format | None, Format | None]:
    """Return the (results, graph) formats for a query; None where nothing fits."""
    if format_values:
        return _formats_from_parameter(format_values)
    return _formats_from_accept(accept)


@lru_cache(maxsize=256)
def _formats_from_accept(accept: str | None) -> tuple[Format | None, Format | None]:
    # Clients send the same few Accept headers over and over: negotiate each once.
    results = negotiate(accept, RESULT_MEDIA_TYPES)
    graph = negotiate(accept, GRAPH_MEDIA_TYPES)
    return (
        RESULT_FORMATS[results] if results else None,
        GRAPH_FORMATS[graph] if graph else None,
    )


def _formats_from_parameter(values: Sequence[str]) -> tuple[Format | None, Format | None]:
    results: str | None = None
    graph: str | None = None
    known = False
    for raw in values:
        value = raw.strip().lower()
        media_type = value.split(";")[0].strip()
        names = FORMAT_NAMES.get(value) or (
            dict(RESULT_MEDIA_TYPES).get(media_type),
            dict(GRAPH_MEDIA_TYPES).get(media_type),
        )
        if names == (None, None):
            continue
        known = True
        results = results or names[0]
        graph = graph or names[1]
    if not known:
        raise UnknownFormat(
            f"unknown format {', '.join(values)!r}; use one of {', '.join(FORMAT_NAMES)} "
            "or a media type"
        )
    return (
        RESULT_FORMATS[results] if results else None,
        GRAPH_FORMATS[graph] if graph else None,
    )


def prefers_json(accept: str | None) -> bool:
    """Return True if the client names a JSON type and likes it at least as well as text."""
    ranges = parse_accept(accept)
    json_q = max(
        (
            r.q
            for r in ranges
            if r.subtype == "json" or r.subtype.endswith("+json") or r.subtype == "javascript"
        ),
        default=0.0,
    )
    return json_q > 0 and json_q >= quality(ranges, "text/plain")
