"""The named research queries as data: SHACL SPARQL executables in the reference graph.

Each `graph/queries/NAME.rq` becomes `id:query/NAME`, typed sh:SPARQLExecutable and
sh:SPARQLSelectExecutable (or the Ask or Construct kind), with its SPARQL text as sh:select
(sh:ask, sh:construct), its title as rdfs:label and its description as rdfs:comment. The texts
use the predefined prefixes without declaring them, so each executable's sh:prefixes points at
`id:query/prefixes`, which declares them the SHACL way (sh:declare). A tool finds them with

    SELECT ?query ?title ?text WHERE {
      ?query a sh:SPARQLSelectExecutable ; rdfs:label ?title ; sh:select ?text }
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph.iris import PREFIXES
from graph.named_queries import NamedQuery, named_queries
from graph.terms import QuadWriter, english, mint, node

SH = "http://www.w3.org/ns/shacl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
XSD_ANY_URI = ox.NamedNode("http://www.w3.org/2001/XMLSchema#anyURI")
PREFIXES_IRI = mint("query", "prefixes")
# Query form -> (SHACL executable class, property holding the text).
EXECUTABLE_KINDS = {
    "SELECT": (SH + "SPARQLSelectExecutable", SH + "select"),
    "ASK": (SH + "SPARQLAskExecutable", SH + "ask"),
    "CONSTRUCT": (SH + "SPARQLConstructExecutable", SH + "construct"),
}
_PROLOGUE = re.compile(r"^\s*(?:#[^\n]*|PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*", re.I)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.I)


class UnsupportedQueryForm(ValueError):
    """A named query is of a form SHACL has no executable for (DESCRIBE)."""


def query_form(sparql: str) -> str:
    """Return the form of a query: SELECT, ASK, CONSTRUCT or DESCRIBE."""
    rest = sparql
    while match := _PROLOGUE.match(rest):
        rest = rest[match.end() :]
    form = _FORM.match(rest.lstrip())
    if form is None:
        raise UnsupportedQueryForm(f"no query form found in {sparql[:60]!r}")
    return form.group(1).upper()


def query_body(sparql: str) -> str:
    """Return the query text without its leading comment lines (the title and description)."""
    lines = sparql.splitlines()
    while lines and (not lines[0].strip() or lines[0].lstrip().startswith("#")):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


def query_iri(name: str) -> ox.NamedNode:
    """Return the IRI a named query is published under."""
    return mint("query", name)


def query_catalogue_quads(graph: ox.NamedNode) -> list[ox.Quad]:
    """Return the executables of every named query and their prefix declarations, in `graph`."""
    out = QuadWriter(graph)
    _prefix_declarations(out)
    for query in named_queries().values():
        _executable(out, query)
    return out.quads


def _prefix_declarations(out: QuadWriter) -> None:
    out.typed(PREFIXES_IRI, OWL_ONTOLOGY)
    out.add(PREFIXES_IRI, RDFS + "label", english("Prefixes of the ofsted-kg research queries"))
    for name, namespace in sorted(PREFIXES.items()):
        declaration = mint("query", "prefixes", name)
        out.add(PREFIXES_IRI, SH + "declare", declaration)
        out.typed(declaration, SH + "PrefixDeclaration")
        out.add(declaration, SH + "prefix", ox.Literal(name))
        out.add(declaration, SH + "namespace", ox.Literal(namespace, datatype=XSD_ANY_URI))


def _executable(out: QuadWriter, query: NamedQuery) -> None:
    form = query_form(query.sparql)
    if form not in EXECUTABLE_KINDS:
        raise UnsupportedQueryForm(f"graph/queries/{query.name}.rq: SHACL has no {form} executable")
    kind, text_property = EXECUTABLE_KINDS[form]
    iri = query_iri(query.name)
    out.typed(iri, SH + "SPARQLExecutable", kind)
    out.add(iri, RDFS + "label", english(query.title))
    if query.description:
        out.add(iri, RDFS + "comment", english(query.description))
    out.add(iri, node(text_property), ox.Literal(query_body(query.sparql)))
    out.add(iri, SH + "prefixes", PREFIXES_IRI)
