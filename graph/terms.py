"""Build RDF terms and quads for pyoxigraph: IRIs minted from keys, literals, a quad writer."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from pyoxigraph import Literal, NamedNode, Quad

from graph.iris import ID

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_DATE = NamedNode(XSD + "date")
_XSD_INTEGER = NamedNode(XSD + "integer")
_XSD_BOOLEAN = NamedNode(XSD + "boolean")
_XSD_DECIMAL = NamedNode(XSD + "decimal")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

REFERENCE_GRAPH = str(ID) + "graph/reference"
BUILD_GRAPH = str(ID) + "graph/build"


@cache
def node(iri: str) -> NamedNode:
    """Return the NamedNode for `iri` (cached: vocabulary terms recur millions of times)."""
    return NamedNode(str(iri))


def mint(*parts: object) -> NamedNode:
    """Return the IRI under id: for a key made of `parts`, e.g. mint("authority", "E09000033")."""
    return NamedNode(str(ID) + "/".join(str(part) for part in parts))


def slug(text: str) -> str:
    """Return a lower-case ASCII slug of `text` for use in an IRI."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-") or "unnamed"


def source_key(source: str) -> str:
    """Return the stable key of a source document: it names the report IRI and its graph."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


def report_iri(source: str) -> NamedNode:
    """Return the IRI of the report read from `source`; it is also the report's named graph."""
    return mint("report", source_key(source))


def text(value: str) -> Literal:
    """Return a plain string literal."""
    return Literal(value)


def english(value: str) -> Literal:
    """Return an English-tagged literal for labels."""
    return Literal(value, language="en")


def date(value: dt.date) -> Literal:
    """Return an xsd:date literal."""
    return Literal(value.isoformat(), datatype=_XSD_DATE)


def integer(value: int) -> Literal:
    """Return an xsd:integer literal."""
    return Literal(str(value), datatype=_XSD_INTEGER)


def boolean(value: bool) -> Literal:
    """Return an xsd:boolean literal."""
    return Literal("true" if value else "false", datatype=_XSD_BOOLEAN)


def decimal(value: float) -> Literal:
    """Return an xsd:decimal literal, written without exponent."""
    formatted = f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return Literal(formatted, datatype=_XSD_DECIMAL)


def _as_node(term: object) -> NamedNode:
    return term if isinstance(term, NamedNode) else node(str(term))


class QuadWriter:
    """Collect the quads of one named graph."""

    def __init__(self, graph: NamedNode | str) -> None:
        self.graph = graph if isinstance(graph, NamedNode) else node(graph)
        self.quads: list[Quad] = []

    def add(self, subject: NamedNode, predicate: object, obj: NamedNode | Literal | None) -> None:
        """Add one statement; a None object is skipped so optional facts need no if."""
        if obj is None:
            return
        self.quads.append(Quad(subject, _as_node(predicate), obj, self.graph))

    def add_all(self, subject: NamedNode, predicate: object, objects: Iterable[NamedNode]) -> None:
        """Add one statement per object."""
        for obj in objects:
            self.add(subject, predicate, obj)

    def typed(self, subject: NamedNode, *classes: object) -> NamedNode:
        """Add rdf:type statements and return the subject."""
        for cls in classes:
            self.add(subject, RDF_TYPE, _as_node(cls))
        return subject
