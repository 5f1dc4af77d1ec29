"""Write SPARQL results (SELECT, ASK) and graphs (CONSTRUCT, DESCRIBE), cut at a row limit.

pyoxigraph's own results writers take the whole iterator, so a result cut at the row limit is
written here: SPARQL 1.1 Query Results JSON, XML, CSV and TSV. Graphs are cut, then written
by pyoxigraph (Turtle, N-Triples, RDF/XML, JSON-LD).
"""

from __future__ import annotations

import functools
import io
import itertools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from graph.vocab import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GRAPH_WRITERS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True, slots=True)
class Written:
    """A serialised result and whether rows past the limit were left out."""

    body: bytes
    truncated: bool
    rows: int


def take(items: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    """Return up to `limit` items and whether there were more."""
    taken = list(itertools.islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


def write_solutions(solutions: ox.QuerySolutions, format_name: str, limit: int) -> Written:
    """Write SELECT results in `format_name` (json, xml, csv, tsv), at most `limit` rows."""
    names = [variable.value for variable in solutions.variables]
    # A solution iterates over its values in `names` order, None where a variable is unbound.
    rows, truncated = take(solutions, limit)
    writer = {"json": _json, "xml": _xml, "csv": _csv, "tsv": _tsv}[format_name]
    return Written(writer(names, rows), truncated, len(rows))


def write_boolean(value: bool, format_name: str) -> Written:
    """Write an ASK result in `format_name`."""
    word = "true" if value else "false"
    if format_name == "json":
        body = json.dumps({"head": {}, "boolean": value}).encode()
    elif format_name == "xml":
        body = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{word}</boolean></sparql>\n"
        ).encode()
    else:  # CSV and TSV define no boolean form; this is what Oxigraph writes
        body = word.encode()
    return Written(body, False, 1)


def write_triples(triples: Iterable[ox.Triple], format_name: str, limit: int) -> Written:
    """Write CONSTRUCT or DESCRIBE results in `format_name`, at most `limit` triples."""
    kept, truncated = take(triples, limit)
    rdf_format = GRAPH_WRITERS[format_name]
    prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    body = ox.serialize(kept, format=rdf_format, prefixes=prefixes) or b""
    return Written(body, truncated, len(kept))


# --- SPARQL 1.1 Query Results JSON ---------------------------------------------------------
# Written as text, cell by cell: a result is mostly the same few terms again and again (the
# predicates, grades, authorities), so each term's JSON is made once and kept, and a lookup's
# answer costs a few dictionary reads instead of building and encoding a document. The cache
# is kept small because a term may be a page of text: 4,096 pages of it stay under 30 MB in
# each serving process.

_json_string = json.JSONEncoder(ensure_ascii=False).encode


@functools.lru_cache(maxsize=1 << 12)
def _json_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _json_string(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _json_string(term.value) + "}"
    if isinstance(term, ox.Literal):
        text = '{"type":"literal","value":' + _json_string(term.value)
        if term.language:
            text += ',"xml:lang":' + _json_string(term.language)
        elif term.datatype.value != XSD_STRING:
            text += ',"datatype":' + _json_string(term.datatype.value)
        return text + "}"
    # an RDF-star triple term
    return (
        '{"type":"triple","value":{"subject":'
        + _json_term(term.subject)
        + ',"predicate":'
        + _json_term(term.predicate)
        + ',"object":'
        + _json_term(term.object)
        + "}}"
    )


def _json(names: list[str], table: list[Any]) -> bytes:
    head, keys, row_template = _json_layout(tuple(names))
    cells = list(itertools.chain.from_iterable(table))
    if None in cells:
        bindings = ",".join([_json_row(keys, row) for row in table])
    else:
        # Every variable bound in every row, as in most results: one format() call fills a
        # template of all the rows with the cells' cached JSON, with no Python frame per row
        # or cell (which were most of the cost of writing a lookup's few rows).
        bindings = ",".join([row_template] * len(table)).format(*map(_json_term, cells))
    return (head + bindings + "]}}").encode()


@functools.lru_cache(maxsize=256)
def _json_layout(names: tuple[str, ...]) -> tuple[str, list[str], str]:
    """Return what a result with these variables starts with, its keys and its row template:
    the same few queries come again and again, so these are made once."""
    keys = [_json_string(name) + ":" for name in names]
    row_template = "{{" + ",".join(_braces_escaped(key) + "{}" for key in keys) + "}}"
    head = '{"head":{"vars":' + _json_string(list(names)) + '},"results":{"bindings":['
    return head, keys, row_template


def _braces_escaped(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _json_row(keys: list[str], row: Any) -> str:
    cells = [
        key + _json_term(term) for key, term in zip(keys, row, strict=True) if term is not None
    ]
    return "{" + ",".join(cells) + "}"


# --- SPARQL Query Results XML ---------------------------------------------------------------


def _xml_term(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            datatype = quoteattr(term.datatype.value)
            return f"<literal datatype={datatype}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _xml(names: list[str], table: list[Any]) -> bytes:
    out = io.StringIO()
    out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">')
    out.write("<head>")
    out.writelines(f"<variable name={quoteattr(name)}/>" for name in names)
    out.write("</head><results>")
    for row in table:
        out.write("<result>")
        for name, term in zip(names, row, strict=True):
            if term is not None:
                out.write(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
        out.write("</result>")
    out.write("</results></sparql>\n")
    return out.getvalue().encode()


# --- SPARQL 1.1 Query Results CSV and TSV ---------------------------------------------------


def _csv_cell(term: Any) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.NamedNode | ox.Literal):
        text = term.value
    else:
        text = str(term)
    if any(character in text for character in '",\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def _csv(names: list[str], table: list[Any]) -> bytes:
    lines = [",".join(names)]
    lines.extend(",".join(_csv_cell(term) for term in row) for row in table)
    return ("\r\n".join(lines) + "\r\n").encode()


def _tsv(names: list[str], table: list[Any]) -> bytes:
    # pyoxigraph's str() of a term is its N-Triples form, which is what TSV cells hold.
    lines = ["\t".join(f"?{name}" for name in names)]
    lines.extend("\t".join("" if term is None else str(term) for term in row) for row in table)
    return ("\n".join(lines) + "\n").encode()
