"""The SPARQL 1.1 Service Description a bare GET of the endpoint returns.

It names the endpoint, the query language, every result format, the features (the default
graph is the union of the named graphs, one per source report) and the named graphs.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from web.results import GRAPH_WRITERS

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)
DESCRIPTION_PREFIXES = {
    "sd": SD,
    "formats": FORMATS,
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
UNION_NOTE = (
    "The default graph is the union of all named graphs; each named graph holds what was read "
    "from one source report."
)


def _sd(term: str) -> ox.NamedNode:
    return ox.NamedNode(SD + term)


def describe_service(
    endpoint: str,
    named_graphs: Iterable[str],
    *,
    federated: bool = False,
    updates: bool = False,
) -> list[ox.Triple]:
    """Return the triples of the service description of `endpoint`."""
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("default_graph")
    graphs = list(named_graphs)
    named_nodes = [ox.BlankNode(f"graph{index}") for index in range(len(graphs))]
    features = ["UnionDefaultGraph"] + (["BasicFederatedQuery"] if federated else [])
    languages = ["SPARQL11Query"] + (["SPARQL11Update"] if updates else [])
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        *(ox.Triple(service, _sd("supportedLanguage"), _sd(name)) for name in languages),
        *(ox.Triple(service, _sd("feature"), _sd(name)) for name in features),
        *(
            ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name))
            for name in RESULT_FORMAT_IRIS
        ),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode(ENTAILMENT_SIMPLE)),
        ox.Triple(service, DCTERMS_DESCRIPTION, ox.Literal(_service_text(updates))),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
    ]
    triples.extend(ox.Triple(dataset, _sd("namedGraph"), node) for node in named_nodes)
    triples.append(ox.Triple(default_graph, RDF_TYPE, _sd("Graph")))
    triples.append(ox.Triple(default_graph, RDFS_COMMENT, ox.Literal(UNION_NOTE)))
    for node, graph in zip(named_nodes, graphs, strict=True):
        triples.append(ox.Triple(node, RDF_TYPE, _sd("NamedGraph")))
        triples.append(ox.Triple(node, _sd("name"), ox.NamedNode(graph)))
    return triples


def serialise_description(triples: list[ox.Triple], format_name: str) -> bytes:
    """Write the description in one of the graph formats (turtle, ntriples, rdfxml, jsonld)."""
    rdf_format = GRAPH_WRITERS[format_name]
    prefixes = DESCRIPTION_PREFIXES if rdf_format is not ox.RdfFormat.N_TRIPLES else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


def _service_text(updates: bool) -> str:
    access = "Read-write (test mode)." if updates else "Read-only: SPARQL Update is refused."
    return (
        "ofsted-kg: Ofsted inspection reports on English local authorities' children's "
        f"services. {access} The okg:, org:, prov:, qb:, schema:, time:, skos:, dcterms:, "
        "rdfs:, rdf:, xsd:, statgeo: and id: prefixes are predefined."
    )
