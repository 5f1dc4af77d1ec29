"""The ontology documentation as plain data, read from ontology/*.ttl.

`ontology_view()` returns a dict the /def page renders: the ontology's metadata, its classes
and properties, the SKOS concept schemes as trees, and a summary of the grade coding. The
SHACL shapes are read by `web.linked_data.shapes_model`; the diagram is drawn by
`web.linked_data.diagram`.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from graph.vocab import ID, ONTOLOGY_IRI, PREFIXES
from ontology import load_ontology_graph

OKG_NAMESPACE = ONTOLOGY_IRI + "#"
EXTRA_PREFIXES = {
    "owl": str(OWL),
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "okgsh": ONTOLOGY_IRI + "/shapes#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
}
ALL_PREFIXES = {**PREFIXES, **EXTRA_PREFIXES}
CHARACTERISTICS = {OWL.FunctionalProperty: "functional"}


def compact(iri: str) -> str:
    """Return `iri` as prefix:name with the longest known namespace, else the IRI itself."""
    best = ""
    name = iri
    for prefix, namespace in ALL_PREFIXES.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and len(namespace) > len(best) and local:
            best, name = namespace, f"{prefix}:{local}"
    return name


def term_link(node: Any) -> dict[str, str]:
    """Return how a term is shown and linked: {"text", "href", "iri"}."""
    iri = str(node)
    if iri.startswith(OKG_NAMESPACE):
        return {"text": compact(iri), "href": "#" + iri[len(OKG_NAMESPACE) :], "iri": iri}
    if iri.startswith(str(ID)):
        return {"text": compact(iri), "href": "/id/" + iri[len(str(ID)) :], "iri": iri}
    return {"text": compact(iri), "href": iri, "iri": iri}


def text(graph: Graph, subject: Any, *predicates: URIRef) -> str:
    """Return the first English (or untagged) literal of the first predicate that has one."""
    for predicate in predicates:
        values = [
            value for value in graph.objects(subject, predicate) if isinstance(value, Literal)
        ]
        for value in sorted(values, key=lambda value: (value.language not in ("en", None), value)):
            return " ".join(str(value).split())
    return ""


def members(graph: Graph, node: Any) -> list[Any]:
    """Return the classes a domain or range stands for: itself, or an owl:unionOf's members."""
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        return list(Collection(graph, union)) if union is not None else []
    return [node]


def _terms(graph: Graph, kind: URIRef) -> list[URIRef]:
    return sorted(
        (term for term in graph.subjects(RDF.type, kind) if str(term).startswith(OKG_NAMESPACE)),
        key=str,
    )


def _links(nodes: Iterable[Any]) -> list[dict[str, str]]:
    return sorted((term_link(node) for node in nodes), key=lambda link: link["text"])


def classes_view(graph: Graph) -> list[dict[str, Any]]:
    """Return each okg: class with its superclasses, subclasses and the properties about it."""
    properties = _terms(graph, OWL.ObjectProperty) + _terms(graph, OWL.DatatypeProperty)
    domains = {prop: _range_members(graph, prop, RDFS.domain) for prop in properties}
    ranges = {prop: _range_members(graph, prop, RDFS.range) for prop in properties}
    views = []
    for cls in _terms(graph, OWL.Class):
        views.append(
            {
                "name": str(cls)[len(OKG_NAMESPACE) :],
                "iri": str(cls),
                "label": text(graph, cls, RDFS.label),
                "comment": text(graph, cls, RDFS.comment),
                "superclasses": _links(graph.objects(cls, RDFS.subClassOf)),
                "subclasses": _links(graph.subjects(RDFS.subClassOf, cls)),
                "disjoint": _links(graph.objects(cls, OWL.disjointWith)),
                "properties": _links(prop for prop in properties if cls in domains[prop]),
                "used_by": _links(
                    prop for prop in properties if cls in ranges[prop] and cls not in domains[prop]
                ),
            }
        )
    return views


def _range_members(graph: Graph, prop: URIRef, relation: URIRef) -> list[Any]:
    found: list[Any] = []
    for node in graph.objects(prop, relation):
        found.extend(members(graph, node))
    return found


def properties_view(graph: Graph, kind: URIRef) -> list[dict[str, Any]]:
    """Return each okg: property of `kind` (owl:ObjectProperty, owl:DatatypeProperty)."""
    views = []
    for prop in _terms(graph, kind):
        types = set(graph.objects(prop, RDF.type))
        cube_roles = sorted(
            compact(str(t)) for t in types if str(t).startswith(PREFIXES["qb"]) and t != kind
        )
        views.append(
            {
                "name": str(prop)[len(OKG_NAMESPACE) :],
                "iri": str(prop),
                "label": text(graph, prop, RDFS.label),
                "comment": text(graph, prop, RDFS.comment),
                "domain": _links(_range_members(graph, prop, RDFS.domain)),
                "range": _links(_range_members(graph, prop, RDFS.range)),
                "superproperties": _links(graph.objects(prop, RDFS.subPropertyOf)),
                "characteristics": sorted(
                    name for term, name in CHARACTERISTICS.items() if term in types
                ),
                "cube_roles": cube_roles,
            }
        )
    return views


def schemes_view(graph: Graph) -> list[dict[str, Any]]:
    """Return each SKOS concept scheme with its concepts as a tree (skos:broader within it)."""
    views = []
    for scheme in sorted(graph.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        concepts = set(graph.subjects(SKOS.inScheme, scheme))
        parents = {
            concept: [b for b in graph.objects(concept, SKOS.broader) if b in concepts]
            for concept in concepts
        }
        children: dict[Any, list[Any]] = {concept: [] for concept in concepts}
        for concept, broader in parents.items():
            for parent in broader:
                children[parent].append(concept)
        roots = [concept for concept in concepts if not parents[concept]]
        views.append(
            {
                "iri": str(scheme),
                "link": term_link(scheme),
                "label": text(graph, scheme, SKOS.prefLabel, RDFS.label),
                "definition": text(graph, scheme, SKOS.definition),
                "subject": _links(graph.objects(scheme, DCTERMS.subject)),
                "size": len(concepts),
                "nested": any(parents.values()),
                "tree": _tree(graph, roots, children, seen=set()),
            }
        )
    return views


def _tree(graph: Graph, nodes: list[Any], children: dict[Any, list[Any]], seen: set) -> list:
    tree = []
    for concept in sorted(nodes, key=lambda node: _notation_key(graph, node)):
        if concept in seen:
            continue  # a cycle of skos:broader would otherwise never end
        seen.add(concept)
        tree.append(
            {
                "link": term_link(concept),
                "label": text(graph, concept, SKOS.prefLabel, RDFS.label),
                "notation": text(graph, concept, SKOS.notation),
                "definition": text(graph, concept, SKOS.definition),
                "alt_labels": sorted(str(v) for v in graph.objects(concept, SKOS.altLabel)),
                "exact_match": _links(graph.objects(concept, SKOS.exactMatch)),
                "close_match": _links(graph.objects(concept, SKOS.closeMatch)),
                "broad_match": _links(graph.objects(concept, SKOS.broadMatch)),
                "related": _links(graph.objects(concept, SKOS.related)),
                "children": _tree(graph, children[concept], children, seen),
            }
        )
    return tree


def _notation_key(graph: Graph, concept: Any) -> tuple[str, str]:
    notation = text(graph, concept, SKOS.notation)
    return (notation.zfill(4) if notation.isdigit() else notation, str(concept))


GRADE_CODES = ("1", "2", "3", "4")  # Ofsted's statistics coding, outstanding to inadequate


def grade_coding_view(graph: Graph) -> list[dict[str, Any]]:
    """Return each grade scheme with its grade for each Ofsted code, 1 to 4.

    A grade is any concept with skos:exactMatch to the comparable scale; each cell also
    gives the scale concept's own notation, which should equal the grade's (a test checks).
    """
    scale_prefix = str(ID) + "grade/scale/"
    schemes: dict[Any, dict[str, Any]] = {}
    for concept in set(graph.subjects(SKOS.exactMatch, None)):
        matches = [
            m for m in graph.objects(concept, SKOS.exactMatch) if str(m).startswith(scale_prefix)
        ]
        scheme = graph.value(concept, SKOS.inScheme)
        if not matches or scheme is None:
            continue
        row = schemes.setdefault(
            scheme,
            {"scheme": text(graph, scheme, SKOS.prefLabel), "link": term_link(scheme), "codes": {}},
        )
        row["codes"][text(graph, concept, SKOS.notation)] = {
            "label": text(graph, concept, SKOS.prefLabel),
            "link": term_link(concept),
            "scale": text(graph, matches[0], SKOS.notation),
        }
    rows = sorted(schemes.values(), key=lambda row: row["scheme"])
    for row in rows:
        row["cells"] = [row["codes"].get(code) for code in GRADE_CODES]
    return rows


def metadata_view(graph: Graph) -> dict[str, Any]:
    """Return the owl:Ontology's title, description, licence and version."""
    ontology = URIRef(ONTOLOGY_IRI)
    return {
        "iri": ONTOLOGY_IRI,
        "namespace": OKG_NAMESPACE,
        "title": text(graph, ontology, DCTERMS.title),
        "description": text(graph, ontology, DCTERMS.description),
        "comment": text(graph, ontology, RDFS.comment),
        "license": str(graph.value(ontology, DCTERMS.license) or ""),
        "version": text(graph, ontology, OWL.versionInfo),
        "version_iri": str(graph.value(ontology, OWL.versionIRI) or ""),
        "prefix": text(
            graph, ontology, URIRef(EXTRA_PREFIXES["vann"] + "preferredNamespacePrefix")
        ),
    }


@cache
def ontology_graph() -> Graph:
    """Return okg.ttl and schemes.ttl as one graph (read once per process)."""
    return load_ontology_graph()


def ontology_view() -> dict[str, Any]:
    """Return everything the ontology page shows but the shapes and the diagram."""
    graph = ontology_graph()
    return {
        "ontology": metadata_view(graph),
        "classes": classes_view(graph),
        "object_properties": properties_view(graph, OWL.ObjectProperty),
        "datatype_properties": properties_view(graph, OWL.DatatypeProperty),
        "schemes": schemes_view(graph),
        "grade_coding": grade_coding_view(graph),
        "grade_codes": GRADE_CODES,
        "prefixes": sorted(ALL_PREFIXES.items()),
    }
