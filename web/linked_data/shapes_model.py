"""The SHACL shapes (ontology/shapes.ttl) in readable form: what each shape requires, in words.

Each node shape becomes {name, title, description, targets, rules, properties}; each property
shape a row {path, name, description, count, values}. Paths are written as SPARQL property
paths (a/b, ^a, (a|b)), counts as "1", "0..1", "1..*", and value constraints in words.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace
from rdflib.collection import Collection
from rdflib.namespace import RDF

from ontology import load_shapes_graph
from web.linked_data.ontology_model import compact, term_link

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NAMESPACE = "https://w3id.org/ofsted-kg/def/shapes#"
TARGETS = (
    (SH.targetClass, "instances of"),
    (SH.targetObjectsOf, "objects of"),
    (SH.targetSubjectsOf, "subjects of"),
    (SH.targetNode, "the node"),
)
NODE_KINDS = {SH.IRI: "an IRI", SH.Literal: "a literal", SH.BlankNode: "a blank node"}


@cache
def shapes_graph() -> Graph:
    """Return the SHACL shapes graph (read once per process)."""
    return load_shapes_graph()


def shape_anchor(node: Any) -> str:
    """Return the HTML anchor of a named shape on the ontology page."""
    return "shape-" + str(node)[len(SHAPES_NAMESPACE) :]


def path_text(graph: Graph, path: Any) -> str:
    """Return a SHACL property path as a SPARQL property path."""
    if not isinstance(path, BNode):
        return compact(str(path))
    if (inverse := graph.value(path, SH.inversePath)) is not None:
        return "^" + path_text(graph, inverse)
    if (alternatives := graph.value(path, SH.alternativePath)) is not None:
        return "(" + "|".join(path_text(graph, p) for p in Collection(graph, alternatives)) + ")"
    if graph.value(path, RDF.first) is not None:
        return "/".join(path_text(graph, p) for p in Collection(graph, path))
    return "?"


def count_text(minimum: int, maximum: int | None) -> str:
    """Return a cardinality as "1", "0..1", "1..*"."""
    if maximum is not None and minimum == maximum:
        return str(minimum)
    return f"{minimum}..{'*' if maximum is None else maximum}"


def _int(graph: Graph, node: Any, predicate: Any) -> int | None:
    value = graph.value(node, predicate)
    return int(value) if value is not None else None


def _shape_ref(node: Any) -> dict[str, str]:
    if str(node).startswith(SHAPES_NAMESPACE):
        return {"text": compact(str(node)), "href": "#" + shape_anchor(node), "iri": str(node)}
    return {"text": "an inline shape", "href": "", "iri": ""}


def value_rules(graph: Graph, shape: Any) -> list[dict[str, Any]]:
    """Return the value constraints of a shape in words, each with the terms it links to."""
    rules: list[dict[str, Any]] = []

    def add(words: str, links: list[dict[str, str]] | None = None) -> None:
        rules.append({"words": words, "links": links or []})

    for datatype in graph.objects(shape, SH.datatype):
        add("datatype", [term_link(datatype)])
    for cls in graph.objects(shape, SH["class"]):
        add("an instance of", [term_link(cls)])
    for kind in graph.objects(shape, SH.nodeKind):
        add(NODE_KINDS.get(kind, compact(str(kind))))
    for node in graph.objects(shape, SH.node):
        add("matches", [_shape_ref(node)])
    for value in graph.objects(shape, SH.hasValue):
        add("includes", [term_link(value)])
    for values in graph.objects(shape, SH["in"]):
        items = list(Collection(graph, values))
        if all(isinstance(item, Literal) for item in items):
            add("one of " + ", ".join(f'"{item}"' for item in items))
        else:
            add("one of", [term_link(item) for item in items])
    for pattern in graph.objects(shape, SH.pattern):
        add(f"matches the pattern {pattern}")
    for predicate, words in (
        (SH.minLength, "at least {} characters"),
        (SH.minInclusive, "at least {}"),
        (SH.maxInclusive, "at most {}"),
    ):
        for value in graph.objects(shape, predicate):
            add(words.format(value))
    for predicate, words in (
        (SH.equals, "the same values as"),
        (SH.lessThanOrEquals, "not after (≤) the value of"),
    ):
        for other in graph.objects(shape, predicate):
            add(words, [term_link(other)])
    if graph.value(shape, SH.uniqueLang) == Literal(True):
        add("one value per language")
    if (qualified := graph.value(shape, SH.qualifiedValueShape)) is not None:
        minimum = _int(graph, shape, SH.qualifiedMinCount) or 0
        inner = value_rules(graph, qualified) if isinstance(qualified, BNode) else []
        words = rules_text(inner)
        add(
            f"at least {minimum} value(s) that are " + words
            if inner
            else f"at least {minimum} value(s) matching",
            [] if inner else [_shape_ref(qualified)],
        )
    return rules


def property_view(graph: Graph, shape: Any) -> dict[str, Any]:
    """Return one property shape as a table row."""
    return {
        "ref": _shape_ref(shape) if not isinstance(shape, BNode) else None,
        "path": path_text(graph, graph.value(shape, SH.path)),
        "name": str(graph.value(shape, SH.name) or ""),
        "description": str(graph.value(shape, SH.description) or ""),
        "count": count_text(_int(graph, shape, SH.minCount) or 0, _int(graph, shape, SH.maxCount)),
        "rules": value_rules(graph, shape),
    }


def rules_text(rules: list[dict[str, Any]]) -> str:
    """Return value rules as one line of words."""
    return "; ".join(
        " ".join([rule["words"], ", ".join(link["text"] for link in rule["links"])]).strip()
        for rule in rules
    )


def inline_shape_text(graph: Graph, shape: Any) -> str:
    """Return an inline shape (an sh:or option, say) as one line of words."""
    body = [rules_text(value_rules(graph, shape))]
    body += [inline_shape_text(graph, nested) for nested in graph.objects(shape, SH.property)]
    body = [part for part in body if part]
    path = graph.value(shape, SH.path)
    if path is None:
        return " and ".join(body)
    minimum, maximum = _int(graph, shape, SH.minCount), _int(graph, shape, SH.maxCount)
    head = path_text(graph, path)
    if minimum is not None or maximum is not None:
        head += f" [{count_text(minimum or 0, maximum)}]"
    return head + (": " + ", ".join(body) if body else "")


def node_rules(graph: Graph, shape: Any) -> list[str]:
    """Return the node-level constraints (sh:or, SPARQL constraints) of a shape in words."""
    rules = []
    if own := rules_text(value_rules(graph, shape)):
        rules.append(own)
    for alternatives in graph.objects(shape, SH["or"]):
        options = [inline_shape_text(graph, option) for option in Collection(graph, alternatives)]
        rules.append("one of: " + " | ".join(f"({option})" for option in options))
    for constraint in graph.objects(shape, SH.sparql):
        message = graph.value(constraint, SH.message)
        rules.append(f"SPARQL check: {message}" if message else "a SPARQL check")
    message = graph.value(shape, SH.message)
    if message is not None and not list(graph.objects(shape, SH.sparql)):
        rules.append(f"message when it fails: {message}")
    return rules


def shapes_view() -> list[dict[str, Any]]:
    """Return every named node shape, those with targets first, then value shapes."""
    graph = shapes_graph()
    views = []
    for shape in graph.subjects(RDF.type, SH.NodeShape):
        if isinstance(shape, BNode):
            continue
        targets = [
            {"words": words, "link": term_link(target)}
            for predicate, words in TARGETS
            for target in sorted(graph.objects(shape, predicate), key=str)
        ]
        properties = [property_view(graph, p) for p in graph.objects(shape, SH.property)]
        views.append(
            {
                "anchor": shape_anchor(shape),
                "name": compact(str(shape)),
                "title": str(graph.value(shape, SH.name) or compact(str(shape))),
                "description": str(graph.value(shape, SH.description) or ""),
                "targets": targets,
                "rules": node_rules(graph, shape),
                "properties": sorted(properties, key=lambda row: row["path"]),
            }
        )
    return sorted(views, key=lambda view: (not view["targets"], view["title"].lower()))
