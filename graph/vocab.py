"""Vocabularies as rdflib namespaces, for the code that works with rdflib graphs.

The terms are those of `graph/iris.py` (plain strings, what building the graph uses); `OKG` is
closed here too, so a mistyped term fails where it is used.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace

from graph import iris
from graph.iris import BASE, ONTOLOGY_IRI, PREFIXES, sparql_prefixes

ID = Namespace(iris.ID)

OKG = type(
    "OKG",
    (DefinedNamespace,),
    {
        "__doc__": "ofsted-kg's own terms (listed, with what each means, in graph/iris.py).",
        "__annotations__": dict.fromkeys(iris.OKG.__annotations__, URIRef),
        "_NS": Namespace(iris.OKG._NS),
        "_fail": True,
    },
)

ORG = Namespace(str(iris.ORG))
PROV = Namespace(str(iris.PROV))
QB = Namespace(str(iris.QB))
SCHEMA = Namespace(str(iris.SCHEMA))
TIME = Namespace(str(iris.TIME))
STATGEO = Namespace(str(iris.STATGEO))

__all__ = [
    "BASE",
    "ID",
    "OKG",
    "ONTOLOGY_IRI",
    "ORG",
    "PREFIXES",
    "PROV",
    "QB",
    "SCHEMA",
    "STATGEO",
    "TIME",
    "sparql_prefixes",
]
