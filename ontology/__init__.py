"""The ofsted-kg ontology, SKOS concept schemes and SHACL shapes, as Turtle files in this folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

ONTOLOGY_DIR = Path(__file__).resolve().parent
ONTOLOGY_FILE = ONTOLOGY_DIR / "okg.ttl"
SCHEMES_FILE = ONTOLOGY_DIR / "schemes.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def ontology_files() -> tuple[Path, ...]:
    """Return the Turtle files of this folder: ontology, schemes, shapes."""
    return (ONTOLOGY_FILE, SCHEMES_FILE, SHAPES_FILE)


def load_ontology_graph() -> Graph:
    """Return the OWL ontology and the SKOS concept schemes as one graph."""
    from rdflib import Graph  # not at import: building the graph does without rdflib

    graph = Graph()
    for path in (ONTOLOGY_FILE, SCHEMES_FILE):
        graph.parse(path, format="turtle")
    return graph


def load_shapes_graph() -> Graph:
    """Return the SHACL shapes graph."""
    from rdflib import Graph

    return Graph().parse(SHAPES_FILE, format="turtle")


__all__ = [
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "SCHEMES_FILE",
    "SHAPES_FILE",
    "load_ontology_graph",
    "load_shapes_graph",
    "ontology_files",
]
