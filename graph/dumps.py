"""Whole-dataset dumps, streamed one named graph at a time, the same bytes for the same data.

Formats `nq` and `trig` keep the named graphs (one per source report, plus the reference
graph); `ttl`, `nt`, `jsonld` and `rdfxml` give their union, the default graph the SPARQL
endpoint serves. Only one graph is held in memory at a time, so a large store need not fit.

Reproducible releases: graphs are written in IRI order, each graph's statements in code-point
order of their N-Quads form, blank nodes get canonical labels (RDFC-1.0, per graph), prefixes are
written in a fixed order and gzip output carries no file name or time stamp. The same inputs
therefore give byte-identical dumps. The build graph (id:graph/build) is left out of every dump:
it records the day a store was built and a fingerprint of the code, so two builds of the same
inputs on different days would differ. Those facts are published in the VoID description
instead (graph/void.py), and `GET /store?graph=` still returns the build graph itself.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

import pyoxigraph as ox

from graph.store import EmbeddedStore, Store
from graph.terms import BUILD_GRAPH
from graph.vocab import PREFIXES

DUMP_STEM = "ofsted-kg"
GZIP_SUFFIX = ".gz"
# The RDF/XML writer declares this namespace for rdf:dir (base direction) on every document.
RDF_XML_EXTRA_NAMESPACES = {"its": "http://www.w3.org/2005/11/its"}


@dataclass(frozen=True, slots=True)
class DumpFormat:
    """A serialisation the whole dataset can be dumped in."""

    name: str  # the --format value
    extension: str
    media_type: str
    rdf_format: ox.RdfFormat
    keeps_graphs: bool  # True: named graphs kept; False: their union
    title: str
    w3c_name: str  # its name under http://www.w3.org/ns/formats/

    @property
    def w3c_format(self) -> str:
        """Return the W3C IRI of the format, as VoID and DCAT name it."""
        return "http://www.w3.org/ns/formats/" + self.w3c_name


_FORMAT_TABLE = (
    # name, extension, media type, pyoxigraph format, keeps graphs, title, W3C format name
    ("nq", ".nq", "application/n-quads", ox.RdfFormat.N_QUADS, True, "N-Quads", "N-Quads"),
    ("trig", ".trig", "application/trig", ox.RdfFormat.TRIG, True, "TriG", "TriG"),
    ("ttl", ".ttl", "text/turtle", ox.RdfFormat.TURTLE, False, "Turtle", "Turtle"),
    ("nt", ".nt", "application/n-triples", ox.RdfFormat.N_TRIPLES, False, "N-Triples", "N-Triples"),
    ("jsonld", ".jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, False, "JSON-LD", "JSON-LD"),
    ("rdfxml", ".rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML, False, "RDF/XML", "RDF_XML"),
)
DUMP_FORMATS: dict[str, DumpFormat] = {row[0]: DumpFormat(*row) for row in _FORMAT_TABLE}


@dataclass(frozen=True, slots=True)
class DumpSummary:
    """What a dump holds: how many graphs, and how many statements were written."""

    graphs: int
    statements: int  # quads; in the union formats a triple stated in two graphs counts twice


@dataclass(frozen=True)
class Snapshot:
    """The named graphs of one store generation, and a way to read each one."""

    graphs: tuple[str, ...]
    reader: Callable[[str], Iterable[ox.Quad]]

    def quads(self, graph: str) -> list[ox.Quad]:
        """Return `graph`'s quads with canonical blank nodes, in N-Quads code-point order."""
        return canonical_quads(self.reader(graph), graph)


def dump_filename(format_name: str, *, compressed: bool = False) -> str:
    """Return the file name a dump in `format_name` is published under."""
    name = DUMP_STEM + DUMP_FORMATS[format_name].extension
    return name + GZIP_SUFFIX if compressed else name


def parse_dump_filename(filename: str) -> tuple[DumpFormat, bool] | None:
    """Return the (format, compressed) a published file name stands for, or None."""
    compressed = filename.endswith(GZIP_SUFFIX)
    plain = filename.removesuffix(GZIP_SUFFIX)
    for format in DUMP_FORMATS.values():
        if plain == DUMP_STEM + format.extension:
            return format, compressed
    return None


def snapshot(store: Store, *, include_build_graph: bool = False) -> Snapshot:
    """Return the store's graphs as one consistent generation (a build may publish meanwhile)."""
    if isinstance(store, EmbeddedStore):
        store.refresh()
        pinned = store.raw()  # keeps this generation's files open until the dump is done
        names = sorted(graph.value for graph in pinned.named_graphs())

        def read(graph: str) -> Iterable[ox.Quad]:
            return pinned.quads_for_pattern(None, None, None, ox.NamedNode(graph))

    else:
        names = store.named_graphs()

        def read(graph: str) -> Iterable[ox.Quad]:
            node = ox.NamedNode(graph)
            triples = store.query(
                f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
                union_default_graph=False,
            )
            return (ox.Quad(t.subject, t.predicate, t.object, node) for t in triples)

    graphs = tuple(sorted(name for name in names if include_build_graph or name != BUILD_GRAPH))
    return Snapshot(graphs, read)


def canonical_quads(quads: Iterable[ox.Quad], graph: str) -> list[ox.Quad]:
    """Return `quads` with canonical blank node labels, sorted by their N-Quads form."""
    quads = list(quads)
    if any(_has_blank_node(quad) for quad in quads):
        dataset = ox.Dataset(quads)
        dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        # RDFC labels (c14n0, ...) restart in every graph; a graph prefix keeps them apart in
        # the union formats, where all graphs share one document's blank node scope.
        prefix = "g" + hashlib.sha1(graph.encode("utf-8")).hexdigest()[:8]
        quads = [_relabel(quad, prefix) for quad in dataset]
    return sorted(quads, key=str)


def _has_blank_node(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _relabel(quad: ox.Quad, prefix: str) -> ox.Quad:
    def term(value):
        return ox.BlankNode(f"{prefix}{value.value}") if isinstance(value, ox.BlankNode) else value

    return ox.Quad(term(quad.subject), quad.predicate, term(quad.object), quad.graph_name)


def write_dump(
    store: Store, format_name: str, output: BinaryIO, *, compressed: bool = False
) -> DumpSummary:
    """Write the whole dataset (build graph aside) to `output`; gzip it if `compressed`."""
    writer = _WRITERS[format_name]
    source = snapshot(store)
    statements = 0
    with _maybe_gzip(output, compressed) as sink:
        sink.write(writer.header())
        for graph in source.graphs:
            quads = source.quads(graph)
            if quads:
                sink.write(writer.graph(quads, first=statements == 0))
                statements += len(quads)
        sink.write(writer.footer())
    return DumpSummary(len(source.graphs), statements)


def dump_bytes(store: Store, format_name: str, *, compressed: bool = False) -> bytes:
    """Return the dump as bytes (for tests and small stores)."""
    buffer = io.BytesIO()
    write_dump(store, format_name, buffer, compressed=compressed)
    return buffer.getvalue()


@contextlib.contextmanager
def _maybe_gzip(output: BinaryIO, compressed: bool) -> Iterator[BinaryIO]:
    if not compressed:
        yield output
        return
    # No name and time 0 in the header: the same data gives the same .gz bytes.
    with gzip.GzipFile(filename="", mode="wb", fileobj=output, mtime=0, compresslevel=6) as sink:
        yield sink  # type: ignore[misc]


class _Writer:
    """Writes a header, one chunk per graph, and a footer."""

    def __init__(self, rdf_format: ox.RdfFormat, keeps_graphs: bool) -> None:
        self.rdf_format = rdf_format
        self.keeps_graphs = keeps_graphs

    def header(self) -> bytes:
        return b""

    def footer(self) -> bytes:
        return b""

    def statements(self, quads: list[ox.Quad]) -> list[ox.Quad] | list[ox.Triple]:
        if self.keeps_graphs:
            return quads
        return [ox.Triple(quad.subject, quad.predicate, quad.object) for quad in quads]

    def graph(self, quads: list[ox.Quad], first: bool) -> bytes:
        return ox.serialize(self.statements(quads), format=self.rdf_format) or b""


class _TurtleFamilyWriter(_Writer):
    """Turtle and TriG: prefixes once at the top, in a fixed order; the writer's own dropped."""

    def header(self) -> bytes:
        lines = [f"@prefix {name}: <{iri}> .\n" for name, iri in sorted(PREFIXES.items())]
        return ("".join(lines) + "\n").encode("utf-8")

    def graph(self, quads: list[ox.Quad], first: bool) -> bytes:
        text = ox.serialize(self.statements(quads), format=self.rdf_format, prefixes=PREFIXES)
        lines = (text or b"").splitlines(keepends=True)
        body = [line for line in lines if not line.startswith(b"@prefix ")]
        return b"".join(body).lstrip(b"\n") + b"\n"


class _JsonLdWriter(_Writer):
    """JSON-LD: one document whose @graph array holds every graph's node objects."""

    def header(self) -> bytes:
        context = ",".join(f'"{name}":"{iri}"' for name, iri in sorted(PREFIXES.items()))
        return ('{"@context":{' + context + '},"@graph":[\n').encode("utf-8")

    def graph(self, quads: list[ox.Quad], first: bool) -> bytes:
        array = (ox.serialize(self.statements(quads), format=self.rdf_format) or b"[]").strip()
        inner = array[1:-1]
        return inner if first else b",\n" + inner

    def footer(self) -> bytes:
        return b"\n]}\n"


class _RdfXmlWriter(_Writer):
    """RDF/XML: one rdf:RDF element, declaring every prefix, around each graph's descriptions."""

    def header(self) -> bytes:
        namespaces = {**PREFIXES, **RDF_XML_EXTRA_NAMESPACES}
        declarations = " ".join(f'xmlns:{name}="{iri}"' for name, iri in sorted(namespaces.items()))
        return f'<?xml version="1.0" encoding="UTF-8"?>\n<rdf:RDF {declarations}>\n'.encode()

    def graph(self, quads: list[ox.Quad], first: bool) -> bytes:
        text = ox.serialize(self.statements(quads), format=self.rdf_format, prefixes=PREFIXES)
        body = (text or b"").split(b">", 2)[2]  # past the XML declaration and <rdf:RDF ...>
        return body.rsplit(b"</rdf:RDF>", 1)[0].lstrip(b"\n")

    def footer(self) -> bytes:
        return b"</rdf:RDF>\n"


_WRITERS: dict[str, _Writer] = {
    "nq": _Writer(ox.RdfFormat.N_QUADS, keeps_graphs=True),
    "trig": _TurtleFamilyWriter(ox.RdfFormat.TRIG, keeps_graphs=True),
    "ttl": _TurtleFamilyWriter(ox.RdfFormat.TURTLE, keeps_graphs=False),
    "nt": _Writer(ox.RdfFormat.N_TRIPLES, keeps_graphs=False),
    "jsonld": _JsonLdWriter(ox.RdfFormat.JSON_LD, keeps_graphs=False),
    "rdfxml": _RdfXmlWriter(ox.RdfFormat.RDF_XML, keeps_graphs=False),
}
