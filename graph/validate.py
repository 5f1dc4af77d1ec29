"""Validate the built graph against the SHACL shapes in ontology/shapes.ttl."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from graph.store import Store


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, with pyshacl's text report."""

    conforms: bool
    text: str
    results_graph: rdflib.Graph


def store_as_rdflib(store: Store) -> rdflib.Graph:
    """Return the union of the store's graphs as one rdflib Graph (for SHACL)."""
    triples = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    graph = rdflib.Graph()
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


def validate_graph(data: rdflib.Graph) -> ValidationReport:
    """Validate `data` (which must hold the reference graph: concepts, authorities)."""
    import pyshacl

    from ontology import load_shapes_graph

    conforms, results, text = pyshacl.validate(
        data, shacl_graph=load_shapes_graph(), inference="none", advanced=True, allow_warnings=True
    )
    return ValidationReport(bool(conforms), str(text), results)


def validate_store(store: Store) -> ValidationReport:
    """Validate everything in `store`."""
    return validate_graph(store_as_rdflib(store))
